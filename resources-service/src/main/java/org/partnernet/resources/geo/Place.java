package org.partnernet.resources.geo;

/** A point on the earth (WGS 84 degrees). */
public record Place(double latitude, double longitude) {

  private static final double EARTH_RADIUS_KM = 6371.0088;

  public Place {
    if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
      throw new IllegalArgumentException("latitude/longitude out of range");
    }
  }

  /** Great-circle (haversine) distance. */
  public double distanceKm(Place other) {
    double dLat = Math.toRadians(other.latitude - latitude);
    double dLng = Math.toRadians(other.longitude - longitude);
    double a = Math.pow(Math.sin(dLat / 2), 2)
        + Math.cos(Math.toRadians(latitude)) * Math.cos(Math.toRadians(other.latitude)) * Math.pow(Math.sin(dLng / 2), 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  /**
   * The latitude/longitude box that contains every point within {@code radiusKm}: a cheap pre-filter on indexed
   * fields (the embedded database has no geo queries), refined by {@link #distanceKm}.
   */
  public Box boxAround(double radiusKm) {
    double dLat = Math.toDegrees(radiusKm / EARTH_RADIUS_KM);
    double minLat = latitude - dLat;
    double maxLat = latitude + dLat;
    if (minLat <= -90 || maxLat >= 90) {
      // a pole inside the circle: every longitude qualifies
      return new Box(Math.max(-90, minLat), Math.min(90, maxLat), -180, 180);
    }
    double dLng = Math.toDegrees(Math.asin(Math.min(1, Math.sin(radiusKm / EARTH_RADIUS_KM)
        / Math.cos(Math.toRadians(latitude)))));
    if (dLng >= 180) {
      return new Box(minLat, maxLat, -180, 180);
    }
    double minLng = longitude - dLng;
    double maxLng = longitude + dLng;
    // across the antimeridian: minLng > maxLng, the store asks for lng >= minLng OR lng <= maxLng
    if (minLng < -180) {
      minLng += 360;
    }
    if (maxLng > 180) {
      maxLng -= 360;
    }
    return new Box(minLat, maxLat, minLng, maxLng);
  }

  /** A latitude/longitude box; {@code minLongitude > maxLongitude} when it crosses the antimeridian. */
  public record Box(double minLatitude, double maxLatitude, double minLongitude, double maxLongitude) {

    public boolean crossesAntimeridian() {
      return minLongitude > maxLongitude;
    }
  }
}

package org.partnernet.directory.partner;

/** WGS 84 degrees. */
public record GeoPoint(double latitude, double longitude) {

  /** Grid used for confidential locations: 0.05° is about 5.5 km north-south, enough to hide a building. */
  public static final double COARSE_GRID_DEGREES = 0.05;

  /** The centre-ish grid point of the cell this point lies in; the same for every point in the cell. */
  public GeoPoint coarse() {
    return new GeoPoint(round(latitude), round(longitude));
  }

  private static double round(double degrees) {
    double snapped = Math.round(degrees / COARSE_GRID_DEGREES) * COARSE_GRID_DEGREES;
    return Math.round(snapped * 1000.0) / 1000.0;
  }

  /** Great-circle distance in kilometres (haversine). */
  public double distanceKm(GeoPoint other) {
    double dLat = Math.toRadians(other.latitude - latitude);
    double dLng = Math.toRadians(other.longitude - longitude);
    double a = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(Math.toRadians(latitude))
        * Math.cos(Math.toRadians(other.latitude)) * Math.sin(dLng / 2) * Math.sin(dLng / 2);
    return 6371.0088 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
  }
}

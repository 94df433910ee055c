package org.partnernet.resources.api;

import com.google.protobuf.Timestamp;
import com.google.type.Date;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import org.partnernet.api.type.v1.GeoPoint;
import org.partnernet.resources.geo.Place;
import org.partnernet.servicekit.error.Violations;

/** Conversions between wire types and Java time / places, shared by the endpoints. */
final class Protos {

  private Protos() {}

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }

  static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  static GeoPoint geoPoint(Place place) {
    return GeoPoint.newBuilder().setLatitude(place.latitude()).setLongitude(place.longitude()).build();
  }

  /** The place, or null (with a violation) when out of range. */
  static Place place(GeoPoint point, String path, Violations v) {
    boolean ok = point.getLatitude() >= -90 && point.getLatitude() <= 90
        && point.getLongitude() >= -180 && point.getLongitude() <= 180;
    v.latitude(point.getLatitude(), path + ".latitude");
    v.longitude(point.getLongitude(), path + ".longitude");
    return ok ? new Place(point.getLatitude(), point.getLongitude()) : null;
  }

  static Date date(LocalDate date) {
    return Date.newBuilder().setYear(date.getYear()).setMonth(date.getMonthValue()).setDay(date.getDayOfMonth()).build();
  }

  /** A full calendar date, or null (with a violation). */
  static LocalDate localDate(Date date, String path, Violations v) {
    try {
      if (date.getYear() >= 2000 && date.getYear() <= 2200) {
        return LocalDate.of(date.getYear(), date.getMonth(), date.getDay());
      }
    } catch (DateTimeException e) {
      // falls through to the violation
    }
    v.add(path, "must be a full calendar date (year 2000–2200, month, day)");
    return null;
  }

  static String enumSuffix(Enum<?> value, String prefix) {
    return value.name().substring(prefix.length());
  }
}

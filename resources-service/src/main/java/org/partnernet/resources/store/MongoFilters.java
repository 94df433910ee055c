package org.partnernet.resources.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import java.time.Instant;
import java.util.Date;
import org.bson.conversions.Bson;
import org.partnernet.resources.geo.Place;

/** Small pieces every store of this service shares. */
public final class MongoFilters {

  private MongoFilters() {}

  /**
   * Points stored as indexed {@code lat}/{@code lng} fields inside the bounding box of a circle: the embedded server
   * has no geo operators, and a real MongoDB serves this from ordinary indexes too.
   */
  public static Bson within(Place center, double radiusKm) {
    Place.Box box = center.boxAround(radiusKm);
    Bson latitude = Filters.and(Filters.gte("lat", box.minLatitude()), Filters.lte("lat", box.maxLatitude()));
    if (box.minLongitude() == -180 && box.maxLongitude() == 180) {
      return latitude;
    }
    Bson longitude = box.crossesAntimeridian()
        ? Filters.or(Filters.gte("lng", box.minLongitude()), Filters.lte("lng", box.maxLongitude()))
        : Filters.and(Filters.gte("lng", box.minLongitude()), Filters.lte("lng", box.maxLongitude()));
    return Filters.and(latitude, longitude);
  }

  public static boolean isDuplicateKey(MongoWriteException e) {
    return e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY || e.getError().getCode() == 11000;
  }

  public static Date date(Instant instant) {
    return instant == null ? null : Date.from(instant);
  }

  public static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}

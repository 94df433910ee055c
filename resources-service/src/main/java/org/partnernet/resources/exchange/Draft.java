package org.partnernet.resources.exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import org.partnernet.resources.geo.Place;
import org.partnernet.servicekit.error.Violations;

/**
 * What a poster sends for a new offer or need, before it has an id. Fields may be missing or wrong here;
 * {@link #validate} names every problem by its API field path.
 */
public record Draft(Kind kind, String title, String description, long quantity, String unit, Double latitude,
                    Double longitude, String area, double radiusKm, Instant windowStart, Instant windowEnd,
                    List<String> audience) {

  public static final int TITLE_MAX = 120;
  public static final int DESCRIPTION_MAX = 2000;
  public static final int UNIT_MAX = 32;
  public static final int AREA_MAX = 120;
  public static final int AUDIENCE_MAX = 10;
  public static final int AUDIENCE_TAG_MAX = 40;
  public static final long QUANTITY_MAX = 1_000_000;
  public static final double DEFAULT_RADIUS_KM = 25;
  public static final double MAX_RADIUS_KM = 500;
  static final Duration LONGEST_WINDOW = Duration.ofDays(2 * 366);
  /** A window may start a little in the past (clock skew, "available from now"). */
  static final Duration START_SLACK = Duration.ofHours(24);

  public Draft {
    audience = audience == null ? List.of() : List.copyOf(audience);
  }

  /** Checks everything; {@code prefix} is the path of the message in the request, e.g. {@code "offer."}. */
  public void validate(Instant now, String prefix, Violations v) {
    v.check(kind != null, prefix + "kind", "is required");
    v.requiredText(title, TITLE_MAX, prefix + "title");
    v.maxLength(description, DESCRIPTION_MAX, prefix + "description");
    v.check(quantity > 0, prefix + "quantity", "must be positive");
    v.check(quantity <= QUANTITY_MAX, prefix + "quantity", "must be at most " + QUANTITY_MAX);
    v.requiredText(unit, UNIT_MAX, prefix + "unit");
    textTags(audience, prefix + "audience", v);
    v.maxLength(area, AREA_MAX, prefix + "area");
    v.check(radiusKm >= 0 && radiusKm <= MAX_RADIUS_KM, prefix + "radius_km", "must be between 0 and " + MAX_RADIUS_KM);
    if (latitude == null || longitude == null) {
      v.add(prefix + "location", "is required");
    } else {
      v.latitude(latitude, prefix + "location.latitude");
      v.longitude(longitude, prefix + "location.longitude");
    }
    window(windowStart, windowEnd, now, prefix + "window", v);
  }

  static void window(Instant start, Instant end, Instant now, String path, Violations v) {
    if (start == null) {
      v.add(path + ".start_time", "is required");
    }
    if (end == null) {
      v.add(path + ".end_time", "is required");
    }
    if (start == null || end == null) {
      return;
    }
    v.check(start.isBefore(end), path + ".end_time", "must be after start_time");
    v.check(end.isAfter(now), path + ".end_time", "must be in the future");
    v.check(!start.isBefore(now.minus(START_SLACK)), path + ".start_time", "must not be in the past");
    v.check(!end.isAfter(now.plus(LONGEST_WINDOW)), path + ".end_time", "must be within two years");
  }

  static void textTags(List<String> tags, String path, Violations v) {
    v.check(tags.size() <= AUDIENCE_MAX, path, "must have at most " + AUDIENCE_MAX + " entries");
    for (int i = 0; i < tags.size(); i++) {
      v.requiredText(tags.get(i), AUDIENCE_TAG_MAX, path + "[" + i + "]");
    }
    v.check(new HashSet<>(tags).size() == tags.size(), path, "must not repeat an entry");
  }

  Place place() {
    return new Place(latitude, longitude);
  }

  double radiusOrDefault() {
    return radiusKm > 0 ? radiusKm : DEFAULT_RADIUS_KM;
  }
}

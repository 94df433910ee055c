package org.partnernet.resources.training;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.partnernet.resources.geo.Place;

/**
 * A training programme a partner offers to schools. Ratings are kept as a sum and a count so a new rating is one
 * atomic {@code $inc}.
 */
public record Training(String id, String networkId, String trainer, String title, String description,
                       List<Audience> audiences, Format format, List<String> languages, int durationMinutes,
                       Place areaCenter, double areaRadiusKm, String area, LocalDate availableFrom,
                       LocalDate availableUntil, long ratingSum, int ratingCount, String requestId,
                       Instant createTime, String requestHash) {

  public Training {
    audiences = List.copyOf(audiences);
    languages = List.copyOf(languages);
  }

  public double averageRating() {
    return ratingCount == 0 ? 0 : Math.round(10.0 * ratingSum / ratingCount) / 10.0;
  }

  boolean isBookableOn(LocalDate date) {
    return !date.isBefore(availableFrom) && !date.isAfter(availableUntil);
  }
}

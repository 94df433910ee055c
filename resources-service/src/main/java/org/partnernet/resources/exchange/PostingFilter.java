package org.partnernet.resources.exchange;

import java.util.Set;
import org.partnernet.resources.geo.Place;

/**
 * What a list asks for; every part optional (null / empty = any).
 *
 * @param near     with {@code radiusKm}: within that great-circle distance
 * @param from     the window overlaps [from, to)
 */
public record PostingFilter(Kind kind, Set<Status> statuses, String poster, Place near, double radiusKm,
                            java.time.Instant from, java.time.Instant to) {

  public PostingFilter {
    statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
  }
}

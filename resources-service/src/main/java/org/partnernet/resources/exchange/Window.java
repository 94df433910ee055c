package org.partnernet.resources.exchange;

import java.time.Duration;
import java.time.Instant;

/** When something is available or wanted; start strictly before end. */
public record Window(Instant start, Instant end) {

  public Window {
    if (start == null || end == null || !start.isBefore(end)) {
      throw new IllegalArgumentException("a window starts before it ends");
    }
  }

  boolean overlaps(Window other) {
    return start.isBefore(other.end) && other.start.isBefore(end);
  }

  /** How much of this window the other covers, 0..1. */
  double coveredBy(Window other) {
    Instant from = start.isAfter(other.start) ? start : other.start;
    Instant to = end.isBefore(other.end) ? end : other.end;
    if (!from.isBefore(to)) {
      return 0;
    }
    return (double) Duration.between(from, to).toSeconds() / Math.max(1, Duration.between(start, end).toSeconds());
  }
}

package org.partnernet.servicekit.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential back-off with jitter, for work retried in the background (webhook deliveries, alerts). */
public record Backoff(Duration initial, Duration max) {

  /** {@code initial × 2^(attempts-1)}, at most {@code max}, plus up to a fifth more so many retries spread out. */
  public Duration after(int attempts) {
    long first = initial.toMillis();
    long most = max.toMillis();
    long millis = attempts >= 31 ? most : Math.min(most, first << Math.min(Math.max(attempts, 1) - 1, 30));
    if (millis < 0) {
      millis = most;
    }
    return Duration.ofMillis(millis + ThreadLocalRandom.current().nextLong(millis / 5 + 1));
  }
}

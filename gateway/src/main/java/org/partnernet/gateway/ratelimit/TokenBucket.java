package org.partnernet.gateway.ratelimit;

/** A token bucket: {@code burst} tokens at most, refilled at {@code ratePerSecond}. Thread-safe. */
final class TokenBucket {

  private final double ratePerNano;
  private final double capacity;
  private double tokens;
  private long updatedAt;

  TokenBucket(double ratePerSecond, int burst, long now) {
    this.ratePerNano = ratePerSecond / 1e9;
    this.capacity = burst;
    this.tokens = burst;
    this.updatedAt = now;
  }

  /** Takes one token: 0 when taken, otherwise the nanoseconds until one is available. */
  synchronized long take(long now) {
    if (now > updatedAt) {
      tokens = Math.min(capacity, tokens + (now - updatedAt) * ratePerNano);
      updatedAt = now;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / ratePerNano);
  }
}

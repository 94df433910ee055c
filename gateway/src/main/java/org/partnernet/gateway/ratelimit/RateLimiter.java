package org.partnernet.gateway.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import org.partnernet.gateway.security.Callers;
import org.partnernet.gateway.system.GatewayProperties;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Per-user and per-organisation token buckets, for REST and gRPC alike. Each organisation has its own
 * bucket, so one organisation's flood never spends another's allowance. In memory per replica by
 * default; with {@code partnernet.gateway.rate-limit.redis.url} the buckets live in Redis and every
 * replica spends the same ones. When Redis cannot answer at once, this replica's own buckets decide
 * (counted in {@code partnernet.gateway.ratelimit.fallbacks}): a Redis outage loosens the limit to one
 * budget per replica, and never holds a request up or turns it away.
 */
@Component
public final class RateLimiter implements DisposableBean {

  private final GatewayProperties.RateLimit settings;
  private final LocalBuckets local;
  private final RedisBuckets shared;
  private final Counter fallbacks;

  public RateLimiter(GatewayProperties properties, MeterRegistry meters) {
    this.settings = properties.rateLimit();
    this.local = new LocalBuckets(settings);
    this.shared = settings.enabled() && settings.redis().configured()
        ? new RedisBuckets(settings.redis(), meters) : null;
    this.fallbacks = shared == null ? null : Counter.builder("partnernet.gateway.ratelimit.fallbacks")
        .description("rate-limit decisions taken by this replica's own buckets because Redis did not answer")
        .register(meters);
  }

  public boolean enabled() {
    return settings.enabled();
  }

  /** Takes a token for the caller and the caller's organisation: zero, or how long to wait for one. */
  public Mono<Duration> admit(Callers caller) {
    if (shared == null) {
      return Mono.fromSupplier(() -> Duration.ofNanos(local.take(caller)));
    }
    return shared.take(keys(caller), args(caller))
        .switchIfEmpty(Mono.fromSupplier(() -> {
          fallbacks.increment();
          return local.take(caller);
        }))
        .map(Duration::ofNanos);
  }

  /** Whole seconds to tell a refused caller to wait (Retry-After): at least 1. */
  public static long retryAfterSeconds(Duration wait) {
    return Math.max(1, (wait.toNanos() + 999_999_999L) / 1_000_000_000L);
  }

  /** Redis keys name a digest of the ids, never the ids themselves. */
  private static String[] keys(Callers caller) {
    String user = "partnernet:ratelimit:user:" + digest(caller.userId());
    return caller.organisationId() == null ? new String[] {user}
        : new String[] {user, "partnernet:ratelimit:org:" + digest(caller.organisationId())};
  }

  private String[] args(Callers caller) {
    GatewayProperties.Bucket user = settings.user();
    GatewayProperties.Bucket org = settings.organisation();
    return caller.organisationId() == null
        ? new String[] {Double.toString(user.ratePerSecond()), Integer.toString(user.burst())}
        : new String[] {Double.toString(user.ratePerSecond()), Integer.toString(user.burst()),
            Double.toString(org.ratePerSecond()), Integer.toString(org.burst())};
  }

  private static String digest(String id) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void destroy() {
    if (shared != null) {
      shared.close();
    }
  }
}

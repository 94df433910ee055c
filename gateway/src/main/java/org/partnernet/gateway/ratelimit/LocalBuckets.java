package org.partnernet.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.partnernet.gateway.security.Callers;
import org.partnernet.gateway.system.GatewayProperties;

/** This replica's own buckets, in memory: the default, and the fallback while Redis cannot be reached. */
final class LocalBuckets {

  private final GatewayProperties.RateLimit settings;
  private final Cache<String, TokenBucket> users;
  private final Cache<String, TokenBucket> organisations;

  LocalBuckets(GatewayProperties.RateLimit settings) {
    this.settings = settings;
    this.users = Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(Duration.ofMinutes(10)).build();
    this.organisations = Caffeine.newBuilder().maximumSize(50_000).expireAfterAccess(Duration.ofMinutes(10)).build();
  }

  /** Takes a token for the caller (and the caller's organisation): 0, or the nanoseconds to wait. */
  long take(Callers caller) {
    long now = System.nanoTime();
    GatewayProperties.Bucket user = settings.user();
    long wait = users.get(caller.userId(), k -> new TokenBucket(user.ratePerSecond(), user.burst(), now)).take(now);
    if (wait > 0 || caller.organisationId() == null) {
      return wait;
    }
    GatewayProperties.Bucket org = settings.organisation();
    return organisations.get(caller.organisationId(), k -> new TokenBucket(org.ratePerSecond(), org.burst(), now))
        .take(now);
  }
}

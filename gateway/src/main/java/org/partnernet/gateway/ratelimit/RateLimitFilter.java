package org.partnernet.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.grpc.Status;
import java.time.Duration;
import org.partnernet.gateway.security.Callers;
import org.partnernet.gateway.system.ApiErrors;
import org.partnernet.gateway.system.GatewayProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.core.annotation.Order;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Per-user and per-organisation token buckets (in memory, one gateway replica's view) over the API.
 * Each organisation has its own bucket, so one organisation's flood never spends another's allowance.
 * Runs after Spring Security (order -100), so the caller is known.
 */
@Component
@Order(0)
class RateLimitFilter implements WebFilter {

  private final GatewayProperties.RateLimit settings;
  private final Cache<String, TokenBucket> users;
  private final Cache<String, TokenBucket> organisations;

  RateLimitFilter(GatewayProperties properties) {
    this.settings = properties.rateLimit();
    this.users = Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(Duration.ofMinutes(10)).build();
    this.organisations = Caffeine.newBuilder().maximumSize(50_000).expireAfterAccess(Duration.ofMinutes(10)).build();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!settings.enabled() || !exchange.getRequest().getPath().value().startsWith("/api/v")) {
      return chain.filter(exchange);
    }
    return exchange.getPrincipal()
        .mapNotNull(Callers::of)
        .map(caller -> wait(caller, System.nanoTime()))
        .defaultIfEmpty(0L)
        .flatMap(waitNanos -> {
          if (waitNanos == 0) {
            return chain.filter(exchange);
          }
          long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
          exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
          return ApiErrors.write(exchange.getResponse(), Status.Code.RESOURCE_EXHAUSTED, "RATE_LIMITED",
              "too many requests: retry after " + seconds + " s");
        });
  }

  private long wait(Callers caller, long now) {
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

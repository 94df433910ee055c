package org.partnernet.gateway.ratelimit;

import io.grpc.Status;
import java.time.Duration;
import org.partnernet.gateway.security.Callers;
import org.partnernet.gateway.system.ApiErrors;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The API's rate limits ({@link RateLimiter}): 429 with {@code Retry-After} once a caller's or an
 * organisation's bucket is empty. Runs after Spring Security (order -100), so the caller is known.
 */
@Component
@Order(0)
class RateLimitFilter implements WebFilter {

  private final RateLimiter limiter;

  RateLimitFilter(RateLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!limiter.enabled() || !exchange.getRequest().getPath().value().startsWith("/api/v")) {
      return chain.filter(exchange);
    }
    return Callers.of(exchange.getPrincipal())
        .flatMap(limiter::admit)
        .defaultIfEmpty(Duration.ZERO)
        .flatMap(wait -> {
          if (wait.isZero()) {
            return chain.filter(exchange);
          }
          long seconds = RateLimiter.retryAfterSeconds(wait);
          exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
          return ApiErrors.write(exchange.getResponse(), Status.Code.RESOURCE_EXHAUSTED, "RATE_LIMITED",
              "too many requests: retry after " + seconds + " s");
        });
  }
}

package org.partnernet.gateway.security;

import java.net.URI;
import org.partnernet.gateway.system.GatewayProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Security headers on every response, including the ones written before Spring Security runs (413,
 * request-id errors). Set up front so no later filter can forget them.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class SecurityHeadersFilter implements WebFilter {

  private final String contentSecurityPolicy;

  /** Forms may post to the gateway and be redirected to Keycloak (the logout ends the Keycloak session). */
  SecurityHeadersFilter(GatewayProperties properties) {
    URI issuer = URI.create(properties.security().issuer());
    String keycloak = issuer.getScheme() + "://" + issuer.getAuthority();
    this.contentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none';"
        + " form-action 'self' " + keycloak;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    HttpHeaders headers = exchange.getResponse().getHeaders();
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("Content-Security-Policy", contentSecurityPolicy);
    // the web UI may offer "near me" (issue 8); the position is used in the page and sent only to our own API
    headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)");
    headers.set("Cross-Origin-Opener-Policy", "same-origin");
    headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
    if (isHttps(exchange)) {
      headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    return chain.filter(exchange);
  }

  private static boolean isHttps(ServerWebExchange exchange) {
    return exchange.getRequest().getSslInfo() != null
        || "https".equalsIgnoreCase(exchange.getRequest().getHeaders().getFirst("X-Forwarded-Proto"));
  }
}

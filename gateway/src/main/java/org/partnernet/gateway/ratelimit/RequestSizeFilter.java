package org.partnernet.gateway.ratelimit;

import io.grpc.Status;
import org.partnernet.gateway.system.ApiErrors;
import org.partnernet.gateway.system.GatewayProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a declared body over the limit with 413 before anything reads it (before authentication:
 * it costs nothing to say no). Bodies without a length are cut at the same limit where they are read.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class RequestSizeFilter implements WebFilter {

  private final long maxBytes;

  RequestSizeFilter(GatewayProperties properties) {
    this.maxBytes = properties.limits().maxBodySize().toBytes();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    long length = exchange.getRequest().getHeaders().getContentLength();
    if (length > maxBytes) {
      exchange.getResponse().getHeaders().setConnection("close");
      return ApiErrors.write(exchange.getResponse(), 413, ApiErrors.json(ApiErrors.status(
          Status.Code.RESOURCE_EXHAUSTED, "BODY_TOO_LARGE", "request body is larger than " + maxBytes + " bytes")));
    }
    return chain.filter(exchange);
  }
}

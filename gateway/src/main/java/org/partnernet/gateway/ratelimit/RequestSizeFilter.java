package org.partnernet.gateway.ratelimit;

import io.grpc.Status;
import java.time.Duration;
import java.util.Objects;
import org.partnernet.gateway.system.ApiErrors;
import org.partnernet.gateway.system.GatewayProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a request target (path and query) over its limit with 414, and a declared body over the limit with 413,
 * before anything parses it (before authentication: it costs nothing to say no). Bodies without a length are cut at
 * the same limit where they are read.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class RequestSizeFilter implements WebFilter {

  /** A declared body up to this many times the limit is read and dropped before the 413. */
  private static final int DRAINED_MULTIPLE = 32;
  private static final Duration DRAIN_TIME = Duration.ofSeconds(30);

  private final long maxBytes;
  private final long maxUriLength;

  RequestSizeFilter(GatewayProperties properties) {
    this.maxBytes = properties.limits().maxBodySize().toBytes();
    this.maxUriLength = properties.limits().maxUriLength().toBytes();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (exchange.getRequest().getURI().getRawPath().length()
        + Objects.requireNonNullElse(exchange.getRequest().getURI().getRawQuery(), "").length() > maxUriLength) {
      return ApiErrors.write(exchange.getResponse(), 414, ApiErrors.json(ApiErrors.status(
          Status.Code.INVALID_ARGUMENT, "URI_TOO_LONG", "the path and query are longer than " + maxUriLength
              + " characters; send large inputs in a request body")));
    }
    long length = exchange.getRequest().getHeaders().getContentLength();
    if (length > maxBytes) {
      exchange.getResponse().getHeaders().setConnection("close");
      Mono<Void> refuse = ApiErrors.write(exchange.getResponse(), 413, ApiErrors.json(ApiErrors.status(
          Status.Code.RESOURCE_EXHAUSTED, "BODY_TOO_LARGE", "request body is larger than " + maxBytes + " bytes")));
      if (length > maxBytes * DRAINED_MULTIPLE) {
        return refuse;
      }
      // Closing a connection with the body still arriving resets it, and a client that sends its whole body
      // before it reads (most do) can lose the answer with the reset. So the body is read and dropped first, as
      // far as a bound: past it, the answer may be lost rather than the gateway reading on.
      return exchange.getRequest().getBody()
          .doOnNext(DataBufferUtils::release)
          .timeout(DRAIN_TIME)
          .onErrorComplete()
          .then(refuse);
    }
    return chain.filter(exchange);
  }
}

package org.partnernet.gateway.system;

import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Takes the caller's {@code X-Request-Id} (when it looks like an id) or makes one, echoes it on the
 * response, hands it to the services, and logs each request with it in the MDC. The log line has the
 * method, the path without its query string, the status and the time: never a token or a body.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter implements WebFilter {

  public static final String HEADER = "X-Request-Id";
  public static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".id";
  private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Logger log = LoggerFactory.getLogger("org.partnernet.gateway.access");
  private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String given = exchange.getRequest().getHeaders().getFirst(HEADER);
    String id = given != null && ACCEPTABLE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    exchange.getAttributes().put(ATTRIBUTE, id);
    exchange.getResponse().getHeaders().set(HEADER, id);
    long start = System.nanoTime();
    return Mono.deferContextual(context -> chain.filter(exchange).doFinally(signal -> {
      HttpStatusCode status = exchange.getResponse().getStatusCode();
      int code = status == null ? 200 : status.value();
      boolean failed = code >= 500;
      if (failed || log.isDebugEnabled()) {
        // this line runs after the chain: the request's trace context comes back from the Reactor context
        logInRequestContext(context, exchange, () -> {
          String line = "{} {} -> {} in {} ms";
          Object[] args = {exchange.getRequest().getMethod(), exchange.getRequest().getPath().value(), code,
              (System.nanoTime() - start) / 1_000_000};
          if (failed) {
            log.warn(line, args);
          } else {
            log.debug(line, args);
          }
        });
      }
    }));
  }

  /**
   * Runs {@code logging} with the request's id and trace (traceId/spanId) in the MDC, taken from the request's
   * Reactor {@code context}: the gateway does not copy the trace into thread locals at every operator.
   */
  public static void logInRequestContext(ContextView context, ServerWebExchange exchange, Runnable logging) {
    try (ContextSnapshot.Scope trace = SNAPSHOTS.setThreadLocalsFrom(context)) {
      MDC.put("requestId", of(exchange));
      logging.run();
    } finally {
      MDC.remove("requestId");
    }
  }

  /** The id of the request in hand. */
  public static String of(ServerWebExchange exchange) {
    String id = exchange.getAttribute(ATTRIBUTE);
    return id == null ? "" : id;
  }
}

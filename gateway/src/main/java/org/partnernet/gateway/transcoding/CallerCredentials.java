package org.partnernet.gateway.transcoding;

import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The {@code authorization} value to send to a service for this request: the API client's own bearer
 * token, or the access token of a browser session (token relay). Empty when there is none.
 */
public interface CallerCredentials {

  Mono<String> authorization(ServerWebExchange exchange);
}

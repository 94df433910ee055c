package org.partnernet.gateway.security;

import org.partnernet.gateway.transcoding.CallerCredentials;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The token a service receives: an API client's own bearer token as it came, or — token relay — the
 * access token of the browser session, refreshed by the authorized-client manager when it has expired.
 */
final class RelayedCredentials implements CallerCredentials {

  private final ReactiveOAuth2AuthorizedClientManager clients;

  RelayedCredentials(ReactiveOAuth2AuthorizedClientManager clients) {
    this.clients = clients;
  }

  @Override
  public Mono<String> authorization(ServerWebExchange exchange) {
    String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Mono.just(header);
    }
    return exchange.getPrincipal()
        .filter(OAuth2AuthenticationToken.class::isInstance)
        .cast(OAuth2AuthenticationToken.class)
        .flatMap(login -> clients.authorize(OAuth2AuthorizeRequest
            .withClientRegistrationId(login.getAuthorizedClientRegistrationId())
            .principal(login)
            .attribute(ServerWebExchange.class.getName(), exchange)
            .build()))
        .map(client -> "Bearer " + client.getAccessToken().getTokenValue());
  }
}

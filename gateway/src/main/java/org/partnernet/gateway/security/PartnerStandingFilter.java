package org.partnernet.gateway.security;

import io.grpc.Status;
import org.partnernet.gateway.system.ApiErrors;
import org.partnernet.gateway.transcoding.CallerCredentials;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** Refuses, with 403, the users of a partner known to be suspended, even while their token is valid. */
final class PartnerStandingFilter implements WebFilter {

  private final PartnerStandings standings;
  private final CallerCredentials credentials;

  PartnerStandingFilter(PartnerStandings standings, CallerCredentials credentials) {
    this.standings = standings;
    this.credentials = credentials;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!exchange.getRequest().getPath().value().startsWith("/api/v")) {
      return chain.filter(exchange);
    }
    return Callers.of(exchange.getPrincipal())
        .filter(caller -> caller.organisationId() != null)
        .flatMap(caller -> credentials.authorization(exchange).defaultIfEmpty("")
            .flatMap(authorization -> standings.standingOf(caller.organisationId(), authorization)))
        .defaultIfEmpty(PartnerStandings.Standing.UNKNOWN)
        .flatMap(standing -> standing == PartnerStandings.Standing.REFUSED
            ? ApiErrors.write(exchange.getResponse(), Status.Code.PERMISSION_DENIED, "PARTNER_SUSPENDED",
                "your organisation is suspended from the network")
            : chain.filter(exchange));
  }
}

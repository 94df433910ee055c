package org.partnernet.gateway.security;

import reactor.core.publisher.Mono;

/**
 * Whether an organisation may use the network right now. The answer is cached; {@link Standing#UNKNOWN}
 * (no answer, the directory unreachable, the check switched off) lets the request through, because the
 * services check the caller again and a directory outage must not lock every user out. Only a partner
 * known to be SUSPENDED (or ARCHIVED) is refused.
 */
public interface PartnerStandings {

  enum Standing { ALLOWED, REFUSED, UNKNOWN }

  /**
   * @param organisationId the caller's organisation (the {@code org_id} claim)
   * @param authorization the caller's own {@code Bearer} value, used to ask the directory
   */
  Mono<Standing> standingOf(String organisationId, String authorization);
}

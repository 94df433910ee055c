package org.partnernet.referral.consent;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A survivor's consent: who gave it (a pseudonymous client id), how, to whom, for what, which data, until when.
 * Immutable but for revocation.
 */
public record Consent(String id, String networkId, String clientId, Method method, String senderPartner,
                      String recordedBy, Instant giveTime, List<String> recipientPartners, List<String> purposes,
                      Set<Category> categories, Instant expireTime, String language, Instant createTime,
                      Instant revokeTime, String revokedBy, String revokeRequestId, boolean disclosuresShredded,
                      String requestKey, String fingerprint) {

  public enum Method { WRITTEN, VERBAL_WITNESSED, ELECTRONIC }

  public enum State { ACTIVE, EXPIRED, REVOKED }

  public Consent {
    recipientPartners = List.copyOf(recipientPartners);
    purposes = List.copyOf(purposes);
    categories = Set.copyOf(categories);
  }

  public State state(Instant now) {
    if (revokeTime != null) {
      return State.REVOKED;
    }
    return now.isBefore(expireTime) ? State.ACTIVE : State.EXPIRED;
  }

  public boolean names(String partner) {
    return recipientPartners.contains(partner);
  }

  public boolean covers(List<String> services) {
    return purposes.containsAll(services);
  }

  public Consent revoked(String by, String requestId, Instant at) {
    return new Consent(id, networkId, clientId, method, senderPartner, recordedBy, giveTime, recipientPartners,
        purposes, categories, expireTime, language, createTime, at, by, requestId, disclosuresShredded, requestKey,
        fingerprint);
  }
}

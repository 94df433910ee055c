package org.partnernet.e2e.ui;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Data the journeys start from, made through the public API as the demo users would. */
final class Seeds {

  private Seeds() {
  }

  /** A caseworker's referral to Harbor House with a consent covering identity and needs; returns the referral id. */
  static String referralWithConsent(Api api, String givenName) {
    return referralWithConsent(api, givenName, "seed-" + System.nanoTime());
  }

  /** The same, with the consent recorded under the given pseudonymous client id. */
  static String referralWithConsent(Api api, String givenName, String clientId) {
    JsonNode consent = api.post("caseworker", "/api/v1/consents", Map.of(
        "clientId", clientId, "method", "CONSENT_METHOD_WRITTEN",
        "recipientPartners", List.of(CaseworkerJourneyIT.HARBOR_HOUSE), "purposes", List.of("housing.emergency-shelter"),
        "categories", List.of("DATA_CATEGORY_IDENTITY", "DATA_CATEGORY_NEEDS"),
        "expireTime", Instant.now().plus(20, ChronoUnit.DAYS).toString(), "language", "ti")).get("consent");
    JsonNode referral = api.post("caseworker", "/api/v1/referrals", Map.of(
        "referral", Map.of("recipientPartner", CaseworkerJourneyIT.HARBOR_HOUSE,
            "requestedServices", List.of("housing.emergency-shelter"), "urgency", "URGENCY_EMERGENCY",
            "summary", Map.of("ageRange", Map.of("minAge", 18, "maxAge", 24), "languages", List.of("ti"),
                "needs", List.of("housing.emergency-shelter"), "gender", "female"),
            "consent", consent.get("name").asString()),
        "disclosure", Map.of("identity", Map.of("givenName", givenName),
            "needs", Map.of("notes", "Needs a bed tonight.")))).get("referral");
    return referral.get("id").asString();
  }
}

package org.partnernet.e2e.ui;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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

  /** A virtual training for teachers by the trainer's organisation, bookable from today; returns its id. */
  static String training(Api api, String title) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    return api.post("trainer", "/api/v1/trainings", Map.ofEntries(
        Map.entry("title", title), Map.entry("description", "How to spot and report signs of trafficking."),
        Map.entry("audiences", List.of("TRAINING_AUDIENCE_TEACHERS")), Map.entry("format", "TRAINING_FORMAT_VIRTUAL"),
        Map.entry("languages", List.of("en")), Map.entry("durationMinutes", 60),
        Map.entry("areaCenter", Map.of("latitude", 41.50, "longitude", -81.69)), Map.entry("areaRadiusKm", 40),
        Map.entry("area", "Riverton metro"), Map.entry("availableFrom", date(today)),
        Map.entry("availableUntil", date(today.plusDays(90))))).get("training").get("id").asString();
  }

  /** Lincoln High School asks for a session of the training on these dates; returns the booking id. */
  static String booking(Api api, String training, LocalDate... dates) {
    return api.post("school-admin", "/api/v1/trainings/" + training + "/bookings", Map.of(
        "preferredDates", Stream.of(dates).map(Seeds::date).toList(), "audience", "TRAINING_AUDIENCE_TEACHERS",
        "expectedParticipants", 25, "format", "TRAINING_FORMAT_VIRTUAL")).get("booking").get("id").asString();
  }

  static Map<String, Integer> date(LocalDate day) {
    return Map.of("year", day.getYear(), "month", day.getMonthValue(), "day", day.getDayOfMonth());
  }
}

package org.partnernet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Whole user journeys through the gateway, each step by the demo user whose job it is, with their real Keycloak
 * token (password grant): what the unit and in-process tests check per service, here checked across the services,
 * the gateway's transcoding and the real tokens together. Every create carries an Idempotency-Key, as a client must.
 * Names are unique per run, so a database left by an earlier run does not matter.
 */
@EndToEnd
class JourneysIT {

    private static final String HARBOR_HOUSE = DemoRealm.HARBOR_HOUSE;
    private static final String GRACE_CHURCH = DemoRealm.GRACE_CHURCH;
    private static final String SAFE_PASSAGE = DemoRealm.SAFE_PASSAGE;
    private static final String LINCOLN_HIGH = "01900000-0000-7000-8000-000000000003";
    /** Harbor House's emergency beds accept referrals in the demo directory. */
    private static final String EMERGENCY_SHELTER = "housing.emergency-shelter";

    @Test
    void referralAcceptedDisclosedThenConsentRevokedClosesTheDisclosure(Http gateway, Keycloak keycloak) {
        String caseworker = keycloak.token("caseworker");
        String intake = keycloak.token("intake");
        String familyName = "Testcase" + letters(8);

        // The caseworker records the survivor's consent to share identity and needs with Harbor House.
        Http.Response consentResponse = post(gateway, caseworker, "/api/v1/consents", """
                {"clientId": "e2e-client-%s", "method": "CONSENT_METHOD_WRITTEN",
                 "recipientPartners": ["%s"], "purposes": ["%s"],
                 "categories": ["DATA_CATEGORY_IDENTITY", "DATA_CATEGORY_NEEDS"],
                 "expireTime": "%s", "language": "en"}
                """.formatted(letters(6), HARBOR_HOUSE, EMERGENCY_SHELTER,
                Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)));
        assertThat(consentResponse.status()).as(consentResponse.toString()).isEqualTo(200);
        JsonNode consent = consentResponse.json().get("consent");
        assertThat(consent.get("state").asString()).isEqualTo("CONSENT_STATE_ACTIVE");
        String consentId = consent.get("id").asString();
        String consentName = consent.get("name").asString();

        // ... and sends the referral with a disclosure under that consent.
        Http.Response sent = post(gateway, caseworker, "/api/v1/referrals", """
                {"referral": {"recipientPartner": "%s", "requestedServices": ["%s"], "urgency": "URGENCY_URGENT",
                              "summary": {"ageRange": {"minAge": 25, "maxAge": 34}, "languages": ["en"],
                                          "needs": ["%s"]},
                              "consent": "%s"},
                 "disclosure": {"identity": {"givenName": "Marisol", "familyName": "%s"},
                                "needs": {"notes": "needs a safe bed tonight"}}}
                """.formatted(HARBOR_HOUSE, EMERGENCY_SHELTER, EMERGENCY_SHELTER, consentName, familyName));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        JsonNode referral = sent.json().get("referral");
        assertThat(referral.get("state").asString()).isEqualTo("REFERRAL_STATE_SENT");
        assertThat(sent.body()).as("the referral itself carries no personal data").doesNotContain(familyName);
        String referralId = referral.get("id").asString();

        // Harbor House's intake accepts it and reads the disclosure.
        Http.Response accepted = post(gateway, intake, "/api/v1/referrals/" + referralId + ":accept", "{}");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        assertThat(accepted.json().get("referral").get("state").asString()).isEqualTo("REFERRAL_STATE_ACCEPTED");

        Http.Response disclosure = get(gateway, intake, "/api/v1/referrals/" + referralId + "/disclosure");
        assertThat(disclosure.status()).as(disclosure.toString()).isEqualTo(200);
        assertThat(disclosure.json().get("disclosure").get("identity").get("familyName").asString())
                .isEqualTo(familyName);

        // The survivor withdraws consent: the caseworker revokes it ...
        Http.Response revoked = post(gateway, caseworker, "/api/v1/consents/" + consentId + ":revoke",
                "{\"reason\": \"survivor request\"}");
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(revoked.json().get("consent").get("state").asString()).isEqualTo("CONSENT_STATE_REVOKED");

        // ... and intake's next read is refused (FAILED_PRECONDITION, HTTP 400), without the data.
        Http.Response refused = get(gateway, intake, "/api/v1/referrals/" + referralId + "/disclosure");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("code").asInt()).as("google.rpc.Code FAILED_PRECONDITION").isEqualTo(9);
        assertThat(refused.body()).doesNotContain(familyName);

        // Who saw what is on record, and the chain is intact (a partner-admin of the recipient checks it).
        Http.Response verified = get(gateway, keycloak.token("shelter-admin"),
                "/api/v1/referrals/" + referralId + "/audit:verify");
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        assertThat(verified.json().path("intact").asBoolean()).as(verified.toString()).isTrue();
        assertThat(longOf(verified.json().path("recordsChecked"))).as(verified.toString()).isPositive();
    }

    @Test
    void aCapacityCheckIsAnsweredThenTheReferralGoesToThePartnerThatSaidYes(Http gateway, Keycloak keycloak) {
        String caseworker = keycloak.token("caseworker");
        String intake = keycloak.token("intake");

        // The caseworker asks, without saying who, whether Harbor House could take someone tonight.
        Http.Response asked = post(gateway, caseworker, "/api/v1/capacityChecks", """
                {"capacityCheck": {"needs": ["%s"], "ageRange": {"minAge": 18, "maxAge": 24}, "languages": ["ti"],
                                   "urgency": "URGENCY_URGENT", "timeframe": "tonight", "askedPartners": ["%s"]}}
                """.formatted(EMERGENCY_SHELTER, HARBOR_HOUSE));
        assertThat(asked.status()).as(asked.toString()).isEqualTo(200);
        String check = asked.json().get("capacityCheck").get("name").asString();
        String checkId = check.substring(check.indexOf('/') + 1);

        // Harbor House's intake sees the question and answers yes.
        Http.Response seen = get(gateway, intake, "/api/v1/capacityChecks/" + checkId);
        assertThat(seen.status()).as(seen.toString()).isEqualTo(200);
        assertThat(seen.json().get("capacityCheck").get("timeframe").asString()).isEqualTo("tonight");
        Http.Response answered = post(gateway, intake, "/api/v1/capacityChecks/" + checkId + "/answers", """
                {"answer": "CAPACITY_ANSWER_KIND_CAPACITY", "note": "one bed until Friday"}""");
        assertThat(answered.status()).as(answered.toString()).isEqualTo(200);

        // The caseworker sees the answer ...
        JsonNode answers = get(gateway, caseworker, "/api/v1/capacityChecks/" + checkId).json()
                .get("capacityCheck").get("answers");
        assertThat(answers.get(0).get("partner").asString()).isEqualTo(HARBOR_HOUSE);
        assertThat(answers.get(0).get("answer").asString()).isEqualTo("CAPACITY_ANSWER_KIND_CAPACITY");

        // ... and refers to the partner that said yes (the summary only: no consent, no personal data).
        Http.Response sent = post(gateway, caseworker, "/api/v1/referrals", """
                {"referral": {"recipientPartner": "%s", "requestedServices": ["%s"], "urgency": "URGENCY_URGENT",
                              "summary": {"ageRange": {"minAge": 18, "maxAge": 24}, "languages": ["ti"],
                                          "needs": ["%s"]}}}
                """.formatted(answers.get(0).get("partner").asString(), EMERGENCY_SHELTER, EMERGENCY_SHELTER));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        String referralId = sent.json().get("referral").get("id").asString();

        // It waits in Harbor House's inbox, and intake accepts it.
        Http.Response inbox = get(gateway, intake, "/api/v1/referrals?box=BOX_INBOX&pageSize=50");
        assertThat(inbox.status()).as(inbox.toString()).isEqualTo(200);
        assertThat(inbox.json().get("referrals").valueStream().map(r -> r.get("id").asString()))
                .contains(referralId);
        Http.Response accepted = post(gateway, intake, "/api/v1/referrals/" + referralId + ":accept", "{}");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        assertThat(accepted.json().get("referral").get("state").asString()).isEqualTo("REFERRAL_STATE_ACCEPTED");
    }

    @Test
    void anOfferIsClaimedInPartsConfirmedAndRefusedAndTheQuantitiesAddUp(Http gateway, Keycloak keycloak) {
        String church = keycloak.token("church-admin");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        Http.Response posted = post(gateway, church, "/api/v1/offers", """
                {"kind": "RESOURCE_KIND_GOODS", "title": "Winter coats %s", "description": "Donated, sorted by size.",
                 "quantity": "10", "unit": "coats", "location": {"latitude": 41.4993, "longitude": -81.6944},
                 "area": "Riverton", "radiusKm": 25,
                 "window": {"startTime": "%s", "endTime": "%s"}, "audience": ["survivors"]}
                """.formatted(letters(6), now.plus(1, ChronoUnit.HOURS), now.plus(30, ChronoUnit.DAYS)));
        assertThat(posted.status()).as(posted.toString()).isEqualTo(200);
        JsonNode offer = posted.json().get("offer");
        String offerId = offer.get("id").asString();
        assertThat(offer.get("poster").asString()).isEqualTo(GRACE_CHURCH);
        assertThat(longOf(offer.get("remainingQuantity"))).isEqualTo(10);
        assertThat(offer.get("status").asString()).isEqualTo("RESOURCE_STATUS_OPEN");

        // The shelter claims 4, the school the other 6: nothing is left.
        Http.Response shelterClaim = post(gateway, keycloak.token("shelter-admin"),
                "/api/v1/offers/" + offerId + ":claim", "{\"quantity\": 4}");
        assertThat(shelterClaim.status()).as(shelterClaim.toString()).isEqualTo(200);
        assertThat(shelterClaim.json().get("claim").get("status").asString()).isEqualTo("CLAIM_STATUS_PENDING");
        assertThat(shelterClaim.json().get("claim").get("claimant").asString()).isEqualTo(HARBOR_HOUSE);
        assertThat(longOf(shelterClaim.json().get("offer").get("remainingQuantity"))).isEqualTo(6);
        String shelterClaimId = shelterClaim.json().get("claim").get("id").asString();

        Http.Response schoolClaim = post(gateway, keycloak.token("school-admin"),
                "/api/v1/offers/" + offerId + ":claim", "{\"quantity\": 6}");
        assertThat(schoolClaim.status()).as(schoolClaim.toString()).isEqualTo(200);
        assertThat(longOf(schoolClaim.json().get("offer").get("remainingQuantity"))).isZero();
        assertThat(schoolClaim.json().get("offer").get("status").asString()).isEqualTo("RESOURCE_STATUS_FULFILLED");
        String schoolClaimId = schoolClaim.json().get("claim").get("id").asString();

        // Nothing more can be claimed.
        Http.Response overClaim = post(gateway, keycloak.token("shelter-admin"),
                "/api/v1/offers/" + offerId + ":claim", "{\"quantity\": 1}");
        assertThat(overClaim.status()).as(overClaim.toString()).isEqualTo(400);
        assertThat(overClaim.json().get("code").asInt()).as("FAILED_PRECONDITION").isEqualTo(9);

        // The church confirms the shelter's claim and refuses the school's: its 6 return to the offer.
        Http.Response confirmed = post(gateway, church, "/api/v1/claims/" + shelterClaimId + ":confirm", "{}");
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(confirmed.json().get("claim").get("status").asString()).isEqualTo("CLAIM_STATUS_CONFIRMED");

        Http.Response refusedClaim = post(gateway, church, "/api/v1/claims/" + schoolClaimId + ":refuse", "{}");
        assertThat(refusedClaim.status()).as(refusedClaim.toString()).isEqualTo(200);
        assertThat(refusedClaim.json().get("claim").get("status").asString()).isEqualTo("CLAIM_STATUS_REFUSED");

        Http.Response after = get(gateway, church, "/api/v1/offers/" + offerId);
        assertThat(after.status()).as(after.toString()).isEqualTo(200);
        JsonNode finalOffer = after.json().get("offer");
        assertThat(longOf(finalOffer.get("quantity"))).isEqualTo(10);
        assertThat(longOf(finalOffer.get("remainingQuantity"))).as("10 offered - 4 confirmed").isEqualTo(6);
        assertThat(finalOffer.get("status").asString()).isEqualTo("RESOURCE_STATUS_PARTLY_CLAIMED");
    }

    @Test
    void aCoordinatorRegistersAndApprovesAPartnerWhichThenTurnsUpInSearch(Http gateway, Keycloak keycloak)
            throws InterruptedException {
        // A partner-admin can only register their own (already registered) organisation, so the coordinator
        // registers the newcomer, as the directory's RegisterPartner allows.
        String coordinator = keycloak.token("coordinator");
        String caseworker = keycloak.token("caseworker");
        String word = "Kestrel" + letters(8);
        String name = word + " Community Pantry";

        Http.Response registered = post(gateway, coordinator, "/api/v1/partners", """
                {"partner": {"name": "%s", "kind": "PARTNER_KIND_FAITH_BASED",
                             "description": "Food boxes and hygiene kits, no questions asked.",
                             "languages": ["en"],
                             "services": [{"name": "%s food boxes", "taxonomyCodes": ["goods"],
                                           "acceptingReferrals": true}]}}
                """.formatted(name, word));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(200);
        JsonNode partner = registered.json().get("partner");
        String partnerId = partner.get("id").asString();
        assertThat(partner.get("status").asString()).isEqualTo("PARTNER_STATUS_PENDING");

        // Pending partners are not searchable.
        assertThat(searchFinds(gateway, caseworker, name, partnerId)).as("pending partner in search").isFalse();

        Http.Response approved = post(gateway, coordinator, "/api/v1/partners/" + partnerId + ":approve", "{}");
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.json().get("partner").get("status").asString()).isEqualTo("PARTNER_STATUS_ACTIVE");

        // Search is fresh within a second; allow a loaded machine a few more.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        boolean found = searchFinds(gateway, caseworker, name, partnerId);
        while (!found && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            found = searchFinds(gateway, caseworker, name, partnerId);
        }
        assertThat(found).as("the approved partner %s in search for '%s'", partnerId, name).isTrue();

        Http.Response visible = get(gateway, caseworker, "/api/v1/partners/" + partnerId);
        assertThat(visible.status()).as(visible.toString()).isEqualTo(200);
        assertThat(visible.body()).contains(name);
    }

    @Test
    void aSchoolBooksATrainingTheTrainerConfirmsAndTheSchoolsFeedbackRatesTheProgramme(Http gateway,
                                                                                       Keycloak keycloak) {
        String trainer = keycloak.token("trainer");
        String school = keycloak.token("school-admin");
        // Teachers and parents only: the browser tests pick the first training for high-school students.
        // The services run on the real clock and feedback waits for the session day, so the session is today.
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        Http.Response published = post(gateway, trainer, "/api/v1/trainings", """
                {"title": "Recognising trafficking %s", "description": "For teachers and parents.",
                 "audiences": ["TRAINING_AUDIENCE_TEACHERS", "TRAINING_AUDIENCE_PARENTS"],
                 "format": "TRAINING_FORMAT_IN_PERSON", "languages": ["en"], "durationMinutes": 90,
                 "areaCenter": {"latitude": 41.4993, "longitude": -81.6944}, "areaRadiusKm": 40, "area": "Riverton",
                 "availableFrom": %s, "availableUntil": %s}
                """.formatted(letters(6), date(today), date(today.plusDays(90))));
        assertThat(published.status()).as(published.toString()).isEqualTo(200);
        JsonNode training = published.json().get("training");
        assertThat(training.get("trainer").asString()).isEqualTo(SAFE_PASSAGE);
        String trainingId = training.get("id").asString();

        LocalDate later = today.plusDays(27);
        // Lincoln High is an active SCHOOL in the directory: resources-service asks partner-directory before booking
        Http.Response requested = post(gateway, school, "/api/v1/trainings/" + trainingId + "/bookings", """
                {"preferredDates": [%s, %s], "audience": "TRAINING_AUDIENCE_TEACHERS",
                 "expectedParticipants": 40, "note": "Staff room, after classes."}
                """.formatted(date(today), date(later)));
        assertThat(requested.status()).as(requested.toString()).isEqualTo(200);
        JsonNode booking = requested.json().get("booking");
        assertThat(booking.get("status").asString()).isEqualTo("BOOKING_STATUS_REQUESTED");
        assertThat(booking.get("school").asString()).isEqualTo(LINCOLN_HIGH);
        String bookingId = booking.get("id").asString();

        // a church's partner-admin is refused: the directory knows Grace Church is no school
        Http.Response notASchool = post(gateway, keycloak.token("church-admin"),
                "/api/v1/trainings/" + trainingId + "/bookings", """
                {"preferredDates": [%s], "audience": "TRAINING_AUDIENCE_TEACHERS"}
                """.formatted(date(later)));
        assertThat(notASchool.status()).as(notASchool.toString()).isEqualTo(403);
        assertThat(notASchool.body()).contains("SCHOOL_REQUIRED");

        Http.Response confirmed = post(gateway, trainer, "/api/v1/bookings/" + bookingId + ":confirm",
                "{\"date\": " + date(today) + "}");
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);

        Http.Response seen = get(gateway, school, "/api/v1/bookings/" + bookingId);
        assertThat(seen.status()).as(seen.toString()).isEqualTo(200);
        JsonNode seenBooking = seen.json().get("booking");
        assertThat(seenBooking.get("status").asString()).isEqualTo("BOOKING_STATUS_CONFIRMED");
        JsonNode day = seenBooking.get("confirmedDate");
        assertThat(LocalDate.of(day.get("year").asInt(), day.get("month").asInt(), day.get("day").asInt()))
                .isEqualTo(today);

        String feedback = """
                {"feedback": {"attendance": 38, "rating": 4, "comment": "Clear and practical."}}
                """;
        Http.Response byTrainer = post(gateway, trainer, "/api/v1/bookings/" + bookingId + ":recordFeedback",
                feedback);
        assertThat(byTrainer.status()).as(byTrainer.toString()).isEqualTo(403);
        Http.Response recorded = post(gateway, school, "/api/v1/bookings/" + bookingId + ":recordFeedback",
                feedback);
        assertThat(recorded.status()).as(recorded.toString()).isEqualTo(200);
        JsonNode completed = recorded.json().get("booking");
        assertThat(completed.get("status").asString()).isEqualTo("BOOKING_STATUS_COMPLETED");
        assertThat(completed.get("feedback").get("attendance").asInt()).isEqualTo(38);
        assertThat(completed.get("feedback").get("rating").asInt()).isEqualTo(4);

        Http.Response rated = get(gateway, trainer, "/api/v1/trainings/" + trainingId);
        assertThat(rated.status()).as(rated.toString()).isEqualTo(200);
        JsonNode programme = rated.json().get("training");
        assertThat(programme.get("ratingCount").asInt()).isEqualTo(1);
        assertThat(programme.get("averageRating").asDouble()).isEqualTo(4.0);
    }

    // ---- helpers ----

    private static boolean searchFinds(Http gateway, String token, String query, String partnerId) {
        Http.Response response = get(gateway, token, "/api/v1/services:search?pageSize=50&query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8).replace("+", "%20"));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        for (JsonNode match : response.json().path("matches")) {
            if (partnerId.equals(match.path("partnerId").asString())) {
                return true;
            }
        }
        return false;
    }

    /** A POST with a fresh Idempotency-Key (kept on a retry after 429, so a retry is safe). */
    private static Http.Response post(Http gateway, String token, String path, String json) {
        String key = UUID.randomUUID().toString();
        return withRetryOn429(() -> gateway.send(gateway.request(path)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build()));
    }

    private static Http.Response get(Http gateway, String token, String path) {
        return withRetryOn429(() -> gateway.get(path, token));
    }

    /** Other tests of the run flood the gateway's rate limits on purpose; wait out a 429 rather than fail on it. */
    private static Http.Response withRetryOn429(java.util.function.Supplier<Http.Response> call) {
        Http.Response response = call.get();
        for (int attempt = 0; attempt < 10 && response.status() == 429; attempt++) {
            long seconds = response.headers().firstValue("Retry-After").map(JourneysIT::seconds).orElse(1L);
            try {
                Thread.sleep(Math.min(Math.max(seconds, 1), 5) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return response;
            }
            response = call.get();
        }
        return response;
    }

    private static long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** protobuf JSON writes int64 as a string, and leaves it out when zero. */
    private static long longOf(JsonNode node) {
        // proto3 JSON leaves out zero values
        return node == null || node.isMissingNode() || node.isNull() ? 0 : Long.parseLong(node.asString());
    }

    /** A google.type.Date in protobuf JSON. */
    private static String date(LocalDate day) {
        return "{\"year\": %d, \"month\": %d, \"day\": %d}".formatted(day.getYear(), day.getMonthValue(),
                day.getDayOfMonth());
    }

    private static String letters(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return s.toString().toLowerCase(Locale.ROOT);
    }
}

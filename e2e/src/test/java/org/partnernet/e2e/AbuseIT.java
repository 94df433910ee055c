package org.partnernet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The abuse suite, with the OWASP API Security Top 10 as the checklist: broken object- and function-level
 * authorisation (another organisation, a lower role), broken authentication (missing, tampered, expired,
 * {@code alg=none} tokens), mass assignment of output-only and privileged fields, unrestricted resource use (oversized
 * and deeply nested bodies, page sizes), injection strings, and error bodies that leak internals. The walks over
 * "every operation" take their list from the gateway's own OpenAPI document, so a new RPC is covered without an edit.
 * Tokens are real Keycloak tokens; only the bad ones are minted.
 */
@EndToEnd
class AbuseIT {

    private static final String HARBOR_HOUSE = DemoRealm.HARBOR_HOUSE;
    private static final String EMERGENCY_SHELTER = "housing.emergency-shelter";

    private static RestSurface surface;
    private static Api api;
    /** Resources of several organisations, made by their own users, that the attacks aim at. */
    private static Map<String, String> ids;

    @BeforeAll
    static void createTargets(Http gateway, Keycloak keycloak) {
        surface = RestSurface.of(gateway);
        api = new Api(gateway, keycloak);
        ids = new LinkedHashMap<>();
        ids.put("consent", created(api.post("caseworker", "/api/v1/consents", consentJson()), "consent", "id"));
        ids.put("consentName", "consents/" + ids.get("consent"));
        ids.put("referral", created(api.post("caseworker", "/api/v1/referrals", referralJson(ids.get("consentName"), "{}")),
                "referral", "id"));
        ids.put("offer", created(api.post("church-admin", "/api/v1/offers", offerJson("Blankets " + UUID.randomUUID())),
                "offer", "id"));
        ids.put("claim", created(api.post("shelter-admin", "/api/v1/offers/" + ids.get("offer") + ":claim",
                "{\"quantity\": 1}"), "claim", "id"));
        ids.put("need", created(api.post("shelter-admin", "/api/v1/needs", needJson()), "need", "id"));
        ids.put("training", created(api.post("trainer", "/api/v1/trainings", trainingJson()), "training", "id"));
        ids.put("booking", created(api.post("school-admin", "/api/v1/trainings/" + ids.get("training") + "/bookings",
                "{\"preferredDates\": [" + date(LocalDate.now(ZoneOffset.UTC).plusDays(20)) + "],"
                        + " \"audience\": \"TRAINING_AUDIENCE_TEACHERS\", \"expectedParticipants\": 12}"),
                "booking", "id"));
        ids.put("check", created(api.post("caseworker", "/api/v1/capacityChecks", """
                {"capacityCheck": {"needs": ["%s"], "ageRange": {"minAge": 25, "maxAge": 34}, "languages": ["en"],
                                   "urgency": "URGENCY_ROUTINE", "askedPartners": ["%s"]}}
                """.formatted(EMERGENCY_SHELTER, HARBOR_HOUSE)), "capacityCheck", "name").replace("capacityChecks/", ""));
        JsonNode harbor = api.get("coordinator", "/api/v1/partners/" + HARBOR_HOUSE).json().get("partner");
        ids.put("harborService", harbor.get("services").get(0).get("id").asString());
        ids.put("harborVersion", harbor.get("version").asString());
    }

    // ---- broken authentication: every operation ----

    @Test
    void everyOperationRefusesAMissingOrInvalidToken(Keycloak keycloak) {
        Jwt real = Jwt.parse(keycloak.token("caseworker"));
        ObjectNode expired = real.claimsCopy();
        expired.put("iat", Instant.now().minusSeconds(3600).getEpochSecond());
        expired.put("exp", Instant.now().minusSeconds(1800).getEpochSecond());
        ObjectNode escalated = real.claimsCopy();
        escalated.putObject("realm_access").putArray("roles").add("coordinator");
        escalated.put("org_id", HARBOR_HOUSE);
        ObjectNode none = Jwt.object();
        none.put("alg", "none");
        none.put("typ", "JWT");
        String unsigned = real.withHeader(none).withClaims(escalated).compact();
        KeyPair stranger = Keycloak.newRsaKeyPair();
        Map<String, String> badTokens = new LinkedHashMap<>();
        badTokens.put("no token", null);
        badTokens.put("not a JWT", "not-a-token");
        badTokens.put("tampered claims", real.withClaims(escalated).compact());
        badTokens.put("expired", keycloak.signAsRealm(real.withClaims(expired)));
        badTokens.put("alg=none", unsigned.substring(0, unsigned.lastIndexOf('.') + 1));
        badTokens.put("another key", real.withClaims(escalated).signRs256(stranger.getPrivate()));

        SoftAssertions softly = new SoftAssertions();
        for (RestSurface.Operation operation : surface.operations()) {
            String path = operation.pathToNothing();
            for (Map.Entry<String, String> bad : badTokens.entrySet()) {
                Http.Response response = api.once(operation.method(), path, bad.getValue(),
                        operation.mutates() ? "{}" : null, null);
                softly.assertThat(response.status()).as("%s with %s: %s", operation, bad.getKey(), response)
                        .isEqualTo(401);
                softly.assertThat(Api.showsStackTrace(response)).as("%s: stack trace in %s", operation, response)
                        .isFalse();
            }
        }
        softly.assertAll();
    }

    // ---- broken object- and function-level authorisation ----

    @Test
    void anotherOrganisationOrALowerRoleIsRefusedAndNothingChanges() {
        String referral = "/api/v1/referrals/" + ids.get("referral");
        String consent = "/api/v1/consents/" + ids.get("consent");
        String offer = "/api/v1/offers/" + ids.get("offer");
        String claim = "/api/v1/claims/" + ids.get("claim");
        String booking = "/api/v1/bookings/" + ids.get("booking");
        String check = "/api/v1/capacityChecks/" + ids.get("check");
        String harbor = "/api/v1/partners/" + HARBOR_HOUSE;
        Map<String, Supplier<JsonNode>> owners = new LinkedHashMap<>();
        owners.put("referral", () -> read("caseworker", referral));
        owners.put("consent", () -> read("caseworker", consent));
        owners.put("offer", () -> read("church-admin", offer));
        owners.put("claims", () -> read("church-admin", "/api/v1/claims?pageSize=100"));
        owners.put("booking", () -> read("school-admin", booking));
        owners.put("check", () -> read("caseworker", check));
        owners.put("partner", () -> read("coordinator", harbor));
        Map<String, JsonNode> before = new LinkedHashMap<>();
        owners.forEach((name, reader) -> before.put(name, reader.get()));

        // who, method, path, body: each must be refused (403 or 404), never done
        List<String[]> attempts = new ArrayList<>();
        // a referral between Bridgeway (sender) and Harbor House (recipient), seen from Northside and Grace Church
        // bodies are valid, so that who asks is the only reason to refuse
        String reason = "{\"reason\": \"abuse suite\"}";
        for (String action : List.of(":accept", ":start", ":complete")) {
            attempts.add(new String[] {"business-admin", "POST", referral + action, "{}"});
        }
        for (String action : List.of(":decline", ":fail", ":cancel")) {
            attempts.add(new String[] {"business-admin", "POST", referral + action, reason});
        }
        attempts.add(new String[] {"business-admin", "POST", referral + ":forward", "{\"recipientPartner\": \""
                + DemoRealm.NORTHSIDE + "\", \"consent\": \"" + ids.get("consentName") + "\", \"reason\": \"x\"}"});
        for (String read : List.of("", "/disclosure", "/audit", "/audit:verify")) {
            attempts.add(new String[] {"business-admin", "GET", referral + read, null});
            attempts.add(new String[] {"church-admin", "GET", referral + read, null});
        }
        attempts.add(new String[] {"caseworker", "POST", referral + ":accept", "{}"});    // the sender cannot accept
        attempts.add(new String[] {"intake", "POST", referral + ":cancel", reason});        // the recipient cannot cancel
        attempts.add(new String[] {"caseworker", "GET", referral + "/audit", null});      // a lower role than partner-admin
        attempts.add(new String[] {"business-admin", "GET", consent, null});
        attempts.add(new String[] {"business-admin", "POST", consent + ":revoke", "{\"reason\": \"x\"}"});
        attempts.add(new String[] {"intake", "POST", consent + ":revoke", "{\"reason\": \"x\"}"}); // recipient, not sender
        // Grace Church's offer and the shelter's claim on it
        attempts.add(new String[] {"business-admin", "PATCH", offer + "?updateMask=title", "{\"title\": \"hijacked\"}"});
        attempts.add(new String[] {"shelter-admin", "PATCH", offer + "?updateMask=title", "{\"title\": \"hijacked\"}"});
        attempts.add(new String[] {"business-admin", "POST", offer + ":withdraw", "{}"});
        attempts.add(new String[] {"business-admin", "POST", claim + ":confirm", "{}"});
        attempts.add(new String[] {"business-admin", "POST", claim + ":refuse", "{}"});
        attempts.add(new String[] {"shelter-admin", "POST", claim + ":confirm", "{}"});   // the claimant cannot confirm
        // Lincoln High's booking of Safe Passage's training
        attempts.add(new String[] {"business-admin", "GET", booking, null});
        attempts.add(new String[] {"business-admin", "POST", booking + ":decline", "{\"reason\": \"x\"}"});
        attempts.add(new String[] {"school-admin", "POST", booking + ":confirm",           // the school cannot confirm
                "{\"date\": " + date(LocalDate.now(ZoneOffset.UTC).plusDays(20)) + "}"});
        // Bridgeway's capacity check that asked Harbor House
        attempts.add(new String[] {"business-admin", "GET", check, null});
        attempts.add(new String[] {"business-admin", "POST", check + "/answers", "{\"answer\": \"CAPACITY_ANSWER_KIND_CAPACITY\"}"});
        // Harbor House's directory entry: another organisation, and lower roles than the one each action needs
        String update = "{\"description\": \"hijacked\", \"version\": \"" + ids.get("harborVersion") + "\"}";
        attempts.add(new String[] {"church-admin", "PATCH", harbor + "?updateMask=description", update});
        attempts.add(new String[] {"intake", "PATCH", harbor + "?updateMask=description", update});
        attempts.add(new String[] {"shelter-admin", "POST", harbor + ":approve", "{}"});
        attempts.add(new String[] {"shelter-admin", "POST", harbor + ":suspend", reason});
        attempts.add(new String[] {"shelter-admin", "POST", harbor + ":archive", reason});
        attempts.add(new String[] {"church-admin", "POST", harbor + "/members",
                "{\"email\": \"someone@example.org\", \"role\": \"MEMBER_ROLE_INTAKE\"}"});
        String capacity = harbor + "/services/" + ids.get("harborService") + "/capacity";
        String noBeds = "{\"status\": \"CAPACITY_STATUS_NO_CAPACITY\", \"available\": 0}";
        attempts.add(new String[] {"church-admin", "PUT", capacity, noBeds});
        attempts.add(new String[] {"caseworker", "PUT", capacity, noBeds});
        attempts.add(new String[] {"church-admin", "POST", "/api/v1/hsds:import", "{\"organizations\": [], \"services\": []}"});
        attempts.add(new String[] {"church-admin", "GET", "/api/v1/hsds:export", null});

        SoftAssertions softly = new SoftAssertions();
        for (String[] a : attempts) {
            Http.Response response = api.call(a[1], a[2], api.token(a[0]), a[3]);
            softly.assertThat(response.status()).as("%s %s as %s: %s", a[1], a[2], a[0], response).isIn(403, 404);
            softly.assertThat(Api.showsStackTrace(response)).as("stack trace: %s", response).isFalse();
        }
        owners.forEach((name, reader) -> softly.assertThat(reader.get()).as("the %s, read back", name)
                .isEqualTo(before.get(name)));
        softly.assertAll();
    }

    @Test
    void listsShowAnotherOrganisationNoneOfItsObjects() {
        for (String box : List.of("BOX_INBOX", "BOX_OUTBOX")) {
            Http.Response list = api.get("business-admin", "/api/v1/referrals?pageSize=100&box=" + box);
            assertThat(list.status()).as(list.toString()).isIn(200, 403);
            assertThat(list.body()).doesNotContain(ids.get("referral"));
        }
        Http.Response claims = api.get("business-admin", "/api/v1/claims?pageSize=100");
        assertThat(claims.status()).as(claims.toString()).isIn(200, 403);
        assertThat(claims.body()).doesNotContain(ids.get("claim"));
        Http.Response bookings = api.get("business-admin", "/api/v1/bookings?pageSize=100");
        assertThat(bookings.status()).as(bookings.toString()).isIn(200, 403);
        assertThat(bookings.body()).doesNotContain(ids.get("booking"));
    }

    // ---- mass assignment: output-only and privileged fields are refused naming the field, or not stored ----

    @Test
    void aReferralCannotBeCreatedWithTheSenderStateOrIdsTheAttackerChooses() {
        String chosenId = UUID.randomUUID().toString();
        String privileged = """
                "id": "%s", "name": "referrals/%s", "networkId": "evil", "senderPartner": "%s", "senderUser": "x",
                "state": "REFERRAL_STATE_ACCEPTED", "version": "99", "disclosureShredded": true,
                "forwardedFrom": "%s", "createTime": "2001-01-01T00:00:00Z", """.formatted(chosenId, chosenId,
                DemoRealm.NORTHSIDE, UUID.randomUUID());
        Http.Response response = api.post("caseworker", "/api/v1/referrals",
                referralJson(ids.get("consentName"), "{" + privileged.strip().replaceAll(",$", "") + "}"));

        refusedNamingOrNotStored(response, List.of("id", "name", "network_id", "networkId", "sender_partner",
                "senderPartner", "sender_user", "senderUser", "state", "version", "disclosure_shredded",
                "disclosureShredded", "forwarded_from", "forwardedFrom", "create_time", "createTime"), () -> {
            JsonNode stored = read("caseworker", "/api/v1/referrals/" + response.json().get("referral").get("id").asString())
                    .get("referral");
            assertThat(stored.get("id").asString()).isNotEqualTo(chosenId);
            assertThat(stored.get("senderPartner").asString()).isEqualTo(DemoRealm.BRIDGEWAY);
            assertThat(stored.get("state").asString()).isEqualTo("REFERRAL_STATE_SENT");
            assertThat(stored.path("networkId").asString()).isNotEqualTo("evil");
            assertThat(stored.path("version").asString("1")).isNotEqualTo("99");
            assertThat(stored.path("disclosureShredded").asBoolean(false)).isFalse();
            assertThat(stored.path("forwardedFrom").asString("")).isEmpty();
            assertThat(stored.get("createTime").asString()).doesNotStartWith("2001");
        });
    }

    @Test
    void aConsentCannotBeCreatedRevokedOrForAnotherSender() {
        ObjectNode consent = (ObjectNode) tools.jackson.databind.json.JsonMapper.builder().build().readTree(consentJson());
        consent.put("id", UUID.randomUUID().toString());
        consent.put("senderPartner", DemoRealm.NORTHSIDE);
        consent.put("recordedBy", "someone-else");
        consent.put("state", "CONSENT_STATE_REVOKED");
        consent.put("revokedBy", "someone-else");
        Http.Response response = api.post("caseworker", "/api/v1/consents", consent.toString());

        refusedNamingOrNotStored(response, List.of("id", "sender_partner", "senderPartner", "recorded_by", "recordedBy",
                "state", "revoked_by", "revokedBy"), () -> {
            JsonNode stored = read("caseworker", "/api/v1/consents/" + response.json().get("consent").get("id").asString())
                    .get("consent");
            assertThat(stored.get("id").asString()).isNotEqualTo(consent.get("id").asString());
            assertThat(stored.get("senderPartner").asString()).isEqualTo(DemoRealm.BRIDGEWAY);
            assertThat(stored.get("state").asString()).isEqualTo("CONSENT_STATE_ACTIVE");
            assertThat(stored.path("recordedBy").asString("")).isNotEqualTo("someone-else");
            assertThat(stored.path("revokedBy").asString("")).isEmpty();
        });
    }

    @Test
    void anOfferCannotBeCreatedForAnotherPosterOrWithItsStatusOrRemainingQuantity() {
        ObjectNode offer = (ObjectNode) tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(offerJson("Mass assignment " + UUID.randomUUID()));
        String chosenId = UUID.randomUUID().toString();
        offer.put("id", chosenId);
        offer.put("networkId", "evil");
        offer.put("poster", HARBOR_HOUSE);
        offer.put("remainingQuantity", "999");
        offer.put("status", "RESOURCE_STATUS_FULFILLED");
        offer.put("createTime", "2001-01-01T00:00:00Z");
        Http.Response response = api.post("church-admin", "/api/v1/offers", offer.toString());

        refusedNamingOrNotStored(response, List.of("id", "network_id", "networkId", "poster", "remaining_quantity",
                "remainingQuantity", "status", "create_time", "createTime"), () -> {
            JsonNode stored = read("church-admin", "/api/v1/offers/" + response.json().get("offer").get("id").asString())
                    .get("offer");
            assertThat(stored.get("id").asString()).isNotEqualTo(chosenId);
            assertThat(stored.get("poster").asString()).isEqualTo(DemoRealm.GRACE_CHURCH);
            assertThat(stored.get("remainingQuantity").asString()).isEqualTo(stored.get("quantity").asString());
            assertThat(stored.get("status").asString()).isEqualTo("RESOURCE_STATUS_OPEN");
            assertThat(stored.get("networkId").asString()).isNotEqualTo("evil");
            assertThat(stored.get("createTime").asString()).doesNotStartWith("2001");
        });
    }

    @Test
    void aPartnerCannotBeRegisteredActiveOrVerified() {
        Http.Response response = api.post("coordinator", "/api/v1/partners", """
                {"partner": {"name": "Mass Assignment Pantry %s", "kind": "PARTNER_KIND_FAITH_BASED",
                             "description": "x", "networkId": "evil", "status": "PARTNER_STATUS_ACTIVE",
                             "verification": {"verifiedBy": "attacker", "verifyTime": "2001-01-01T00:00:00Z"},
                             "version": "42", "createTime": "2001-01-01T00:00:00Z"}}
                """.formatted(UUID.randomUUID()));

        refusedNamingOrNotStored(response, List.of("network_id", "networkId", "status", "verification", "version",
                "create_time", "createTime"), () -> {
            JsonNode stored = read("coordinator", "/api/v1/partners/" + response.json().get("partner").get("id").asString())
                    .get("partner");
            assertThat(stored.get("status").asString()).isEqualTo("PARTNER_STATUS_PENDING");
            assertThat(stored.path("verification").path("verifiedBy").asString("")).isNotEqualTo("attacker");
            assertThat(stored.get("networkId").asString()).isNotEqualTo("evil");
            assertThat(stored.get("version").asString()).isNotEqualTo("42");
            assertThat(stored.get("createTime").asString()).doesNotStartWith("2001");
        });
    }

    @Test
    void anUpdateMaskCannotNameAPrivilegedField() {
        JsonNode before = read("coordinator", "/api/v1/partners/" + HARBOR_HOUSE);
        for (String field : List.of("status", "verification", "id", "network_id", "version", "create_time")) {
            Http.Response response = api.call("PATCH", "/api/v1/partners/" + HARBOR_HOUSE + "?updateMask=" + field,
                    api.token("shelter-admin"), """
                    {"status": "PARTNER_STATUS_SUSPENDED", "verification": {"verifiedBy": "attacker"},
                     "id": "%s", "networkId": "evil", "version": "%s", "createTime": "2001-01-01T00:00:00Z"}
                    """.formatted(UUID.randomUUID(), before.get("partner").get("version").asString()));
            assertThat(response.status()).as("updateMask=%s: %s", field, response).isEqualTo(400);
            assertThat(violatedFields(response)).as("updateMask=%s: %s", field, response).contains("update_mask");
        }
        Http.Response offer = api.call("PATCH", "/api/v1/offers/" + ids.get("offer") + "?updateMask=poster,status,remaining_quantity",
                api.token("church-admin"), "{\"poster\": \"" + HARBOR_HOUSE + "\", \"status\": \"RESOURCE_STATUS_FULFILLED\","
                        + " \"remainingQuantity\": \"999\"}");
        assertThat(offer.status()).as(offer.toString()).isEqualTo(400);
        assertThat(read("coordinator", "/api/v1/partners/" + HARBOR_HOUSE)).isEqualTo(before);
        JsonNode storedOffer = read("church-admin", "/api/v1/offers/" + ids.get("offer")).get("offer");
        assertThat(storedOffer.get("poster").asString()).isEqualTo(DemoRealm.GRACE_CHURCH);
        assertThat(storedOffer.get("remainingQuantity").asString()).isNotEqualTo("999");
    }

    @Test
    void aBookingCannotBeCreatedConfirmedOrForAnotherSchool() {
        Http.Response response = api.post("school-admin", "/api/v1/trainings/" + ids.get("training") + "/bookings", """
                {"preferredDates": [%s], "audience": "TRAINING_AUDIENCE_TEACHERS", "school": "%s", "trainer": "%s",
                 "status": "BOOKING_STATUS_CONFIRMED", "confirmedDate": %s, "feedback": {"rating": 5}}
                """.formatted(date(LocalDate.now(ZoneOffset.UTC).plusDays(30)), DemoRealm.GRACE_CHURCH,
                DemoRealm.NORTHSIDE, date(LocalDate.now(ZoneOffset.UTC).plusDays(30))));

        refusedNamingOrNotStored(response, List.of("school", "trainer", "status", "confirmed_date", "confirmedDate",
                "feedback"), () -> {
            JsonNode stored = read("school-admin", "/api/v1/bookings/" + response.json().get("booking").get("id").asString())
                    .get("booking");
            assertThat(stored.get("school").asString()).isEqualTo("01900000-0000-7000-8000-000000000003");
            assertThat(stored.get("trainer").asString()).isEqualTo(DemoRealm.SAFE_PASSAGE);
            assertThat(stored.get("status").asString()).isEqualTo("BOOKING_STATUS_REQUESTED");
            assertThat(stored.has("confirmedDate")).isFalse();
            assertThat(stored.has("feedback")).isFalse();
        });
    }

    // ---- unrestricted resource consumption and malformed bodies: every operation with a body ----

    @Test
    void anOversizedBodyIsRefusedWith413OnEveryOperationThatTakesOne(Platform platform, Keycloak keycloak)
            throws IOException {
        byte[] huge = ("{\"x\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        SoftAssertions softly = new SoftAssertions();
        for (RestSurface.Operation operation : surface.operations()) {
            if (operation.bodySchema() != null) {
                String statusLine = Api.sendLikeCurl(platform.gatewayPort, operation.method(), operation.pathToNothing(),
                        keycloak.token("church-admin"), huge);
                softly.assertThat(statusLine).as(operation.toString()).startsWith("HTTP/1.1 413");
            }
        }
        softly.assertAll();
    }

    @Test
    void deeplyNestedOrSplicedBodiesAreRefusedWith400OnEveryOperationThatTakesOne() {
        String nestedObjects = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);
        String nestedArrays = "[".repeat(50_000) + "]".repeat(50_000);
        String nestedInAField = "{\"title\":" + "{\"b\":".repeat(300) + "1" + "}".repeat(300) + "}";
        String twoValues = "{} {}";
        String spliced = "{}, \"requestId\": \"spliced\"";
        SoftAssertions softly = new SoftAssertions();
        for (RestSurface.Operation operation : surface.operations()) {
            if (operation.bodySchema() == null) {
                continue;
            }
            for (String body : List.of(nestedObjects, nestedArrays, nestedInAField, twoValues, spliced)) {
                Http.Response response = api.call(operation.method(), operation.pathToNothing(),
                        api.token("church-admin"), body);
                String shown = body.length() > 40 ? body.substring(0, 40) + "…" : body;
                softly.assertThat(response.status()).as("%s with %s: %s", operation, shown, response).isEqualTo(400);
                softly.assertThat(Api.showsStackTrace(response)).as("stack trace: %s", response).isFalse();
            }
        }
        softly.assertAll();
    }

    @Test
    void controlCharactersAndOddEncodingsInTheUrlAreA400NotA500() {
        SoftAssertions softly = new SoftAssertions();
        for (String query : List.of("query=%00", "query=a%0Ab", "query=%E2%80%AE", "query=%7F", "%00=x", "query=%25%32%66")) {
            Http.Response response = api.call("GET", "/api/v1/services:search?" + query, api.token("caseworker"), null);
            softly.assertThat(response.status()).as("?%s: %s", query, response).isIn(200, 400);
            softly.assertThat(Api.showsStackTrace(response)).as("stack trace: %s", response).isFalse();
        }
        for (String segment : List.of("%2e%2e", "a%2Fb", "a%00b", "a%5Cb", "a;b=c", "%252e")) {
            Http.Response response = api.call("GET", "/api/v1/partners/" + segment, api.token("caseworker"), null);
            softly.assertThat(response.status()).as("/api/v1/partners/%s: %s", segment, response).isIn(400, 404);
        }
        softly.assertAll();
    }

    // ---- validation: page sizes, radii and coordinates, on every operation that takes them ----

    @Test
    void pageSizesOutOfRangeAreRefusedNamingTheField() {
        SoftAssertions softly = new SoftAssertions();
        int checked = 0;
        for (RestSurface.Operation operation : surface.operations()) {
            if (!operation.hasQuery("pageSize") || operation.streaming()) {
                continue;
            }
            checked++;
            for (String size : List.of("-1", "-2147483648", "2147483648", "1e3", "ten")) {
                Http.Response response = api.call("GET", operation.pathToNothing() + "?pageSize=" + size,
                        api.token("coordinator"), null);
                softly.assertThat(response.status()).as("%s pageSize=%s: %s", operation, size, response).isIn(400, 404);
                if (response.status() == 400) {
                    softly.assertThat(violatedFields(response)).as("%s pageSize=%s: %s", operation, size, response)
                            .containsAnyOf("pageSize", "page_size");
                }
            }
            // above the maximum: refused naming the field, or coerced to the maximum (AIP-158); never an error
            Http.Response large = api.call("GET", operation.pathToNothing() + "?pageSize=1000000",
                    api.token("coordinator"), null);
            softly.assertThat(large.status()).as("%s pageSize=1000000: %s", operation, large).isIn(200, 400, 403, 404);
        }
        assertThat(checked).as("list operations with pageSize").isGreaterThan(5);
        softly.assertAll();
    }

    @Test
    void radiiAndCoordinatesOutOfRangeAreRefusedNamingTheField() {
        Map<String, List<String>> outOfRange = Map.of(
                "radiusKm", List.of("-1", "100000", "NaN"),
                "lat", List.of("91", "-90.5", "NaN"), "latitude", List.of("91", "-90.5", "NaN"),
                "lng", List.of("181", "-180.5", "Infinity"), "longitude", List.of("181", "-180.5", "Infinity"));
        Map<String, String> inRange = Map.of("radiusKm", "10", "lat", "41.5", "latitude", "41.5", "lng", "-81.7",
                "longitude", "-81.7");
        SoftAssertions softly = new SoftAssertions();
        int checked = 0;
        for (RestSurface.Operation operation : surface.operations()) {
            if (operation.streaming()) {
                continue;
            }
            List<RestSurface.Parameter> geo = operation.queryParameters().stream()
                    .filter(p -> outOfRange.containsKey(lastSegment(p.name()))).toList();
            for (RestSurface.Parameter target : geo) {
                for (String value : outOfRange.get(lastSegment(target.name()))) {
                    StringBuilder query = new StringBuilder();
                    for (RestSurface.Parameter p : geo) {
                        String v = p == target ? value : inRange.get(lastSegment(p.name()));
                        query.append(query.isEmpty() ? "?" : "&").append(p.name()).append('=').append(v);
                    }
                    checked++;
                    Http.Response response = api.call("GET", pathToTarget(operation) + query, api.token("caseworker"),
                            null);
                    softly.assertThat(response.status()).as("%s%s: %s", operation, query, response).isEqualTo(400);
                    softly.assertThat(violatedFields(response).stream().map(AbuseIT::normalised).toList())
                            .as("%s%s names %s: %s", operation, query, target.name(), response)
                            .contains(normalised(target.name()));
                }
            }
        }
        assertThat(checked).as("geo parameters found in the API").isGreaterThan(5);
        softly.assertAll();
    }

    // ---- injection: text stays text ----

    @Test
    void injectionStringsInQueryTextNeverFailAndNeverMatchEverything() {
        List<String> injections = List.of(".*", "$where", "{\"$gt\":\"\"}", "'; DROP TABLE partners; --",
                "<script>alert(1)</script>", "*", "\\", "((((");
        SoftAssertions softly = new SoftAssertions();
        int compared = 0;
        for (RestSurface.Operation operation : surface.operations()) {
            if (operation.streaming() || operation.mutates() || !operation.pathParameters().isEmpty()) {
                continue;
            }
            List<RestSurface.Parameter> text = operation.queryParameters().stream()
                    .filter(p -> isFreeText(p.schema())).toList();
            if (text.isEmpty()) {
                continue;
            }
            Http.Response unfiltered = api.call("GET", operation.path() + "?pageSize=100", api.token("coordinator"), null);
            Integer all = unfiltered.status() == 200 ? itemCount(unfiltered.json()) : null;
            for (RestSurface.Parameter parameter : text) {
                for (String injection : injections) {
                    String query = "?pageSize=100&" + parameter.name() + "="
                            + URLEncoder.encode(injection, StandardCharsets.UTF_8).replace("+", "%20");
                    Http.Response response = api.call("GET", operation.path() + query, api.token("coordinator"), null);
                    softly.assertThat(response.status()).as("%s%s: %s", operation, query, response).isLessThan(500);
                    softly.assertThat(Api.showsStackTrace(response)).as("stack trace: %s", response).isFalse();
                    // the free-text query and the filters narrow a list; language or order_by do not
                    boolean narrows = parameter.name().equals("query") || parameter.name().startsWith("filter.");
                    if (narrows && response.status() == 200 && all != null && all > 0) {
                        compared++;
                        softly.assertThat(itemCount(response.json())).as("%s%s: not everything", operation, query)
                                .isLessThan(all);
                    }
                }
            }
        }
        assertThat(compared).as("filtered lists compared with unfiltered ones").isPositive();
        softly.assertAll();
    }

    @Test
    void injectionStringsInBodyTextAreStoredAsText() {
        for (String injection : List.of("{\"$gt\":\"\"}", "'; DROP TABLE offers; --", "<script>alert(1)</script>",
                "$where .*")) {
            String title = injection + " " + UUID.randomUUID();
            Http.Response response = api.post("church-admin", "/api/v1/offers", offerJson(title));
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            String id = response.json().get("offer").get("id").asString();
            assertThat(read("church-admin", "/api/v1/offers/" + id).get("offer").get("title").asString()).isEqualTo(title);
        }
        // an operator object where an id is expected is a bad id, not a match on every poster
        Http.Response filtered = api.call("GET", "/api/v1/offers?pageSize=100&filter.poster="
                + URLEncoder.encode("{\"$gt\":\"\"}", StandardCharsets.UTF_8), api.token("church-admin"), null);
        assertThat(filtered.status()).as(filtered.toString()).isIn(200, 400);
        if (filtered.status() == 200) {
            assertThat(itemCount(filtered.json())).as(filtered.toString()).isZero();
        }
    }

    // ---- server-side request forgery: webhooks never point inside ----

    @Test
    void webhookUrlsAtLoopbackLinkLocalMetadataOrPrivateAddressesAreRefusedNamingTheField() {
        List<String> inside = List.of("https://127.0.0.1/hook", "https://localhost/hook", "https://[::1]/hook",
                "https://127.1/hook", "https://2130706433/hook", "https://0.0.0.0/hook", "https://[::ffff:127.0.0.1]/hook",
                "https://169.254.169.254/latest/meta-data/", "https://[fe80::1]/hook",
                "https://metadata.google.internal/computeMetadata/v1/", "https://10.0.0.5/hook",
                "https://172.16.0.1/hook", "https://192.168.1.1/hook", "https://[fd00::1]/hook",
                "http://example.org/hook", "https://user:secret@example.org/hook");
        SoftAssertions softly = new SoftAssertions();
        for (String url : inside) {
            Http.Response response = api.post("shelter-admin", "/api/v1/webhooks",
                    "{\"webhook\": {\"url\": \"" + url + "\"}}");
            softly.assertThat(response.status()).as("%s: %s", url, response).isEqualTo(400);
            softly.assertThat(violatedFields(response)).as("%s: %s", url, response).contains("webhook.url");
            softly.assertThat(Api.showsStackTrace(response)).as("stack trace: %s", response).isFalse();
        }
        Http.Response registered = api.get("shelter-admin", "/api/v1/webhooks?pageSize=100");
        softly.assertThat(registered.status()).as(registered.toString()).isEqualTo(200);
        for (String url : inside) {
            softly.assertThat(registered.body()).as("none of them registered").doesNotContain(url.replace("/", "\\/"))
                    .doesNotContain("\"" + url + "\"");
        }
        softly.assertAll();
    }

    // ---- helpers ----

    /**
     * Mass assignment is handled when the request is refused with a 400 that names one of the fields, or when it
     * succeeds and what is stored does not carry the attacker's values (the check reads it back).
     */
    private static void refusedNamingOrNotStored(Http.Response response, List<String> fields, Runnable storedCheck) {
        Api.assertNoStackTrace(response, "create");
        if (response.status() == 400) {
            assertThat(violatedFields(response).stream().map(f -> f.substring(f.lastIndexOf('.') + 1)).toList())
                    .as("a refusal names the field: %s", response).containsAnyElementsOf(fields);
            return;
        }
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        storedCheck.run();
    }

    private static List<String> violatedFields(Http.Response response) {
        List<String> fields = new ArrayList<>();
        if (response.body() == null || !response.body().startsWith("{")) {
            return fields;
        }
        for (JsonNode detail : response.json().path("details")) {
            for (JsonNode violation : detail.path("fieldViolations")) {
                fields.add(violation.path("field").asString());
            }
        }
        return fields;
    }

    private static JsonNode read(String user, String path) {
        Http.Response response = api.get(user, path);
        assertThat(response.status()).as("GET %s as %s: %s", path, user, response).isEqualTo(200);
        return response.json();
    }

    private static String created(Http.Response response, String resource, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get(resource).get(field).asString();
    }

    /** The length of the first list in a list or search response. */
    private static int itemCount(JsonNode response) {
        for (Map.Entry<String, JsonNode> field : response.properties()) {
            if (field.getValue().isArray()) {
                return field.getValue().size();
            }
        }
        return 0;
    }

    private boolean isFreeText(JsonNode schema) {
        JsonNode resolved = surface.resolve(schema);
        if (resolved.path("type").asString("").equals("array")) {
            resolved = surface.resolve(resolved.path("items"));
        }
        return resolved.path("type").asString("").equals("string") && !resolved.has("enum")
                && !resolved.has("format");
    }

    /** The operation's path with the suite's own resources in its variables ({offer}, {need}, ...) where it has one. */
    private static String pathToTarget(RestSurface.Operation operation) {
        return operation.concretePath(name -> ids.getOrDefault(name.replace(".id", ""), UUID.randomUUID().toString()));
    }

    private static String lastSegment(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** {@code filter.radiusKm} and {@code filter.radius_km} alike. */
    private static String normalised(String field) {
        return lastSegment(field).replace("_", "").toLowerCase();
    }

    private static String consentJson() {
        return """
                {"clientId": "e2e-abuse-%s", "method": "CONSENT_METHOD_WRITTEN",
                 "recipientPartners": ["%s"], "purposes": ["%s"],
                 "categories": ["DATA_CATEGORY_IDENTITY", "DATA_CATEGORY_NEEDS"],
                 "expireTime": "%s", "language": "en"}
                """.formatted(UUID.randomUUID(), HARBOR_HOUSE, EMERGENCY_SHELTER,
                Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS));
    }

    /** A referral to Harbor House; {@code extra} is an object whose fields are added to the referral. */
    private static String referralJson(String consentName, String extra) {
        String more = extra.strip().equals("{}") ? "" : extra.strip().substring(1, extra.strip().length() - 1) + ",";
        return """
                {"referral": {%s "recipientPartner": "%s", "requestedServices": ["%s"], "urgency": "URGENCY_ROUTINE",
                              "summary": {"ageRange": {"minAge": 25, "maxAge": 34}, "languages": ["en"],
                                          "needs": ["%s"]},
                              "consent": "%s"},
                 "disclosure": {"needs": {"notes": "abuse test"}}}
                """.formatted(more, HARBOR_HOUSE, EMERGENCY_SHELTER, EMERGENCY_SHELTER, consentName);
    }

    private static String offerJson(String title) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return """
                {"kind": "RESOURCE_KIND_GOODS", "title": %s, "description": "Abuse suite.",
                 "quantity": "5", "unit": "boxes", "location": {"latitude": 41.4993, "longitude": -81.6944},
                 "area": "Riverton", "radiusKm": 25,
                 "window": {"startTime": "%s", "endTime": "%s"}}
                """.formatted(tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(title),
                now.plus(1, ChronoUnit.HOURS), now.plus(30, ChronoUnit.DAYS));
    }

    private static String needJson() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return """
                {"kind": "RESOURCE_KIND_GOODS", "title": "Blankets %s", "description": "Abuse suite.",
                 "quantity": "3", "unit": "boxes", "location": {"latitude": 41.4993, "longitude": -81.6944},
                 "area": "Riverton", "radiusKm": 25,
                 "window": {"startTime": "%s", "endTime": "%s"}}
                """.formatted(UUID.randomUUID(), now.plus(1, ChronoUnit.HOURS), now.plus(30, ChronoUnit.DAYS));
    }

    private static String trainingJson() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return """
                {"title": "Abuse suite training %s", "description": "For teachers.",
                 "audiences": ["TRAINING_AUDIENCE_TEACHERS"], "format": "TRAINING_FORMAT_IN_PERSON", "languages": ["en"],
                 "durationMinutes": 60, "areaCenter": {"latitude": 41.4993, "longitude": -81.6944}, "areaRadiusKm": 40,
                 "area": "Riverton", "availableFrom": %s, "availableUntil": %s}
                """.formatted(UUID.randomUUID(), date(today), date(today.plusDays(90)));
    }

    private static String date(LocalDate day) {
        return "{\"year\": %d, \"month\": %d, \"day\": %d}".formatted(day.getYear(), day.getMonthValue(),
                day.getDayOfMonth());
    }
}

package org.partnernet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The platform-wide scan: a referral flow through the gateway with recognisable personal data, including requests
 * that fail while carrying it, then every log the platform wrote in this run (gateway, each service, Keycloak) is
 * searched for that data, for the bearer tokens used and for the services' client secrets. Each service has its
 * own in-process scan too; this one also covers the gateway, the wiring between them and the real tokens.
 */
@EndToEnd
class PersonalDataInLogsIT {

    private static final String HARBOR_HOUSE = DemoRealm.HARBOR_HOUSE;
    private static final String EMERGENCY_SHELTER = "housing.emergency-shelter";

    @Test
    void noLogOfTheWholePlatformHoldsPersonalDataTokensOrSecrets(Platform platform, Http gateway, Keycloak keycloak)
            throws Exception {
        String unique = letters(10);
        String givenName = "Zerihun" + unique;
        String familyName = "Okonkwo" + unique;
        String phone = "+1-555-0" + ThreadLocalRandom.current().nextInt(100, 999) + "-" + unique.length();
        String note = "hiding from " + unique + " at the bus station";
        String clientId = "client-" + unique;
        String caseworker = keycloak.token("caseworker");
        String intake = keycloak.token("intake");

        String consent = post(gateway, caseworker, "/api/v1/consents", """
                {"clientId": "%s", "method": "CONSENT_METHOD_WRITTEN", "recipientPartners": ["%s"],
                 "purposes": ["%s"], "categories": ["DATA_CATEGORY_IDENTITY", "DATA_CATEGORY_CONTACT",
                 "DATA_CATEGORY_SAFETY"], "expireTime": "%s", "language": "en"}
                """.formatted(clientId, HARBOR_HOUSE, EMERGENCY_SHELTER,
                Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)), 200)
                .json().get("consent").get("id").asString();
        String disclosure = """
                {"identity": {"givenName": "%s", "familyName": "%s"}, "contact": {"phone": "%s"},
                 "safety": {"notes": "%s"}}""".formatted(givenName, familyName, phone, note);
        String referral = post(gateway, caseworker, "/api/v1/referrals", """
                {"referral": {"recipientPartner": "%s", "requestedServices": ["%s"], "urgency": "URGENCY_EMERGENCY",
                              "summary": {"languages": ["en"], "needs": ["%s"]}, "consent": "consents/%s"},
                 "disclosure": %s}
                """.formatted(HARBOR_HOUSE, EMERGENCY_SHELTER, EMERGENCY_SHELTER, consent, disclosure), 200)
                .json().get("referral").get("id").asString();
        post(gateway, intake, "/api/v1/referrals/" + referral + ":accept", "{}", 200);
        Http.Response read = gateway.get("/api/v1/referrals/" + referral + "/disclosure?purpose=intake", intake);
        assertThat(read.body()).contains(familyName);

        // failures whose requests carry the personal data: an unknown field, a category the consent lacks, a value
        // too long, a recipient the consent does not name, a malformed body
        refused(gateway, caseworker, "/api/v1/referrals", """
                {"referral": {"recipientPartner": "%s", "requestedServices": ["%s"], "urgency": "URGENCY_URGENT",
                              "summary": {"needs": ["%s"]}, "consent": "consents/%s", "survivorName": "%s"},
                 "disclosure": %s}
                """.formatted(HARBOR_HOUSE, EMERGENCY_SHELTER, EMERGENCY_SHELTER, consent, familyName, disclosure));
        refused(gateway, caseworker, "/api/v1/referrals", """
                {"referral": {"recipientPartner": "%s", "requestedServices": ["%s"], "urgency": "URGENCY_URGENT",
                              "summary": {"needs": ["%s"]}, "consent": "consents/%s"},
                 "disclosure": {"history": {"notes": "%s"}, "identity": {"givenName": "%s"}}}
                """.formatted(HARBOR_HOUSE, EMERGENCY_SHELTER, EMERGENCY_SHELTER, consent, note, givenName));
        refused(gateway, caseworker, "/api/v1/referrals/" + referral + ":cancel",
                "{\"reason\": \"" + (note + " ").repeat(40) + "\"}");
        refused(gateway, caseworker, "/api/v1/referrals", """
                {"referral": {"recipientPartner": "01900000-0000-7000-8000-000000000005", "requestedServices": ["%s"],
                              "urgency": "URGENCY_URGENT", "summary": {"needs": ["%s"]}, "consent": "consents/%s"},
                 "disclosure": %s}
                """.formatted(EMERGENCY_SHELTER, EMERGENCY_SHELTER, consent, disclosure));
        refused(gateway, caseworker, "/api/v1/consents", "{\"clientId\": \"" + familyName + "\", ");
        post(gateway, caseworker, "/api/v1/consents/" + consent + ":revoke", "{\"reason\": \"survivor request\"}", 200);

        Thread.sleep(1000); // the children's stdout reaches their log files
        List<String> secrets = new ArrayList<>(List.of(givenName, familyName, phone, note, unique, clientId,
                caseworker, intake, signature(caseworker), signature(intake)));
        for (String service : List.of("partner-directory", "resources-service", "referral-service",
                "partnernet-gateway")) {
            secrets.add("dev-" + service + "-secret");
        }
        List<Path> logs;
        try (Stream<Path> files = Files.list(platform.logDir())) {
            logs = files.filter(f -> f.toString().endsWith(".log")).sorted().toList();
        }
        assertThat(logs).as("the logs of the gateway, the services and Keycloak")
                .extracting(f -> f.getFileName().toString())
                .contains("gateway.log", "partner-directory.log", "resources-service.log", "referral-service.log");
        for (Path log : logs) {
            String text = read(log);
            for (String secret : secrets) {
                assertThat(text.contains(secret)).as("%s holds a secret or personal data (%s...)", log.getFileName(),
                        secret.substring(0, Math.min(6, secret.length()))).isFalse();
            }
        }
    }

    private static Http.Response post(Http gateway, String token, String path, String json, int expected) {
        Http.Response response = gateway.send(gateway.request(path)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
        assertThat(response.status()).as(path + " " + response).isEqualTo(expected);
        return response;
    }

    /** Refused with a 4xx, whichever the API gives for that mistake. */
    private static void refused(Http gateway, String token, String path, String json) {
        Http.Response response = gateway.send(gateway.request(path)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
        assertThat(response.status()).as(path + " " + response).isBetween(400, 499);
    }

    private static String read(Path log) throws IOException {
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }

    private static String signature(String jwt) {
        return jwt.substring(jwt.lastIndexOf('.') + 1);
    }

    private static String letters(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return s.toString();
    }
}

package org.partnernet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Faults under the real platform: a service killed with SIGKILL mid-stream, the database stopped under the services,
 * a neighbour that stops answering.
 * Each test puts the platform back as it found it (the killed process restarted on its ports and data), so the
 * classes after it run against a whole platform. The flood from one organisation is in {@link LimitsIT}.
 */
@EndToEnd
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {

    private static final String REFERRAL_SERVICE = "referral-service";
    /** The harness runs one embedded MongoDB-wire server process that every service's MONGODB_URI points at. */
    private static final String DATABASE = "mongo";
    private static final String EMERGENCY_SHELTER = "housing.emergency-shelter";
    private static final Duration FAIL_FAST = Duration.ofSeconds(5);
    private static final String DIRECTORY = "partner-directory";
    /** referral-service gives the directory 2 s (DIRECTORY_DEADLINE); the gateway gives referral-service 10 s. */
    private static final Duration FAIL_SLOW = Duration.ofSeconds(8);

    @Test
    @Order(1)
    void referralServiceKilledMidStreamLosesAndDuplicatesNothingWhenClientsRetryWithTheirKeys(
            Platform platform, Http gateway, Keycloak keycloak) throws Exception {
        Api api = new Api(gateway, keycloak);
        String consent = consent(api);
        int before = outbox(api).size();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            keys.add(UUID.randomUUID().toString());
        }
        Map<String, String> referralByKey = new ConcurrentHashMap<>();
        AtomicInteger answered = new AtomicInteger();

        // A stream of creates, four at a time; referral-service is killed once a few have gone through. The rest of
        // the stream goes out as the kill starts: a fast service answered all 24 before a kill issued after the
        // sixth answer landed, and the test then measured no fault at all.
        ExecutorService clients = Executors.newFixedThreadPool(4);
        CountDownLatch killing = new CountDownLatch(1);
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            boolean afterTheFirstSix = i >= 6;
            sent.add(clients.submit(() -> {
                if (afterTheFirstSix) {
                    killing.await();
                }
                Http.Response response = api.call("POST", "/api/v1/referrals", api.token("caseworker"),
                        referral(consent), key);
                if (response.status() == 200) {
                    referralByKey.put(key, response.json().get("referral").get("id").asString());
                }
                answered.incrementAndGet();
                return null;
            }));
        }
        int beforeRestart;
        boolean killed = false;
        try {
            awaitTrue(() -> answered.get() >= 6, Duration.ofSeconds(60), "6 creates answered before the kill");
            killing.countDown();
            platform.kill(REFERRAL_SERVICE);
            killed = true;
            for (Future<?> f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }
            clients.shutdown();
            beforeRestart = referralByKey.size();
            assertThat(beforeRestart).as("some creates failed while the service was dead").isLessThan(keys.size());
        } finally {
            killing.countDown();
            if (killed) {
                // put the platform back whatever happened, so one failure here does not fail every later test
                platform.restart(REFERRAL_SERVICE);
            }
        }

        // The client retries every key that got no answer, with the same key and body, until it gets one.
        for (String key : keys) {
            if (!referralByKey.containsKey(key)) {
                referralByKey.put(key, createUntilAccepted(api, consent, key));
            }
        }
        // A retry of a key that had succeeded returns the same referral, not a second one.
        for (String key : keys.subList(0, 3)) {
            assertThat(createUntilAccepted(api, consent, key)).as("replay of key %s", key).isEqualTo(referralByKey.get(key));
        }

        List<String> outbox = outbox(api);
        Set<String> ids = new HashSet<>(referralByKey.values());
        assertThat(ids).as("one referral per key").hasSize(keys.size());
        assertThat(outbox).as("every key's referral is stored").containsAll(ids);
        assertThat(outbox.size() - before).as("no referral created twice or without a key's answer").isEqualTo(keys.size());
        for (String id : ids) {
            Http.Response verified = api.get("ngo-admin", "/api/v1/referrals/" + id + "/audit:verify");
            assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
            assertThat(verified.json().path("intact").asBoolean()).as("audit chain of %s: %s", id, verified).isTrue();
        }
        System.out.printf("FaultsIT: %d of %d creates answered before the kill, all %d stored once after retries%n",
                beforeRestart, keys.size(), keys.size());
    }

    @Test
    @Order(2)
    void withTheDatabaseStoppedServicesAreNotServingAndFailFastThenRecoverWithoutARestart(
            Platform platform, Http gateway, Keycloak keycloak) throws Exception {
        Api api = new Api(gateway, keycloak);
        String consent = consent(api);
        int before = outbox(api).size();
        String key = UUID.randomUUID().toString();
        int grpcPort = platform.grpcPorts.get(REFERRAL_SERVICE);
        assertThat(health(grpcPort)).isEqualTo(ServingStatus.SERVING);

        platform.kill(DATABASE);
        try {
            awaitTrue(() -> health(grpcPort) == ServingStatus.NOT_SERVING, Duration.ofSeconds(30),
                    "referral-service's gRPC health NOT_SERVING with its database gone");

            // The harness runs one database process for all services; each request waits once for the driver's 2 s
            // server selection in referral-service, which answers UNAVAILABLE. A hang would be the gateway's 504 at 10 s.
            for (int i = 0; i < 3; i++) {
                // the token first: a Keycloak round trip is not the service's time to fail
                String caseworker = api.token("caseworker");
                Instant start = Instant.now();
                Http.Response list = api.call("GET", "/api/v1/referrals?box=BOX_OUTBOX", caseworker, null);
                Duration took = Duration.between(start, Instant.now());
                System.out.printf("FaultsIT: database down, list answered %d in %d ms%n", list.status(), took.toMillis());
                assertThat(list.status()).as("list with the database down: " + list).isEqualTo(503);
                assertThat(took).as("fails fast").isLessThan(FAIL_FAST);

                start = Instant.now();
                Http.Response create = api.call("POST", "/api/v1/referrals", caseworker, referral(consent), key);
                took = Duration.between(start, Instant.now());
                System.out.printf("FaultsIT: database down, create answered %d in %d ms%n", create.status(),
                        took.toMillis());
                assertThat(create.status()).as("create with the database down: " + create).isEqualTo(503);
                assertThat(took).as("fails fast").isLessThan(FAIL_FAST);
                Api.assertNoStackTrace(create, "create with the database down");
            }
        } finally {
            platform.restart(DATABASE);
        }

        // The same service process, never restarted, serves again once it sees its database.
        awaitTrue(() -> health(grpcPort) == ServingStatus.SERVING, Duration.ofSeconds(60),
                "referral-service's gRPC health SERVING again");
        List<String> afterOutage = outboxWhenServing(api);
        assertThat(afterOutage).as("nothing half-written by the failed creates").hasSize(before);
        String id = createUntilAccepted(api, consent, key);
        List<String> afterRetry = outbox(api);
        assertThat(afterRetry).hasSize(before + 1).contains(id);
        Http.Response verified = api.get("ngo-admin", "/api/v1/referrals/" + id + "/audit:verify");
        assertThat(verified.json().path("intact").asBoolean()).as(verified.toString()).isTrue();
    }

    /**
     * partner-directory frozen (SIGSTOP: its port takes connections, nothing answers). A create cannot check its
     * recipient, so it fails with 504 once referral-service's deadline on that call (2 s) has passed, long before
     * the gateway's own (10 s); nothing is stored; and each create asked the directory once: neither the gateway nor
     * the service retried a call that timed out.
     */
    @Test
    @Order(3)
    void aDirectoryThatDoesNotAnswerFailsCreateWith504WithinItsDeadlineAndIsNotRetried(
            Platform platform, Http gateway, Keycloak keycloak) {
        Api api = new Api(gateway, keycloak);
        String consent = consent(api);
        int before = outbox(api).size();
        Http referralService = new Http(URI.create("http://127.0.0.1:" + platform.httpPorts.get(REFERRAL_SERVICE)));
        double checksBefore = metric(referralService, "grpc_client_seconds_count", "CheckReferralRecipient");
        double createsBefore = metric(referralService, "grpc_server_seconds_count", "CreateReferral");
        int creates = 3;

        platform.pause(DIRECTORY);
        try {
            for (int i = 0; i < creates; i++) {
                String caseworker = api.token("caseworker"); // Keycloak's time is not the service's
                Instant start = Instant.now();
                Http.Response create = api.call("POST", "/api/v1/referrals", caseworker, referral(consent),
                        UUID.randomUUID().toString());
                Duration took = Duration.between(start, Instant.now());
                System.out.printf("FaultsIT: directory frozen, create answered %d in %d ms%n", create.status(),
                        took.toMillis());
                assertThat(create.status()).as("create with the directory frozen: " + create).isEqualTo(504);
                assertThat(create.body()).contains("DIRECTORY_TIMEOUT");
                assertThat(took).as("fails at the service's deadline, not the gateway's 10 s").isLessThan(FAIL_SLOW);
                Api.assertNoStackTrace(create, "create with the directory frozen");
            }
        } finally {
            platform.resume(DIRECTORY);
        }

        awaitTrue(() -> metric(referralService, "grpc_client_seconds_count", "CheckReferralRecipient")
                >= checksBefore + creates, Duration.ofSeconds(10), "the timed-out checks are counted");
        Api.sleep(1000); // a retry would come now
        assertThat(metric(referralService, "grpc_server_seconds_count", "CreateReferral") - createsBefore)
                .as("creates that reached referral-service: the gateway retried none").isEqualTo(creates);
        assertThat(metric(referralService, "grpc_client_seconds_count", "CheckReferralRecipient") - checksBefore)
                .as("directory checks: one per create, none retried").isEqualTo(creates);
        assertThat(outbox(api)).as("nothing stored without the directory's yes").hasSize(before);
        String id = createUntilAccepted(api, consent, UUID.randomUUID().toString());
        assertThat(outbox(api)).hasSize(before + 1).contains(id);
    }

    // ---- helpers ----

    /** The sum of a Prometheus counter's series whose labels name {@code method}, from the service's own endpoint. */
    private static double metric(Http service, String name, String method) {
        Http.Response scrape = service.get("/actuator/prometheus", null);
        assertThat(scrape.status()).as(scrape.toString()).isEqualTo(200);
        double sum = 0;
        for (String line : scrape.body().split("\n")) {
            if (line.startsWith(name + "{") && line.contains("\"" + method + "\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static String consent(Api api) {
        Http.Response response = api.post("caseworker", "/api/v1/consents", """
                {"clientId": "e2e-fault-%s", "method": "CONSENT_METHOD_WRITTEN",
                 "recipientPartners": ["%s"], "purposes": ["%s"],
                 "categories": ["DATA_CATEGORY_IDENTITY", "DATA_CATEGORY_NEEDS"],
                 "expireTime": "%s", "language": "en"}
                """.formatted(UUID.randomUUID(), DemoRealm.HARBOR_HOUSE, EMERGENCY_SHELTER,
                Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("consent").get("name").asString();
    }

    private static String referral(String consent) {
        return """
                {"referral": {"recipientPartner": "%s", "requestedServices": ["%s"], "urgency": "URGENCY_ROUTINE",
                              "summary": {"ageRange": {"minAge": 25, "maxAge": 34}, "languages": ["en"],
                                          "needs": ["%s"]},
                              "consent": "%s"},
                 "disclosure": {"needs": {"notes": "fault test"}}}
                """.formatted(DemoRealm.HARBOR_HOUSE, EMERGENCY_SHELTER, EMERGENCY_SHELTER, consent);
    }

    /** Retries a create with its key while the platform is recovering (503/504/502), as a client would. */
    private static String createUntilAccepted(Api api, String consent, String key) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        Http.Response response = api.call("POST", "/api/v1/referrals", api.token("caseworker"), referral(consent), key);
        while (response.status() != 200 && Set.of(502, 503, 504).contains(response.status())
                && Instant.now().isBefore(deadline)) {
            Api.sleep(500);
            response = api.call("POST", "/api/v1/referrals", api.token("caseworker"), referral(consent), key);
        }
        assertThat(response.status()).as("create with key %s: %s", key, response).isEqualTo(200);
        return response.json().get("referral").get("id").asString();
    }

    /** The ids in the caseworker's organisation's outbox, every page. */
    private static List<String> outbox(Api api) {
        List<String> ids = new ArrayList<>();
        String pageToken = "";
        do {
            Http.Response page = api.get("caseworker", "/api/v1/referrals?box=BOX_OUTBOX&pageSize=100&pageToken="
                    + pageToken);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            for (JsonNode referral : page.json().path("referrals")) {
                ids.add(referral.get("id").asString());
            }
            pageToken = page.json().path("nextPageToken").asString("");
        } while (!pageToken.isEmpty());
        return ids;
    }

    private static List<String> outboxWhenServing(Api api) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            Http.Response page = api.get("caseworker", "/api/v1/referrals?box=BOX_OUTBOX&pageSize=1");
            if (page.status() == 200 || Instant.now().isAfter(deadline)) {
                return outbox(api);
            }
            Api.sleep(500);
        }
    }

    /** The service's overall gRPC health (service ""), asked on its own port; UNKNOWN when it does not answer. */
    private static ServingStatus health(int grpcPort) {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", grpcPort,
                InsecureChannelCredentials.create()).build();
        try {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(3, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus();
        } catch (StatusRuntimeException e) {
            return ServingStatus.UNKNOWN;
        } finally {
            channel.shutdownNow();
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            Api.sleep(250);
        }
    }
}

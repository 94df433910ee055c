package org.partnernet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property-based fuzzing of the gateway's JSON⇄protobuf transcoding and the services' validators: random requests
 * ({@link RandomRequests}) to every non-streaming operation of the OpenAPI document, each as a real signed-in user.
 * Whatever the input, the answer is a 2xx or a 4xx with a google.rpc.Status, never a 5xx and never a stack trace.
 * Plain JUnit with a seeded {@link Random} rather than jqwik: a jqwik property runs in its own engine, outside the
 * Jupiter extension that shares the one started platform. The seed is printed and named in every failure;
 * {@code -Dpartnernet.fuzz.seed=…} replays a run, {@code -Dpartnernet.fuzz.requests=…} sets its length.
 */
@EndToEnd
class FuzzIT {

    private static final int REQUESTS = Integer.getInteger("partnernet.fuzz.requests", 600);
    /** Signed-in users of several organisations and roles, so requests get past the role checks, too. */
    private static final List<String> USERS = List.of("caseworker", "intake", "shelter-admin", "ngo-admin",
            "church-admin", "school-admin", "trainer", "coordinator");

    @Test
    void randomRequestsToEveryOperationGetNo5xxAndNoStackTrace(Http gateway, Keycloak keycloak) {
        long seed = Long.getLong("partnernet.fuzz.seed", System.nanoTime());
        System.out.printf("FuzzIT: %d requests, seed %d (replay with -Dpartnernet.fuzz.seed=%d)%n", REQUESTS, seed, seed);
        Random random = new Random(seed);
        RestSurface surface = RestSurface.of(gateway);
        RandomRequests requests = new RandomRequests(surface, random);
        Api api = new Api(gateway, keycloak);
        // Live streams (:watch) stay open by design; AbuseIT checks their tokens.
        List<RestSurface.Operation> operations = new ArrayList<>(surface.operations().stream()
                .filter(o -> !o.streaming()).toList());

        List<String> failures = new ArrayList<>();
        int[] byClass = new int[6];
        for (int i = 0; i < REQUESTS; i++) {
            if (i % operations.size() == 0) {
                // every operation once per round, in a random order
                Collections.shuffle(operations, random);
            }
            RestSurface.Operation operation = operations.get(i % operations.size());
            RandomRequests.Request request = requests.next(operation);
            String user = USERS.get(random.nextInt(USERS.size()));
            Http.Response response;
            try {
                response = api.call(request.method(), request.path(), api.token(user), request.body());
            } catch (java.io.UncheckedIOException noAnswer) {
                failures.add("#%d %s as %s -> no answer: %s".formatted(i, request, user, noAnswer.getMessage()));
                continue;
            }
            byClass[Math.min(response.status() / 100, 5)]++;
            if (response.status() >= 500 || Api.showsStackTrace(response) || response.status() == 401) {
                failures.add("#%d %s as %s -> %s".formatted(i, request, user, response));
            }
        }
        System.out.printf("FuzzIT: seed %d: %d 2xx, %d 4xx, %d 5xx over %d operations%n", seed, byClass[2],
                byClass[4], byClass[5], operations.size());

        assertThat(failures).as("seed %d: requests answered with a 5xx, a stack trace or a 401 for a valid token", seed)
                .isEmpty();
        assertThat(byClass[4]).as("the fuzzer reaches the validators").isPositive();
        assertThat(byClass[2]).as("the fuzzer also gets valid requests through").isPositive();
    }
}

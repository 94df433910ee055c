package org.partnernet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Request size and rate limits at the gateway. Each test uses its own organisation's user, so limits don't leak. */
@EndToEnd
class LimitsIT {

    @Test
    void anOversizedBodyIsRefusedWith413(Http gateway, Keycloak keycloak) {
        // 16 MiB: far past any sane API limit (and past gRPC's default 4 MiB message size).
        String huge = "{\"partner\":{\"description\":\"" + "x".repeat(16 * 1024 * 1024) + "\"}}";

        Http.Response response = gateway.postJson("/api/v1/partners", keycloak.token("church-admin"), huge);

        assertThat(response.status()).as(response.toString()).isEqualTo(413);
    }

    @Test
    void aFloodFromOneUserGets429WithRetryAfterWhileAnotherOrganisationIsServed(Http gateway, Keycloak keycloak)
            throws Exception {
        String flooder = keycloak.token("business-admin");
        String bystander = keycloak.token("school-admin");
        String path = "/api/v1/partners/" + DemoRealm.UNKNOWN_PARTNER;
        AtomicReference<HttpResponse<String>> limited = new AtomicReference<>();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        int sent = 0;
        // Bounded: at most 3000 requests or 30 s, 50 in flight, stopping at the first 429.
        while (limited.get() == null && sent < 3000 && Instant.now().isBefore(deadline)) {
            List<CompletableFuture<Void>> wave = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                HttpRequest request = gateway.request(path).header("Authorization", "Bearer " + flooder).GET().build();
                wave.add(gateway.client().sendAsync(request, HttpResponse.BodyHandlers.ofString())
                        .thenAccept(r -> {
                            if (r.statusCode() == 429) {
                                limited.compareAndSet(null, r);
                            }
                        }));
                sent++;
            }
            CompletableFuture.allOf(wave.toArray(CompletableFuture[]::new)).get();
        }

        assertThat(limited.get()).as("a 429 within %d requests", sent).isNotNull();
        assertThat(limited.get().headers().firstValue("Retry-After")).isPresent();
        Http.Response other = gateway.get(path, bystander);
        assertThat(other.status()).as("another organisation is not limited: " + other).isNotEqualTo(429);
    }
}

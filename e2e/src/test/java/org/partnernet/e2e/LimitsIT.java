package org.partnernet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Request size and rate limits at the gateway. Each test uses its own organisation's user, so limits don't leak. */
@EndToEnd
class LimitsIT {

    @Test
    void anOversizedBodyIsRefusedWith413(Platform platform, Keycloak keycloak) throws IOException {
        // 16 MiB: far past any sane API limit (and past gRPC's default 4 MiB message size).
        byte[] huge = ("{\"partner\":{\"description\":\"" + "x".repeat(16 * 1024 * 1024) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);

        String statusLine = Api.sendLikeCurl(platform.gatewayPort, "POST", "/api/v1/partners", keycloak.token("church-admin"),
                huge);

        assertThat(statusLine).startsWith("HTTP/1.1 413");
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

    @Test
    void aFloodOfCreatesFromOneOrganisationStoresOnlyWhatWasAcceptedWhileAnotherOrganisationIsServed(Http gateway,
            Keycloak keycloak) throws Exception {
        Api api = new Api(gateway, keycloak);
        String flooder = keycloak.token("ngo-admin");
        String marker = "Flood " + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
        List<Http.Response> bystander = new ArrayList<>();
        // Waves of 40 creates at once until some are limited (bounded: 15 waves), Harbor House served meanwhile.
        for (int wave = 0; wave < 15 && flood.stream().noneMatch(f -> f.join().statusCode() == 429); wave++) {
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String offer = """
                        {"kind": "RESOURCE_KIND_GOODS", "title": "%s #%d", "quantity": "1", "unit": "box",
                         "location": {"latitude": 41.4993, "longitude": -81.6944},
                         "window": {"startTime": "%s", "endTime": "%s"}}
                        """.formatted(marker, flood.size() + i, now.plus(1, ChronoUnit.HOURS), now.plus(2, ChronoUnit.DAYS));
                sent.add(gateway.client().sendAsync(gateway.request("/api/v1/offers")
                        .header("Authorization", "Bearer " + flooder).header("Content-Type", "application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofString(offer)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            bystander.add(api.once("GET", "/api/v1/offers?pageSize=5", keycloak.token("shelter-admin"), null, null));
            bystander.add(api.once("GET", "/api/v1/partners/" + DemoRealm.HARBOR_HOUSE, keycloak.token("intake"), null,
                    null));
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            flood.addAll(sent);
        }

        long accepted = flood.stream().filter(f -> f.join().statusCode() == 200).count();
        long limited = flood.stream().filter(f -> f.join().statusCode() == 429).count();
        assertThat(limited).as("the flood is limited").isPositive();
        assertThat(accepted + limited).as("every answer a 200 or a 429: %s",
                flood.stream().map(f -> f.join().statusCode()).toList()).isEqualTo(flood.size());
        assertThat(bystander).as("another organisation is served during the flood")
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));

        // The limited requests stored nothing: Bridgeway holds exactly the accepted offers of the flood.
        long stored = 0;
        String pageToken = "";
        do {
            Http.Response page = api.get("ngo-admin", "/api/v1/offers?pageSize=100&filter.poster="
                    + DemoRealm.BRIDGEWAY + "&pageToken=" + pageToken);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            for (var offer : page.json().path("offers")) {
                if (offer.path("title").asString("").startsWith(marker)) {
                    stored++;
                }
            }
            pageToken = page.json().path("nextPageToken").asString("");
        } while (!pageToken.isEmpty());
        assertThat(stored).as("offers stored by the flood").isEqualTo(accepted);
    }
}

package org.partnernet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
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
    void anOversizedBodyIsRefusedWith413(Platform platform, Keycloak keycloak) throws IOException {
        // 16 MiB: far past any sane API limit (and past gRPC's default 4 MiB message size).
        byte[] huge = ("{\"partner\":{\"description\":\"" + "x".repeat(16 * 1024 * 1024) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);

        String statusLine = postLikeCurl(platform.gatewayPort, "/api/v1/partners", keycloak.token("church-admin"), huge);

        assertThat(statusLine).startsWith("HTTP/1.1 413");
    }

    /**
     * Sends a request the way curl does with a large body: headers first, a short wait for an early answer, then
     * the body in chunks while watching for one. A server that refuses on Content-Length answers before the body
     * and closes the connection; java.net.http would then sometimes see only the reset of its unfinished upload
     * instead of the answer. Returns the status line.
     */
    private static String postLikeCurl(int port, String path, String token, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Instant waitUntil = Instant.now().plusSeconds(2);
            while (in.available() == 0 && Instant.now().isBefore(waitUntil)) {
                sleep(20);
            }
            try {
                for (int offset = 0; offset < body.length && in.available() == 0; offset += 64 * 1024) {
                    out.write(body, offset, Math.min(64 * 1024, body.length - offset));
                }
                out.flush();
            } catch (IOException refusedMidway) {
                // the server stopped reading: its answer is what counts
            }
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString().trim();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

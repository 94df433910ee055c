package org.partnernet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Calls through the gateway for the suites that send many requests: any method, any token (or none), a fresh
 * Idempotency-Key on every change unless one is given, and a 429 waited out and retried (same key), since the
 * rate limit is not what those suites test and other tests of the run flood it on purpose.
 */
final class Api {

    /** A Java stack frame or a framework exception class name: what an error body must never show. */
    private static final Pattern STACK_TRACE = Pattern.compile(
            "\\bat [\\w$.]+\\([\\w$]+\\.java:\\d+\\)|\\b(?:java|javax|jakarta|org\\.springframework|io\\.grpc|io\\.netty"
                    + "|com\\.mongodb|com\\.google\\.protobuf|tools\\.jackson|reactor|org\\.partnernet)\\.[\\w.$]*"
                    + "(?:Exception|Error)\\b");

    private final Http gateway;
    private final Keycloak keycloak;

    Api(Http gateway, Keycloak keycloak) {
        this.gateway = gateway;
        this.keycloak = keycloak;
    }

    String token(String user) {
        return keycloak.token(user);
    }

    Http.Response get(String user, String path) {
        return call("GET", path, token(user), null);
    }

    Http.Response post(String user, String path, String json) {
        return call("POST", path, token(user), json);
    }

    /** {@code bearer} null: no Authorization header; {@code body} null: no body. */
    Http.Response call(String method, String path, String bearer, String body) {
        return call(method, path, bearer, body, method.equals("GET") ? null : UUID.randomUUID().toString());
    }

    Http.Response call(String method, String path, String bearer, String body, String idempotencyKey) {
        Http.Response response = once(method, path, bearer, body, idempotencyKey);
        for (int attempt = 0; attempt < 20 && response.status() == 429; attempt++) {
            long seconds = response.headers().firstValue("Retry-After").map(Api::seconds).orElse(1L);
            sleep(Math.min(Math.max(seconds, 1), 5) * 1000);
            response = once(method, path, bearer, body, idempotencyKey);
        }
        return response;
    }

    /** One request, whatever it answers (429 included). */
    Http.Response once(String method, String path, String bearer, String body, String idempotencyKey) {
        HttpRequest.Builder request = gateway.request(path).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return gateway.send(request.build());
    }

    /**
     * Sends headers first, then the body in chunks while watching for an early answer, as curl does: a server that
     * refuses on Content-Length answers before the body and closes, which java.net.http may see only as a reset.
     */
    static String sendLikeCurl(int port, String method, String path, String token, byte[] body)
            throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long waitUntil = System.nanoTime() + 2_000_000_000L;
            while (in.available() == 0 && System.nanoTime() < waitUntil) {
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

    Http gateway() {
        return gateway;
    }

    static boolean showsStackTrace(Http.Response response) {
        return response.body() != null && STACK_TRACE.matcher(response.body()).find();
    }

    static void assertNoStackTrace(Http.Response response, String what) {
        assertThat(showsStackTrace(response)).as("%s: the body shows a stack trace or exception class: %s", what,
                response).isFalse();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}

package org.partnernet.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.partnernet.gateway.support.GatewayTestSupport;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;

/** Traces reach the services in gRPC metadata; metrics carry the common tags and never a caller. */
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityTest extends GatewayTestSupport {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER_SPAN = "00f067aa0ba902b7";

  private String seenTraceparent(String traceparent) {
    var request = client.get().uri("/api/v1/things/traced").header(HttpHeaders.AUTHORIZATION, bearer());
    if (traceparent != null) {
      request = request.header("traceparent", traceparent);
    }
    String body = request.exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    return com.google.gson.JsonParser.parseString(body).getAsJsonObject().get("seenTraceparent").getAsString();
  }

  @Test
  void aRestCallCarriesTheCallersTraceToTheService() {
    String seen = seenTraceparent("00-" + TRACE_ID + "-" + CALLER_SPAN + "-01");
    // the same trace, one span further down: the gateway's own span is the service's parent
    assertThat(seen).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01").doesNotContain(CALLER_SPAN);
  }

  @Test
  void theAccessLogLineCarriesTheRequestIdAndTheTraceId(CapturedOutput output) throws InterruptedException {
    String traceId = "5af7651916cd43dd8448eb211c80319d";
    client.get().uri("/api/v1/failures/INTERNAL").header(HttpHeaders.AUTHORIZATION, bearer())
        .header("X-Request-Id", "rid-logged-1").header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
        .exchange().expectStatus().isEqualTo(500);
    // the line is written once the response is out: wait for it
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<String> lines = List.of();
    while (lines.isEmpty() && System.nanoTime() < until) {
      lines = output.getAll().lines().filter(l -> l.contains("GET /api/v1/failures/INTERNAL -> 500")).toList();
      Thread.sleep(20);
    }
    assertThat(lines).anyMatch(l -> l.contains("[rid-logged-1," + traceId + "]"));
  }

  @Test
  void aRestCallWithoutATraceStartsOne() {
    assertThat(seenTraceparent(null)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
  }

  @Test
  void metricsCarryApplicationAndNetworkAndNothingAboutTheCaller() {
    String token = JWKS.token("metrics-user-7", "metrics-org-7");
    client.get().uri("/api/v1/things/private-thing-7").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange().expectStatus().isOk();
    client.get().uri("/api/v1/failures/NOT_FOUND").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange().expectStatus().isNotFound();

    // the shared context has served every test by now: its scrape is larger than the client's default buffer
    String scrape = client.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build()
        .get().uri("/actuator/prometheus").exchange()
        .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
    List<String> lines = Arrays.stream(scrape.split("\n")).filter(l -> !l.startsWith("#")).toList();
    assertThat(lines).anyMatch(l -> l.startsWith("http_server_requests_seconds_bucket{")
        && l.contains("application=\"gateway\"") && l.contains("network=\"demo\""));
    assertThat(lines).anyMatch(l -> l.startsWith("grpc_client_seconds_bucket{")
        && l.contains("application=\"gateway\"") && l.contains("network=\"demo\""));
    // no label names a user, an organisation, a path's ids, a token or the login name
    for (String secret : new String[] {"metrics-user-7", "metrics-org-7", "private-thing-7", token, "tester"}) {
      assertThat(scrape).doesNotContain(secret);
    }
  }
}

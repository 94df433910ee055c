package org.partnernet.gateway.transcoding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnernet.gateway.support.GatewayTestSupport;
import org.partnernet.gateway.support.ThingServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A quiet event stream carries SSE comment lines, so proxies that cut idle connections leave it alone. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SseHeartbeatTest {

  @LocalServerPort
  int port;

  WebTestClient client;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    GatewayTestSupport.common(registry, ThingServer.shared());
    registry.add("partnernet.gateway.sse-heartbeat", () -> "150ms");
  }

  @BeforeEach
  void bindClient() {
    client = GatewayTestSupport.clientFor(port);
  }

  private String watch(String query, MediaType accept) {
    return client.get().uri("/api/v1/things:watch?" + query)
        .header(HttpHeaders.AUTHORIZATION, GatewayTestSupport.bearer())
        .accept(accept)
        .exchange()
        .expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody();
  }

  @Test
  void sendsACommentLineWhileAnEventStreamIsQuiet() {
    String body = watch("count=1&holdMillis=1000", MediaType.TEXT_EVENT_STREAM);
    assertThat(body).startsWith("data: {\"sequence\":1,\"thing\":\"things/1\"}\n\n");
    String rest = body.substring(body.indexOf("\n\n") + 2);
    // about six in the second the stream stays quiet; at least two even on a slow machine
    assertThat(rest).matches("(:\n\n){2,}");
  }

  @Test
  void endsWithTheStream() {
    // the response ends at all only if the heartbeats stop with the events
    String body = watch("count=2", MediaType.TEXT_EVENT_STREAM);
    String last = "data: {\"sequence\":2,\"thing\":\"things/2\"}\n\n";
    assertThat(body).endsWith(last);
    // on a slow machine a heartbeat may fall between the events; nothing else may
    assertThat(body.replace(TranscodingHandler.HEARTBEAT, ""))
        .isEqualTo("data: {\"sequence\":1,\"thing\":\"things/1\"}\n\n" + last);
  }

  @Test
  void leavesNdjsonStreamsAlone() {
    String body = watch("count=1&holdMillis=600", TranscodingHandler.NDJSON);
    assertThat(body).isEqualTo("{\"sequence\":1,\"thing\":\"things/1\"}\n");
  }
}

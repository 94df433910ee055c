package org.partnernet.gateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnernet.gateway.support.GatewayTestSupport;
import org.partnernet.gateway.support.ThingServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A service goes away and comes back: fast 503s while it is gone, service again once it returns. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CircuitBreakerTest {

  private static final ThingServer SERVICE = ThingServer.started();

  @LocalServerPort
  int port;

  WebTestClient client;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    GatewayTestSupport.common(registry, SERVICE);
    registry.add("partnernet.gateway.breaker.sliding-window-size", () -> "4");
    registry.add("partnernet.gateway.breaker.minimum-number-of-calls", () -> "2");
    registry.add("partnernet.gateway.breaker.wait-in-open-state", () -> "500ms");
    registry.add("partnernet.gateway.breaker.health-check-interval", () -> "200ms");
  }

  @AfterAll
  static void stopService() {
    SERVICE.stop();
  }

  @BeforeEach
  void bindClient() {
    client = GatewayTestSupport.clientFor(port);
  }

  @Test
  void opensWhileTheServiceIsDownAndClosesWhenItIsBack() throws InterruptedException {
    String token = GatewayTestSupport.bearer();
    client.get().uri("/api/v1/things/a").header(HttpHeaders.AUTHORIZATION, token).exchange()
        .expectStatus().isOk();

    SERVICE.stop();
    for (int i = 0; i < 3; i++) {
      client.get().uri("/api/v1/things/a").header(HttpHeaders.AUTHORIZATION, token).exchange()
          .expectStatus().isEqualTo(503);
    }
    long start = System.nanoTime();
    client.get().uri("/api/v1/things/a").header(HttpHeaders.AUTHORIZATION, token).exchange()
        .expectStatus().isEqualTo(503)
        .expectBody().jsonPath("$.message").isEqualTo("service things is unavailable, try again later");
    // no network wait at all (the deadline is 10 s); the margin is for a loaded CI machine (203 ms seen at load 30)
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    client.get().uri("/api/status").exchange().expectStatus().isOk()
        .expectBody().jsonPath("$.services.things.state").isEqualTo("DOWN");
    // the gateway itself stays ready
    client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();

    SERVICE.restart();
    boolean recovered = false;
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!recovered && System.nanoTime() < deadline) {
      Thread.sleep(200);
      recovered = client.get().uri("/api/v1/things/a").header(HttpHeaders.AUTHORIZATION, token).exchange()
          .returnResult(String.class).getStatus().value() == 200;
    }
    assertThat(recovered).as("service reachable again through the gateway").isTrue();
    Thread.sleep(500);
    client.get().uri("/api/status").exchange().expectStatus().isOk()
        .expectBody().jsonPath("$.services.things.state").isEqualTo("UP");
  }
}

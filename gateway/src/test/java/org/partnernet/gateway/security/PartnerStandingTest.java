package org.partnernet.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnernet.gateway.support.GatewayTestSupport;
import org.partnernet.gateway.support.TestJwks;
import org.partnernet.gateway.support.ThingServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The suspended-partner check, wired to the test service's status RPC by configuration alone. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PartnerStandingTest {

  private static final TestJwks JWKS = TestJwks.shared();
  private static final ThingServer THINGS = ThingServer.started();

  @LocalServerPort
  int port;

  WebTestClient client;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    GatewayTestSupport.common(registry, THINGS);
    registry.add("partnernet.gateway.partner-status.enabled", () -> "true");
    registry.add("partnernet.gateway.partner-status.method", () -> "partnernet.gatewaytest.v1.ThingService/GetOrgStatus");
    registry.add("partnernet.gateway.partner-status.request-field", () -> "org");
    registry.add("partnernet.gateway.partner-status.status-field", () -> "org.status");
  }

  @BeforeEach
  void bindClient() {
    client = GatewayTestSupport.clientFor(port);
  }

  @Test
  void refusesTheUsersOfASuspendedPartnerEvenWithAValidToken() {
    client.get().uri("/api/v1/things/a")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + JWKS.token("u-s", "suspended-org"))
        .exchange()
        .expectStatus().isForbidden()
        .expectBody()
        .jsonPath("$.code").isEqualTo(7)
        .jsonPath("$.details[0].reason").isEqualTo("PARTNER_SUSPENDED");
  }

  @Test
  void letsAnActivePartnersUsersThroughAndAsksTheDirectoryOncePerPeriod() {
    int before = THINGS.orgStatusCalls.get();
    for (int i = 0; i < 5; i++) {
      client.get().uri("/api/v1/things/a")
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + JWKS.token("u-a" + i, "active-org"))
          .exchange()
          .expectStatus().isOk();
    }
    assertThat(THINGS.orgStatusCalls.get() - before).isEqualTo(1);
  }

  @Test
  void asksTheDirectoryOnceForABurstOfRequestsFromAnOrganisationItDoesNotKnowYet() throws Exception {
    int before = THINGS.orgStatusCalls.get();
    ExecutorService burst = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> requests = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String token = JWKS.token("u-burst" + i, "slow-burst-org");
        requests.add(burst.submit(() -> client.get().uri("/api/v1/things/a")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
            .exchange()
            .expectStatus().isOk()));
      }
      for (Future<?> request : requests) {
        request.get(30, TimeUnit.SECONDS);
      }
    } finally {
      burst.shutdownNow();
    }
    assertThat(THINGS.orgStatusCalls.get() - before).isEqualTo(1);
  }
}

package org.partnernet.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.partnernet.gateway.GatewayApplication;
import org.partnernet.gateway.support.GatewayTestSupport;
import org.partnernet.gateway.support.RedisServer;
import org.partnernet.gateway.support.TestJwks;
import org.partnernet.gateway.support.ThingServer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Two gateway replicas in front of one real redis-server: they spend the same buckets, and while
 * Redis is gone each answers at once from its own buckets.
 */
class SharedRateLimitTest {

  private static final TestJwks JWKS = TestJwks.shared();

  static RedisServer redis;
  static ConfigurableApplicationContext one;
  static ConfigurableApplicationContext two;
  static WebTestClient replicaOne;
  static WebTestClient replicaTwo;

  @BeforeAll
  static void startRedisAndTwoReplicas() {
    redis = RedisServer.started();
    one = replica();
    two = replica();
    replicaOne = client(one);
    replicaTwo = client(two);
  }

  @AfterAll
  static void stopAll() {
    for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {one, two}) {
      if (context != null) {
        context.close();
      }
    }
    if (redis != null) {
      redis.close();
    }
  }

  /** A whole gateway, as a second replica would run: its own port, its own memory, the same Redis. */
  private static ConfigurableApplicationContext replica() {
    List<String> args = new ArrayList<>();
    GatewayTestSupport.common((name, value) -> args.add("--" + name + "=" + value.get()), ThingServer.shared());
    args.add("--server.port=0");
    // slow refills: a loaded machine's pauses must not add a token between a flood and the check
    args.add("--partnernet.gateway.rate-limit.user.rate-per-second=0.1");
    args.add("--partnernet.gateway.rate-limit.user.burst=4");
    args.add("--partnernet.gateway.rate-limit.organisation.rate-per-second=0.1");
    args.add("--partnernet.gateway.rate-limit.organisation.burst=6");
    args.add("--partnernet.gateway.rate-limit.redis.url=" + redis.url());
    args.add("--partnernet.gateway.rate-limit.redis.retry-after=300ms");
    return new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new));
  }

  private static WebTestClient client(ConfigurableApplicationContext context) {
    return GatewayTestSupport.clientFor(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
  }

  private static EntityExchangeResult<String> get(WebTestClient replica, String user, String org) {
    return replica.get().uri("/api/v1/things/a")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + JWKS.token(user, org))
        .exchange()
        .expectBody(String.class)
        .returnResult();
  }

  private static int status(WebTestClient replica, String user, String org) {
    return get(replica, user, org).getStatus().value();
  }

  @Test
  void aUsersFloodOnOneReplicaIsRefusedOnTheOther() {
    for (int i = 0; i < 4; i++) {
      assertThat(status(replicaOne, "flood-user", "org-flood-user")).isEqualTo(200);
    }
    EntityExchangeResult<String> refused = get(replicaTwo, "flood-user", "org-flood-user");
    assertThat(refused.getStatus().value()).isEqualTo(429);
    // an empty bucket refilling at 0.1/s has a token again in 10 s at most
    assertThat(Long.parseLong(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(1L, 10L);
    assertThat(refused.getResponseBody()).contains("RATE_LIMITED").contains("\"code\":8");
  }

  @Test
  void anOrganisationsBudgetIsSharedByItsUsersAcrossReplicas() {
    for (int i = 0; i < 3; i++) {
      assertThat(status(replicaOne, "org-user-1", "org-shared")).isEqualTo(200);
      assertThat(status(replicaTwo, "org-user-2", "org-shared")).isEqualTo(200);
    }
    // each user has a token left, the organisation has none on either replica; another organisation is untouched
    assertThat(status(replicaOne, "org-user-3", "org-shared")).isEqualTo(429);
    assertThat(status(replicaTwo, "org-user-1", "org-shared")).isEqualTo(429);
    assertThat(status(replicaTwo, "other-user", "org-other")).isEqualTo(200);
  }

  @Test
  void redisKeysCarryNoIds() {
    assertThat(status(replicaOne, "user-with-a-name", "org-with-a-name")).isEqualTo(200);
    List<String> keys = redis.keys();
    assertThat(keys).isNotEmpty().allMatch(k -> k.startsWith("partnernet:ratelimit:"));
    assertThat(String.join(" ", keys)).doesNotContain("with-a-name");
  }

  @Nested
  class WhileRedisIsDown {

    @Test
    void eachReplicaAnswersAtOnceFromItsOwnBucketsAndSharesAgainWhenRedisIsBack() throws InterruptedException {
      double fallbacksBefore = fallbacks(one);
      redis.stop();
      try {
        List<Integer> statuses = new ArrayList<>();
        long slowest = 0;
        for (int i = 0; i < 5; i++) {
          long start = System.nanoTime();
          statuses.add(status(replicaOne, "outage-user", "org-outage"));
          slowest = Math.max(slowest, System.nanoTime() - start);
        }
        // served, limited by the replica's own bucket (burst 4), and never held up waiting for Redis
        assertThat(statuses).containsExactly(200, 200, 200, 200, 429);
        assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofSeconds(1));
        assertThat(fallbacks(one) - fallbacksBefore).isGreaterThanOrEqualTo(5);
        // the other replica has its own budget meanwhile
        assertThat(status(replicaTwo, "outage-user", "org-outage")).isEqualTo(200);
      } finally {
        redis.start();
      }
      // Lettuce reconnects in the background; once Redis answers, the budget is shared again
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      boolean shared = false;
      for (int round = 0; !shared && System.nanoTime() < until; round++) {
        String user = "back-user-" + round;
        for (int i = 0; i < 4; i++) {
          status(replicaOne, user, "org-back-" + round);
        }
        shared = status(replicaTwo, user, "org-back-" + round) == 429;
        if (!shared) {
          Thread.sleep(300);
        }
      }
      assertThat(shared).as("budget shared again after Redis came back").isTrue();
    }

    private double fallbacks(ConfigurableApplicationContext replica) {
      return replica.getBean(MeterRegistry.class).get("partnernet.gateway.ratelimit.fallbacks").counter().count();
    }
  }
}

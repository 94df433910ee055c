package org.partnernet.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.deploy.AppContractTest.environment;
import static org.partnernet.deploy.Yamls.at;
import static org.partnernet.deploy.Yamls.list;
import static org.partnernet.deploy.Yamls.map;
import static org.partnernet.deploy.Yamls.maps;
import static org.partnernet.deploy.Yamls.str;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The gateway's replicas share their rate-limit buckets in one Redis, which only the gateway reaches. */
class SharedRateLimitsTest {

  @ParameterizedTest
  @EnumSource(Renders.class)
  void theGatewayKeepsItsBucketsInTheRedisOfTheBase(Renders render) {
    URI url = URI.create(environment(WorkloadHardeningTest.container(render.get("Deployment", "gateway")))
        .get("GATEWAY_REDIS_URL"));
    assertThat(url.getScheme()).isEqualTo("redis");
    Map<String, Object> service = render.get("Service", url.getHost());
    Map<String, Object> port = maps(at(service, "spec", "ports")).stream()
        .filter(p -> p.get("port").equals(url.getPort())).findFirst().orElseThrow();
    Map<String, Object> redis = render.get("Deployment", "redis");
    assertThat(map(at(redis, "spec", "template", "metadata", "labels")))
        .containsAllEntriesOf(map(at(service, "spec", "selector")));
    assertThat(maps(at(WorkloadHardeningTest.container(redis), "ports")))
        .anyMatch(p -> p.get("name").equals(port.get("targetPort")) && p.get("containerPort").equals(url.getPort()));
    // a cache of counters: nothing to persist, memory bounded below the container's limit
    assertThat(list(at(WorkloadHardeningTest.container(redis), "command"))).contains("--maxmemory", "--appendonly");
  }

  @Test
  void composeGivesTheGatewayItsRedisToo() {
    Map<String, Object> compose = Yamls.loadMap(Repo.COMPOSE);
    URI url = URI.create(str(compose, "services", "gateway", "environment", "GATEWAY_REDIS_URL"));
    assertThat(map(at(compose, "services"))).containsKey(url.getHost());
    assertThat(at(compose, "services", url.getHost(), "read_only")).isEqualTo(true);
  }

  @Test
  void onlyTheGatewayReachesRedis() {
    Map<String, Object> redisLabels = map(at(Renders.PRODUCTION.get("Deployment", "redis"),
        "spec", "template", "metadata", "labels"));
    List<Map<String, Object>> policies = Renders.PRODUCTION.ofKind("NetworkPolicy");
    List<Map<String, Object>> ingress = policies.stream()
        .filter(p -> selects(map(at(p, "spec", "podSelector")), redisLabels))
        .flatMap(p -> maps(at(p, "spec", "ingress")).stream())
        .toList();
    assertThat(ingress).as("rules that let something reach Redis").isNotEmpty();
    for (Map<String, Object> rule : ingress) {
      for (Map<String, Object> from : maps(rule.get("from"))) {
        assertThat(from).as("only pods of the namespace").containsOnlyKeys("podSelector");
        assertThat(map(at(from, "podSelector", "matchLabels")))
            .as("only the gateway").isEqualTo(Map.of("app.kubernetes.io/name", "gateway"));
      }
      assertThat(maps(rule.get("from"))).as("a rule without 'from' admits everyone").isNotEmpty();
    }
    Map<String, Object> gateway = Renders.PRODUCTION.get("NetworkPolicy", "gateway");
    assertThat(maps(at(gateway, "spec", "egress"))).as("the gateway may reach Redis")
        .anyMatch(rule -> maps(rule.get("to")).stream()
            .anyMatch(to -> selects(map(at(to, "podSelector")), redisLabels))
            && maps(rule.get("ports")).stream().anyMatch(p -> Integer.valueOf(6379).equals(p.get("port"))));
    assertThat(policies).extracting(Yamls::name).contains("redis");
    assertThat(maps(at(Renders.PRODUCTION.get("NetworkPolicy", "redis"), "spec", "egress"))).as("Redis calls nobody")
        .isEmpty();
  }

  /** Whether a NetworkPolicy pod selector (matchLabels, matchExpressions with In) selects pods with these labels. */
  static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
    if (!labels.entrySet().containsAll(map(selector.get("matchLabels")).entrySet())) {
      return false;
    }
    for (Map<String, Object> expression : maps(selector.get("matchExpressions"))) {
      if (!"In".equals(str(expression, "operator"))
          || !list(expression.get("values")).contains(labels.get(str(expression, "key")))) {
        return false;
      }
    }
    return true;
  }
}

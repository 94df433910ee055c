package org.partnernet.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.deploy.Yamls.at;
import static org.partnernet.deploy.Yamls.list;
import static org.partnernet.deploy.Yamls.map;
import static org.partnernet.deploy.Yamls.maps;
import static org.partnernet.deploy.Yamls.str;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gateway's Keycloak client redirects browsers to the gateway's public URL, which each deployment sets
 * (GATEWAY_PUBLIC_URL, resolved when Keycloak imports the realm); a laptop keeps the localhost default.
 */
class RealmRedirectsTest {

  /** Keycloak resolves nested defaults: the public URL, else localhost on the gateway's port (./partnernet, e2e). */
  static final String PUBLIC_URL = "${GATEWAY_PUBLIC_URL:http://localhost:${GATEWAY_PORT:8080}}";

  @Test
  void theGatewayClientsUrlsComeFromThePublicUrl() {
    Map<String, Object> client = maps(Yamls.loadMap(Repo.REALM).get("clients")).stream()
        .filter(c -> "partnernet-gateway".equals(str(c, "clientId"))).findFirst().orElseThrow();
    List<String> urls = new ArrayList<>();
    list(client.get("redirectUris")).forEach(u -> urls.add(String.valueOf(u)));
    urls.add(str(client, "baseUrl"));
    urls.add(str(client, "attributes", "post.logout.redirect.uris"));
    assertThat(urls).hasSize(3).allMatch(u -> u.startsWith(PUBLIC_URL + "/"));
  }

  @ParameterizedTest
  @EnumSource(Renders.class)
  void keycloakGetsTheGatewaysPublicUrl(Renders render) {
    Map<String, Object> container = WorkloadHardeningTest.container(render.get("Deployment", "keycloak"));
    assertThat(maps(container.get("env"))).anyMatch(e -> "GATEWAY_PUBLIC_URL".equals(str(e, "name"))
        && "partnernet-config".equals(str(e, "valueFrom", "configMapKeyRef", "name"))
        && "GATEWAY_PUBLIC_URL".equals(str(e, "valueFrom", "configMapKeyRef", "key")));
  }

  @Test
  void productionsPublicUrlIsTheGatewaysIngressHost() {
    Assumptions.assumeTrue(Kustomize.kubectlAvailable(), "only kubectl applies the overlay's patches");
    String url = str(Renders.PRODUCTION.get("ConfigMap", "partnernet-config"), "data", "GATEWAY_PUBLIC_URL");
    List<String> gatewayHosts = new ArrayList<>();
    for (Map<String, Object> rule : maps(at(Renders.PRODUCTION.get("Ingress", "partnernet"), "spec", "rules"))) {
      for (Map<String, Object> path : maps(at(rule, "http", "paths"))) {
        if ("gateway".equals(str(path, "backend", "service", "name"))) {
          gatewayHosts.add("https://" + str(rule, "host"));
        }
      }
    }
    assertThat(gatewayHosts).contains(url);
  }

  @Test
  void composeKeycloakGetsThePublicUrlWithTheLocalDefault() {
    Map<String, Object> env = map(at(Yamls.loadMap(Repo.COMPOSE), "services", "keycloak", "environment"));
    assertThat(str(env, "GATEWAY_PUBLIC_URL")).isEqualTo("${GATEWAY_PUBLIC_URL:-http://localhost:8080}");
  }
}

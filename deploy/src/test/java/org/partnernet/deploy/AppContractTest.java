package org.partnernet.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.deploy.Yamls.at;
import static org.partnernet.deploy.Yamls.map;
import static org.partnernet.deploy.Yamls.maps;
import static org.partnernet.deploy.Yamls.str;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The manifests name only images, ports and settings the apps really have. */
class AppContractTest {

  static Stream<Arguments> appsInEveryRender() {
    return Stream.of(Renders.values()).flatMap(r -> Repo.APPS.stream().map(a -> Arguments.of(r, a)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("appsInEveryRender")
  void imagePortsProbesAndEnvironmentMatchTheApp(Renders render, String app) {
    AppConfig config = AppConfig.of(app);
    Map<String, Object> deployment = render.get("Deployment", app);
    Map<String, Object> container = WorkloadHardeningTest.container(deployment);
    SoftAssertions softly = new SoftAssertions();

    softly.assertThat(str(container, "image")).as("image").matches("(.+/)?partnernet/" + app + ":[\\w.-]+");

    Map<String, Integer> ports = new java.util.HashMap<>();
    maps(container.get("ports")).forEach(p -> ports.put(str(p, "name"), (Integer) p.get("containerPort")));
    Map<String, String> env = environment(container);
    if (app.equals("gateway")) {
      softly.assertThat(ports).containsEntry("http", config.httpPort()).containsEntry("grpc-tls", config.grpcPort());
      softly.assertThat(env).containsEntry("GATEWAY_PORT", String.valueOf(config.httpPort()))
          .containsEntry("GATEWAY_GRPC_PORT", String.valueOf(config.grpcPort()));
    } else {
      softly.assertThat(ports).containsEntry("grpc", config.grpcPort()).containsEntry("http", config.httpPort());
      softly.assertThat(env).containsEntry("GRPC_PORT", String.valueOf(config.grpcPort()))
          .containsEntry("HTTP_PORT", String.valueOf(config.httpPort()));
      Object grpcProbe = at(container, "readinessProbe", "grpc", "port");
      if (grpcProbe != null) {
        softly.assertThat(grpcProbe).as("gRPC readiness probe port").isEqualTo(config.grpcPort());
      }
    }
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      String port = str(container, probe, "httpGet", "port");
      if (port != null) {
        softly.assertThat(ports.containsKey(port) || ports.values().stream().anyMatch(p -> String.valueOf(p).equals(port)))
            .as(probe + " port " + port + " is a container port").isTrue();
        softly.assertThat(str(container, probe, "httpGet", "path")).as(probe + " path")
            .isIn("/actuator/health/liveness", "/actuator/health/readiness");
      }
    }
    softly.assertThat(str(deployment, "spec", "template", "metadata", "annotations", "prometheus.io/port"))
        .as("scrape port").isEqualTo(String.valueOf(config.httpPort()));

    for (String variable : env.keySet()) {
      softly.assertThat(config.reads(variable)).as(app + " reads " + variable).isTrue();
    }
    for (Map<String, Object> from : maps(container.get("envFrom"))) {
      String configMap = str(from, "configMapRef", "name");
      render.find("ConfigMap", configMap).ifPresent(c -> map(c.get("data")).keySet().forEach(variable ->
          softly.assertThat(config.reads(variable)).as(app + " reads " + variable + " (from " + configMap + ")")
              .isTrue()));
    }
    softly.assertAll();
  }

  /**
   * Every gRPC client spreads its calls over the server's pods: a {@code dns:///} target naming the server's headless
   * Service, and the round_robin policy (a ClusterIP Service would pin each long-lived connection to one pod).
   */
  @ParameterizedTest
  @EnumSource(Renders.class)
  void everyTargetNamesAHeadlessServiceAndBalancesOverItsPods(Renders render) {
    SoftAssertions softly = new SoftAssertions();
    Map<String, String> gateway = environment(WorkloadHardeningTest.container(render.get("Deployment", "gateway")));
    for (var target : Map.of("DIRECTORY", "partner-directory", "RESOURCES", "resources-service",
        "REFERRAL", "referral-service").entrySet()) {
      served(render, softly, "gateway " + target.getKey() + "_TARGET", gateway.get(target.getKey() + "_TARGET"),
          target.getValue());
      softly.assertThat(gateway.get(target.getKey() + "_LOAD_BALANCING")).as("gateway " + target.getKey()
          + "_LOAD_BALANCING").isEqualTo("round_robin");
    }
    for (String client : List.of("referral-service", "resources-service")) {
      Map<String, String> env = environment(WorkloadHardeningTest.container(render.get("Deployment", client)));
      served(render, softly, client + " DIRECTORY_TARGET", env.get("DIRECTORY_TARGET"), "partner-directory");
      Map<String, Object> config = Yamls.loadMap(Repo.ROOT.resolve(client).resolve("src/main/resources/application.yml"));
      softly.assertThat(at(config, "spring", "grpc.client.channel.directory", "default.load-balancing-policy"))
          .as(client + ": its Spring gRPC channel to partner-directory balances round_robin").isEqualTo("round_robin");
    }
    // DNS is resolved again only when a connection ends: the servers end theirs now and then
    softly.assertThat(Repo.read(Repo.ROOT.resolve("service-kit/src/main/resources/partnernet-service.yml")))
        .as("services end connections after a maximum age").containsPattern("keepalive\\.connection\\.max-age: \\d+m");
    softly.assertAll();
  }

  @Test
  void servicesReachMongoDbAndKeycloakThroughTheirServices() {
    Renders render = Renders.BASE;
    String uri = str(render.get("Secret", "partnernet-mongodb"), "stringData", "uri");
    Matcher hosts = Pattern.compile("mongodb-(\\d)\\.mongodb:27017").matcher(uri);
    int members = 0;
    while (hosts.find()) {
      members++;
    }
    assertThat(members).as("every replica set member in MONGODB_URI")
        .isEqualTo(at(render.get("StatefulSet", "mongodb"), "spec", "replicas"));
    assertThat(uri).contains("replicaSet=rs0");
    assertThat(Repo.read(Repo.KUBERNETES.resolve("base/mongodb.yaml"))).contains("--replSet=rs0");

    URI issuer = URI.create(str(render.get("ConfigMap", "partnernet-config"), "data", "KEYCLOAK_ISSUER"));
    assertThat(issuer.getPath()).isEqualTo("/realms/partnernet");
    Map<String, Object> keycloak = render.get("Service", issuer.getHost());
    assertThat(maps(at(keycloak, "spec", "ports"))).anyMatch(p -> p.get("port").equals(issuer.getPort()));
    assertThat(str(render.get("ConfigMap", "partnernet-config"), "data", "KEYCLOAK_HOSTNAME"))
        .as("Keycloak's own hostname makes the issuer the services expect")
        .isEqualTo(issuer.getScheme() + "://" + issuer.getAuthority());
    String production = str(Renders.PRODUCTION.get("ConfigMap", "partnernet-config"), "data", "KEYCLOAK_ISSUER");
    assertThat(production).startsWith(str(Renders.PRODUCTION.get("ConfigMap", "partnernet-config"), "data",
        "KEYCLOAK_HOSTNAME") + "/realms/partnernet");
  }

  @Test
  void productionStartsWithoutDemoData() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Kustomize.kubectlAvailable(), "only kubectl applies patches");
    for (String app : List.of("partner-directory", "resources-service")) {
      assertThat(environment(WorkloadHardeningTest.container(Renders.PRODUCTION.get("Deployment", app))))
          .as(app).containsEntry("PARTNERNET_DEMO_DATA", "false");
    }
  }

  /** Keycloak gets only its own settings and the realm file's placeholders, and every client secret. */
  @ParameterizedTest
  @EnumSource(Renders.class)
  void keycloakGetsEveryClientSecretTheRealmFileAsksFor(Renders render) {
    Set<String> realmVariables = realmPlaceholders();
    Map<String, String> env = environment(WorkloadHardeningTest.container(render.get("Deployment", "keycloak")));
    for (String variable : env.keySet()) {
      assertThat(variable.startsWith("KC_") || realmVariables.contains(variable))
          .as("Keycloak reads " + variable).isTrue();
    }
    for (String variable : realmVariables) {
      if (variable.endsWith("CLIENT_SECRET")) {
        // otherwise the realm would fall back to its development secrets
        assertThat(env).as("Keycloak gets " + variable).containsKey(variable);
      }
    }
  }

  static Set<String> realmPlaceholders() {
    Set<String> names = new TreeSet<>();
    Matcher matcher = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(Repo.read(Repo.REALM));
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  private static void served(Renders render, SoftAssertions softly, String what, String target, String app) {
    softly.assertThat(target).as(what).isNotNull().matches("dns:///[a-z0-9-]+:\\d+");
    if (target == null || !target.startsWith("dns:///") || !target.contains(":")) {
      return;
    }
    String[] hostPort = target.substring("dns:///".length()).split(":");
    var service = render.find("Service", hostPort[0]);
    softly.assertThat(service).as(what + " names a Service").isPresent();
    service.ifPresent(s -> {
      softly.assertThat(str(s, "spec", "clusterIP")).as(what + " names a headless Service").isEqualTo("None");
      softly.assertThat(maps(at(s, "spec", "ports"))).as(what + " port")
          .anyMatch(p -> String.valueOf(p.get("port")).equals(hostPort[1]));
      softly.assertThat(str(s, "spec", "selector", "app.kubernetes.io/name")).as(what + " selects").isEqualTo(app);
    });
    softly.assertThat(hostPort[1]).as(what + " is the app's gRPC port")
        .isEqualTo(String.valueOf(AppConfig.of(app).grpcPort()));
  }

  /** name -> literal value (or "ref" when it comes from a ConfigMap or Secret). */
  static Map<String, String> environment(Map<String, Object> container) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    for (Map<String, Object> variable : maps(container.get("env"))) {
      env.put(str(variable, "name"), variable.containsKey("value") ? str(variable, "value") : "ref");
    }
    return env;
  }
}

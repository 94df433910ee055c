package org.partnernet.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.deploy.Yamls.at;
import static org.partnernet.deploy.Yamls.list;
import static org.partnernet.deploy.Yamls.map;
import static org.partnernet.deploy.Yamls.str;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The single-host compose file and the Dockerfiles agree with the apps, like the Kubernetes manifests. */
class ComposeAndImagesTest {

  private static final Map<String, Object> COMPOSE = Yamls.loadMap(Repo.COMPOSE);

  @Test
  void composeRunsARealReplicaSetKeycloakWithTheRealmAndTheFourApps() {
    Map<String, Object> services = map(COMPOSE.get("services"));
    assertThat(services).containsKeys("mongodb", "mongodb-init", "keycloak", "partner-directory",
        "resources-service", "referral-service", "gateway");
    assertThat(list(at(services, "mongodb", "command"))).contains("--replSet=rs0");
    assertThat(String.join(" ", list(at(services, "mongodb-init", "command")).stream().map(String::valueOf).toList()))
        .contains("rs.initiate");
    assertThat(list(at(services, "keycloak", "volumes")).stream().map(String::valueOf))
        .anyMatch(v -> v.startsWith("../keycloak/partnernet-realm.json:/opt/keycloak/data/import/"));
    assertThat(Files.exists(Repo.COMPOSE.getParent().resolve("../keycloak/partnernet-realm.json").normalize()))
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"partner-directory", "resources-service", "referral-service", "gateway"})
  void composeAppsUsePortsAndSettingsTheAppHas(String app) {
    AppConfig config = AppConfig.of(app);
    Map<String, Object> service = map(at(COMPOSE, "services", app));
    Map<String, Object> env = map(service.get("environment"));
    SoftAssertions softly = new SoftAssertions();
    for (String variable : env.keySet()) {
      softly.assertThat(config.reads(variable)).as(app + " reads " + variable).isTrue();
    }
    if (app.equals("gateway")) {
      softly.assertThat(env).containsEntry("GATEWAY_PORT", String.valueOf(config.httpPort()));
      softly.assertThat(env.get("DIRECTORY_TARGET")).isEqualTo("partner-directory:"
          + AppConfig.of("partner-directory").grpcPort());
    } else {
      softly.assertThat(env).containsEntry("GRPC_PORT", String.valueOf(config.grpcPort()))
          .containsEntry("HTTP_PORT", String.valueOf(config.httpPort()));
      softly.assertThat(String.valueOf(env.get("MONGODB_URI"))).contains("mongodb:27017").contains("replicaSet=rs0");
      softly.assertThat(at(service, "depends_on", "mongodb-init", "condition"))
          .isEqualTo("service_completed_successfully");
    }
    softly.assertThat(list(service.get("ports")).stream().map(String::valueOf))
        .as("published on loopback only").allMatch(p -> p.startsWith("127.0.0.1:"));
    softly.assertThat(str(service, "image")).startsWith("partnernet/" + app + ":");
    Path context = Repo.COMPOSE.getParent().resolve(str(service, "build")).normalize();
    softly.assertThat(context).isEqualTo(Repo.ROOT.resolve(app));
    softly.assertThat(service.get("read_only")).isEqualTo(true);
    softly.assertAll();
  }

  @Test
  void composeKeycloakGetsOnlyItsSettingsAndTheRealmsPlaceholders() {
    Map<String, Object> env = map(at(COMPOSE, "services", "keycloak", "environment"));
    var realm = AppContractTest.realmPlaceholders();
    for (String variable : env.keySet()) {
      assertThat(variable.startsWith("KC_") || realm.contains(variable)).as("Keycloak reads " + variable).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"partner-directory", "resources-service", "referral-service", "gateway"})
  void dockerfileIsSmallNonRootAndShipsTheAppsJar(String app) {
    Path dockerfile = Repo.ROOT.resolve(app).resolve("Dockerfile");
    assertThat(dockerfile).exists();
    String text = Repo.read(dockerfile);
    AppConfig config = AppConfig.of(app);
    assertThat(text).contains("FROM eclipse-temurin:17-jre")
        .contains("COPY target/" + app + ".jar ")
        .containsPattern("(?m)^USER 10001(:10001)?$")
        .containsPattern("(?m)^ENTRYPOINT \\[");
    Matcher expose = Pattern.compile("(?m)^EXPOSE (.+)$").matcher(text);
    assertThat(expose.find()).isTrue();
    assertThat(List.of(expose.group(1).trim().split("\\s+")))
        .containsExactlyInAnyOrder(String.valueOf(config.grpcPort()), String.valueOf(config.httpPort()));
    Matcher env = Pattern.compile("(?m)^ENV ([A-Z_]+)=").matcher(text);
    while (env.find()) {
      assertThat(config.reads(env.group(1))).as(app + " reads " + env.group(1)).isTrue();
    }
    // the uid the manifests run as
    assertThat(at(Renders.BASE.get("Deployment", app), "spec", "template", "spec", "securityContext", "runAsUser"))
        .isEqualTo(10001);
  }
}

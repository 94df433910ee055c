package org.partnernet.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.deploy.Yamls.map;
import static org.partnernet.deploy.Yamls.str;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ManifestsParseTest {

  @Test
  void everyYamlAndJsonFileUnderDeployParses() {
    List<Path> files = Repo.files(Repo.DEPLOY, "yaml", "yml", "json");
    assertThat(files).hasSizeGreaterThan(20);
    for (Path file : files) {
      assertThat(Yamls.loadAll(file)).as(file + " holds at least one document").isNotEmpty();
    }
  }

  @Test
  void everyKubernetesDocumentNamesItsApiVersionKindAndName() {
    for (Path file : Repo.files(Repo.KUBERNETES, "yaml", "yml")) {
      for (Object document : Yamls.loadAll(file)) {
        if (document instanceof List<?>) {
          // a JSON 6902 patch: a list of operations
          for (Object op : (List<?>) document) {
            assertThat(str(op, "op")).as(file + ": JSON patch operation").isIn("add", "remove", "replace",
                "move", "copy", "test");
            assertThat(str(op, "path")).as(file + ": JSON patch path").startsWith("/");
          }
          continue;
        }
        var object = map(document);
        assertThat(str(object, "apiVersion")).as(file + ": apiVersion").isNotBlank();
        assertThat(str(object, "kind")).as(file + ": kind").isNotBlank();
        if (!str(object, "kind").equals("Kustomization") && !str(object, "kind").equals("Component")) {
          assertThat(str(object, "metadata", "name")).as(file + ": metadata.name").isNotBlank();
        }
      }
    }
  }

  /** The team's rule: no public internet host in the repository; placeholders use the reserved .invalid. */
  @Test
  void urlsPointOnlyAtLocalClusterOrPlaceholderHosts() {
    Pattern url = Pattern.compile("\\b(?:https?|mongodb|jdbc:postgresql|static|redis)://([^/:?\"'\\s,]+)");
    Set<String> local = Set.of("localhost", "127.0.0.1", "keycloak", "mongodb", "postgres", "partner-directory",
        "resources-service", "referral-service", "gateway", "otel-collector.monitoring", "alertmanager", "redis");
    List<String> offenders = new ArrayList<>();
    List<Path> files = new ArrayList<>(Repo.files(Repo.DEPLOY, "yaml", "yml", "json", "md"));
    files.removeIf(f -> f.startsWith(Repo.DEPLOY.resolve("keycloak")));
    for (Path file : files) {
      Matcher matcher = url.matcher(Repo.read(file));
      while (matcher.find()) {
        String host = matcher.group(1);
        boolean ok = local.contains(host) || host.matches("mongodb-\\d\\.mongodb") || host.endsWith(".invalid")
            || host.startsWith("$") || host.startsWith("<") || host.contains("{");
        if (!ok) {
          offenders.add(Repo.DEPLOY.relativize(file) + ": " + host);
        }
      }
    }
    assertThat(offenders).isEmpty();
  }
}

package org.partnernet.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.deploy.Yamls.kind;
import static org.partnernet.deploy.Yamls.map;
import static org.partnernet.deploy.Yamls.name;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets in the repository are placeholders, never real values. */
class SecretsTest {

  @Test
  void everySecretValueIsAPlaceholder() {
    int secrets = 0;
    for (Path file : Repo.files(Repo.KUBERNETES, "yaml", "yml")) {
      for (Object document : Yamls.loadAll(file)) {
        Map<String, Object> object = map(document);
        if (!"Secret".equals(kind(object))) {
          continue;
        }
        secrets++;
        assertThat(map(object.get("data"))).as(file + ": use stringData placeholders, not data").isEmpty();
        for (var entry : map(object.get("stringData")).entrySet()) {
          String value = String.valueOf(entry.getValue());
          String where = file.getFileName() + " " + name(object) + "." + entry.getKey();
          if (entry.getKey().equals("username")) {
            continue;
          }
          if (name(object).equals("partnernet-mongodb")) {
            assertThat(value).as(where + " carries no credentials").doesNotContain("@");
            continue;
          }
          assertThat(value).as(where + " is a placeholder").contains("CHANGE-ME");
        }
      }
    }
    assertThat(secrets).isGreaterThanOrEqualTo(5);
  }

  @Test
  void theKekSecretIsMountedAndNeverGeneratedInTheCluster() {
    var container = WorkloadHardeningTest.container(Renders.PRODUCTION.get("Deployment", "referral-service"));
    var env = AppContractTest.environment(container);
    assertThat(env).containsEntry("KEK_CREATE_IF_MISSING", "false")
        .containsEntry("KEK_KEYSET_FILE", "/etc/partnernet/kek/kek-keyset.json");
    assertThat(Renders.PRODUCTION.get("Secret", "referral-kek").toString()).contains("kek-keyset.json");
  }
}

package org.partnernet.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.deploy.Yamls.at;
import static org.partnernet.deploy.Yamls.kind;
import static org.partnernet.deploy.Yamls.map;
import static org.partnernet.deploy.Yamls.maps;
import static org.partnernet.deploy.Yamls.name;
import static org.partnernet.deploy.Yamls.str;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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

  /** A Secret mounted into an app is a file the app is told about, never one it ignores. */
  @ParameterizedTest
  @EnumSource(Renders.class)
  void everySecretMountedIntoAnAppIsAFileTheAppIsToldToRead(Renders render) {
    SoftAssertions softly = new SoftAssertions();
    for (String app : Repo.APPS) {
      Map<String, Object> deployment = render.get("Deployment", app);
      Map<String, Object> container = WorkloadHardeningTest.container(deployment);
      Collection<String> values = AppContractTest.environment(container).values();
      for (Map<String, Object> volume : maps(at(deployment, "spec", "template", "spec", "volumes"))) {
        if (volume.get("secret") == null) {
          continue;
        }
        for (Map<String, Object> mount : maps(container.get("volumeMounts"))) {
          if (str(mount, "name").equals(str(volume, "name"))) {
            String directory = str(mount, "mountPath") + "/";
            softly.assertThat(values).as(app + ": a setting names a file in " + directory + " (Secret "
                + str(volume, "secret", "secretName") + ")")
                .anyMatch(v -> v.startsWith(directory) || v.startsWith("file:" + directory));
          }
        }
      }
    }
    softly.assertAll();
  }

  @ParameterizedTest
  @EnumSource(Renders.class)
  void alertCredentialsComeOnlyFromTheirSecret(Renders render) {
    Map<String, Object> container = WorkloadHardeningTest.container(render.get("Deployment", "referral-service"));
    for (var variable : Map.of("ALERT_SMTP_PASSWORD", "smtp-password", "ALERT_SMS_TOKEN", "sms-token").entrySet()) {
      assertThat(maps(container.get("env"))).as(variable.getKey())
          .anyMatch(e -> variable.getKey().equals(str(e, "name"))
              && "referral-alerting".equals(str(e, "valueFrom", "secretKeyRef", "name"))
              && variable.getValue().equals(str(e, "valueFrom", "secretKeyRef", "key")));
      for (Map<String, Object> configMap : render.ofKind("ConfigMap")) {
        assertThat(map(configMap.get("data"))).as(variable.getKey() + " in ConfigMap " + name(configMap))
            .doesNotContainKey(variable.getKey());
      }
    }
  }
}

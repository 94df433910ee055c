package org.partnernet.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.deploy.Yamls.at;
import static org.partnernet.deploy.Yamls.map;
import static org.partnernet.deploy.Yamls.maps;
import static org.partnernet.deploy.Yamls.str;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * referral-service's EMERGENCY alerts (e-mail over SMTP, SMS over an HTTP API) are configured wherever it runs:
 * every setting an operator must decide is in the manifests, so none is left to a default nobody saw.
 */
class AlertingTest {

  /** What a coalition decides; the timing settings keep the app's defaults. */
  private static final Set<String> SETTINGS = Set.of("ALERTS_ENABLED", "ALERT_PUBLIC_URL", "ALERT_ESCALATE_AFTER",
      "ALERT_COORDINATORS", "ALERT_SMTP_HOST", "ALERT_SMTP_PORT", "ALERT_SMTP_STARTTLS", "ALERT_SMTP_USERNAME",
      "ALERT_SMTP_PASSWORD", "ALERT_MAIL_FROM", "ALERT_SMS_URL", "ALERT_SMS_TOKEN");

  @Test
  void theSettingsAreOnesReferralServiceReads() {
    AppConfig config = AppConfig.of("referral-service");
    assertThat(SETTINGS).allMatch(config::reads);
  }

  @ParameterizedTest
  @EnumSource(Renders.class)
  void kubernetesGivesReferralServiceEveryAlertSetting(Renders render) {
    assertThat(provided(render)).containsAll(SETTINGS);
  }

  @Test
  void composeGivesReferralServiceEveryAlertSetting() {
    Map<String, Object> env = map(at(Yamls.loadMap(Repo.COMPOSE), "services", "referral-service", "environment"));
    assertThat(env.keySet()).containsAll(SETTINGS);
  }

  @Test
  void productionTurnsAlertsOnWithTheGatewaysPublicUrlAsTheLink() {
    Assumptions.assumeTrue(Kustomize.kubectlAvailable(), "only kubectl applies the overlay's patches");
    assertThat(str(Renders.PRODUCTION.get("ConfigMap", "referral-alerting"), "data", "ALERTS_ENABLED"))
        .isEqualTo("true");
    assertThat(str(Renders.PRODUCTION.get("ConfigMap", "partnernet-config"), "data", "GATEWAY_PUBLIC_URL"))
        .startsWith("https://");
  }

  /** The variables referral-service's container gets, literally, by reference or from ConfigMaps (envFrom). */
  private static Set<String> provided(Renders render) {
    Map<String, Object> container = WorkloadHardeningTest.container(render.get("Deployment", "referral-service"));
    Set<String> names = new TreeSet<>(AppContractTest.environment(container).keySet());
    for (Map<String, Object> from : maps(container.get("envFrom"))) {
      render.find("ConfigMap", str(from, "configMapRef", "name"))
          .ifPresent(c -> names.addAll(map(c.get("data")).keySet()));
    }
    return names;
  }
}

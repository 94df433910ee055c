package org.partnernet.deploy;

import static org.partnernet.deploy.AppContractTest.environment;
import static org.partnernet.deploy.Yamls.at;
import static org.partnernet.deploy.Yamls.list;
import static org.partnernet.deploy.Yamls.maps;
import static org.partnernet.deploy.Yamls.str;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mutual TLS between the pods (components/tls), on in production: every gRPC server requires a client certificate
 * from the namespace CA, every gRPC client presents its own, and every client dials a name the server's certificate
 * holds. The environment it sets is checked against what the apps read by AppContractTest.
 */
class MutualTlsTest {

  /** Client -> (target variable -> server app). */
  private static final Map<String, Map<String, String>> CHANNELS = Map.of(
      "gateway", Map.of("DIRECTORY_TARGET", "partner-directory", "RESOURCES_TARGET", "resources-service",
          "REFERRAL_TARGET", "referral-service"),
      "referral-service", Map.of("DIRECTORY_TARGET", "partner-directory"),
      "resources-service", Map.of("DIRECTORY_TARGET", "partner-directory"));

  static Stream<Renders> rendersWithTls() {
    return Stream.of(Renders.PRODUCTION, Renders.ALL_COMPONENTS);
  }

  @Test
  void productionIssuesEveryAppItsCertificate() {
    for (String app : Repo.APPS) {
      Renders.PRODUCTION.get("Certificate", app + "-tls");
    }
  }

  @ParameterizedTest
  @MethodSource("rendersWithTls")
  void everyServiceServesTlsAndRequiresAClientCertificate(Renders render) {
    Assumptions.assumeTrue(Kustomize.kubectlAvailable(), "only kubectl applies the component's patches");
    SoftAssertions softly = new SoftAssertions();
    for (String service : Repo.SERVICES) {
      Map<String, String> env = environment(WorkloadHardeningTest.container(render.get("Deployment", service)));
      softly.assertThat(env).as(service).containsEntry("SPRING_GRPC_SERVER_SSL_CLIENT_AUTH", "require")
          .containsKey("SPRING_GRPC_SERVER_SSL_BUNDLE");
      ownCertificate(render, softly, service, env.get("SPRING_GRPC_SERVER_SSL_BUNDLE"));
      Map<String, Object> grpcPort = maps(at(render.get("Service", service), "spec", "ports")).stream()
          .filter(p -> "grpc".equals(str(p, "name"))).findFirst().orElseThrow();
      softly.assertThat(str(grpcPort, "appProtocol")).as(service + ": its Service no longer claims cleartext h2c")
          .isNotEqualTo("kubernetes.io/h2c");
    }
    softly.assertAll();
  }

  @ParameterizedTest
  @MethodSource("rendersWithTls")
  void everyClientPresentsItsCertificateAndDialsANameInTheServersCertificate(Renders render) {
    Assumptions.assumeTrue(Kustomize.kubectlAvailable(), "only kubectl applies the component's patches");
    SoftAssertions softly = new SoftAssertions();
    CHANNELS.forEach((client, targets) -> {
      Map<String, String> env = environment(WorkloadHardeningTest.container(render.get("Deployment", client)));
      String bundle = client.equals("gateway")
          ? env.get("GATEWAY_BACKENDS_SSL_BUNDLE") : env.get("SPRING_GRPC_CLIENT_CHANNEL_DIRECTORY_SSL_BUNDLE");
      softly.assertThat(bundle).as(client + " uses an SSL bundle for its channels").isNotBlank();
      ownCertificate(render, softly, client, bundle);
      targets.forEach((variable, server) -> {
        String host = env.get(variable).replaceFirst("^dns:///", "").replaceFirst(":\\d+$", "");
        List<Object> names = list(at(render.get("Certificate", server + "-tls"), "spec", "dnsNames"));
        softly.assertThat(names).as(client + " " + variable + ": " + host + " is in " + server + "'s certificate")
            .contains(host);
      });
    });
    softly.assertAll();
  }

  @ParameterizedTest
  @MethodSource("rendersWithTls")
  void theGatewaysGrpcPortServesItsOwnCertificateNotOneMadeInThePod(Renders render) {
    Assumptions.assumeTrue(Kustomize.kubectlAvailable(), "only kubectl applies the component's patches");
    SoftAssertions softly = new SoftAssertions();
    String bundle = environment(WorkloadHardeningTest.container(render.get("Deployment", "gateway")))
        .get("GATEWAY_GRPC_SSL_BUNDLE");
    softly.assertThat(bundle).as("the gRPC pass-through's SSL bundle").isNotBlank();
    ownCertificate(render, softly, "gateway", bundle);
    softly.assertAll();
  }

  /**
   * The SSL bundle {@code bundle} of the app is its own certificate and key, and the CA, from the Secret its
   * Certificate issues, mounted where the bundle's PEM files are.
   */
  private static void ownCertificate(Renders render, SoftAssertions softly, String app, String bundle) {
    if (bundle == null) {
      return;
    }
    Map<String, Object> deployment = render.get("Deployment", app);
    Map<String, Object> container = WorkloadHardeningTest.container(deployment);
    Map<String, String> env = environment(container);
    String prefix = "SPRING_SSL_BUNDLE_PEM_" + bundle.toUpperCase(Locale.ROOT) + "_";
    String secret = str(render.get("Certificate", app + "-tls"), "spec", "secretName");
    for (var file : Map.of("KEYSTORE_CERTIFICATE", "tls.crt", "KEYSTORE_PRIVATE_KEY", "tls.key",
        "TRUSTSTORE_CERTIFICATE", "ca.crt").entrySet()) {
      String value = env.get(prefix + file.getKey());
      softly.assertThat(value).as(app + " " + prefix + file.getKey()).isNotNull().endsWith("/" + file.getValue());
      if (value == null || !value.startsWith("file:")) {
        continue;
      }
      String directory = value.substring("file:".length(), value.lastIndexOf('/'));
      String volume = maps(container.get("volumeMounts")).stream()
          .filter(m -> directory.equals(str(m, "mountPath"))).map(m -> str(m, "name")).findFirst().orElse(null);
      softly.assertThat(maps(at(deployment, "spec", "template", "spec", "volumes")))
          .as(app + ": " + directory + " is the Secret " + secret)
          .anyMatch(v -> str(v, "name").equals(volume) && secret.equals(str(v, "secret", "secretName")));
    }
    softly.assertThat(env).as(app + ": renewed certificates are reloaded")
        .containsEntry(prefix + "RELOAD_ON_UPDATE", "true");
  }
}

package org.partnernet.gateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsServerCredentials;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.partnernet.gateway.support.GatewayTestSupport;
import org.partnernet.gateway.support.TestCertificates;
import org.partnernet.gateway.support.ThingServer;
import org.partnernet.gateway.system.GatewayProperties;
import org.partnernet.gateway.testapi.v1.GetThingRequest;
import org.partnernet.gateway.testapi.v1.ThingServiceGrpc;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Mutual TLS to a service, over a real socket: the service (Netty, as the services run) requires a client
 * certificate it trusts, as with the tls deployment component. The gateway's channel presents the one of its SSL
 * bundle, configured as the component configures it (PEM files, reload-on-update); without it the service refuses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackendTlsTest {

  private static final Path DIR = TestCertificates.directory("gateway-tls-test");
  private static final TestCertificates.Pem SERVICE_CERT =
      TestCertificates.selfSigned(DIR, "thing-service", "dns:localhost,ip:127.0.0.1");
  /** What the tls component mounts at /etc/partnernet/tls for the gateway. */
  private static final TestCertificates.Pem GATEWAY_CERT =
      TestCertificates.selfSigned(DIR.resolve("mounted"), "gateway", "dns:gateway");
  private static final TestCertificates.Pem RENEWED_CERT =
      TestCertificates.selfSigned(DIR, "gateway-renewed", "dns:gateway");
  private static final TestCertificates.Pem STRANGER_CERT =
      TestCertificates.selfSigned(DIR, "stranger", "dns:stranger");
  private static final ThingServer SERVICE = ThingServer.started(serverCredentials());

  @LocalServerPort
  int port;

  @Autowired
  SslBundles bundles;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    GatewayTestSupport.common(registry, SERVICE);
    registry.add("partnernet.gateway.backends.things.ssl-bundle", () -> "partnernet");
    pemBundle(registry, "partnernet", GATEWAY_CERT);
    registry.add("spring.ssl.bundle.pem.partnernet.reload-on-update", () -> "true");
    registry.add("spring.ssl.bundle.watch.file.quiet-period", () -> "100ms");
    pemBundle(registry, "stranger", STRANGER_CERT);
    // trusts the service, presents no certificate
    registry.add("spring.ssl.bundle.pem.anonymous.truststore.certificate", () -> "file:" + SERVICE_CERT.certificate());
  }

  private static void pemBundle(DynamicPropertyRegistry registry, String name, TestCertificates.Pem pem) {
    registry.add("spring.ssl.bundle.pem." + name + ".keystore.certificate", () -> "file:" + pem.certificate());
    registry.add("spring.ssl.bundle.pem." + name + ".keystore.private-key", () -> "file:" + pem.privateKey());
    registry.add("spring.ssl.bundle.pem." + name + ".truststore.certificate", () -> "file:" + SERVICE_CERT.certificate());
  }

  @AfterAll
  static void stopService() {
    SERVICE.stop();
  }

  @Test
  @Order(1)
  void presentsTheBundlesCertificateToAServiceThatRequiresOne() {
    GatewayTestSupport.clientFor(port).get().uri("/api/v1/things/a")
        .header(HttpHeaders.AUTHORIZATION, GatewayTestSupport.bearer())
        .exchange().expectStatus().isOk();
    assertThat(SERVICE.clientCertificate.get()).isEqualTo("CN=gateway");
  }

  @ParameterizedTest(name = "ssl-bundle \"{0}\"")
  @ValueSource(strings = {"", "anonymous", "stranger"})
  @Order(2)
  void theServiceRefusesAChannelWithoutATrustedClientCertificate(String bundle) throws InterruptedException {
    Backends backends = new Backends(properties(bundle), ObservationRegistry.NOOP, bundles, () -> null);
    try {
      var stub = ThingServiceGrpc.newBlockingStub(backends.all().get("things").channels().first())
          .withDeadlineAfter(5, TimeUnit.SECONDS);
      assertThatThrownBy(() -> stub.getThing(GetThingRequest.newBuilder().setThing("a").build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    } finally {
      backends.destroy();
    }
  }

  @Test
  void namesTheSettingWhenTheBundleDoesNotExist() {
    assertThatThrownBy(() -> new Backends(properties("missing"), ObservationRegistry.NOOP, bundles, () -> null))
        .hasMessageContaining("partnernet.gateway.backends.things.ssl-bundle");
  }

  /** cert-manager renews the certificate in place; the next connection presents the new one, no restart. */
  @Test
  @Order(3)
  void presentsARenewedCertificateOnTheNextConnection() throws InterruptedException {
    assertThat(RENEWED_CERT.renewInPlace(GATEWAY_CERT, bundles, "partnernet")).as("Spring Boot reloaded the bundle").isTrue();
    // a new connection: an open one keeps the certificate it was opened with
    SERVICE.stop();
    SERVICE.restart();
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    int status = 0;
    while (status != 200 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      status = GatewayTestSupport.clientFor(port).get().uri("/api/v1/things/a")
          .header(HttpHeaders.AUTHORIZATION, GatewayTestSupport.bearer())
          .exchange().returnResult(String.class).getStatus().value();
    }
    assertThat(status).isEqualTo(200);
    assertThat(SERVICE.clientCertificate.get()).isEqualTo("CN=gateway-renewed");
  }

  private static GatewayProperties properties(String bundle) {
    return new GatewayProperties(null,
        Map.of("things", new GatewayProperties.Backend(SERVICE.target(), List.of(), null, bundle)),
        null, null, null, null, null, null, null, null, null, null);
  }

  private static io.grpc.ServerCredentials serverCredentials() {
    try {
      // the service trusts the gateway's certificate, before and after its renewal, and nothing else
      Path trusted = DIR.resolve("trusted-clients.crt");
      Files.writeString(trusted, Files.readString(GATEWAY_CERT.certificate())
          + Files.readString(RENEWED_CERT.certificate()));
      return TlsServerCredentials.newBuilder()
          .keyManager(SERVICE_CERT.certificate().toFile(), SERVICE_CERT.privateKey().toFile())
          .trustManager(trusted.toFile())
          .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

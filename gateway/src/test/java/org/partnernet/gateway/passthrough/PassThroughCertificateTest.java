package org.partnernet.gateway.passthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.partnernet.gateway.support.GatewayTestSupport;
import org.partnernet.gateway.support.TestCertificates;
import org.partnernet.gateway.support.ThingServer;
import org.partnernet.gateway.testapi.v1.GetThingRequest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gRPC port with a configured certificate (an SSL bundle of PEM files, as cert-manager mounts them, with
 * reload-on-update) instead of the development one, over real TLS: clients that trust only that certificate get
 * through, and after a renewal in place the next connection is served the renewed one, no restart.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PassThroughCertificateTest {

  private static final Path DIR = TestCertificates.directory("gateway-grpc-tls-test");
  private static final TestCertificates.Pem MOUNTED =
      TestCertificates.selfSigned(DIR.resolve("mounted"), "grpc-gateway", "dns:localhost,ip:127.0.0.1");
  private static final TestCertificates.Pem RENEWED =
      TestCertificates.selfSigned(DIR, "grpc-gateway-renewed", "dns:localhost,ip:127.0.0.1");
  private static final X509Certificate FIRST = certificate(MOUNTED);
  private static final X509Certificate SECOND = certificate(RENEWED);

  @Autowired
  GrpcPassThrough passThrough;

  @Autowired
  SslBundles bundles;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    GatewayTestSupport.common(registry, ThingServer.shared());
    registry.add("partnernet.gateway.grpc.data-dir", () -> DIR.resolve("data").toString());
    registry.add("partnernet.gateway.grpc.ssl-bundle", () -> "grpc");
    registry.add("spring.ssl.bundle.pem.grpc.keystore.certificate", () -> "file:" + MOUNTED.certificate());
    registry.add("spring.ssl.bundle.pem.grpc.keystore.private-key", () -> "file:" + MOUNTED.privateKey());
    registry.add("spring.ssl.bundle.pem.grpc.reload-on-update", () -> "true");
    registry.add("spring.ssl.bundle.watch.file.quiet-period", () -> "100ms");
  }

  @Test
  @Order(1)
  void servesTheBundlesCertificateNotTheDevelopmentOne() throws InterruptedException {
    try (PassThroughClient client = new PassThroughClient(passThrough, FIRST)) {
      assertThat(client.things(GatewayTestSupport.bearer())
          .getThing(GetThingRequest.newBuilder().setThing("tls").build()).getName()).isEqualTo("things/tls");
    }
    assertThat(DIR.resolve("data").resolve("gateway-tls-dev.p12")).doesNotExist();
  }

  @Test
  @Order(2)
  void servesARenewedCertificateFromTheNextConnection() throws InterruptedException {
    assertThat(RENEWED.renewInPlace(MOUNTED, bundles, "grpc")).as("Spring Boot reloaded the bundle").isTrue();

    // the gateway's own handler may run after the one above: ask until the renewed certificate is served
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    boolean renewed = false;
    while (!renewed && System.nanoTime() < deadline) {
      try (PassThroughClient client = new PassThroughClient(passThrough, SECOND)) {
        renewed = client.things(GatewayTestSupport.bearer())
            .getThing(GetThingRequest.newBuilder().setThing("renewed").build()).getName().equals("things/renewed");
      } catch (StatusRuntimeException notYet) {
        Thread.sleep(100);
      }
    }
    assertThat(renewed).as("a client trusting only the renewed certificate got through").isTrue();
    try (PassThroughClient old = new PassThroughClient(passThrough, FIRST)) {
      assertThatThrownBy(() -> old.things(GatewayTestSupport.bearer())
          .getThing(GetThingRequest.newBuilder().setThing("old").build()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }
  }

  private static X509Certificate certificate(TestCertificates.Pem pem) {
    try (InputStream in = Files.newInputStream(pem.certificate())) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

package org.partnernet.gateway.support;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway on a real port, in front of the test ThingService (a real gRPC server on a real socket),
 * trusting tokens from {@link TestJwks}. Test classes that add no properties share one context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class GatewayTestSupport {

  protected static final TestJwks JWKS = TestJwks.shared();
  protected static final ThingServer THINGS = ThingServer.shared();

  @LocalServerPort
  protected int port;

  protected WebTestClient client;

  @DynamicPropertySource
  static void gatewayProperties(DynamicPropertyRegistry registry) {
    common(registry, THINGS);
    registry.add("partnernet.gateway.rate-limit.user.rate-per-second", () -> "100000");
    registry.add("partnernet.gateway.rate-limit.user.burst", () -> "100000");
    registry.add("partnernet.gateway.rate-limit.organisation.rate-per-second", () -> "100000");
    registry.add("partnernet.gateway.rate-limit.organisation.burst", () -> "100000");
    // these tests fail calls on purpose; the breaker has its own test and context
    registry.add("partnernet.gateway.breaker.sliding-window-size", () -> "1000");
    registry.add("partnernet.gateway.breaker.minimum-number-of-calls", () -> "1000");
  }

  /** What every test context needs: the test descriptors, the test service and the test issuer. */
  public static void common(DynamicPropertyRegistry registry, ThingServer things) {
    registry.add("partnernet.gateway.descriptors[0]", () -> "classpath:partnernet/descriptors.binpb");
    registry.add("partnernet.gateway.descriptors[1]", () -> "classpath:gatewaytest/descriptors.binpb");
    registry.add("partnernet.gateway.backends.things.target", things::target);
    registry.add("partnernet.gateway.backends.things.packages", () -> "partnernet.gatewaytest.v1");
    registry.add("partnernet.gateway.security.issuer", JWKS::issuer);
    registry.add("partnernet.gateway.limits.max-body-size", () -> "64KB");
    // the real services may be running on this machine: point at a port nothing listens on
    registry.add("partnernet.gateway.backends.directory.target", () -> "127.0.0.1:1");
    registry.add("partnernet.gateway.backends.resources.target", () -> "127.0.0.1:1");
    registry.add("partnernet.gateway.backends.referral.target", () -> "127.0.0.1:1");
    registry.add("partnernet.gateway.grpc.port", () -> "0");
    registry.add("partnernet.gateway.grpc.data-dir", () -> "target/test-data");
  }

  public static WebTestClient clientFor(int port) {
    return WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + port)
        .responseTimeout(Duration.ofSeconds(15))
        // the OpenAPI document of every API is larger than the client's default 256 KiB buffer
        .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024))
        .build();
  }

  @BeforeEach
  void bindClient() {
    client = clientFor(port);
  }

  public static String bearer() {
    return "Bearer " + JWKS.token("user-1", "org-1");
  }
}

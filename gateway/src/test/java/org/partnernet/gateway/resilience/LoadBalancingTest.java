package org.partnernet.gateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.partnernet.gateway.support.GatewayTestSupport;
import org.partnernet.gateway.support.ThingServer;
import org.partnernet.gateway.system.GatewayProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code round_robin} spreads one channel's calls over every address its target resolves to (as
 * {@code dns:///} does for a headless Service). A resolver of its own stands in for DNS, which here
 * knows one address per name; the two services behind it are real.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LoadBalancingTest {

  private static final ThingServer ONE = ThingServer.started();
  private static final ThingServer TWO = ThingServer.started();

  @LocalServerPort
  int port;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    NameResolverRegistry.getDefaultRegistry().register(new TwoReplicas());
    GatewayTestSupport.common(registry, ONE);
    registry.add("partnernet.gateway.backends.things.target", () -> "two-replicas:///things");
    registry.add("partnernet.gateway.backends.things.load-balancing", () -> "round_robin");
  }

  @AfterAll
  static void stopServices() {
    ONE.stop();
    TWO.stop();
  }

  @Test
  void spreadsCallsOverEveryResolvedAddress() {
    var client = GatewayTestSupport.clientFor(port);
    for (int i = 0; i < 20; i++) {
      client.get().uri("/api/v1/things/a").header(HttpHeaders.AUTHORIZATION, GatewayTestSupport.bearer())
          .exchange().expectStatus().isOk();
    }
    assertThat(ONE.calls.get()).isPositive();
    assertThat(TWO.calls.get()).isPositive();
    assertThat(ONE.calls.get() + TWO.calls.get()).isEqualTo(20);
  }

  @Test
  void refusesAnUnknownPolicyNamingTheSetting() {
    GatewayProperties properties = new GatewayProperties(null,
        Map.of("things", new GatewayProperties.Backend("127.0.0.1:1", List.of(), "random")),
        null, null, null, null, null, null, null, null, null, null);
    assertThatThrownBy(() -> new Backends(properties, ObservationRegistry.NOOP))
        .hasMessageContaining("partnernet.gateway.backends.things.load-balancing");
  }

  /** Resolves {@code two-replicas:///…} to both test services, as DNS resolves a headless Service. */
  private static final class TwoReplicas extends NameResolverProvider {
    @Override
    protected boolean isAvailable() {
      return true;
    }

    @Override
    protected int priority() {
      // never the default scheme for targets that name none
      return 0;
    }

    @Override
    public String getDefaultScheme() {
      return "two-replicas";
    }

    @Override
    public NameResolver newNameResolver(URI uri, NameResolver.Args args) {
      if (!"two-replicas".equals(uri.getScheme())) {
        return null;
      }
      return new NameResolver() {
        @Override
        public String getServiceAuthority() {
          return "things";
        }

        @Override
        public void start(Listener2 listener) {
          listener.onResult(ResolutionResult.newBuilder().setAddresses(List.of(
              new EquivalentAddressGroup(new InetSocketAddress("127.0.0.1", ONE.port())),
              new EquivalentAddressGroup(new InetSocketAddress("127.0.0.1", TWO.port())))).build());
        }

        @Override
        public void shutdown() {}
      };
    }
  }
}

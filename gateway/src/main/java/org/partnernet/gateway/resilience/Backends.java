package org.partnernet.gateway.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.LoadBalancerRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcClientInterceptor;
import io.micrometer.observation.ObservationRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.partnernet.gateway.system.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.stereotype.Component;

/**
 * The services behind the gateway, one long-lived channel and one breaker each, plus a light health
 * poll (grpc.health.v1) that feeds the status endpoint. Nothing here makes the gateway's own
 * readiness depend on a service.
 */
@Component
public class Backends implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(Backends.class);
  private static final List<String> LOAD_BALANCING = List.of("pick_first", "round_robin");

  private final Map<String, Backend> byName = new LinkedHashMap<>();
  private final Map<String, Backend> byPackage = new LinkedHashMap<>();
  private final ScheduledExecutorService poller;

  /** Channels in plain text only (no SSL bundles): tests and benchmarks. */
  public Backends(GatewayProperties properties, ObservationRegistry observations) {
    this(properties, observations, new DefaultSslBundleRegistry());
  }

  @Autowired
  public Backends(GatewayProperties properties, ObservationRegistry observations, SslBundles bundles) {
    // every call to a service is observed: grpc.client metrics, and the trace context in its metadata (W3C
    // traceparent) so the service's spans join the request's trace. The health poll stays unobserved.
    ClientInterceptor observed = new ObservationGrpcClientInterceptor(observations);
    GatewayProperties.Breaker settings = properties.breaker();
    CircuitBreakerConfig config = CircuitBreakerConfig.custom()
        .slidingWindowSize(settings.slidingWindowSize())
        .minimumNumberOfCalls(settings.minimumNumberOfCalls())
        .failureRateThreshold(settings.failureRateThreshold())
        .waitDurationInOpenState(settings.waitInOpenState())
        .permittedNumberOfCallsInHalfOpenState(2)
        .slowCallDurationThreshold(java.time.Duration.ofDays(1))
        .build();
    properties.backends().forEach((name, backend) -> {
      if (backend.target() == null || backend.target().isBlank()) {
        throw new IllegalStateException("partnernet.gateway.backends." + name + ".target is not set");
      }
      if (LoadBalancerRegistry.getDefaultRegistry().getProvider(backend.loadBalancing()) == null
          || !LOAD_BALANCING.contains(backend.loadBalancing())) {
        throw new IllegalStateException("partnernet.gateway.backends." + name + ".load-balancing must be one of "
            + LOAD_BALANCING);
      }
      ManagedChannel channel = Grpc.newChannelBuilder(backend.target(), credentials(name, backend, bundles))
          .defaultLoadBalancingPolicy(backend.loadBalancing())
          .directExecutor()
          .keepAliveTime(30, TimeUnit.SECONDS)
          .maxInboundMessageSize(16 * 1024 * 1024)
          .build();
      CircuitBreaker breaker = CircuitBreaker.of(name, config);
      Backend b = new Backend(name, backend.target(), channel, ClientInterceptors.intercept(channel, observed),
          breaker);
      breaker.getEventPublisher().onStateTransition(event -> {
        log.warn("circuit of service {} went {}", name, event.getStateTransition());
        if (event.getStateTransition().getToState() == CircuitBreaker.State.HALF_OPEN) {
          // the channel may be sleeping in reconnect back-off; let the trial calls connect now
          channel.resetConnectBackoff();
        }
      });
      byName.put(name, b);
      for (String pkg : backend.packages()) {
        byPackage.put(pkg, b);
      }
    });
    poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "backend-health");
      t.setDaemon(true);
      return t;
    });
    long every = settings.healthCheckInterval().toMillis();
    poller.scheduleWithFixedDelay(this::poll, 0, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Plain text, or TLS that presents the bundle's certificate (mutual TLS: the services require a client
   * certificate from their CA) and trusts the bundle's trust material, as Spring gRPC does for the services' own
   * channels ({@code spring.grpc.client.channel.<name>.ssl.bundle}). The key manager follows the bundle, so a
   * certificate renewed on disk (reload-on-update) is presented on the next connection without a restart.
   */
  private static ChannelCredentials credentials(String name, GatewayProperties.Backend backend, SslBundles bundles) {
    if (backend.sslBundle().isEmpty()) {
      return InsecureChannelCredentials.create();
    }
    try {
      return TlsChannelCredentials.newBuilder()
          .keyManager(new BundleKeyManager(bundles, backend.sslBundle()))
          .trustManager(bundles.getBundle(backend.sslBundle()).getManagers().getTrustManagerFactory()
              .getTrustManagers())
          .build();
    } catch (NoSuchSslBundleException e) {
      throw new IllegalStateException("partnernet.gateway.backends." + name + ".ssl-bundle names no SSL bundle ("
          + "spring.ssl.bundle.pem." + backend.sslBundle() + ".* is not set)", e);
    }
  }

  /** The service that serves a proto package, if one is configured. */
  public Optional<Backend> forPackage(String protoPackage) {
    return Optional.ofNullable(byPackage.get(protoPackage));
  }

  Map<String, Backend> all() {
    return byName;
  }

  private void poll() {
    for (Backend backend : byName.values()) {
      HealthGrpc.newStub(backend.channel())
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance(), new StreamObserver<>() {
            @Override
            public void onNext(HealthCheckResponse response) {
              backend.health(response.getStatus() == HealthCheckResponse.ServingStatus.SERVING
                  ? Backend.Health.UP : Backend.Health.DOWN);
            }

            @Override
            public void onError(Throwable t) {
              Status status = Status.fromThrowable(t);
              // a service without the health service is still a reachable service
              backend.health(status.getCode() == Status.Code.UNIMPLEMENTED
                  ? Backend.Health.UP : Backend.Health.DOWN);
              if (status.getCode() == Status.Code.UNAVAILABLE) {
                backend.channel().resetConnectBackoff();
              }
            }

            @Override
            public void onCompleted() {}
          });
    }
  }

  @Override
  public void destroy() throws InterruptedException {
    poller.shutdownNow();
    for (Backend backend : byName.values()) {
      backend.channel().shutdown();
    }
    for (Backend backend : byName.values()) {
      backend.channel().awaitTermination(2, TimeUnit.SECONDS);
    }
  }
}

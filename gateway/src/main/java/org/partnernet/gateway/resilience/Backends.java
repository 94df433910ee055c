package org.partnernet.gateway.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.InsecureChannelCredentials;
import io.grpc.LoadBalancerRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcClientInterceptor;
import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.partnernet.gateway.system.BundleKeyManager;
import org.partnernet.gateway.system.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.stereotype.Component;
import reactor.netty.resources.LoopResources;

/**
 * The services behind the gateway, long-lived channels and one breaker each, plus a light health
 * poll (grpc.health.v1) that feeds the status endpoint. Nothing here makes the gateway's own
 * readiness depend on a service.
 */
@Component
public class Backends implements SmartLifecycle, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(Backends.class);
  private static final List<String> LOAD_BALANCING = List.of("pick_first", "round_robin");

  private final Map<String, Backend> byName = new LinkedHashMap<>();
  private final Map<String, Backend> byPackage = new LinkedHashMap<>();
  private final ScheduledExecutorService poller;
  private volatile boolean running;

  /** Channels in plain text only (no SSL bundles) on gRPC's own loops: tests and benchmarks. */
  public Backends(GatewayProperties properties, ObservationRegistry observations) {
    this(properties, observations, new DefaultSslBundleRegistry(), () -> null);
  }

  /** Channels on the HTTP server's event loops, one per loop. */
  @Autowired
  public Backends(GatewayProperties properties, ObservationRegistry observations, SslBundles bundles,
      ReactorResourceFactory reactor) {
    // asked each time channels open: a stopped factory (a paused test context) has new loops when it starts again
    this(properties, observations, bundles, reactor::getLoopResources);
  }

  /** {@code loops} giving null: one channel per service, on gRPC's own loops. */
  Backends(GatewayProperties properties, ObservationRegistry observations, SslBundles bundles,
      Supplier<LoopResources> loops) {
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
      ChannelCredentials credentials = credentials(name, backend, bundles);
      CircuitBreaker breaker = CircuitBreaker.of(name, config);
      Backend b = new Backend(name, backend.target(), () -> channels(name, backend, credentials, loops.get(), observed),
          breaker);
      breaker.getEventPublisher().onStateTransition(event -> {
        log.warn("circuit of service {} went {}", name, event.getStateTransition());
        if (event.getStateTransition().getToState() == CircuitBreaker.State.HALF_OPEN) {
          // the channels may be sleeping in reconnect back-off; let the trial calls connect now
          b.channels().resetConnectBackoff();
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
   * One channel per event loop of the HTTP server (see {@link LoopChannels}), or a single one on gRPC's own loops.
   * Every channel runs its callbacks on its loop (direct executor): nothing the gateway does on an answer blocks.
   */
  private static LoopChannels channels(String name, GatewayProperties.Backend backend, ChannelCredentials credentials,
      LoopResources loops, ClientInterceptor observed) {
    if (loops == null) {
      return new LoopChannels(List.of(channel(backend, credentials).build()), List.of(), observed);
    }
    // the very group, and so the transport, the HTTP server takes its connections' loops from
    EventLoopGroup server = loops.onServer(LoopResources.DEFAULT_NATIVE);
    Class<? extends SocketChannel> type = loops.onChannelClass(SocketChannel.class, server);
    List<EventLoop> each = new ArrayList<>();
    List<ManagedChannel> channels = new ArrayList<>();
    for (EventExecutor executor : server) {
      EventLoop loop = (EventLoop) executor;
      each.add(loop);
      channels.add(channel(backend, credentials).eventLoopGroup(loop).channelType(type).build());
    }
    log.debug("service {}: one channel on each of the {} event loops", name, each.size());
    return new LoopChannels(channels, each, observed);
  }

  private static NettyChannelBuilder channel(GatewayProperties.Backend backend, ChannelCredentials credentials) {
    return NettyChannelBuilder.forTarget(backend.target(), credentials)
        .defaultLoadBalancingPolicy(backend.loadBalancing())
        .directExecutor()
        .keepAliveTime(30, TimeUnit.SECONDS)
        .maxInboundMessageSize(16 * 1024 * 1024);
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
      HealthGrpc.newStub(backend.channels().first())
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
                backend.channels().resetConnectBackoff();
              }
            }

            @Override
            public void onCompleted() {}
          });
    }
  }

  /** Reopens the channels of a stopped gateway (a test context resumed); they open at construction. */
  @Override
  public void start() {
    byName.values().forEach(Backend::reopen);
    running = true;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /**
   * After the web server, which lets the requests in flight finish, and before the Reactor resources (phase 0) stop
   * the event loops the channels run on: open channels would keep those loops busy through their whole grace period.
   */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 4096;
  }

  @Override
  public void stop() {
    running = false;
    byName.values().forEach(backend -> backend.channels().shutdown());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    try {
      for (Backend backend : byName.values()) {
        backend.channels().awaitTermination(deadline);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void destroy() {
    poller.shutdownNow();
    stop();
  }
}

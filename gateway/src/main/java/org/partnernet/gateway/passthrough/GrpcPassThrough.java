package org.partnernet.gateway.passthrough;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.HandlerRegistry;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcServerInterceptor;
import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import org.partnernet.gateway.ratelimit.RateLimiter;
import org.partnernet.gateway.resilience.Backend;
import org.partnernet.gateway.resilience.Backends;
import org.partnernet.gateway.security.Callers;
import org.partnernet.gateway.security.PartnerStandings;
import org.partnernet.gateway.security.PartnerStandings.Standing;
import org.partnernet.gateway.system.ApiErrors;
import org.partnernet.gateway.system.BundleKeyManager;
import org.partnernet.gateway.transcoding.ApiDescriptors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.SmartLifecycle;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * Native gRPC clients reach each service through the gateway: HTTP/2 with TLS on its own port, the
 * bearer token, the partner's standing and the rate limits checked here exactly as for REST, then
 * every frame relayed unchanged (any method,
 * unary or streaming) over the service's long-lived channel, through its breaker. Which service a
 * method goes to is decided by its proto package, as for REST.
 */
@Component
class GrpcPassThrough implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(GrpcPassThrough.class);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> REQUEST_ID =
      Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
  /** Longer than the key fetch's and the partner-status call's own deadlines: this bounds only a stuck answer. */
  private static final Duration ADMISSION_WAIT = Duration.ofSeconds(10);
  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw Status.INTERNAL.withDescription("cannot read message").withCause(e).asRuntimeException();
      }
    }
  };

  private final boolean enabled;
  private final int port;
  private final Path dataDir;
  /** The configured certificate, following its renewals; null: the development certificate. */
  private final KeyManager bundleKeys;
  private final ReactiveJwtDecoder tokens;
  private final PartnerStandings standings;
  private final RateLimiter limiter;
  private final ObservationRegistry observations;
  private final ReactorResourceFactory reactor;
  /**
   * Every method of the descriptors, by full name, with its relay: a name the API does not have is answered
   * UNIMPLEMENTED by the server itself, so callers cannot mint metric series (or probe services) with made-up names.
   */
  private final Map<String, ServerMethodDefinition<byte[], byte[]>> relayed = new HashMap<>();
  private volatile Server server;

  GrpcPassThrough(
      @Value("${partnernet.gateway.grpc.enabled:true}") boolean enabled,
      @Value("${partnernet.gateway.grpc.port:8443}") int port,
      @Value("${partnernet.gateway.grpc.data-dir:./data}") String dataDir,
      @Value("${partnernet.gateway.grpc.ssl-bundle:}") String sslBundle, SslBundles bundles,
      ReactiveJwtDecoder tokens, PartnerStandings standings, RateLimiter limiter, ApiDescriptors api,
      Backends backends, ObservationRegistry observations, ReactorResourceFactory reactor) {
    this.enabled = enabled;
    this.port = port;
    this.dataDir = Path.of(dataDir);
    this.bundleKeys = sslBundle.isBlank() ? null : bundleKeys(bundles, sslBundle);
    this.tokens = tokens;
    this.standings = standings;
    this.limiter = limiter;
    this.observations = observations;
    this.reactor = reactor;
    api.services().forEach(service -> backends.forPackage(service.getFile().getPackage())
        .ifPresent(backend -> service.getMethods().forEach(proto -> {
          MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
              .setType(MethodDescriptor.MethodType.UNKNOWN)
              .setFullMethodName(MethodDescriptor.generateFullMethodName(service.getFullName(), proto.getName()))
              .setRequestMarshaller(BYTES)
              .setResponseMarshaller(BYTES)
              .build();
          relayed.put(method.getFullMethodName(),
              ServerMethodDefinition.create(method, new ProxyHandler(backend, method)));
        })));
  }

  @Override
  public void start() {
    if (!enabled) {
      return;
    }
    try {
      KeyManager keys = bundleKeys != null ? bundleKeys : developmentKeys();
      // on the HTTP server's event loops, where the services' channels are too: a call is read, relayed, answered and
      // its answer written by one thread (see LoopChannels), nothing here blocks (see Admission)
      LoopResources loops = reactor.getLoopResources();
      EventLoopGroup group = loops.onServer(LoopResources.DEFAULT_NATIVE);
      server = NettyServerBuilder.forAddress(new InetSocketAddress(port))
          .bossEventLoopGroup(loops.onServerSelect(LoopResources.DEFAULT_NATIVE))
          .workerEventLoopGroup(group)
          .channelType(loops.onChannelClass(ServerSocketChannel.class, group))
          .directExecutor()
          .sslContext(GrpcSslContexts.configure(SslContextBuilder.forServer(keys)).build())
          .fallbackHandlerRegistry(new Relay())
          .intercept(new Admission())
          // outermost: refusals are observed too, and a native caller's trace context becomes the parent of
          // the relayed call's (instead of the relay starting a trace of its own)
          .intercept(new ObservationGrpcServerInterceptor(observations))
          .build()
          .start();
      log.info("gRPC pass-through (TLS) on port {}", server.getPort());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the gRPC pass-through on port " + port, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the gRPC pass-through: " + e.getMessage(), e);
    }
  }

  /**
   * The certificate of the configured SSL bundle, followed as Spring Boot reloads it ({@code reload-on-update}): a
   * renewed certificate is presented from the next handshake on, without a restart.
   */
  private static KeyManager bundleKeys(SslBundles bundles, String name) {
    try {
      return new BundleKeyManager(bundles, name);
    } catch (NoSuchSslBundleException e) {
      throw new IllegalStateException("partnernet.gateway.grpc.ssl-bundle names no SSL bundle (spring.ssl.bundle.pem."
          + name + ".* is not set)", e);
    }
  }

  /** The self-signed development certificate, made on first run (see {@link DevCertificate}). */
  private KeyManager developmentKeys() throws Exception {
    Path store = DevCertificate.ensure(dataDir);
    char[] password = DevCertificate.PASSWORD.toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, password);
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(ks, password);
    return keys.getKeyManagers()[0];
  }

  @Override
  public void stop() {
    Server s = server;
    if (s != null) {
      s.shutdown();
      try {
        s.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      s.shutdownNow();
      server = null;
    }
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }

  /** The port actually bound (tests use port 0). */
  int port() {
    return server == null ? -1 : server.getPort();
  }

  /**
   * What REST callers pass through, in the same order: the token (issuer, signature, expiry, audience;
   * verified once per token), the partner's standing (a suspended partner's users are refused at once),
   * then the user's and the organisation's rate limits, the very buckets REST calls spend. Nothing here blocks the
   * event loop: a decision known at once (a token and a standing seen before) starts the call there and then; one
   * that needs a question answered first starts it when the answer comes.
   */
  private final class Admission implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
        ServerCallHandler<Q, R> next) {
      String authorization = headers.get(AUTHORIZATION);
      if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return refuse(call, ApiErrors.status(Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED",
            "a bearer token is required"));
      }
      CompletableFuture<Optional<com.google.rpc.Status>> decision = refusalOf(authorization).toFuture();
      if (decision.isDone()) {
        Optional<com.google.rpc.Status> refusal = decision.join();
        return refusal.isPresent() ? refuse(call, refusal.get()) : next.startCall(call, headers);
      }
      PendingListener<Q> pending = new PendingListener<>();
      decision.orTimeout(ADMISSION_WAIT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((refusal, failure) -> {
        Optional<com.google.rpc.Status> answer = failure == null ? refusal : Optional.of(ApiErrors.status(
            Status.Code.UNAVAILABLE, "ADMISSION_TIMEOUT", "the gateway could not check this call in time"));
        pending.start(() -> answer.isPresent() ? refuse(call, answer.get()) : next.startCall(call, headers));
      });
      return pending;
    }

    /** Why the call is refused, or nothing: it is admitted. */
    private Mono<Optional<com.google.rpc.Status>> refusalOf(String authorization) {
      return tokens.decode(authorization.substring(7).trim())
          .map(Callers::of)
          .map(Optional::of)
          .onErrorReturn(Optional.empty())
          .defaultIfEmpty(Optional.empty())
          .flatMap(caller -> caller.isEmpty()
              ? Mono.just(Optional.of(ApiErrors.status(Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED",
                  "the bearer token is not valid")))
              : refusalOf(caller.get(), authorization));
    }

    private Mono<Optional<com.google.rpc.Status>> refusalOf(Callers caller, String authorization) {
      // no answer lets the call through, as for REST: the service checks the caller again
      Mono<Standing> standing = caller.organisationId() == null ? Mono.just(Standing.UNKNOWN)
          : standings.standingOf(caller.organisationId(), authorization)
              .onErrorReturn(Standing.UNKNOWN)
              .defaultIfEmpty(Standing.UNKNOWN);
      return standing.flatMap(known -> {
        if (known == Standing.REFUSED) {
          return Mono.just(Optional.of(ApiErrors.status(Status.Code.PERMISSION_DENIED, "PARTNER_SUSPENDED",
              "your organisation is suspended from the network")));
        }
        if (!limiter.enabled()) {
          return Mono.just(Optional.empty());
        }
        return limiter.admit(caller).map(wait -> wait.isZero() ? Optional.empty() : Optional.of(rateLimited(wait)));
      });
    }

    private com.google.rpc.Status rateLimited(Duration wait) {
      long seconds = RateLimiter.retryAfterSeconds(wait);
      return ApiErrors.status(Status.Code.RESOURCE_EXHAUSTED, "RATE_LIMITED",
          "too many requests: retry after " + seconds + " s").toBuilder()
          .addDetails(Any.pack(RetryInfo.newBuilder()
              .setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(seconds)).build()))
          .build();
    }

    private <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, com.google.rpc.Status status) {
      StatusRuntimeException refusal = StatusProto.toStatusRuntimeException(status);
      call.close(refusal.getStatus(), refusal.getTrailers());
      return new ServerCall.Listener<>() {};
    }
  }

  /** Relays any method of the API (unary or streaming, annotated or not) to the service of its proto package. */
  private final class Relay extends HandlerRegistry {
    @Override
    public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
      return relayed.get(methodName);
    }
  }

  /** One relayed call, with flow control in both directions (one message at a time). */
  private static final class ProxyHandler implements ServerCallHandler<byte[], byte[]> {
    private final Backend backend;
    private final MethodDescriptor<byte[], byte[]> method;

    ProxyHandler(Backend backend, MethodDescriptor<byte[], byte[]> method) {
      this.backend = backend;
      this.method = method;
    }

    @Override
    public ServerCall.Listener<byte[]> startCall(ServerCall<byte[], byte[]> serverCall, Metadata headers) {
      CallOptions options = CallOptions.DEFAULT;
      io.grpc.Deadline deadline = Context.current().getDeadline();
      if (deadline != null) {
        options = options.withDeadline(deadline);
      }
      if (!headers.containsKey(REQUEST_ID)) {
        headers.put(REQUEST_ID, UUID.randomUUID().toString());
      }
      ClientCall<byte[], byte[]> clientCall;
      try {
        clientCall = backend.open(method, options);
      } catch (Backend.Rejected rejected) {
        serverCall.close(rejected.getStatus(), new Metadata());
        return new ServerCall.Listener<>() {};
      }
      long start = System.nanoTime();
      ClientCall<byte[], byte[]> client = clientCall;
      client.start(new ClientCall.Listener<>() {
        @Override
        public void onHeaders(Metadata responseHeaders) {
          serverCall.sendHeaders(responseHeaders);
        }

        @Override
        public void onMessage(byte[] message) {
          serverCall.sendMessage(message);
          if (serverCall.isReady()) {
            client.request(1);
          }
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
          backend.recordOutcome(status, trailers, method.getType() == MethodDescriptor.MethodType.UNARY
              ? System.nanoTime() - start : 0);
          serverCall.close(status, trailers);
        }

        @Override
        public void onReady() {
          // the service can take more: read the next message from the client
          serverCall.request(1);
        }
      }, headers);
      client.request(1);
      serverCall.request(1);
      return new ServerCall.Listener<>() {
        @Override
        public void onMessage(byte[] message) {
          client.sendMessage(message);
          if (client.isReady()) {
            serverCall.request(1);
          }
        }

        @Override
        public void onHalfClose() {
          client.halfClose();
        }

        @Override
        public void onCancel() {
          client.cancel("client cancelled", null);
        }

        @Override
        public void onReady() {
          // the client can take more: read the next message from the service
          client.request(1);
        }
      };
    }
  }
}

package org.partnernet.gateway.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * One gRPC service behind the gateway: its long-lived channels and its circuit breaker. Every call
 * goes through the breaker; an open breaker answers UNAVAILABLE at once, without touching the network.
 */
public final class Backend {

  /** The breaker refused the call: nothing was sent, so it must not be retried either. */
  public static final class Rejected extends StatusRuntimeException {
    Rejected(String backend) {
      super(Status.UNAVAILABLE.withDescription("service " + backend + " is unavailable, try again later"));
    }
  }

  private static final Metadata.Key<byte[]> STATUS_DETAILS =
      Metadata.Key.of("grpc-status-details-bin", Metadata.BINARY_BYTE_MARSHALLER);

  private final String name;
  private final String target;
  private final Supplier<LoopChannels> opener;
  private volatile LoopChannels channels;
  private final CircuitBreaker breaker;
  private volatile Health health = Health.UNKNOWN;

  enum Health { UNKNOWN, UP, DOWN }

  Backend(String name, String target, Supplier<LoopChannels> opener, CircuitBreaker breaker) {
    this.name = name;
    this.target = target;
    this.opener = opener;
    this.channels = opener.get();
    this.breaker = breaker;
  }

  public String name() {
    return name;
  }

  String target() {
    return target;
  }

  LoopChannels channels() {
    return channels;
  }

  /** New channels in place of shut-down ones. */
  void reopen() {
    if (channels.isShutdown()) {
      channels = opener.get();
    }
  }

  CircuitBreaker breaker() {
    return breaker;
  }

  Health health() {
    return health;
  }

  void health(Health health) {
    this.health = health;
  }

  ConnectivityState channelState() {
    return channels.state();
  }

  public <Q, R> Mono<R> unary(MethodDescriptor<Q, R> method, Q request, CallOptions options, Metadata headers) {
    return Mono.create(sink -> {
      if (!breaker.tryAcquirePermission()) {
        sink.error(new Rejected(name));
        return;
      }
      long start = System.nanoTime();
      try (Observation.Scope scope = requestScope(sink.contextView())) {
        ClientCall<Q, R> call = channels.here().newCall(method, options);
        sink.onCancel(() -> call.cancel("HTTP client went away", null));
        call.start(new ClientCall.Listener<>() {
          private R response;

          @Override
          public void onMessage(R message) {
            response = message;
          }

          @Override
          public void onClose(Status status, Metadata trailers) {
            record(status, trailers, System.nanoTime() - start);
            if (!status.isOk()) {
              sink.error(status.asRuntimeException(trailers));
            } else if (response == null) {
              sink.error(Status.INTERNAL.withDescription("service sent no response").asRuntimeException());
            } else {
              sink.success(response);
            }
          }
        }, headers);
        call.request(2);
        call.sendMessage(request);
        call.halfClose();
      }
    });
  }

  public <Q, R> Flux<R> serverStreaming(MethodDescriptor<Q, R> method, Q request, CallOptions options,
      Metadata headers) {
    return Flux.create(sink -> {
      if (!breaker.tryAcquirePermission()) {
        sink.error(new Rejected(name));
        return;
      }
      try (Observation.Scope scope = requestScope(sink.contextView())) {
        ClientCall<Q, R> call = channels.here().newCall(method, options);
        call.start(new ClientCall.Listener<>() {
          @Override
          public void onMessage(R message) {
            sink.next(message);
          }

          @Override
          public void onClose(Status status, Metadata trailers) {
            // a stream's length says nothing about the service's health: record it as instant
            record(status, trailers, 0);
            if (status.isOk()) {
              sink.complete();
            } else {
              sink.error(status.asRuntimeException(trailers));
            }
          }
        }, headers);
        sink.onRequest(n -> call.request((int) Math.min(n, Integer.MAX_VALUE)));
        sink.onCancel(() -> call.cancel("HTTP client went away", null));
        call.sendMessage(request);
        call.halfClose();
      }
    }, FluxSink.OverflowStrategy.BUFFER);
  }

  /**
   * The HTTP request's observation, which WebFlux keeps in the Reactor context, made current while a call starts:
   * the observing interceptor makes the call its child and sends the request's trace to the service. (Reactor's
   * automatic propagation would restore it around every operator of every request, at a cost the gateway's latency
   * budget cannot carry.)
   */
  private static Observation.Scope requestScope(ContextView context) {
    Observation request = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
    return request == null ? Observation.Scope.NOOP : request.openScope();
  }

  /**
   * A raw call for the gRPC pass-through, through the breaker: throws {@link Rejected} while it is
   * open. The caller reports the outcome with {@link #recordOutcome}.
   */
  public <Q, R> ClientCall<Q, R> open(MethodDescriptor<Q, R> method, CallOptions options) {
    if (!breaker.tryAcquirePermission()) {
      throw new Rejected(name);
    }
    return channels.here().newCall(method, options);
  }

  public void recordOutcome(Status status, Metadata trailers, long nanos) {
    record(status, trailers, nanos);
  }

  /**
   * The breaker counts what says the service cannot be reached or does not answer in time. A status
   * the service wrote itself (it carries google.rpc details) proves the service is alive, whatever
   * its code: a service-kit service answering UNAVAILABLE about its own dependency is not a dead link.
   */
  private void record(Status status, Metadata trailers, long nanos) {
    boolean unreachable = (status.getCode() == Status.Code.UNAVAILABLE
        || status.getCode() == Status.Code.DEADLINE_EXCEEDED)
        && (trailers == null || !trailers.containsKey(STATUS_DETAILS));
    if (unreachable) {
      breaker.onError(nanos, TimeUnit.NANOSECONDS, status.asRuntimeException());
    } else {
      breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
    }
  }
}

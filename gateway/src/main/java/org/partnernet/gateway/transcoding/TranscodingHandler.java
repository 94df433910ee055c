package org.partnernet.gateway.transcoding;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import io.grpc.CallOptions;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.partnernet.gateway.resilience.Backend;
import org.partnernet.gateway.system.ApiErrors;
import org.partnernet.gateway.system.RequestIdFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.http.ReactiveHttpOutputMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Serves the REST surface: finds the route of a request, builds the request message, calls the
 * service over its long-lived channel, and prints the answer (JSON, or an SSE/NDJSON stream).
 */
final class TranscodingHandler implements RouterFunction<ServerResponse> {

  private static final Logger log = LoggerFactory.getLogger(TranscodingHandler.class);
  static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> REQUEST_ID =
      Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<byte[]> STATUS_DETAILS =
      Metadata.Key.of("grpc-status-details-bin", Metadata.BINARY_BYTE_MARSHALLER);
  /** Codes whose text, when no service wrote it, may describe the gateway's own network: replaced. */
  private static final Set<Status.Code> GENERIC = EnumSet.of(Status.Code.UNAVAILABLE,
      Status.Code.DEADLINE_EXCEEDED, Status.Code.UNKNOWN, Status.Code.INTERNAL, Status.Code.DATA_LOSS,
      Status.Code.CANCELLED, Status.Code.UNIMPLEMENTED);

  static final String HEARTBEAT = ":\n\n";
  /** An idempotent call is sent at most three times while the service is unreachable: after ~50 and ~100 ms. */
  private static final int RETRIES = 2;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);

  private final RouteTable routes;
  private final ApiDescriptors api;
  private final RequestMessages messages;
  private final CallerCredentials credentials;
  private final int maxBodyBytes;
  private final Duration sseHeartbeat;

  TranscodingHandler(RouteTable routes, ApiDescriptors api, CallerCredentials credentials, int maxBodyBytes,
      Duration sseHeartbeat) {
    this.routes = routes;
    this.api = api;
    this.messages = new RequestMessages(api.parser());
    this.credentials = credentials;
    this.maxBodyBytes = maxBodyBytes;
    this.sseHeartbeat = sseHeartbeat;
  }

  @Override
  public Mono<HandlerFunction<ServerResponse>> route(ServerRequest request) {
    String path = request.exchange().getRequest().getPath().value();
    RouteTable.Match match = routes.match(request.method().name(), path);
    if (match != null) {
      return Mono.just(r -> handle(r, match));
    }
    if (path.startsWith("/api/v")) {
      boolean otherMethod = routes.pathExists(path);
      Status.Code code = otherMethod ? Status.Code.UNIMPLEMENTED : Status.Code.NOT_FOUND;
      String json = ApiErrors.json(ApiErrors.status(code, otherMethod ? "METHOD_NOT_ALLOWED" : "NO_ROUTE",
          otherMethod ? "method " + request.method().name() + " is not allowed on this path"
              : "no API route for this path"));
      return Mono.just(r -> error(otherMethod ? 405 : 404, json));
    }
    return Mono.empty();
  }

  private Mono<ServerResponse> handle(ServerRequest request, RouteTable.Match match) {
    HttpRoute route = match.route();
    Mono<String> body;
    if (route.body().isEmpty()) {
      body = Mono.just("");
    } else {
      MediaType type = request.headers().contentType().orElse(MediaType.APPLICATION_JSON);
      if (!type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
        return error(415, ApiErrors.json(ApiErrors.status(Status.Code.INVALID_ARGUMENT,
            "UNSUPPORTED_MEDIA_TYPE", "send the body as application/json")));
      }
      body = DataBufferUtils.join(request.exchange().getRequest().getBody(), maxBodyBytes)
          .map(TranscodingHandler::text)
          .defaultIfEmpty("");
    }
    return body
        .flatMap(json -> {
          DynamicMessage message = messages.build(match, request.queryParams(), json,
              request.headers().firstHeader("Idempotency-Key"));
          return credentials.authorization(request.exchange()).defaultIfEmpty("")
              .flatMap(authorization -> call(request, route, message, authorization));
        })
        .onErrorResume(FieldValues.BadRequest.class, e -> badRequest(e))
        .onErrorResume(DataBufferLimitException.class, e -> error(413, ApiErrors.json(ApiErrors.status(
            Status.Code.RESOURCE_EXHAUSTED, "BODY_TOO_LARGE",
            "request body is larger than " + maxBodyBytes + " bytes"))))
        // Spring Security's firewall refuses control characters and odd encodings when the handler reads them
        .onErrorResume(ServerExchangeRejectedException.class, e -> error(400, ApiErrors.json(ApiErrors.status(
            Status.Code.INVALID_ARGUMENT, "REQUEST_REJECTED", "the URL or a header has characters that are not allowed"))))
        .onErrorResume(StatusRuntimeException.class, e -> grpcError(e, route))
        .onErrorResume(e -> !(e instanceof StatusRuntimeException),
            e -> Mono.deferContextual(context -> unexpected(context, request, e)));
  }

  private Mono<ServerResponse> call(ServerRequest request, HttpRoute route, DynamicMessage message,
      String authorization) {
    String requestId = RequestIdFilter.of(request.exchange());
    Backend backend = route.backend();
    CallOptions options = CallOptions.DEFAULT;
    if (!route.deadline().isZero()) {
      options = options.withDeadline(Deadline.after(route.deadline().toNanos(), TimeUnit.NANOSECONDS));
    }
    CallOptions callOptions = options;
    if (route.serverStreaming()) {
      Flux<DynamicMessage> stream = Flux.defer(() ->
          backend.serverStreaming(route.grpcMethod(), message, callOptions, headers(authorization, requestId)));
      return stream(request, route, stream);
    }
    Mono<DynamicMessage> call = Mono.defer(() ->
        backend.unary(route.grpcMethod(), message, callOptions, headers(authorization, requestId)));
    if (idempotent(route, message)) {
      call = retriedWhileUnreachable(call, RETRIES, FIRST_BACKOFF);
    }
    return call.flatMap(response -> ServerResponse.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(print(response, route)));
  }

  /**
   * The call again, after a jittered back-off doubling each time, while the service cannot be reached: not when the
   * breaker refused it (nothing was sent) nor when the service answered UNAVAILABLE itself with details (e.g.
   * DATABASE_UNAVAILABLE after waiting for its database: that answer already took its time, and asking twice more
   * only triples the wait). Plain operators instead of {@code retryWhen}, whose companion sink every request would
   * pay for although nearly none is retried.
   */
  private static <T> Mono<T> retriedWhileUnreachable(Mono<T> call, int retries, Duration backoff) {
    if (retries == 0) {
      return call;
    }
    return call.onErrorResume(TranscodingHandler::unreachable, e -> Mono.delay(jittered(backoff))
        .then(retriedWhileUnreachable(call, retries - 1, backoff.multipliedBy(2))));
  }

  private static boolean unreachable(Throwable e) {
    return e instanceof StatusRuntimeException s && !(e instanceof Backend.Rejected)
        && s.getStatus().getCode() == Status.Code.UNAVAILABLE && !answeredWithDetails(s);
  }

  /** {@code backoff} ± half, so the retries of many callers do not arrive together. */
  private static Duration jittered(Duration backoff) {
    long nanos = backoff.toNanos();
    return Duration.ofNanos(nanos / 2 + ThreadLocalRandom.current().nextLong(nanos + 1));
  }

  /** GETs, and calls carrying a request id (AIP-155) the service deduplicates, may be sent again. */
  private static boolean idempotent(HttpRoute route, DynamicMessage message) {
    if (route.httpMethod().equals("GET")) {
      return true;
    }
    return route.requestIdField() != null && !((String) message.getField(route.requestIdField())).isEmpty();
  }

  private static Metadata headers(String authorization, String requestId) {
    Metadata headers = new Metadata();
    if (!authorization.isEmpty()) {
      headers.put(AUTHORIZATION, authorization);
    }
    if (!requestId.isEmpty()) {
      headers.put(REQUEST_ID, requestId);
    }
    return headers;
  }

  private Mono<ServerResponse> stream(ServerRequest request, HttpRoute route, Flux<DynamicMessage> stream) {
    List<MediaType> accept = request.headers().accept();
    boolean ndjson = accept.stream().anyMatch(NDJSON::equalsTypeAndSubtype);
    boolean sse = !ndjson && (route.watch()
        || accept.stream().anyMatch(MediaType.TEXT_EVENT_STREAM::equalsTypeAndSubtype));
    Flux<String> events = stream
        .map(m -> sse ? "data: " + print(m, route) + "\n\n" : print(m, route) + "\n")
        .onErrorResume(e -> {
          String status = statusJson(e);
          return Mono.just(sse ? "event: error\ndata: " + status + "\n\n" : "{\"error\":" + status + "}\n");
        });
    Flux<String> frames = sse && !sseHeartbeat.isZero() ? withHeartbeat(events) : events;
    BodyInserter<Flux<String>, ReactiveHttpOutputMessage> inserter = (message, context) ->
        message.writeAndFlushWith(frames.map(frame -> Mono.just(
            message.bufferFactory().wrap(frame.getBytes(StandardCharsets.UTF_8)))));
    return ServerResponse.ok()
        .contentType(sse ? MediaType.TEXT_EVENT_STREAM : NDJSON)
        .header(HttpHeaders.CACHE_CONTROL, "no-cache")
        .header("X-Accel-Buffering", "no")
        .body(inserter);
  }

  /**
   * An SSE comment line every {@code sseHeartbeat} while the stream is open, so proxies and load balancers
   * that cut idle connections leave a quiet stream alone (EventSource ignores comments). Ends with the stream.
   */
  private Flux<String> withHeartbeat(Flux<String> events) {
    return events.publish(shared -> Flux.merge(shared,
        Flux.interval(sseHeartbeat, sseHeartbeat)
            // a client too slow to take a heartbeat gets the next one instead
            .onBackpressureDrop()
            .map(tick -> HEARTBEAT)
            .takeUntilOther(shared.then())));
  }

  private String print(DynamicMessage message, HttpRoute route) {
    try {
      if (route.responseBodyField() == null) {
        return api.printer().print(message);
      }
      Object value = message.getField(route.responseBodyField());
      if (value instanceof Message m && !route.responseBodyField().isRepeated()) {
        return api.printer().print(m);
      }
      JsonElement whole = JsonParser.parseString(api.printer().print(message));
      JsonElement part = whole.getAsJsonObject().get(route.responseBodyField().getJsonName());
      return part == null ? "null" : part.toString();
    } catch (InvalidProtocolBufferException e) {
      throw Status.INTERNAL.withDescription("response cannot be printed as JSON").asRuntimeException();
    }
  }

  private Mono<ServerResponse> badRequest(FieldValues.BadRequest e) {
    com.google.rpc.Status status = ApiErrors.status(Status.Code.INVALID_ARGUMENT, "INVALID_REQUEST",
        e.getMessage()).toBuilder()
        .addDetails(com.google.protobuf.Any.pack(BadRequest.newBuilder()
            .addFieldViolations(BadRequest.FieldViolation.newBuilder()
                .setField(e.field()).setDescription(e.getMessage()))
            .build()))
        .build();
    return error(400, ApiErrors.json(status));
  }

  private static boolean answeredWithDetails(StatusRuntimeException e) {
    com.google.rpc.Status rpc = StatusProto.fromThrowable(e);
    return rpc != null && rpc.getDetailsCount() > 0;
  }

  private Mono<ServerResponse> grpcError(StatusRuntimeException e, HttpRoute route) {
    return error(ApiErrors.httpStatus(e.getStatus().getCode()), statusJson(e));
  }

  /** The google.rpc.Status of a failed call: the service's own (with details) when it sent one. */
  private String statusJson(Throwable error) {
    Status status = Status.fromThrowable(error);
    Metadata trailers = Status.trailersFromThrowable(error);
    com.google.rpc.Status rpc;
    if (trailers != null && trailers.containsKey(STATUS_DETAILS)) {
      rpc = StatusProto.fromStatusAndTrailers(status, trailers);
    } else {
      String message = status.getDescription();
      if (GENERIC.contains(status.getCode()) && !(error instanceof Backend.Rejected) || message == null) {
        message = genericMessage(status.getCode());
      }
      rpc = com.google.rpc.Status.newBuilder().setCode(status.getCode().value()).setMessage(message).build();
    }
    try {
      return api.printer().print(rpc);
    } catch (InvalidProtocolBufferException unknownDetail) {
      return ApiErrors.json(rpc.toBuilder().clearDetails().build());
    }
  }

  private static String genericMessage(Status.Code code) {
    return switch (code) {
      case UNAVAILABLE -> "service unavailable, try again later";
      case DEADLINE_EXCEEDED -> "the service did not answer in time";
      case CANCELLED -> "request cancelled";
      case UNIMPLEMENTED -> "not implemented";
      default -> "internal error";
    };
  }

  private Mono<ServerResponse> unexpected(ContextView context, ServerRequest request, Throwable e) {
    RequestIdFilter.logInRequestContext(context, request.exchange(),
        () -> log.error("request failed in the gateway: {}", e.getClass().getName(), e));
    return error(500, ApiErrors.json(ApiErrors.status(Status.Code.INTERNAL, "INTERNAL", "internal error")));
  }

  private static Mono<ServerResponse> error(int status, String json) {
    return ServerResponse.status(HttpStatusCode.valueOf(status))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(json);
  }

  private static String text(DataBuffer buffer) {
    try {
      return buffer.toString(StandardCharsets.UTF_8);
    } finally {
      DataBufferUtils.release(buffer);
    }
  }
}

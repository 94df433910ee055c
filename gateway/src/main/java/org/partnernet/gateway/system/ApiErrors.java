package org.partnernet.gateway.system;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/**
 * Error answers of the REST surface: the HTTP status of a gRPC code (googleapis google/rpc/code.proto)
 * and a {@code google.rpc.Status} JSON body. Never a stack trace.
 */
public final class ApiErrors {

  public static final String DOMAIN = "gateway.partnernet.org";

  private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
      .usingTypeRegistry(TypeRegistry.newBuilder()
          .add(com.google.rpc.ErrorDetailsProto.getDescriptor().getMessageTypes())
          .build())
      .omittingInsignificantWhitespace();

  private ApiErrors() {}

  /** The HTTP status googleapis code.proto gives each canonical code. */
  public static int httpStatus(Status.Code code) {
    return switch (code) {
      case OK -> 200;
      case CANCELLED -> 499;
      case UNKNOWN, INTERNAL, DATA_LOSS -> 500;
      case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
      case DEADLINE_EXCEEDED -> 504;
      case NOT_FOUND -> 404;
      case ALREADY_EXISTS, ABORTED -> 409;
      case PERMISSION_DENIED -> 403;
      case UNAUTHENTICATED -> 401;
      case RESOURCE_EXHAUSTED -> 429;
      case UNIMPLEMENTED -> 501;
      case UNAVAILABLE -> 503;
    };
  }

  /** A google.rpc.Status with one ErrorInfo detail naming the reason (UPPER_SNAKE). */
  public static com.google.rpc.Status status(Status.Code code, String reason, String message) {
    return com.google.rpc.Status.newBuilder()
        .setCode(code.value())
        .setMessage(message)
        .addDetails(com.google.protobuf.Any.pack(
            ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN).build()))
        .build();
  }

  public static String json(com.google.rpc.Status status) {
    try {
      return PRINTER.print(status);
    } catch (InvalidProtocolBufferException e) {
      return "{\"code\":" + status.getCode() + ",\"message\":" + quote(status.getMessage()) + "}";
    }
  }

  /** Writes an error answer straight to the response (for filters that stop a request early). */
  public static Mono<Void> write(ServerHttpResponse response, Status.Code code, String reason, String message) {
    return write(response, httpStatus(code), json(status(code, reason, message)));
  }

  public static Mono<Void> write(ServerHttpResponse response, int httpStatus, String json) {
    if (response.isCommitted()) {
      return Mono.empty();
    }
    response.setStatusCode(HttpStatusCode.valueOf(httpStatus));
    HttpHeaders headers = response.getHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    headers.setContentLength(bytes.length);
    DataBuffer buffer = response.bufferFactory().wrap(bytes);
    return response.writeWith(Mono.just(buffer));
  }

  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}

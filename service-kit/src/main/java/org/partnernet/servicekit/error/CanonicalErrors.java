package org.partnernet.servicekit.error;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;

/**
 * The one place a service's exceptions become gRPC statuses: canonical code, {@code google.rpc.Status} with
 * ErrorInfo (reason, domain = the service) and BadRequest field violations. Anything unexpected is INTERNAL with a
 * fixed message: no stack trace, exception text or internal detail ever leaves the service.
 */
public final class CanonicalErrors implements GrpcExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(CanonicalErrors.class);

  private final String domain;

  public CanonicalErrors(String domain) {
    this.domain = domain;
  }

  @Override
  public StatusException handleException(Throwable exception) {
    if (exception instanceof ServiceException refusal) {
      return toStatus(refusal);
    }
    if (exception instanceof StatusRuntimeException || exception instanceof StatusException) {
      // a status from a neighbouring service or from gRPC itself: keep the code, drop its text
      Status status = Status.fromThrowable(exception);
      return status(status.getCode(), "UPSTREAM_" + status.getCode().name(), describe(status.getCode()), null);
    }
    if (databaseUnreachable(exception)) {
      // the service's own database does not answer (its health says NOT_SERVING meanwhile): a retry may succeed
      log.warn("database unavailable: {}", exception.getClass().getName());
      return status(Status.Code.UNAVAILABLE, "DATABASE_UNAVAILABLE",
          "the service's database is unavailable; try again shortly", null);
    }
    // the class name only: exception messages can carry data from the request
    log.error("unexpected failure: {}", exception.getClass().getName());
    return status(Status.Code.INTERNAL, "INTERNAL", "internal error", null);
  }

  /** No server to talk to (selection timed out) or the connection failed: anywhere in the cause chain. */
  private static boolean databaseUnreachable(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof MongoTimeoutException || t instanceof MongoSocketException) {
        return true;
      }
    }
    return false;
  }

  private StatusException toStatus(ServiceException refusal) {
    BadRequest badRequest = null;
    if (refusal instanceof InvalidArgumentException invalid) {
      BadRequest.Builder builder = BadRequest.newBuilder();
      invalid.violations().forEach(v -> builder.addFieldViolationsBuilder()
          .setField(v.field()).setDescription(v.description()));
      badRequest = builder.build();
    }
    return status(refusal.code(), refusal.reason(), refusal.getMessage(), badRequest);
  }

  private StatusException status(Status.Code code, String reason, String message, BadRequest badRequest) {
    com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
        .setCode(code.value())
        .setMessage(message == null ? "" : message)
        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(domain).build()));
    if (badRequest != null) {
      status.addDetails(Any.pack(badRequest));
    }
    return StatusProto.toStatusException(status.build());
  }

  private static String describe(Status.Code code) {
    return switch (code) {
      case UNAVAILABLE -> "a service this call needs is unavailable; try again shortly";
      case DEADLINE_EXCEEDED -> "a service this call needs did not answer in time";
      default -> "a service this call needs refused it";
    };
  }
}

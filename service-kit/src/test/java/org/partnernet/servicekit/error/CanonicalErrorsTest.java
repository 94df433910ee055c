package org.partnernet.servicekit.error;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;

class CanonicalErrorsTest {

  private final CanonicalErrors errors = new CanonicalErrors("test.partnernet");

  @Test
  void fieldViolationsBecomeBadRequestDetails() throws Exception {
    StatusException status = errors.handleException(new Violations()
        .required("", "partner.name").latitude(91, "partner.location.latitude").toException());
    com.google.rpc.Status details = StatusProto.fromThrowable(status);
    assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    BadRequest badRequest = details.getDetails(1).unpack(BadRequest.class);
    assertThat(badRequest.getFieldViolationsList()).extracting(BadRequest.FieldViolation::getField)
        .containsExactly("partner.name", "partner.location.latitude");
    assertThat(details.getDetails(0).unpack(ErrorInfo.class).getDomain()).isEqualTo("test.partnernet");
  }

  @Test
  void refusalsKeepTheirCodeAndReason() throws Exception {
    StatusException status = errors.handleException(
        new FailedPreconditionException("REFERRAL_NOT_SENT", "the referral is DRAFT; send it first"));
    assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(StatusProto.fromThrowable(status).getDetails(0).unpack(ErrorInfo.class).getReason())
        .isEqualTo("REFERRAL_NOT_SENT");
  }

  @Test
  void unexpectedFailuresLeakNothing() {
    StatusException status = errors.handleException(
        new IllegalStateException("Jane Doe, born 2008-01-01, at 12 Elm Street"));
    assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(StatusProto.fromThrowable(status).toString()).doesNotContain("Jane", "Elm", "2008");
  }

  @Test
  void anUnreachableDatabaseIsUnavailableSoClientsRetry() throws Exception {
    StatusException timedOut = errors.handleException(new MongoTimeoutException("Timed out while waiting for a server"));
    StatusException wrapped = errors.handleException(new IllegalStateException("store failed",
        new MongoSocketOpenException("Exception opening socket", new ServerAddress("localhost", 27017))));

    assertThat(timedOut.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(wrapped.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(StatusProto.fromThrowable(timedOut).getDetails(0).unpack(ErrorInfo.class).getReason())
        .isEqualTo("DATABASE_UNAVAILABLE");
    assertThat(StatusProto.fromThrowable(wrapped).toString()).doesNotContain("localhost", "27017");
  }
}

package org.partnernet.servicekit.error;

import io.grpc.Status;

/** Maps to {@code FAILED_PRECONDITION}. */
public class FailedPreconditionException extends ServiceException {

  public FailedPreconditionException(String reason, String message) {
    super(Status.Code.FAILED_PRECONDITION, reason, message);
  }

  public FailedPreconditionException(String message) {
    this("FAILED_PRECONDITION", message);
  }
}

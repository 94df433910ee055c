package org.partnernet.servicekit.error;

import io.grpc.Status;

/** Maps to {@code DEADLINE_EXCEEDED}. */
public class DeadlineExceededException extends ServiceException {

  public DeadlineExceededException(String reason, String message) {
    super(Status.Code.DEADLINE_EXCEEDED, reason, message);
  }

  public DeadlineExceededException(String message) {
    this("DEADLINE_EXCEEDED", message);
  }
}

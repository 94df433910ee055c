package org.partnernet.servicekit.error;

import io.grpc.Status;

/** Maps to {@code ABORTED}. */
public class AbortedException extends ServiceException {

  public AbortedException(String reason, String message) {
    super(Status.Code.ABORTED, reason, message);
  }

  public AbortedException(String message) {
    this("ABORTED", message);
  }
}

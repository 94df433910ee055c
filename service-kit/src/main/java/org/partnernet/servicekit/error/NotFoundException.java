package org.partnernet.servicekit.error;

import io.grpc.Status;

/** Maps to {@code NOT_FOUND}. */
public class NotFoundException extends ServiceException {

  public NotFoundException(String reason, String message) {
    super(Status.Code.NOT_FOUND, reason, message);
  }

  public NotFoundException(String message) {
    this("NOT_FOUND", message);
  }
}

package org.partnernet.servicekit.error;

import io.grpc.Status;

/** Maps to {@code ALREADY_EXISTS}. */
public class AlreadyExistsException extends ServiceException {

  public AlreadyExistsException(String reason, String message) {
    super(Status.Code.ALREADY_EXISTS, reason, message);
  }

  public AlreadyExistsException(String message) {
    this("ALREADY_EXISTS", message);
  }
}

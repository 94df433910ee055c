package org.partnernet.servicekit.error;

import io.grpc.Status;

/** Maps to {@code UNAUTHENTICATED}. */
public class UnauthenticatedException extends ServiceException {

  public UnauthenticatedException(String reason, String message) {
    super(Status.Code.UNAUTHENTICATED, reason, message);
  }

  public UnauthenticatedException(String message) {
    this("UNAUTHENTICATED", message);
  }
}

package org.partnernet.servicekit.error;

import io.grpc.Status;

/** Maps to {@code UNAVAILABLE}. */
public class UnavailableException extends ServiceException {

  public UnavailableException(String reason, String message) {
    super(Status.Code.UNAVAILABLE, reason, message);
  }

  public UnavailableException(String message) {
    this("UNAVAILABLE", message);
  }
}

package org.partnernet.servicekit.error;

import io.grpc.Status;

/** Maps to {@code RESOURCE_EXHAUSTED}. */
public class ResourceExhaustedException extends ServiceException {

  public ResourceExhaustedException(String reason, String message) {
    super(Status.Code.RESOURCE_EXHAUSTED, reason, message);
  }

  public ResourceExhaustedException(String message) {
    this("RESOURCE_EXHAUSTED", message);
  }
}

package org.partnernet.servicekit.error;

import io.grpc.Status;

/** Maps to {@code PERMISSION_DENIED}. */
public class PermissionDeniedException extends ServiceException {

  public PermissionDeniedException(String reason, String message) {
    super(Status.Code.PERMISSION_DENIED, reason, message);
  }

  public PermissionDeniedException(String message) {
    this("PERMISSION_DENIED", message);
  }
}

package org.partnernet.servicekit.error;

import io.grpc.Status;

/**
 * A refusal the caller can act on. The reason is UPPER_SNAKE and stable; the message is short, says what to do,
 * and never contains personal data. Translated once, by {@link CanonicalErrors}, into a gRPC status.
 */
public abstract class ServiceException extends RuntimeException {

  private final Status.Code code;
  private final String reason;

  protected ServiceException(Status.Code code, String reason, String message) {
    // no stack trace: these are expected outcomes, and traces only tempt someone to log them
    super(message, null, false, false);
    this.code = code;
    this.reason = reason;
  }

  public Status.Code code() {
    return code;
  }

  public String reason() {
    return reason;
  }
}

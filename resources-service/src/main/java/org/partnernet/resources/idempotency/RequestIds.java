package org.partnernet.resources.idempotency;

import org.partnernet.servicekit.error.InvalidArgumentException;
import org.partnernet.servicekit.error.Violations;
import org.partnernet.servicekit.id.Ids;

/**
 * AIP-155 request ids. A create, claim or answer that repeats a request id returns the first result; a different
 * request under a used id is refused, so a client bug cannot silently get someone else's answer. Requests are
 * compared by a fingerprint of their content (without the request id).
 */
public final class RequestIds {

  public static final int MAX_LENGTH = 64;

  private RequestIds() {}

  public static void check(String requestId, Violations v) {
    v.maxLength(requestId, MAX_LENGTH, "request_id");
  }

  /** The id to store: the caller's, or a fresh one (the call is then not deduplicated). */
  public static String orFresh(String requestId) {
    return requestId == null || requestId.isBlank() ? "auto-" + Ids.newId() : requestId;
  }

  /** Refuses a repeated request id whose request differs from the first. */
  public static void requireSameRequest(String firstFingerprint, String fingerprint) {
    if (firstFingerprint != null && fingerprint != null && !firstFingerprint.equals(fingerprint)) {
      throw new InvalidArgumentException("request_id", "was already used for a different request");
    }
  }
}

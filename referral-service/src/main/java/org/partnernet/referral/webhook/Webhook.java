package org.partnernet.referral.webhook;

import java.time.Instant;

/**
 * A partner's registered webhook. {@code cursor} is the last inbox sequence handled (delivered or dead-lettered);
 * {@code attempts} counts failed tries of the event after it. The secret is kept sealed; it is opened to sign a
 * delivery and never leaves the service except in the create and rotate responses.
 */
public record Webhook(String id, String network, String partner, String url, int secretVersion, byte[] sealedSecret,
                      long cursor, int attempts, Instant nextAttemptAt, String lastOutcome, Instant createTime,
                      String requestId, String requestHash) {

  /** A webhook as the caller who registered it sees it right after, with its secret (the only time). */
  public record WithSecret(Webhook webhook, String secret) {}
}

package org.partnernet.resources.exchange;

import java.time.Instant;

/**
 * A partner's claim on part of an offer. Stored inside the offer's document, so reserving quantity and recording
 * the claim are one atomic write.
 *
 * @param requestId       the claimant's request id (a retried claim finds its first result)
 * @param answerRequestId the request id of the confirm/refuse that answered it
 */
public record Claim(String id, String offer, String offerPoster, String claimant, long quantity, String need,
                    ClaimStatus status, String requestId, String answerRequestId, Instant createTime,
                    Instant answerTime, String requestHash) {

  Claim answered(ClaimStatus answer, String requestId, Instant now) {
    return new Claim(id, offer, offerPoster, claimant, quantity, need, answer, this.requestId, requestId, createTime, now,
        requestHash);
  }
}

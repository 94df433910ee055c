package org.partnernet.resources.exchange;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.partnernet.resources.geo.Place;

/** The offers (or the needs) of this network. Every write is a single-document conditional update. */
public interface Postings {

  Side side();

  /** Stores a new posting; if the poster already used its request id, returns that first posting instead. */
  Posting insertOnce(Posting posting);

  Optional<Posting> find(String id);

  /**
   * A page of postings matching the filter's stored fields, newest first, after {@code afterId}. Distance is only
   * pre-filtered by a bounding box: callers refine it.
   */
  List<Posting> list(PostingFilter filter, Instant now, String afterId, int limit);

  /**
   * Active, unfulfilled postings of a kind, within the box around {@code near}, whose window overlaps and has not
   * ended, not posted by {@code excludedPoster}. Callers refine distance and rank.
   */
  List<Posting> candidates(Kind kind, Place near, double radiusKm, Window overlapping, Instant now,
                           String excludedPoster, int limit);

  /**
   * Reserves {@code claim.quantity} of an active offer and records the claim, in one conditional write that
   * succeeds only if that much remains, the window has not ended, and the claimant has not used the claim's request
   * id on this offer before. False when any of that fails.
   */
  boolean reserve(Claim claim, Instant now);

  /** Writes new claims and quantities if nobody changed the posting since {@code posting.version()} was read. */
  boolean replaceQuantities(Posting posting);

  /** Changes title, description, area, audience if the posting is still active and at the read version. */
  boolean replaceText(Posting posting);

  /** Moves an active posting to WITHDRAWN; false if it is not active any more. */
  boolean withdraw(String id, String requestId, Instant now);

  /** Marks active, unfulfilled postings whose window ended as EXPIRED; returns how many. */
  long expireEnded(Instant now);

  Optional<Posting> findByClaim(String claimId);

  /** Offers the organisation posted or claimed from (newest first), for listing claims. */
  List<Posting> withClaimsOf(String organisation, String offerId, int limit);

  long count();
}

package org.partnernet.resources.exchange;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.partnernet.resources.geo.Place;

/**
 * An offer or a need. {@code remaining} is what is still free (an offer: unclaimed; a need: unmet), {@code claimed}
 * what was taken from it; {@code remaining + claimed == quantity} always.
 *
 * @param closeRequestId the request id of the withdrawal, so a retried withdrawal returns its first result
 * @param claims         claims on an offer (empty for a need)
 * @param requestHash    fingerprint of the creating request, to refuse a different request under the same id
 */
public record Posting(String id, Side side, String networkId, String poster, Kind kind, String title,
                      String description, long quantity, String unit, long remaining, long claimed, Place location,
                      String area, double radiusKm, Window window, List<String> audience, State state,
                      String requestId, String closeRequestId, Instant createTime, Instant updateTime, long version,
                      List<Claim> claims, String requestHash) {

  public Posting {
    audience = List.copyOf(audience);
    claims = List.copyOf(claims);
  }

  public Status status(Instant now) {
    return switch (state) {
      case WITHDRAWN -> Status.WITHDRAWN;
      case EXPIRED -> Status.EXPIRED;
      case ACTIVE -> {
        if (remaining == 0) {
          yield Status.FULFILLED;
        }
        if (!window.end().isAfter(now)) {
          yield Status.EXPIRED; // the sweep has not run yet
        }
        yield claimed == 0 ? Status.OPEN : Status.PARTLY_CLAIMED;
      }
    };
  }

  /** Can still be claimed or met. */
  boolean isAvailable(Instant now) {
    Status status = status(now);
    return status == Status.OPEN || status == Status.PARTLY_CLAIMED;
  }

  Optional<Claim> claim(String claimId) {
    return claims.stream().filter(c -> c.id().equals(claimId)).findFirst();
  }

  Optional<Claim> claimByRequest(String claimant, String requestId) {
    return claims.stream().filter(c -> c.claimant().equals(claimant) && c.requestId().equals(requestId)).findFirst();
  }

  Posting withClaims(List<Claim> newClaims, long newRemaining, long newClaimed, Instant now) {
    return new Posting(id, side, networkId, poster, kind, title, description, quantity, unit, newRemaining, newClaimed,
        location, area, radiusKm, window, audience, state, requestId, closeRequestId, createTime, now, version,
        newClaims, requestHash);
  }

  Posting withText(String newTitle, String newDescription, String newArea, List<String> newAudience, Instant now) {
    return new Posting(id, side, networkId, poster, kind, newTitle, newDescription, quantity, unit, remaining, claimed,
        location, newArea, radiusKm, window, newAudience, state, requestId, closeRequestId,
        createTime, now, version, claims, requestHash);
  }
}

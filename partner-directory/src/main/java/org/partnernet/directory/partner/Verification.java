package org.partnernet.directory.partner;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;

/** Who vetted a partner, when, and when the yearly re-verification is due. */
public record Verification(String verifiedBy, Instant verifyTime, Instant nextReviewTime) {

  static final Period REVIEW_INTERVAL = Period.ofYears(1);

  static Verification by(String coordinator, Instant now) {
    return new Verification(coordinator, now,
        now.atOffset(ZoneOffset.UTC).plus(REVIEW_INTERVAL).toInstant());
  }
}

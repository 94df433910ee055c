package org.partnernet.referral.lifecycle;

import java.util.EnumSet;
import java.util.Set;

/** Where a referral stands (after FHIR's referral Task). Which moves are allowed is {@link Transition}'s business. */
public enum ReferralState {
  DRAFT, SENT, RECEIVED, ACCEPTED, DECLINED, IN_PROGRESS, COMPLETED, FAILED, CANCELLED, EXPIRED, CONSENT_REVOKED;

  private static final Set<ReferralState> CLOSED =
      EnumSet.of(DECLINED, COMPLETED, FAILED, CANCELLED, EXPIRED, CONSENT_REVOKED);
  private static final Set<ReferralState> DISCLOSABLE_TO_RECIPIENT =
      EnumSet.of(ACCEPTED, IN_PROGRESS, COMPLETED, FAILED);

  /** No further work happens on it; its disclosure is kept only for the retention period. */
  public boolean isClosed() {
    return CLOSED.contains(this);
  }

  /** The recipient took it on, so its intake may read the disclosure. */
  public boolean isDisclosableToRecipient() {
    return DISCLOSABLE_TO_RECIPIENT.contains(this);
  }

  /** It can be sent on to another partner. */
  public boolean isForwardable() {
    return this == DECLINED || this == EXPIRED;
  }
}

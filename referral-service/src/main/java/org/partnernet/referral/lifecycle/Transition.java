package org.partnernet.referral.lifecycle;

import static org.partnernet.referral.lifecycle.ReferralState.ACCEPTED;
import static org.partnernet.referral.lifecycle.ReferralState.CANCELLED;
import static org.partnernet.referral.lifecycle.ReferralState.COMPLETED;
import static org.partnernet.referral.lifecycle.ReferralState.CONSENT_REVOKED;
import static org.partnernet.referral.lifecycle.ReferralState.DECLINED;
import static org.partnernet.referral.lifecycle.ReferralState.DRAFT;
import static org.partnernet.referral.lifecycle.ReferralState.EXPIRED;
import static org.partnernet.referral.lifecycle.ReferralState.FAILED;
import static org.partnernet.referral.lifecycle.ReferralState.IN_PROGRESS;
import static org.partnernet.referral.lifecycle.ReferralState.RECEIVED;
import static org.partnernet.referral.lifecycle.ReferralState.SENT;

import java.util.EnumSet;
import java.util.Set;
import org.partnernet.servicekit.error.FailedPreconditionException;

/**
 * The referral state machine: every allowed move, from which states, to which, by which party, and whether a reason
 * is required. Anything else is refused with FAILED_PRECONDITION naming the current state.
 */
public enum Transition {
  SEND(EnumSet.of(DRAFT), SENT, Party.SENDER, false),
  RECEIVE(EnumSet.of(SENT), RECEIVED, Party.RECIPIENT, false),
  ACCEPT(EnumSet.of(SENT, RECEIVED), ACCEPTED, Party.RECIPIENT, false),
  DECLINE(EnumSet.of(SENT, RECEIVED), DECLINED, Party.RECIPIENT, true),
  START(EnumSet.of(ACCEPTED), IN_PROGRESS, Party.RECIPIENT, false),
  COMPLETE(EnumSet.of(IN_PROGRESS), COMPLETED, Party.RECIPIENT, false),
  FAIL(EnumSet.of(IN_PROGRESS), FAILED, Party.RECIPIENT, true),
  CANCEL(EnumSet.of(SENT, RECEIVED, ACCEPTED), CANCELLED, Party.SENDER, true),
  EXPIRE(EnumSet.of(SENT, RECEIVED), EXPIRED, Party.SYSTEM, false),
  REVOKE_CONSENT(EnumSet.complementOf(EnumSet.of(CONSENT_REVOKED)), CONSENT_REVOKED, Party.SENDER, false);

  /** Who may make a move. */
  public enum Party { SENDER, RECIPIENT, SYSTEM }

  private final Set<ReferralState> from;
  private final ReferralState to;
  private final Party party;
  private final boolean reasonRequired;

  Transition(Set<ReferralState> from, ReferralState to, Party party, boolean reasonRequired) {
    this.from = from;
    this.to = to;
    this.party = party;
    this.reasonRequired = reasonRequired;
  }

  public ReferralState to() {
    return to;
  }

  public Party party() {
    return party;
  }

  public boolean reasonRequired() {
    return reasonRequired;
  }

  public boolean allowedFrom(ReferralState state) {
    return from.contains(state);
  }

  /** The target state, or FAILED_PRECONDITION naming the current state. */
  public ReferralState from(ReferralState current) {
    if (!allowedFrom(current)) {
      throw new FailedPreconditionException("REFERRAL_STATE_" + current.name(),
          "the referral is " + current.name() + "; it cannot be " + verb() + " now");
    }
    return to;
  }

  private String verb() {
    return switch (this) {
      case SEND -> "sent";
      case RECEIVE -> "received";
      case ACCEPT -> "accepted";
      case DECLINE -> "declined";
      case START -> "started";
      case COMPLETE -> "completed";
      case FAIL -> "failed";
      case CANCEL -> "cancelled";
      case EXPIRE -> "expired";
      case REVOKE_CONSENT -> "revoked";
    };
  }
}

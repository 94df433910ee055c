package org.partnernet.referral.lifecycle;

import java.time.Instant;
import org.partnernet.referral.consent.Consent;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.error.FailedPreconditionException;
import org.partnernet.servicekit.error.NotFoundException;
import org.partnernet.servicekit.error.PermissionDeniedException;

/**
 * Who may see and do what on a referral. Access is organisation-wide: the sender organisation's caseworkers and
 * partner-admins, the recipient organisation's intake and partner-admins. Everyone else, coordinators included,
 * gets NOT_FOUND, so a referral's existence is never revealed.
 */
final class Access {

  private Access() {}

  static Transition.Party partyOf(Caller caller, Referral referral) {
    if (caller.hasRole(Role.COORDINATOR) || caller.organisationId() == null) {
      return null;
    }
    if (caller.belongsTo(referral.senderPartner()) && caller.hasAnyRole(Role.CASEWORKER, Role.PARTNER_ADMIN)) {
      return Transition.Party.SENDER;
    }
    if (caller.belongsTo(referral.recipientPartner()) && caller.hasAnyRole(Role.INTAKE, Role.PARTNER_ADMIN)) {
      return Transition.Party.RECIPIENT;
    }
    return null;
  }

  static Transition.Party visibleTo(Caller caller, Referral referral) {
    Transition.Party party = partyOf(caller, referral);
    if (party == null) {
      throw notFound();
    }
    return party;
  }

  /** Senders' moves are the caseworkers', recipients' moves the intake's. */
  static void requireMayMake(Caller caller, Transition.Party party, Transition transition) {
    boolean allowed = switch (transition.party()) {
      case SENDER -> party == Transition.Party.SENDER && caller.hasRole(Role.CASEWORKER);
      case RECIPIENT -> party == Transition.Party.RECIPIENT && caller.hasRole(Role.INTAKE);
      case SYSTEM -> false;
    };
    if (!allowed) {
      throw new PermissionDeniedException("NOT_YOUR_MOVE", transition.party() == Transition.Party.SENDER
          ? "only the sender organisation's caseworkers can do this"
          : "only the recipient organisation's intake can do this");
    }
  }

  /**
   * Whether the caller is one of those who read a referral's personal data (its disclosure and the texts of its
   * secure messages): the sender's caseworkers, and the recipient's intake once it has accepted. The party must be
   * one {@link #visibleTo} returned.
   */
  static boolean readsPersonalData(Caller caller, Transition.Party party) {
    return party == Transition.Party.SENDER ? caller.hasRole(Role.CASEWORKER)
        : party == Transition.Party.RECIPIENT && caller.hasRole(Role.INTAKE);
  }

  /** Personal data opens to the recipient only once it has taken the referral on: the summary is all it sees before. */
  static void requireAcceptedByRecipient(Transition.Party party, Referral referral, String what) {
    if (party == Transition.Party.RECIPIENT && !referral.state().isDisclosableToRecipient()) {
      throw new FailedPreconditionException("REFERRAL_NOT_ACCEPTED",
          "the referral is " + referral.state().name() + "; " + what + " once it is accepted");
    }
  }

  /** Personal data moves only while the consent it was given under is active and names the recipient. */
  static void requireConsentHolds(Consent consent, Referral referral, Instant now) {
    switch (consent.state(now)) {
      case REVOKED -> throw new FailedPreconditionException("CONSENT_REVOKED", "the consent has been revoked");
      case EXPIRED -> throw new FailedPreconditionException("CONSENT_EXPIRED", "the consent has expired");
      case ACTIVE -> { }
    }
    if (!consent.names(referral.recipientPartner())) {
      throw new FailedPreconditionException("CONSENT_DOES_NOT_NAME_RECIPIENT", "the consent does not name the recipient");
    }
  }

  static NotFoundException notFound() {
    return new NotFoundException("REFERRAL_NOT_FOUND", "no referral with this id is visible to you");
  }
}

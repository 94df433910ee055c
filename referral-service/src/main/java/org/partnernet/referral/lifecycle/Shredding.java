package org.partnernet.referral.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.partnernet.referral.audit.AuditTrail;
import org.partnernet.referral.consent.Consent;
import org.partnernet.referral.consent.Consents;
import org.partnernet.referral.consent.RecordingConsent;
import org.partnernet.referral.crypto.DisclosureCipher;
import org.partnernet.referral.inbox.InboxEvent;
import org.partnernet.referral.inbox.InboxEvents;
import org.partnernet.referral.system.ReferralMetrics;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.error.FailedPreconditionException;
import org.partnernet.servicekit.error.PermissionDeniedException;

/**
 * Crypto-shredding: revoking a consent, a consent's expiry and the retention period after closure destroy the
 * disclosure's data key in the key vault, then drop the ciphertext of the disclosure and of every secure message
 * sealed under that key. Metadata and history remain (the messages keep who wrote when).
 * Revocation is marked on the consent first, so every read is refused at once even before the keys are gone;
 * the sweep finishes any shredding a crash interrupted.
 */
public class Shredding {

  public static final String REVOKED = "CONSENT_REVOKED";
  public static final String CONSENT_EXPIRED = "CONSENT_EXPIRED";
  public static final String RETENTION = "RETENTION";

  private final Referrals referrals;
  private final ReferralMessages messages;
  private final Consents consents;
  private final DisclosureCipher cipher;
  private final AuditTrail audit;
  private final ReferralMetrics metrics;
  private final RecordingConsent recording;
  private final Clock clock;
  private final InboxEvents inbox;

  public Shredding(Referrals referrals, ReferralMessages messages, Consents consents, DisclosureCipher cipher,
                   AuditTrail audit, ReferralMetrics metrics, RecordingConsent recording, Clock clock,
                   InboxEvents inbox) {
    this.referrals = referrals;
    this.messages = messages;
    this.consents = consents;
    this.cipher = cipher;
    this.audit = audit;
    this.metrics = metrics;
    this.recording = recording;
    this.clock = clock;
    this.inbox = inbox;
  }

  public record Revocation(Consent consent, int shreddedReferrals) {}

  /** Revokes a consent and shreds every disclosure made under it; irreversible. */
  public Revocation revoke(Caller caller, String consentId, String reason, String requestId) {
    Consent consent = recording.visible(caller, consentId);
    if (!caller.hasRole(Role.CASEWORKER)) {
      throw new PermissionDeniedException("CASEWORKER_ONLY", "only the sender organisation's caseworkers revoke");
    }
    if (consent.revokeTime() != null) {
      if (requestId.equals(consent.revokeRequestId()) && caller.userId().equals(consent.revokedBy())) {
        return new Revocation(consent, 0);
      }
      throw new FailedPreconditionException("CONSENT_ALREADY_REVOKED", "the consent is already revoked");
    }
    Instant now = clock.instant();
    Consent revoked = consent.revoked(caller.userId(), requestId, now);
    if (!consents.revoke(revoked)) {
      Consent current = consents.find(consentId).orElseThrow(RecordingConsent::notFound);
      if (requestId.equals(current.revokeRequestId()) && caller.userId().equals(current.revokedBy())) {
        return new Revocation(current, 0);
      }
      throw new FailedPreconditionException("CONSENT_ALREADY_REVOKED", "the consent is already revoked");
    }
    metrics.consentRevoked();
    audit.append(RecordingConsent.chain(consentId), new AuditTrail.Entry(caller.userId(), caller.organisationId(),
        "CONSENT_REVOKED", revoked.categories(), reason));
    int shredded = shredUnder(revoked, REVOKED, caller.userId(), caller.organisationId());
    return new Revocation(revoked, shredded);
  }

  /** Shreds every disclosure under an ended consent; revocation also moves each referral to CONSENT_REVOKED. */
  int shredUnder(Consent consent, String cause, String actor, String actorPartner) {
    int shredded = 0;
    for (Referral referral : referrals.underConsent(consent.id())) {
      if (shred(referral, cause, actor, actorPartner, REVOKED.equals(cause))) {
        shredded++;
      }
    }
    consents.markDisclosuresShredded(consent.id());
    return shredded;
  }

  /**
   * Destroys one referral's data key, drops its messages' ciphertext, then records it on the referral (which drops
   * the disclosure's); true if a disclosure was shredded now. Each step repeats harmlessly, and the referral is
   * marked last, so the sweep finishes a shredding a crash interrupted. The key goes first: a message posted
   * meanwhile either is dropped here or finds the key gone after storing and drops itself.
   */
  boolean shred(Referral referral, String cause, String actor, String actorPartner, boolean revokes) {
    boolean destroyed = referral.hasDisclosure() && cipher.shred(referral.id());
    if (referral.hasDisclosure()) {
      messages.dropCiphertext(referral.id());
    }
    Referral current = referral;
    for (int attempt = 0; attempt < 4; attempt++) {
      Instant now = clock.instant();
      Referral updated = current.shredded(now, cause);
      if (revokes && Transition.REVOKE_CONSENT.allowedFrom(updated.state())) {
        updated = updated.apply(Transition.REVOKE_CONSENT, actor, actorPartner, now, "consent revoked", null, null);
      }
      if (updated == current) {
        break;
      }
      if (referrals.replace(updated, current.version())) {
        audit.append(ReferralWorkflow.chain(referral.id()), new AuditTrail.Entry(actor, actorPartner,
            "DISCLOSURE_SHREDDED", referral.hasDisclosure() ? referral.disclosure().categories() : Set.of(), cause));
        if (updated.state() != current.state()) {
          metrics.entered(updated.state().name(), updated.urgency().name());
        }
        if (revokes) {
          inbox.publish(InboxEvent.Type.CONSENT_REVOKED, updated.id(), updated.state().name(),
              updated.urgency().name(), updated.senderPartner(), updated.recipientPartner());
        }
        break;
      }
      current = referrals.find(referral.id()).orElse(null);
      if (current == null) {
        break;
      }
    }
    if (destroyed) {
      metrics.shredded(cause);
    }
    return destroyed;
  }

  /** The sweep's part: consents that ended (expiry, or a revocation a crash interrupted), and retention. */
  public int sweep() {
    Instant now = clock.instant();
    int shredded = 0;
    for (Consent consent : consents.endedWithDisclosures(now, 500)) {
      String cause = consent.revokeTime() != null ? REVOKED : CONSENT_EXPIRED;
      shredded += shredUnder(consent, cause, "system", "");
    }
    return shredded;
  }

  int retention(java.time.Duration afterClosure) {
    int shredded = 0;
    for (Referral referral : referrals.pastRetention(clock.instant().minus(afterClosure), 500)) {
      if (shred(referral, RETENTION, "system", "", false)) {
        shredded++;
      }
    }
    return shredded;
  }
}

package org.partnernet.referral.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.partnernet.referral.audit.AuditRecord;
import org.partnernet.referral.audit.AuditTrail;
import org.partnernet.referral.consent.Category;
import org.partnernet.referral.consent.Consent;
import org.partnernet.referral.consent.Consents;
import org.partnernet.referral.consent.RecordingConsent;
import org.partnernet.referral.crypto.DisclosureCipher;
import org.partnernet.referral.directory.RecipientCheck;
import org.partnernet.referral.inbox.InboxEvent;
import org.partnernet.referral.inbox.InboxEvents;
import org.partnernet.referral.system.ReferralMetrics;
import org.partnernet.referral.system.ReferralProperties;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.error.AbortedException;
import org.partnernet.servicekit.error.AlreadyExistsException;
import org.partnernet.servicekit.error.FailedPreconditionException;
import org.partnernet.servicekit.error.InvalidArgumentException;
import org.partnernet.servicekit.error.NotFoundException;
import org.partnernet.servicekit.error.PermissionDeniedException;
import org.partnernet.servicekit.id.Ids;
import org.partnernet.servicekit.id.NetworkId;

/** The referral use cases: sending, moving through the lifecycle, forwarding, reading the disclosure, auditing. */
public class ReferralWorkflow {

  private static final int ATTEMPTS = 4;

  private final Referrals referrals;
  private final Consents consents;
  private final DisclosureCipher cipher;
  private final AuditTrail audit;
  private final RecipientCheck recipients;
  private final ReferralMetrics metrics;
  private final ReferralProperties properties;
  private final NetworkId network;
  private final Clock clock;
  private final InboxEvents inbox;

  public ReferralWorkflow(Referrals referrals, Consents consents, DisclosureCipher cipher, AuditTrail audit,
                          RecipientCheck recipients, ReferralMetrics metrics, ReferralProperties properties,
                          NetworkId network, Clock clock, InboxEvents inbox) {
    this.referrals = referrals;
    this.consents = consents;
    this.cipher = cipher;
    this.audit = audit;
    this.recipients = recipients;
    this.metrics = metrics;
    this.properties = properties;
    this.network = network;
    this.clock = clock;
    this.inbox = inbox;
  }

  /** What a caseworker sends. */
  public record Outgoing(String recipientPartner, List<String> requestedServices, Urgency urgency,
                         Referral.Summary summary, String consentId) {}

  /** A disclosure in the clear, as serialized bytes, with the categories it carries. */
  public record PlainDisclosure(byte[] bytes, Set<Category> categories) {}

  /** A disclosure as read: the bytes and the categories the reader may see. */
  public record OpenedDisclosure(byte[] bytes, Set<Category> allowed) {}

  // ---------------------------------------------------------------- sending

  public Referral send(Caller caller, Outgoing outgoing, PlainDisclosure disclosure, String requestId,
                       String fingerprint) {
    requireCaseworker(caller);
    String requestKey = "send:" + caller.userId() + ":" + requestId;
    // A retry is found by the request key's unique index when it is stored (store answers null), not by a lookup
    // before every create: that was one more database round trip on each of them. A retry whose checks now fail
    // (the consent revoked since, the directory down) still answers with the referral it created.
    try {
      if (caller.belongsTo(outgoing.recipientPartner())) {
        throw new InvalidArgumentException("referral.recipient_partner", "must be another organisation");
      }
      checkConsent(caller, outgoing.consentId(), outgoing.recipientPartner(), outgoing.requestedServices(),
          disclosure, "referral.consent");
      recipients.requireAccepting(outgoing.recipientPartner(), outgoing.requestedServices());
    } catch (RuntimeException refused) {
      Optional<Referral> earlier = referrals.findByRequestKey(requestKey);
      if (earlier.isPresent()) {
        return sameRequest(earlier.get(), fingerprint, disclosure);
      }
      throw refused;
    }
    Referral stored = store(caller, outgoing, disclosure, null, requestKey, fingerprint);
    if (stored == null) {
      return sameRequest(referrals.findByRequestKey(requestKey).orElseThrow(), fingerprint, disclosure);
    }
    return stored;
  }

  /** Encrypts, persists and audits a new SENT referral; null if its request key was taken meanwhile. */
  private Referral store(Caller caller, Outgoing outgoing, PlainDisclosure disclosure, String forwardedFrom,
                         String requestKey, String fingerprint) {
    Instant now = clock.instant();
    String id = Ids.newId();
    Referral.SealedDisclosure sealed = disclosure == null ? null
        : new Referral.SealedDisclosure(cipher.seal(id, disclosure.bytes()), disclosure.categories(), null, null);
    Referral.StateChange sent = new Referral.StateChange(null, ReferralState.SENT, caller.userId(),
        caller.organisationId(), now, forwardedFrom == null ? "" : "forwarded", null, null);
    Referral referral = new Referral(id, network.value(), caller.organisationId(), caller.userId(),
        outgoing.recipientPartner(), outgoing.requestedServices(), outgoing.urgency(), outgoing.summary(),
        outgoing.consentId(), ReferralState.SENT, sealed, now.plus(responseTime(outgoing.urgency())), List.of(sent),
        forwardedFrom, null, now, now, null, 1, requestKey, fingerprint);
    boolean inserted;
    try {
      inserted = referrals.insert(referral);
    } catch (RuntimeException e) {
      cipher.shred(id);
      throw e;
    }
    if (!inserted) {
      cipher.shred(id); // a concurrent retry won: its key is the one that counts
      return null;
    }
    try {
      audit.start(chain(id), new AuditTrail.Entry(caller.userId(), caller.organisationId(), "SENT",
          sealed == null ? Set.of() : sealed.categories(), forwardedFrom == null ? "" : "forwarded"));
    } catch (RuntimeException e) {
      // nothing half-written: an unaudited referral is withdrawn
      cipher.shred(id);
      referrals.delete(id);
      throw e;
    }
    metrics.entered(ReferralState.SENT.name(), outgoing.urgency().name());
    inbox.publish(InboxEvent.Type.REFERRAL_CREATED, id, ReferralState.SENT.name(), referral.urgency().name(),
        referral.senderPartner(), referral.recipientPartner());
    return referral;
  }

  private Referral sameRequest(Referral earlier, String fingerprint, PlainDisclosure disclosure) {
    boolean same = earlier.fingerprint().equals(fingerprint) && sameDisclosure(earlier, disclosure);
    return same(earlier, same);
  }

  /** A forward's body holds no disclosure: the fingerprint covers all of it. */
  private Referral sameForward(Referral earlier, String fingerprint) {
    return same(earlier, earlier.fingerprint().equals(fingerprint));
  }

  private static Referral same(Referral earlier, boolean same) {
    if (!same) {
      throw new AlreadyExistsException("REQUEST_ID_REUSED",
          "this request_id was already used for a different request; use a new request_id");
    }
    return earlier;
  }

  private boolean sameDisclosure(Referral earlier, PlainDisclosure disclosure) {
    if (disclosure == null || !earlier.hasDisclosure()) {
      return disclosure == null && !earlier.hasDisclosure();
    }
    if (earlier.disclosure().isShredded()) {
      return earlier.disclosure().categories().equals(disclosure.categories());
    }
    return cipher.open(earlier.id(), earlier.disclosure().ciphertext())
        .map(bytes -> Arrays.equals(bytes, disclosure.bytes())).orElse(true);
  }

  /**
   * A disclosure needs a consent that is the sender's, active, names the recipient, covers every requested service
   * and every disclosed category. A consent given without a disclosure is checked the same way.
   */
  private Consent checkConsent(Caller caller, String consentId, String recipient, List<String> services,
                               PlainDisclosure disclosure, String field) {
    if (consentId == null || consentId.isEmpty()) {
      if (disclosure != null) {
        throw new InvalidArgumentException(field, "is required when personal data is disclosed");
      }
      return null;
    }
    Consent consent = consents.find(consentId).filter(c -> caller.belongsTo(c.senderPartner()))
        .orElseThrow(RecordingConsent::notFound);
    switch (consent.state(clock.instant())) {
      case REVOKED -> throw new FailedPreconditionException("CONSENT_REVOKED", "the consent has been revoked");
      case EXPIRED -> throw new FailedPreconditionException("CONSENT_EXPIRED", "the consent has expired");
      case ACTIVE -> { }
    }
    if (!consent.names(recipient)) {
      throw new FailedPreconditionException("CONSENT_DOES_NOT_NAME_RECIPIENT",
          "the consent does not name this recipient; record a consent that does");
    }
    if (!consent.covers(services)) {
      throw new FailedPreconditionException("CONSENT_DOES_NOT_COVER_SERVICES",
          "the consent's purposes do not cover every requested service");
    }
    if (disclosure != null && !consent.categories().containsAll(disclosure.categories())) {
      Set<Category> beyond = EnumSet.copyOf(disclosure.categories());
      beyond.removeAll(consent.categories());
      throw new InvalidArgumentException("disclosure",
          "carries categories the consent does not cover: " + beyond);
    }
    return consent;
  }

  private Duration responseTime(Urgency urgency) {
    return switch (urgency) {
      case EMERGENCY -> properties.responseTime().emergency();
      case URGENT -> properties.responseTime().urgent();
      case ROUTINE -> properties.responseTime().routine();
    };
  }

  // ---------------------------------------------------------------- reading

  /** A referral's summary; the recipient's first read marks it RECEIVED. */
  public Referral get(Caller caller, String id) {
    Referral referral = referrals.find(id).orElseThrow(Access::notFound);
    Transition.Party party = Access.visibleTo(caller, referral);
    if (party == Transition.Party.RECIPIENT && referral.state() == ReferralState.SENT) {
      Referral received = referral.apply(Transition.RECEIVE, caller.userId(), caller.organisationId(),
          clock.instant(), "", null, null);
      if (referrals.replace(received, referral.version())) {
        audit.append(chain(id), new AuditTrail.Entry(caller.userId(), caller.organisationId(), "RECEIVED", Set.of(),
            ""));
        metrics.entered(ReferralState.RECEIVED.name(), referral.urgency().name());
        stateChanged(received);
        return received;
      }
      return referrals.find(id).orElseThrow(Access::notFound);
    }
    return referral;
  }

  public enum Box { INBOX, OUTBOX }

  /** A page of the caller's organisation's inbox or outbox; {@code beforeId} is the page token. */
  public List<Referral> list(Caller caller, Box box, ReferralState state, String beforeId, int limit) {
    boolean allowed = !caller.hasRole(Role.COORDINATOR) && caller.organisationId() != null && switch (box) {
      case INBOX -> caller.hasAnyRole(Role.INTAKE, Role.PARTNER_ADMIN);
      case OUTBOX -> caller.hasAnyRole(Role.CASEWORKER, Role.PARTNER_ADMIN);
    };
    if (!allowed) {
      throw new PermissionDeniedException("BOX_NOT_YOURS", box == Box.INBOX
          ? "only intake and partner-admins read the inbox" : "only caseworkers and partner-admins read the outbox");
    }
    return referrals.page(box == Box.INBOX ? "recipientPartner" : "senderPartner", caller.organisationId(), state,
        beforeId, limit);
  }

  /**
   * The disclosure, limited to what the consent covers. Checks the reader, the state and the consent, and writes
   * the audit record before anything is decrypted; if that write fails, nothing is returned.
   */
  public OpenedDisclosure readDisclosure(Caller caller, String id, String purpose) {
    Referral referral = referrals.find(id).orElseThrow(Access::notFound);
    Transition.Party party = Access.visibleTo(caller, referral);
    if (!Access.readsPersonalData(caller, party)) {
      throw new PermissionDeniedException("DISCLOSURE_NOT_FOR_YOUR_ROLE",
          "only the recipient's intake and the sender's caseworkers read a disclosure");
    }
    if (!referral.hasDisclosure()) {
      throw new NotFoundException("NO_DISCLOSURE", "this referral carries no personal data");
    }
    Access.requireAcceptedByRecipient(party, referral, "the disclosure opens");
    if (referral.disclosure().isShredded()) {
      throw new FailedPreconditionException("DISCLOSURE_SHREDDED", "the disclosure has been destroyed");
    }
    Consent consent = consents.find(referral.consentId()).orElseThrow(RecordingConsent::notFound);
    Access.requireConsentHolds(consent, referral, clock.instant());
    Set<Category> allowed = EnumSet.noneOf(Category.class);
    allowed.addAll(referral.disclosure().categories());
    allowed.retainAll(consent.categories());
    audit.append(chain(id), new AuditTrail.Entry(caller.userId(), caller.organisationId(), "DISCLOSURE_READ",
        allowed, purpose == null || purpose.isBlank() ? "service delivery" : purpose));
    byte[] bytes = cipher.open(id, referral.disclosure().ciphertext())
        .orElseThrow(() -> new FailedPreconditionException("DISCLOSURE_SHREDDED", "the disclosure has been destroyed"));
    return new OpenedDisclosure(bytes, allowed);
  }

  // ---------------------------------------------------------------- moving

  /**
   * Makes a move. The write is conditional on the version read, so of two concurrent moves exactly one wins; the
   * other re-reads and is refused (FAILED_PRECONDITION naming the new state) unless it was the same request.
   */
  public Referral move(Caller caller, String id, Transition transition, String reason, String requestId,
                       String fingerprint) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Referral referral = referrals.find(id).orElseThrow(Access::notFound);
      Transition.Party party = Access.visibleTo(caller, referral);
      Referral.StateChange earlier = referral.findRequest(caller.userId(), requestId);
      if (earlier != null) {
        if (!fingerprint.equals(earlier.fingerprint())) {
          throw new AlreadyExistsException("REQUEST_ID_REUSED",
              "this request_id was already used for a different request; use a new request_id");
        }
        return referral;
      }
      Access.requireMayMake(caller, party, transition);
      Referral moved = referral.apply(transition, caller.userId(), caller.organisationId(), clock.instant(),
          reason == null ? "" : reason, requestId, fingerprint);
      if (referrals.replace(moved, referral.version())) {
        audit.append(chain(id), new AuditTrail.Entry(caller.userId(), caller.organisationId(),
            transition.to().name(), Set.of(), reason));
        metrics.entered(transition.to().name(), referral.urgency().name());
        if (transition == Transition.ACCEPT) {
          metrics.accepted(referral.urgency().name(), Duration.between(referral.createTime(), clock.instant()));
        }
        stateChanged(moved);
        return moved;
      }
    }
    throw new AbortedException("REFERRAL_CHANGED", "the referral changed meanwhile; read it again and retry");
  }

  /** Expires one overdue referral on nobody's behalf; false if it moved meanwhile. */
  boolean expire(Referral referral) {
    if (!Transition.EXPIRE.allowedFrom(referral.state())) {
      return false;
    }
    Referral expired = referral.apply(Transition.EXPIRE, "system", "", clock.instant(), "no answer in time", null,
        null);
    if (!referrals.replace(expired, referral.version())) {
      return false;
    }
    audit.append(chain(referral.id()), new AuditTrail.Entry("system", "", "EXPIRED", Set.of(), "no answer in time"));
    metrics.entered(ReferralState.EXPIRED.name(), referral.urgency().name());
    stateChanged(expired);
    return true;
  }

  // ---------------------------------------------------------------- forwarding

  /**
   * Sends a DECLINED or EXPIRED referral to another partner as a new, linked referral. The disclosure travels only
   * under a consent that names the new recipient, limited to that consent's categories.
   */
  public Referral forward(Caller caller, String id, String newRecipient, String consentId, String reason,
                          String requestId, String fingerprint, java.util.function.Function<OpenedDisclosure,
                          PlainDisclosure> restrict) {
    String requestKey = "forward:" + caller.userId() + ":" + requestId;
    Optional<Referral> earlier = referrals.findByRequestKey(requestKey);
    if (earlier.isPresent()) {
      return sameForward(earlier.get(), fingerprint);
    }
    Referral original = referrals.find(id).orElseThrow(Access::notFound);
    Transition.Party party = Access.visibleTo(caller, original);
    if (party != Transition.Party.SENDER || !caller.hasRole(Role.CASEWORKER)) {
      throw new PermissionDeniedException("NOT_YOUR_MOVE", "only the sender organisation's caseworkers can forward");
    }
    if (!original.state().isForwardable()) {
      throw new FailedPreconditionException("REFERRAL_STATE_" + original.state().name(),
          "the referral is " + original.state().name() + "; only DECLINED or EXPIRED referrals can be forwarded");
    }
    if (original.forwardedTo() != null) {
      throw new FailedPreconditionException("ALREADY_FORWARDED", "the referral was already forwarded");
    }
    if (caller.belongsTo(newRecipient) || newRecipient.equals(original.recipientPartner())) {
      throw new InvalidArgumentException("recipient_partner", "must be another organisation than before");
    }
    String consent = consentId == null || consentId.isEmpty() ? original.consentId() : consentId;
    PlainDisclosure carried = null;
    boolean readable = original.hasDisclosure() && !original.disclosure().isShredded();
    if (readable) {
      if (consent == null) {
        throw new InvalidArgumentException("consent", "is required to forward personal data");
      }
      Consent covering = checkConsent(caller, consent, newRecipient, original.requestedServices(), null, "consent");
      Set<Category> allowed = EnumSet.noneOf(Category.class);
      allowed.addAll(original.disclosure().categories());
      allowed.retainAll(covering.categories());
      audit.append(chain(id), new AuditTrail.Entry(caller.userId(), caller.organisationId(), "DISCLOSURE_FORWARDED",
          allowed, reason));
      byte[] bytes = cipher.open(id, original.disclosure().ciphertext()).orElse(null);
      if (bytes != null) {
        carried = restrict.apply(new OpenedDisclosure(bytes, allowed));
      }
    } else if (consent != null) {
      checkConsent(caller, consent, newRecipient, original.requestedServices(), null, "consent");
    }
    recipients.requireAccepting(newRecipient, original.requestedServices());
    Outgoing outgoing = new Outgoing(newRecipient, original.requestedServices(), original.urgency(),
        original.summary(), carried == null ? (readable ? null : consent) : consent);
    Referral created = store(caller, outgoing, carried, id, requestKey, fingerprint);
    if (created == null) {
      return sameForward(referrals.findByRequestKey(requestKey).orElseThrow(), fingerprint);
    }
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Referral current = referrals.find(id).orElseThrow(Access::notFound);
      if (current.forwardedTo() != null) {
        // another forward won: withdraw ours
        cipher.shred(created.id());
        referrals.delete(created.id());
        throw new FailedPreconditionException("ALREADY_FORWARDED", "the referral was already forwarded");
      }
      if (referrals.replace(current.forwardedTo(created.id(), clock.instant()), current.version())) {
        audit.append(chain(id), new AuditTrail.Entry(caller.userId(), caller.organisationId(), "FORWARDED",
            Set.of(), reason));
        return created;
      }
    }
    throw new AbortedException("REFERRAL_CHANGED", "the referral changed meanwhile; read it again and retry");
  }

  // ---------------------------------------------------------------- audit

  /** The referral if the caller is a partner-admin of the sender or recipient organisation. */
  public Referral auditable(Caller caller, String id) {
    Referral referral = referrals.find(id).orElseThrow(Access::notFound);
    Access.visibleTo(caller, referral);
    if (!caller.hasRole(Role.PARTNER_ADMIN)) {
      throw new PermissionDeniedException("PARTNER_ADMIN_ONLY", "only partner-admins read the audit log");
    }
    return referral;
  }

  public List<AuditRecord> auditPage(Caller caller, String id, long afterSequence, int limit) {
    auditable(caller, id);
    return audit.list(chain(id), afterSequence, limit);
  }

  public AuditTrail.Verification verifyAudit(Caller caller, String id) {
    auditable(caller, id);
    return audit.verify(chain(id));
  }

  private void stateChanged(Referral referral) {
    inbox.publish(InboxEvent.Type.STATE_CHANGED, referral.id(), referral.state().name(), referral.urgency().name(),
        referral.senderPartner(), referral.recipientPartner());
  }

  private static void requireCaseworker(Caller caller) {
    if (!caller.hasRole(Role.CASEWORKER) || caller.organisationId() == null) {
      throw new PermissionDeniedException("CASEWORKER_ONLY", "only a caseworker can send a referral");
    }
  }

  public static String chain(String referralId) {
    return "referrals/" + referralId;
  }
}

package org.partnernet.referral.consent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.partnernet.referral.audit.AuditTrail;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.error.AlreadyExistsException;
import org.partnernet.servicekit.error.InvalidArgumentException;
import org.partnernet.servicekit.error.NotFoundException;
import org.partnernet.servicekit.error.PermissionDeniedException;
import org.partnernet.servicekit.id.Ids;
import org.partnernet.servicekit.id.NetworkId;

/** Recording a survivor's consent, and reading it back (sender organisation only). */
public class RecordingConsent {

  private final Consents consents;
  private final AuditTrail audit;
  private final NetworkId network;
  private final Clock clock;
  private final Duration maxDuration;

  public RecordingConsent(Consents consents, AuditTrail audit, NetworkId network, Clock clock, Duration maxDuration) {
    this.consents = consents;
    this.audit = audit;
    this.network = network;
    this.clock = clock;
    this.maxDuration = maxDuration;
  }

  /** What the caseworker wrote down. */
  public record Draft(String clientId, Consent.Method method, Instant giveTime, List<String> recipientPartners,
                      List<String> purposes, Set<Category> categories, Instant expireTime, String language) {}

  public Consent record(Caller caller, Draft draft, String requestId, String fingerprint) {
    if (!caller.hasRole(Role.CASEWORKER) || caller.organisationId() == null) {
      throw new PermissionDeniedException("CASEWORKER_ONLY", "only a caseworker can record a consent");
    }
    String requestKey = caller.userId() + ":" + requestId;
    var earlier = consents.findByRequestKey(requestKey);
    if (earlier.isPresent()) {
      return sameRequest(earlier.get(), fingerprint);
    }
    Instant now = clock.instant();
    if (!draft.expireTime().isAfter(now)) {
      throw new InvalidArgumentException("consent.expire_time", "must be in the future");
    }
    if (draft.expireTime().isAfter(now.plus(maxDuration))) {
      throw new InvalidArgumentException("consent.expire_time",
          "must be at most " + maxDuration.toDays() + " days from now (the network's maximum)");
    }
    Instant given = draft.giveTime() == null ? now : draft.giveTime();
    if (given.isAfter(now.plusSeconds(60))) {
      throw new InvalidArgumentException("consent.give_time", "must not be in the future");
    }
    Consent consent = new Consent(Ids.newId(), network.value(), draft.clientId(), draft.method(),
        caller.organisationId(), caller.userId(), given, draft.recipientPartners(), draft.purposes(),
        draft.categories(), draft.expireTime(), draft.language(), now, null, null, null, false, requestKey,
        fingerprint);
    if (!consents.insert(consent)) {
      return sameRequest(consents.findByRequestKey(requestKey).orElseThrow(), fingerprint);
    }
    audit.start(chain(consent.id()), new AuditTrail.Entry(caller.userId(), caller.organisationId(),
        "CONSENT_RECORDED", consent.categories(), ""));
    return consent;
  }

  public Consent get(Caller caller, String id) {
    return visible(caller, id);
  }

  /** The consent if the caller's organisation recorded it and the caller works referrals there. */
  public Consent visible(Caller caller, String id) {
    Consent consent = consents.find(id).orElseThrow(RecordingConsent::notFound);
    if (caller.hasRole(Role.COORDINATOR) || !caller.belongsTo(consent.senderPartner())
        || !caller.hasAnyRole(Role.CASEWORKER, Role.PARTNER_ADMIN)) {
      throw notFound();
    }
    return consent;
  }

  public static String chain(String consentId) {
    return "consents/" + consentId;
  }

  public static NotFoundException notFound() {
    return new NotFoundException("CONSENT_NOT_FOUND", "no consent with this id is visible to you");
  }

  private static Consent sameRequest(Consent earlier, String fingerprint) {
    if (!earlier.fingerprint().equals(fingerprint)) {
      throw new AlreadyExistsException("REQUEST_ID_REUSED",
          "this request_id was already used for a different request; use a new request_id");
    }
    return earlier;
  }
}

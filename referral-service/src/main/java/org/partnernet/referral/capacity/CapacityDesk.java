package org.partnernet.referral.capacity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.partnernet.referral.inbox.InboxEvent;
import org.partnernet.referral.inbox.InboxEvents;
import org.partnernet.referral.system.ReferralMetrics;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.error.AlreadyExistsException;
import org.partnernet.servicekit.error.FailedPreconditionException;
import org.partnernet.servicekit.error.InvalidArgumentException;
import org.partnernet.servicekit.error.NotFoundException;
import org.partnernet.servicekit.error.PermissionDeniedException;
import org.partnernet.servicekit.id.Ids;
import org.partnernet.servicekit.id.NetworkId;

/**
 * Anonymous capacity checks: a caseworker asks partners, their intake answers, the asker sees answers as they
 * come, the question expires. Visible to the asking organisation and the asked ones only; NOT_FOUND otherwise.
 */
public class CapacityDesk {

  private final CapacityChecks checks;
  private final InboxEvents inbox;
  private final ReferralMetrics metrics;
  private final NetworkId network;
  private final Clock clock;
  private final Duration lifetime;

  public CapacityDesk(CapacityChecks checks, InboxEvents inbox, ReferralMetrics metrics, NetworkId network, Clock clock,
                      Duration lifetime) {
    this.checks = checks;
    this.inbox = inbox;
    this.metrics = metrics;
    this.network = network;
    this.clock = clock;
    this.lifetime = lifetime;
  }

  public CapacityCheck ask(Caller caller, CapacityCheck.Question q, String requestId, String fingerprint) {
    if (!caller.hasRole(Role.CASEWORKER) || caller.organisationId() == null) {
      throw new PermissionDeniedException("CASEWORKER_ONLY", "only a caseworker can ask about capacity");
    }
    String requestKey = "ask:" + caller.userId() + ":" + requestId;
    Optional<CapacityCheck> earlier = checks.findByRequestKey(requestKey);
    if (earlier.isPresent()) {
      return same(earlier.get(), fingerprint);
    }
    if (q.askedPartners().stream().anyMatch(caller::belongsTo)) {
      throw new InvalidArgumentException("capacity_check.asked_partners", "must not name the asking organisation");
    }
    Instant now = clock.instant();
    CapacityCheck check = new CapacityCheck(Ids.newId(), network.value(), caller.organisationId(), caller.userId(),
        q.needs(), q.minAge(), q.maxAge(), q.gender(), q.languages(), q.urgency(), q.timeframe(),
        q.askedPartners(), Map.of(), now, now.plus(lifetime), requestKey, fingerprint);
    if (!checks.insert(check)) {
      return same(checks.findByRequestKey(requestKey).orElseThrow(), fingerprint);
    }
    for (String asked : check.askedPartners()) {
      inbox.publish(InboxEvent.Type.CAPACITY_QUESTION, check.id(), "OPEN", null, check.askerPartner(), asked);
    }
    return check;
  }

  private static CapacityCheck same(CapacityCheck earlier, String fingerprint) {
    if (!earlier.fingerprint().equals(fingerprint)) {
      throw new AlreadyExistsException("REQUEST_ID_REUSED",
          "this request_id was already used for a different request; use a new request_id");
    }
    return earlier;
  }

  /** The check as the caller may see it: every answer for the asker, only its own for an asked partner. */
  public CapacityCheck get(Caller caller, String id) {
    CapacityCheck check = checks.find(id).orElseThrow(CapacityDesk::notFound);
    return visible(caller, check);
  }

  public CapacityCheck answer(Caller caller, String id, CapacityCheck.Kind kind, String note, String requestId) {
    CapacityCheck check = checks.find(id).orElseThrow(CapacityDesk::notFound);
    visible(caller, check);
    String partner = caller.organisationId();
    if (!check.askedPartners().contains(partner)) {
      throw new PermissionDeniedException("NOT_ASKED", "only the asked partners answer a capacity check");
    }
    if (!caller.hasAnyRole(Role.INTAKE, Role.PARTNER_ADMIN)) {
      throw new PermissionDeniedException("INTAKE_ONLY", "only intake and partner-admins answer a capacity check");
    }
    CapacityCheck.Answer current = check.answers().get(partner);
    if (current != null && requestId.equals(current.requestId()) && caller.userId().equals(current.user())) {
      if (current.kind() != kind || !current.note().equals(note)) {
        throw new AlreadyExistsException("REQUEST_ID_REUSED",
            "this request_id was already used for a different answer; use a new request_id");
      }
      return visible(caller, check);
    }
    Instant now = clock.instant();
    if (check.expired(now)) {
      throw new FailedPreconditionException("CAPACITY_CHECK_EXPIRED", "the capacity check has expired");
    }
    checks.answer(id, partner, new CapacityCheck.Answer(kind, note, now, caller.userId(), requestId));
    metrics.capacityCheckAnswered(kind.name());
    inbox.publish(InboxEvent.Type.CAPACITY_ANSWERED, id, kind.name(), null, check.askerPartner(), partner);
    return visible(caller, checks.find(id).orElseThrow(CapacityDesk::notFound));
  }

  private static CapacityCheck visible(Caller caller, CapacityCheck check) {
    String org = caller.organisationId();
    if (org == null || org.isEmpty()) {
      throw notFound();
    }
    if (org.equals(check.askerPartner())) {
      return check;
    }
    if (check.askedPartners().contains(org)) {
      CapacityCheck.Answer own = check.answers().get(org);
      return new CapacityCheck(check.id(), check.networkId(), check.askerPartner(), null, check.needs(),
          check.minAge(), check.maxAge(), check.gender(), check.languages(), check.urgency(), check.timeframe(),
          List.of(org), own == null ? Map.of() : Map.of(org, own), check.createTime(), check.expireTime(),
          null, null);
    }
    throw notFound();
  }

  public static NotFoundException notFound() {
    return new NotFoundException("CAPACITY_CHECK_NOT_FOUND", "no such capacity check");
  }
}

package org.partnernet.directory.partner;

import java.time.Clock;
import java.util.function.UnaryOperator;
import org.partnernet.directory.onboarding.Onboarding;
import org.partnernet.directory.system.IdempotentRequests;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.error.AbortedException;
import org.partnernet.servicekit.error.Violations;

/** Coordinators approve (vet), suspend and archive partners; the identity provider follows. */
@org.springframework.stereotype.Service
public class VettingPartners {

  private static final int ATTEMPTS = 5;

  private final Partners partners;
  private final Onboarding onboarding;
  private final IdempotentRequests requests;
  private final Clock clock;

  VettingPartners(Partners partners, Onboarding onboarding, IdempotentRequests requests, Clock clock) {
    this.partners = partners;
    this.onboarding = onboarding;
    this.requests = requests;
    this.clock = clock;
  }

  /**
   * ACTIVE, verified now, next review in a year. The organisation is created in the identity provider first: if that
   * fails the partner stays as it was and the call can be retried.
   */
  public Partner approve(Caller caller, String id, String requestId) {
    validate(id, requestId, new Violations()).throwIfAny();
    PartnerAccess.requireCoordinator(caller);
    Partner current = partners.find(id).orElseThrow(PartnerNotFound::new);
    return once(caller, "ApprovePartner", id, requestId, current, () -> {
      current.approvedBy(caller.userId(), clock.instant()); // refuses an impossible transition before Keycloak
      onboarding.approved(id, current.name(),
          current.profile().kind() == null ? null : current.profile().kind().name(), current.registrantUserId());
      return change(id, p -> p.approvedBy(caller.userId(), clock.instant()));
    });
  }

  /**
   * SUSPENDED first (the gateway's partner check and search see it at once), then the accounts are disabled; a retry
   * repeats the disabling.
   */
  public Partner suspend(Caller caller, String id, String reason, String requestId) {
    Violations v = validate(id, requestId, new Violations());
    v.requiredText(reason, 500, "reason").throwIfAny();
    PartnerAccess.requireCoordinator(caller);
    Partner current = partners.find(id).orElseThrow(PartnerNotFound::new);
    return once(caller, "SuspendPartner", id, requestId, current, () -> {
      Partner suspended = change(id, p -> p.suspended(reason, clock.instant()));
      onboarding.suspended(id);
      return suspended;
    });
  }

  /**
   * ARCHIVED first (out of search, lists and the gateway at once), then the accounts are disabled as on suspension; a
   * retry repeats the disabling.
   */
  public Partner archive(Caller caller, String id, String reason, String requestId) {
    Violations v = validate(id, requestId, new Violations());
    v.requiredText(reason, 500, "reason").throwIfAny();
    PartnerAccess.requireCoordinator(caller);
    Partner current = partners.find(id).orElseThrow(PartnerNotFound::new);
    return once(caller, "ArchivePartner", id, requestId, current, () -> {
      Partner archived = change(id, p -> p.archived(reason, clock.instant()));
      onboarding.suspended(id);
      return archived;
    });
  }

  /** AIP-155: a retry with the same request id answers with the partner as it is, without doing it again. */
  private Partner once(Caller caller, String rpc, String id, String requestId, Partner current,
                       java.util.function.Supplier<Partner> work) {
    String key = IdempotentRequests.key(caller.userId(), rpc + ":" + id, requestId);
    if (requests.claim(key, id).isPresent()) {
      return current;
    }
    try {
      return work.get();
    } catch (RuntimeException e) {
      requests.release(key);
      throw e;
    }
  }

  private static Violations validate(String id, String requestId, Violations v) {
    v.required(id, "partner");
    IdempotentRequests.validate(requestId, v);
    return v;
  }

  /** Read, change, write if nobody changed it meanwhile; a concurrent profile edit just means another round. */
  private Partner change(String id, UnaryOperator<Partner> transition) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Partner current = partners.find(id).orElseThrow(PartnerNotFound::new);
      Partner next = transition.apply(current);
      if (partners.replace(next, current.version())) {
        return next;
      }
    }
    throw new AbortedException("CONTENDED", "the partner is being changed by others; retry");
  }
}

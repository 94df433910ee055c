package org.partnernet.directory.partner;

import java.time.Clock;
import org.partnernet.directory.system.IdempotentRequests;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.error.NotFoundException;
import org.partnernet.servicekit.error.Violations;

/**
 * Intake staff report a service's capacity in one call. Capacity is not versioned with the profile: the newest report
 * wins, and each carries the time it was made so search can prefer fresh ones.
 */
@org.springframework.stereotype.Service
public class ReportingCapacity {

  private final Partners partners;
  private final Clock clock;

  ReportingCapacity(Partners partners, Clock clock) {
    this.partners = partners;
    this.clock = clock;
  }

  public Capacity report(Caller caller, String partnerId, String serviceId, Capacity reported, String requestId) {
    Violations v = new Violations();
    v.required(partnerId, "partner").required(serviceId, "service");
    v.check(reported.status() != null, "capacity.status", "is required");
    v.check(reported.total() >= 0 && reported.total() <= 100_000, "capacity.total", "must be 0-100000");
    v.check(reported.available() >= 0 && reported.available() <= 100_000, "capacity.available", "must be 0-100000");
    v.check(reported.total() == 0 || reported.available() <= reported.total(), "capacity.available",
        "must not exceed total");
    v.check(reported.waitlist() >= 0 && reported.waitlist() <= 100_000, "capacity.waitlist", "must be 0-100000");
    v.maxLength(reported.unit(), 40, "capacity.unit");
    IdempotentRequests.validate(requestId, v);
    v.throwIfAny();
    PartnerAccess.requireCanReportCapacity(caller, partnerId);
    // reporting the same numbers twice is harmless, so a retried request needs no bookkeeping
    Capacity stamped = new Capacity(reported.unit(), reported.total(), reported.available(), reported.waitlist(),
        reported.status(), clock.instant());
    return partners.reportCapacity(partnerId, serviceId, stamped)
        .orElseThrow(() -> partners.find(partnerId).isPresent()
            ? new NotFoundException("SERVICE_NOT_FOUND", "the partner has no service with this id")
            : new PartnerNotFound());
  }
}

package org.partnernet.directory.partner;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.error.Violations;

/** Reading the directory: one partner, lists, and the internal checks other services make. */
@org.springframework.stereotype.Service
public class FindingPartners {

  public static final int DEFAULT_PAGE = 20;
  public static final int MAX_PAGE = 100;

  private final Partners partners;
  private final Clock clock;

  FindingPartners(Partners partners, Clock clock) {
    this.partners = partners;
    this.clock = clock;
  }

  /** NOT_FOUND also for a partner the caller may not see (not ACTIVE, not theirs, caller no coordinator). */
  public Partner get(Caller caller, String id) {
    new Violations().required(id, "partner").throwIfAny();
    Partner partner = partners.find(id).orElseThrow(PartnerNotFound::new);
    if (!partner.isActive() && !caller.belongsTo(id) && !PartnerAccess.isCoordinator(caller)) {
      throw new PartnerNotFound();
    }
    return partner.seenBy(caller.organisationId());
  }

  /** The caller's own organisation, when it is a partner here (any status: its members may always read it). */
  public java.util.Optional<Partner> ownOrganisation(Caller caller) {
    return caller.organisationId() == null ? java.util.Optional.empty() : partners.find(caller.organisationId());
  }

  public record Page(List<Partner> partners, int nextOffset) {}

  public Page list(Caller caller, PartnerStatus status, PartnerKind kind, boolean dueForReview, int offset, int pageSize) {
    boolean coordinator = PartnerAccess.isCoordinator(caller);
    Partners.Filter filter = new Partners.Filter(coordinator ? status : null, kind,
        coordinator && dueForReview ? clock.instant() : null);
    List<Partner> found = partners.list(filter, coordinator ? null : orgOrNone(caller), offset, pageSize + 1);
    boolean more = found.size() > pageSize;
    List<Partner> page = new ArrayList<>();
    for (Partner p : found.subList(0, Math.min(pageSize, found.size()))) {
      page.add(p.seenBy(caller.organisationId()));
    }
    return new Page(page, more ? offset + pageSize : -1);
  }

  private static String orgOrNone(Caller caller) {
    return caller.organisationId() == null ? "" : caller.organisationId();
  }

  /** Internal: a partner's status for the gateway; NOT_FOUND if unknown. */
  public PartnerStatus status(String id) {
    new Violations().required(id, "partner").throwIfAny();
    return partners.find(id).orElseThrow(PartnerNotFound::new).status();
  }

  /** The answer to "may this partner receive a referral for these services now?". */
  public record RecipientCheck(PartnerStatus status, boolean acceptsReferrals, List<String> unmatchedCodes,
                               String networkId) {}

  public RecipientCheck checkRecipient(String id, List<String> taxonomyCodes) {
    Violations v = new Violations().required(id, "partner");
    v.check(taxonomyCodes.size() <= 50, "taxonomy_codes", "at most 50");
    v.throwIfAny();
    Partner partner = partners.find(id).orElseThrow(PartnerNotFound::new);
    List<Service> accepting = partner.services().stream().filter(Service::acceptingReferrals).toList();
    List<String> unmatched = taxonomyCodes.stream()
        .filter(code -> accepting.stream().noneMatch(s -> s.taxonomyCodes().stream()
            .anyMatch(own -> own.equals(code) || own.startsWith(code + "."))))
        .distinct().toList();
    boolean accepts = partner.isActive() && !accepting.isEmpty() && unmatched.isEmpty();
    return new RecipientCheck(partner.status(), accepts, unmatched, partner.networkId());
  }
}

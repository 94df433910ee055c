package org.partnernet.directory.partner;

import java.util.Set;
import org.partnernet.directory.onboarding.Onboarding;
import org.partnernet.directory.system.IdempotentRequests;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.error.FailedPreconditionException;
import org.partnernet.servicekit.error.PermissionDeniedException;
import org.partnernet.servicekit.error.Violations;

/** A partner-admin brings a person who has signed up into their organisation with a role. */
@org.springframework.stereotype.Service
public class InvitingMembers {

  /** Roles a partner-admin may give; coordinator is the network's, never an organisation's to hand out. */
  static final Set<String> GRANTABLE = Set.of(Role.PARTNER_ADMIN, Role.CASEWORKER, Role.INTAKE, Role.TRAINER);

  private final Partners partners;
  private final Onboarding onboarding;

  InvitingMembers(Partners partners, Onboarding onboarding) {
    this.partners = partners;
    this.onboarding = onboarding;
  }

  /** Idempotent: inviting a member again with the same role changes nothing, so no request-id bookkeeping. */
  public void invite(Caller caller, String partnerId, String email, String role, String requestId) {
    Violations v = new Violations().required(partnerId, "partner").required(email, "email").email(email, "email")
        .maxLength(email, 254, "email")
        .check(role != null && GRANTABLE.contains(role), "role", "must be one of partner-admin, caseworker, intake, trainer");
    IdempotentRequests.validate(requestId, v);
    v.throwIfAny();
    if (!(caller.hasRole(Role.PARTNER_ADMIN) && caller.belongsTo(partnerId))) {
      throw new PermissionDeniedException("NOT_PARTNER_ADMIN", "only the organisation's own partner-admin can invite members");
    }
    Partner partner = partners.find(partnerId).orElseThrow(PartnerNotFound::new);
    if (!partner.isActive()) {
      throw new FailedPreconditionException("PARTNER_" + partner.status().name(),
          "only an ACTIVE partner can invite members");
    }
    onboarding.invited(partnerId, email.trim(), role);
  }
}

package org.partnernet.directory.partner;

import java.time.Clock;
import java.util.Optional;
import org.partnernet.directory.system.IdempotentRequests;
import org.partnernet.directory.taxonomy.Taxonomy;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.error.AbortedException;
import org.partnernet.servicekit.error.PermissionDeniedException;
import org.partnernet.servicekit.error.Violations;
import org.partnernet.servicekit.id.Ids;
import org.partnernet.servicekit.id.NetworkId;

/** An organisation registers itself (or a coordinator registers it); it waits PENDING for vetting. */
@org.springframework.stereotype.Service
public class RegisteringPartner {

  private final Partners partners;
  private final IdempotentRequests requests;
  private final Taxonomy taxonomy;
  private final NetworkId network;
  private final Clock clock;

  RegisteringPartner(Partners partners, IdempotentRequests requests, Taxonomy taxonomy, NetworkId network, Clock clock) {
    this.partners = partners;
    this.requests = requests;
    this.taxonomy = taxonomy;
    this.network = network;
    this.clock = clock;
  }

  /** @param requestedId the id the caller asks for, or empty */
  public Partner register(Caller caller, String requestedId, Profile profile, String requestId) {
    Violations v = new Violations();
    profile.validate(v, "partner.", taxonomy::contains);
    v.check(requestedId.isEmpty() || Ids.isId(requestedId), "partner.id", "must be a UUID or empty");
    IdempotentRequests.validate(requestId, v);
    v.throwIfAny();
    String id = idFor(caller, requestedId);

    String key = IdempotentRequests.key(caller.userId(), "RegisterPartner", requestId);
    Optional<String> earlier = requests.claim(key, id);
    if (earlier.isPresent()) {
      return partners.find(earlier.get()).orElseThrow(() -> new AbortedException("REQUEST_IN_PROGRESS",
          "a request with this request_id is still being processed; retry shortly"));
    }
    // only a person registering their own new organisation becomes its partner-admin on approval, never a
    // coordinator registering it on someone's behalf, nor an existing member (already in the organisation)
    String registrant = isSelfRegistration(caller) ? caller.userId() : null;
    Partner partner = Partner.registered(id, network.value(), profile, registrant, clock.instant());
    try {
      partners.insert(partner);
    } catch (RuntimeException e) {
      requests.release(key);
      throw e;
    }
    return partner;
  }

  private static boolean isSelfRegistration(Caller caller) {
    return !PartnerAccess.isCoordinator(caller) && caller.organisationId() == null;
  }

  private static String idFor(Caller caller, String requestedId) {
    if (PartnerAccess.isCoordinator(caller)) {
      return requestedId.isEmpty() ? Ids.newId() : requestedId;
    }
    if (caller.organisationId() == null) {
      // self-registration: a person with no organisation yet; approval will make them its partner-admin
      if (!requestedId.isEmpty()) {
        throw new PermissionDeniedException("ID_NOT_YOURS", "only a coordinator can choose a new partner's id");
      }
      return Ids.newId();
    }
    if (!caller.hasRole(Role.PARTNER_ADMIN)) {
      throw new PermissionDeniedException("NOT_PARTNER_ADMIN", "only a partner-admin can register their organisation");
    }
    if (!requestedId.isEmpty() && !caller.belongsTo(requestedId)) {
      throw new PermissionDeniedException("NOT_YOUR_ORGANISATION", "a partner-admin can only register their own organisation");
    }
    return caller.organisationId();
  }
}

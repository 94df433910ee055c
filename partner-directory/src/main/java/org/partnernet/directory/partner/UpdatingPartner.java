package org.partnernet.directory.partner;

import java.time.Clock;
import java.util.Set;
import org.partnernet.directory.system.IdempotentRequests;
import org.partnernet.directory.taxonomy.Taxonomy;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.error.AbortedException;
import org.partnernet.servicekit.error.FailedPreconditionException;
import org.partnernet.servicekit.error.Violations;

/** A partner's admin (or a coordinator) keeps the profile current; a stale version never overwrites a newer one. */
@org.springframework.stereotype.Service
public class UpdatingPartner {

  private final Partners partners;
  private final IdempotentRequests requests;
  private final Taxonomy taxonomy;
  private final Clock clock;

  UpdatingPartner(Partners partners, IdempotentRequests requests, Taxonomy taxonomy, Clock clock) {
    this.partners = partners;
    this.requests = requests;
    this.taxonomy = taxonomy;
    this.clock = clock;
  }

  public Partner update(Caller caller, String id, Profile changes, Set<String> paths, long basedOnVersion,
                        String requestId) {
    Violations v = new Violations();
    v.required(id, "partner");
    v.check(!paths.isEmpty(), "update_mask", "name at least one field");
    paths.forEach(p -> v.check("*".equals(p) || Profile.PATHS.contains(p), "update_mask",
        "unknown or output-only path; allowed: " + String.join(", ", new java.util.TreeSet<>(Profile.PATHS))));
    v.check(basedOnVersion > 0, "update.version", "is required: send the version you read");
    IdempotentRequests.validate(requestId, v);
    v.throwIfAny();

    PartnerAccess.requireCanEdit(caller, id);
    Partner current = partners.find(id).orElseThrow(PartnerNotFound::new);
    String key = IdempotentRequests.key(caller.userId(), "UpdatePartner:" + id, requestId);
    if (key != null && requests.claim(key + "|probe", "").isPresent()) {
      // a retry of an update that already happened: answer with what is stored now
      return current;
    }
    try {
      if (current.status() == PartnerStatus.ARCHIVED) {
        throw new FailedPreconditionException("PARTNER_ARCHIVED", "an archived partner cannot be changed");
      }
      if (current.version() != basedOnVersion) {
        throw stale();
      }
      Profile merged = current.profile().merge(changes, paths);
      merged.validate(new Violations(), "update.", taxonomy::contains).throwIfAny();
      Partner updated = current.withProfile(merged, clock.instant());
      if (!partners.replace(updated, current.version())) {
        throw stale();
      }
      return partners.find(id).orElse(updated);
    } catch (RuntimeException e) {
      requests.release(key == null ? null : key + "|probe");
      throw e;
    }
  }

  private static AbortedException stale() {
    return new AbortedException("STALE_VERSION", "the partner changed since you read it; read it again and reapply");
  }
}

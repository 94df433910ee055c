package org.partnernet.referral.survivor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.partnernet.referral.audit.AuditRecord;
import org.partnernet.referral.audit.AuditTrail;
import org.partnernet.referral.consent.Category;
import org.partnernet.referral.consent.Consent;
import org.partnernet.referral.consent.Consents;
import org.partnernet.referral.lifecycle.Referral;
import org.partnernet.referral.lifecycle.ReferralWorkflow;
import org.partnernet.referral.lifecycle.Referrals;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.error.NotFoundException;
import org.partnernet.servicekit.error.PermissionDeniedException;

/**
 * What a caseworker shows a survivor: every consent their organisation recorded for the client, and under each one
 * where the data went and who read it, as the audit log holds it. Only the recording organisation's caseworkers may
 * ask; for everyone else the client does not exist.
 */
public class ShowingSurvivorView {

  /** The audit action of a disclosure read (written by {@link ReferralWorkflow#readDisclosure}). */
  static final String READ = "DISCLOSURE_READ";
  private static final int MAX_AUDIT_RECORDS = 10_000;

  private final Consents consents;
  private final Referrals referrals;
  private final AuditTrail audit;

  public ShowingSurvivorView(Consents consents, Referrals referrals, AuditTrail audit) {
    this.consents = consents;
    this.referrals = referrals;
    this.audit = audit;
  }

  public record Read(String partner, Instant time, Set<Category> categories, String purpose) {}

  /** A referral that carried the client's data, and every read of it. */
  public record Shared(Referral referral, List<Read> reads) {}

  public record ConsentView(Consent consent, List<Shared> shared) {}

  public List<ConsentView> show(Caller caller, String clientId) {
    if (caller.hasRole(Role.COORDINATOR) || caller.organisationId() == null) {
      throw notFound();
    }
    if (!caller.hasRole(Role.CASEWORKER)) {
      throw new PermissionDeniedException("CASEWORKER_ONLY", "only caseworkers open a survivor view");
    }
    List<Consent> recorded = consents.ofClient(caller.organisationId(), clientId);
    if (recorded.isEmpty()) {
      throw notFound();
    }
    List<ConsentView> view = new ArrayList<>();
    for (Consent consent : recorded) {
      List<Shared> shared = new ArrayList<>();
      for (Referral referral : referrals.underConsent(consent.id())) {
        if (referral.hasDisclosure()) {
          shared.add(new Shared(referral, reads(referral)));
        }
      }
      view.add(new ConsentView(consent, shared));
    }
    return view;
  }

  private List<Read> reads(Referral referral) {
    List<Read> reads = new ArrayList<>();
    for (AuditRecord record : audit.list(ReferralWorkflow.chain(referral.id()), 0, MAX_AUDIT_RECORDS)) {
      if (READ.equals(record.action())) {
        reads.add(new Read(record.actorPartner(), record.time(), record.categories(), record.reason()));
      }
    }
    return reads;
  }

  private static NotFoundException notFound() {
    return new NotFoundException("CLIENT_NOT_FOUND", "your organisation recorded no consent for this client id");
  }
}

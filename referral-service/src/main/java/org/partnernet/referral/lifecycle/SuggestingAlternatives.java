package org.partnernet.referral.lifecycle;

import java.util.List;
import java.util.Set;
import org.partnernet.referral.directory.PartnerSuggestions;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.error.FailedPreconditionException;
import org.partnernet.servicekit.error.PermissionDeniedException;

/**
 * Suggests where a declined or expired referral could go instead: partners offering the same services, accepting
 * referrals, with capacity; never the partner that declined, nor the sender itself.
 */
public class SuggestingAlternatives {

  private final Referrals referrals;
  private final PartnerSuggestions suggestions;

  public SuggestingAlternatives(Referrals referrals, PartnerSuggestions suggestions) {
    this.referrals = referrals;
    this.suggestions = suggestions;
  }

  public List<PartnerSuggestions.Alternative> suggest(Caller caller, String referralId,
                                                      PartnerSuggestions.Origin origin, int limit) {
    Referral referral = referrals.find(referralId).orElseThrow(Access::notFound);
    Transition.Party party = Access.visibleTo(caller, referral);
    if (party != Transition.Party.SENDER || !caller.hasRole(Role.CASEWORKER)) {
      throw new PermissionDeniedException("NOT_YOUR_MOVE", "only the sender organisation's caseworkers forward");
    }
    if (!referral.state().isForwardable()) {
      throw new FailedPreconditionException("REFERRAL_NOT_FORWARDABLE",
          "the referral is " + referral.state().name() + "; alternatives are suggested once declined or expired");
    }
    return suggestions.find(referral.requestedServices(), origin,
        Set.of(referral.recipientPartner(), referral.senderPartner()), limit);
  }
}

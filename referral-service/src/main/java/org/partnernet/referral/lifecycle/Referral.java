package org.partnernet.referral.lifecycle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.partnernet.referral.consent.Category;

/**
 * A referral with its whole history, in one document. The disclosure is ciphertext only; its key lives in the key
 * vault. {@code version} increases with every change (optimistic concurrency).
 */
public record Referral(String id, String networkId, String senderPartner, String senderUser, String recipientPartner,
                       List<String> requestedServices, Urgency urgency, Summary summary, String consentId,
                       ReferralState state, SealedDisclosure disclosure, Instant respondBy, List<StateChange> history,
                       String forwardedFrom, String forwardedTo, Instant createTime, Instant updateTime,
                       Instant closeTime, long version, String requestKey, String fingerprint) {

  public Referral {
    requestedServices = List.copyOf(requestedServices);
    history = List.copyOf(history);
  }

  /** The non-identifying summary the recipient sees before accepting. */
  public record Summary(int minAge, int maxAge, List<String> languages, List<String> needs, String gender) {
    public Summary {
      languages = List.copyOf(languages);
      needs = List.copyOf(needs);
      gender = gender == null ? "" : gender;
    }
  }

  /**
   * The encrypted disclosure: which categories it carries, and whether its key has been destroyed (then the
   * ciphertext is gone too).
   */
  public record SealedDisclosure(byte[] ciphertext, Set<Category> categories, Instant shredTime, String shredCause) {
    public SealedDisclosure {
      categories = Set.copyOf(categories);
    }

    public boolean isShredded() {
      return shredTime != null;
    }
  }

  /** One entry of the history; request id and fingerprint make a retried transition return the first result. */
  public record StateChange(ReferralState from, ReferralState to, String actor, String actorPartner, Instant time,
                            String reason, String requestId, String fingerprint) {}

  public boolean hasDisclosure() {
    return disclosure != null;
  }

  /** The referral after a transition; refuses illegal ones with FAILED_PRECONDITION naming the current state. */
  public Referral apply(Transition transition, String actor, String actorPartner, Instant now, String reason,
                        String changeRequestId, String changeFingerprint) {
    ReferralState next = transition.from(state);
    List<StateChange> changes = new ArrayList<>(history);
    changes.add(new StateChange(state, next, actor, actorPartner, now, reason, changeRequestId, changeFingerprint));
    Instant closed = next.isClosed() && closeTime == null ? now : closeTime;
    return new Referral(id, networkId, senderPartner, senderUser, recipientPartner, requestedServices, urgency,
        summary, consentId, next, disclosure, respondBy, changes, forwardedFrom, forwardedTo, createTime, now, closed,
        version + 1, requestKey, fingerprint);
  }

  /** The referral with its disclosure shredded (key destroyed, ciphertext dropped). */
  public Referral shredded(Instant now, String cause) {
    if (disclosure == null || disclosure.isShredded()) {
      return this;
    }
    return new Referral(id, networkId, senderPartner, senderUser, recipientPartner, requestedServices, urgency,
        summary, consentId, state, new SealedDisclosure(null, disclosure.categories(), now, cause), respondBy, history,
        forwardedFrom, forwardedTo, createTime, now, closeTime, version + 1, requestKey, fingerprint);
  }

  public Referral forwardedTo(String newReferral, Instant now) {
    return new Referral(id, networkId, senderPartner, senderUser, recipientPartner, requestedServices, urgency,
        summary, consentId, state, disclosure, respondBy, history, forwardedFrom, newReferral, createTime, now,
        closeTime, version + 1, requestKey, fingerprint);
  }

  /** The earlier transition made with this request id by this actor, if any. */
  public StateChange findRequest(String actor, String requestId) {
    if (requestId == null || requestId.isEmpty()) {
      return null;
    }
    for (StateChange change : history) {
      if (requestId.equals(change.requestId()) && actor.equals(change.actor())) {
        return change;
      }
    }
    return null;
  }
}

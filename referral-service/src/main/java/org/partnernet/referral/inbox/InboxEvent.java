package org.partnernet.referral.inbox;

import java.time.Instant;
import java.util.List;

/**
 * One event of the live inbox (about a referral or a capacity check): ids, a state name, the referral's urgency and
 * the event type only, never personal data. {@code sequence} increases across the network; {@code partners} are the
 * organisations that see it (sender and recipient). {@code urgency} is null for capacity checks and for events
 * stored before it was recorded.
 */
public record InboxEvent(long sequence, Type type, String referral, String state, String urgency,
                         String senderPartner, String recipientPartner, Instant time) {

  public enum Type {
    REFERRAL_CREATED, STATE_CHANGED, CONSENT_REVOKED,
    /** A secure message was posted on the referral: ids only, never its text. */
    MESSAGE,
    /** {@code referral} holds the capacity check's id, {@code recipientPartner} the asked partner. */
    CAPACITY_QUESTION,
    /** {@code referral} holds the capacity check's id, {@code state} the answer, {@code recipientPartner} who. */
    CAPACITY_ANSWERED;

    public boolean aboutCapacity() {
      return this == CAPACITY_QUESTION || this == CAPACITY_ANSWERED;
    }
  }

  public List<String> partners() {
    return List.of(senderPartner, recipientPartner);
  }

  public boolean visibleTo(String organisation) {
    return organisation.equals(senderPartner) || organisation.equals(recipientPartner);
  }
}

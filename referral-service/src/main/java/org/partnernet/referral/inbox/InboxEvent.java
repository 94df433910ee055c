package org.partnernet.referral.inbox;

import java.time.Instant;
import java.util.List;

/**
 * One event of the live inbox: ids, a state name and the event type only, never personal data. {@code sequence}
 * increases across the network; {@code partners} are the organisations that see it (sender and recipient).
 */
public record InboxEvent(long sequence, Type type, String referral, String state, String senderPartner,
                         String recipientPartner, Instant time) {

  public enum Type { REFERRAL_CREATED, STATE_CHANGED, CONSENT_REVOKED }

  public List<String> partners() {
    return List.of(senderPartner, recipientPartner);
  }

  public boolean visibleTo(String organisation) {
    return organisation.equals(senderPartner) || organisation.equals(recipientPartner);
  }
}

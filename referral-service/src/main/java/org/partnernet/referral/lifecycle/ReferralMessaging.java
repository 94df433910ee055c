package org.partnernet.referral.lifecycle;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.partnernet.referral.audit.AuditTrail;
import org.partnernet.referral.consent.Consent;
import org.partnernet.referral.consent.Consents;
import org.partnernet.referral.consent.RecordingConsent;
import org.partnernet.referral.crypto.DisclosureCipher;
import org.partnernet.referral.inbox.InboxEvent;
import org.partnernet.referral.inbox.InboxEvents;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.error.AlreadyExistsException;
import org.partnernet.servicekit.error.FailedPreconditionException;
import org.partnernet.servicekit.error.NotFoundException;
import org.partnernet.servicekit.error.PermissionDeniedException;
import org.partnernet.servicekit.id.Ids;

/**
 * Secure messages between the two organisations of a referral. A message is personal data: sealed under the
 * referral's own data key, so whatever shreds the disclosure (revocation, consent expiry, retention) shreds the
 * messages with it, and the shredding drops their ciphertext too. Their texts are read under the disclosure's rule:
 * the sender's caseworkers, the recipient's intake only once it has accepted, only while the consent holds, and
 * only after the read is audited. The same people post, so nobody writes into a thread they cannot read; the sender
 * may post before the recipient accepts, and the recipient reads it once it has.
 */
public class ReferralMessaging {

  private final Referrals referrals;
  private final ReferralMessages messages;
  private final Consents consents;
  private final DisclosureCipher cipher;
  private final AuditTrail audit;
  private final InboxEvents inbox;
  private final Clock clock;

  public ReferralMessaging(Referrals referrals, ReferralMessages messages, Consents consents, DisclosureCipher cipher,
                           AuditTrail audit, InboxEvents inbox, Clock clock) {
    this.referrals = referrals;
    this.messages = messages;
    this.consents = consents;
    this.cipher = cipher;
    this.audit = audit;
    this.inbox = inbox;
    this.clock = clock;
  }

  /** A message as its readers see it; {@code text} is null once shredded. */
  public record Message(String id, String referralId, String senderPartner, String senderUser, String text,
                        Instant createTime) {
    public boolean isShredded() {
      return text == null;
    }
  }

  public Message post(Caller caller, String referralId, String text, String requestId) {
    Referral referral = referrals.find(referralId).orElseThrow(Access::notFound);
    Transition.Party party = mayUseMessages(caller, referral);
    if (!referral.hasDisclosure()) {
      throw new FailedPreconditionException("NO_DISCLOSURE_KEY",
          "messages are sealed under the referral's disclosure key; this referral carries no personal data");
    }
    Access.requireAcceptedByRecipient(party, referral, "messages open");
    if (referral.disclosure().isShredded()) {
      throw shredded();
    }
    requireConsentHolds(referral);
    String requestKey = "message:" + caller.userId() + ":" + requestId;
    Optional<ReferralMessages.Sealed> earlier = messages.findByRequestKey(requestKey);
    if (earlier.isPresent()) {
      return same(earlier.get(), referralId, text);
    }
    String id = Ids.newId();
    byte[] ciphertext = cipher.sealMessage(referralId, id, text.getBytes(StandardCharsets.UTF_8))
        .orElseThrow(ReferralMessaging::shredded);
    Instant now = clock.instant();
    ReferralMessages.Sealed sealed = new ReferralMessages.Sealed(id, referralId, caller.organisationId(),
        caller.userId(), ciphertext, now, requestKey);
    audit.append(ReferralWorkflow.chain(referralId), new AuditTrail.Entry(caller.userId(), caller.organisationId(),
        "MESSAGE_POSTED", Set.of(), ""));
    if (!messages.insert(sealed)) {
      return same(messages.findByRequestKey(requestKey).orElseThrow(), referralId, text);
    }
    if (!cipher.hasKey(referralId)) {
      // shredded between sealing and storing: Shredding destroys the key before it drops ciphertexts, so whichever
      // of the two came last, no ciphertext of this referral stays behind
      messages.dropCiphertext(referralId);
      throw shredded();
    }
    inbox.publish(InboxEvent.Type.MESSAGE, referralId, referral.state().name(), referral.urgency().name(),
        referral.senderPartner(), referral.recipientPartner());
    return new Message(id, referralId, sealed.senderPartner(), sealed.senderUser(), text, now);
  }

  /**
   * A page of the referral's messages, oldest first. Checked like a read of the disclosure (reader, state, consent),
   * and audited before anything is decrypted. Once the data key is destroyed the page holds only who wrote when,
   * which is no personal data: it is not audited and needs no consent.
   */
  public List<Message> list(Caller caller, String referralId, String afterId, int limit) {
    Referral referral = referrals.find(referralId).orElseThrow(Access::notFound);
    Transition.Party party = mayUseMessages(caller, referral);
    if (!referral.hasDisclosure()) {
      throw new NotFoundException("NO_DISCLOSURE", "this referral carries no personal data, so it has no messages");
    }
    Access.requireAcceptedByRecipient(party, referral, "messages open");
    boolean shredded = referral.disclosure().isShredded();
    if (!shredded) {
      requireConsentHolds(referral);
    }
    List<ReferralMessages.Sealed> page = messages.page(referralId, afterId, limit);
    if (!shredded && !page.isEmpty()) {
      audit.append(ReferralWorkflow.chain(referralId), new AuditTrail.Entry(caller.userId(),
          caller.organisationId(), "MESSAGES_READ", Set.of(), ""));
    }
    List<Message> opened = new ArrayList<>();
    for (ReferralMessages.Sealed sealed : page) {
      opened.add(shredded ? withoutText(sealed) : open(sealed));
    }
    return opened;
  }

  /** The disclosure's readers: the sender's caseworkers and the recipient's intake; NOT_FOUND for the unrelated. */
  private static Transition.Party mayUseMessages(Caller caller, Referral referral) {
    Transition.Party party = Access.visibleTo(caller, referral);
    if (!Access.readsPersonalData(caller, party)) {
      throw new PermissionDeniedException("MESSAGES_NOT_FOR_YOUR_ROLE",
          "only the recipient's intake and the sender's caseworkers read and write a referral's messages");
    }
    return party;
  }

  private void requireConsentHolds(Referral referral) {
    Consent consent = consents.find(referral.consentId()).orElseThrow(RecordingConsent::notFound);
    Access.requireConsentHolds(consent, referral, clock.instant());
  }

  private static Message withoutText(ReferralMessages.Sealed sealed) {
    return new Message(sealed.id(), sealed.referralId(), sealed.senderPartner(), sealed.senderUser(), null,
        sealed.createTime());
  }

  private Message open(ReferralMessages.Sealed sealed) {
    if (sealed.ciphertext() == null) {
      return withoutText(sealed);
    }
    String text = cipher.openMessage(sealed.referralId(), sealed.id(), sealed.ciphertext())
        .map(bytes -> new String(bytes, StandardCharsets.UTF_8)).orElse(null);
    return new Message(sealed.id(), sealed.referralId(), sealed.senderPartner(), sealed.senderUser(), text,
        sealed.createTime());
  }

  /**
   * A retried post returns the first message if it went to the same referral with the same text (compared
   * decrypted, never hashed): the caller learns nothing it did not send, so this is no read to audit.
   */
  private Message same(ReferralMessages.Sealed earlier, String referralId, String text) {
    if (!earlier.referralId().equals(referralId)) {
      throw reused();
    }
    Message message = open(earlier);
    if (message.isShredded()) {
      throw shredded();
    }
    if (!message.text().equals(text)) {
      throw reused();
    }
    return message;
  }

  private static AlreadyExistsException reused() {
    return new AlreadyExistsException("REQUEST_ID_REUSED",
        "this request_id was already used for a different message; use a new request_id");
  }

  private static FailedPreconditionException shredded() {
    return new FailedPreconditionException("DISCLOSURE_SHREDDED",
        "the referral's data key has been destroyed; no message can be posted or read");
  }
}

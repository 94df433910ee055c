package org.partnernet.referral.webhook;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.partnernet.referral.inbox.InboxEvents;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.error.AbortedException;
import org.partnernet.servicekit.error.AlreadyExistsException;
import org.partnernet.servicekit.error.FailedPreconditionException;
import org.partnernet.servicekit.error.NotFoundException;
import org.partnernet.servicekit.error.PermissionDeniedException;
import org.partnernet.servicekit.error.ResourceExhaustedException;
import org.partnernet.servicekit.id.Ids;

/**
 * A partner-admin manages its organisation's webhooks: register (the secret is shown then only), list, delete,
 * rotate the secret, see and replay dead letters. Anyone else gets PERMISSION_DENIED; another organisation's
 * webhook or dead letter is NOT_FOUND, so its existence is not revealed.
 */
public final class ManagingWebhooks {

  static final int MAX_PER_ORGANISATION = 10;

  private final Webhooks webhooks;
  private final WebhookSecrets secrets;
  private final TargetPolicy policy;
  private final WebhookDeliveries deliveries;
  private final InboxEvents inbox;
  private final String network;
  private final Clock clock;

  public ManagingWebhooks(Webhooks webhooks, WebhookSecrets secrets, TargetPolicy policy,
                          WebhookDeliveries deliveries, InboxEvents inbox, String network, Clock clock) {
    this.webhooks = webhooks;
    this.secrets = secrets;
    this.policy = policy;
    this.deliveries = deliveries;
    this.inbox = inbox;
    this.network = network;
    this.clock = clock;
  }

  /** Registers a webhook that receives the organisation's events from now on. */
  public Webhook.WithSecret register(Caller caller, String url, String requestId, String fingerprint) {
    String partner = partnerAdminsOrganisation(caller);
    String checked = policy.check(url, "webhook.url").toString();
    Optional<Webhook> earlier = webhooks.findByRequest(partner, requestId);
    if (earlier.isPresent()) {
      return retried(earlier.get(), fingerprint);
    }
    if (webhooks.countOf(partner) >= MAX_PER_ORGANISATION) {
      throw new ResourceExhaustedException("WEBHOOK_LIMIT",
          "an organisation can have " + MAX_PER_ORGANISATION + " webhooks; delete one first");
    }
    String id = Ids.newId();
    String secret = WebhookSecrets.generate();
    Webhook fresh = new Webhook(id, network, partner, checked, 1, secrets.seal(id, 1, secret), inbox.latest(), 0,
        null, null, clock.instant().truncatedTo(ChronoUnit.MILLIS), requestId, fingerprint);
    Webhook stored = webhooks.insertOnce(fresh);
    if (stored.id().equals(id)) {
      return new Webhook.WithSecret(stored, secret);
    }
    secrets.destroy(id, 1); // a concurrent retry stored first
    return retried(stored, fingerprint);
  }

  /** A retry of the create: the client may have lost the first answer, so it gets the secret again. */
  private Webhook.WithSecret retried(Webhook stored, String fingerprint) {
    if (!stored.requestHash().equals(fingerprint)) {
      throw new AlreadyExistsException("REQUEST_ID_REUSED", "request_id was used for a different request");
    }
    return new Webhook.WithSecret(stored, secrets.open(stored.id(), stored.secretVersion(), stored.sealedSecret()));
  }

  /** The organisation's webhooks, oldest first, after {@code afterId}; one more than asked means more exist. */
  public List<Webhook> list(Caller caller, String afterId, int limit) {
    return webhooks.of(partnerAdminsOrganisation(caller), afterId, limit);
  }

  public void delete(Caller caller, String id) {
    Webhook w = own(caller, id);
    webhooks.delete(w.id());
    secrets.destroy(w.id(), w.secretVersion());
  }

  /** A new secret for the webhook; the old one is destroyed. */
  public Webhook.WithSecret rotate(Caller caller, String id) {
    Webhook w = own(caller, id);
    String secret = WebhookSecrets.generate();
    int next = w.secretVersion() + 1;
    byte[] sealed = secrets.seal(w.id(), next, secret);
    if (!webhooks.replaceSecret(w.id(), w.secretVersion(), sealed)) {
      secrets.destroy(w.id(), next);
      throw new AbortedException("WEBHOOK_CHANGED", "the webhook changed meanwhile; try again");
    }
    secrets.destroy(w.id(), w.secretVersion());
    return new Webhook.WithSecret(webhooks.find(w.id()).orElseThrow(ManagingWebhooks::notFound), secret);
  }

  /** The webhook's dead letters, newest first, before {@code beforeId}. */
  public List<DeadLetter> deadLetters(Caller caller, String webhookId, String beforeId, int limit) {
    return webhooks.deadLettersOf(own(caller, webhookId).id(), beforeId, limit);
  }

  /** One more try of a dead letter, now, signed with the current secret. */
  public DeadLetter replay(Caller caller, String deadLetterId) {
    String partner = partnerAdminsOrganisation(caller);
    DeadLetter dead = webhooks.findDeadLetter(deadLetterId).filter(d -> d.partner().equals(partner))
        .orElseThrow(() -> new NotFoundException("DEAD_LETTER_NOT_FOUND", "the organisation has no such dead letter"));
    if (dead.replayTime() != null) {
      throw new FailedPreconditionException("WEBHOOK_ALREADY_REPLAYED", "this dead letter was already delivered");
    }
    Webhook w = webhooks.find(dead.webhook()).orElseThrow(ManagingWebhooks::notFound);
    WebhookClient.Result result = deliveries.send(w, secrets.open(w.id(), w.secretVersion(), w.sealedSecret()),
        dead.eventId(), dead.body());
    int attempts = dead.attempts() + 1;
    if (!result.delivered()) {
      webhooks.replayFailed(dead.id(), attempts, result.describe());
      throw new FailedPreconditionException("WEBHOOK_REPLAY_FAILED",
          "the webhook did not take the event (" + result.describe() + "); the dead letter stays, try again later");
    }
    if (!webhooks.replayed(dead.id(), clock.instant(), attempts, result.describe())) {
      throw new FailedPreconditionException("WEBHOOK_ALREADY_REPLAYED", "this dead letter was already delivered");
    }
    return webhooks.findDeadLetter(dead.id()).orElseThrow();
  }

  private Webhook own(Caller caller, String id) {
    String partner = partnerAdminsOrganisation(caller);
    return webhooks.find(id).filter(w -> w.partner().equals(partner)).orElseThrow(ManagingWebhooks::notFound);
  }

  private static String partnerAdminsOrganisation(Caller caller) {
    if (caller.organisationId() == null || caller.organisationId().isEmpty() || !caller.hasRole(Role.PARTNER_ADMIN)) {
      throw new PermissionDeniedException("PARTNER_ADMIN_REQUIRED",
          "only a partner-admin of the organisation manages its webhooks");
    }
    return caller.organisationId();
  }

  private static NotFoundException notFound() {
    return new NotFoundException("WEBHOOK_NOT_FOUND", "the organisation has no such webhook");
  }
}

package org.partnernet.referral.api;

import java.util.List;
import org.partnernet.api.referral.v1.CreateWebhookRequest;
import org.partnernet.api.referral.v1.CreateWebhookResponse;
import org.partnernet.api.referral.v1.DeleteWebhookRequest;
import org.partnernet.api.referral.v1.DeleteWebhookResponse;
import org.partnernet.api.referral.v1.ListWebhookDeadLettersRequest;
import org.partnernet.api.referral.v1.ListWebhookDeadLettersResponse;
import org.partnernet.api.referral.v1.ListWebhooksRequest;
import org.partnernet.api.referral.v1.ListWebhooksResponse;
import org.partnernet.api.referral.v1.ReplayWebhookDeadLetterRequest;
import org.partnernet.api.referral.v1.ReplayWebhookDeadLetterResponse;
import org.partnernet.api.referral.v1.RotateWebhookSecretRequest;
import org.partnernet.api.referral.v1.RotateWebhookSecretResponse;
import org.partnernet.api.referral.v1.WebhookDeadLetter;
import org.partnernet.referral.webhook.DeadLetter;
import org.partnernet.referral.webhook.ManagingWebhooks;
import org.partnernet.referral.webhook.Webhook;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.error.InvalidArgumentException;
import org.partnernet.servicekit.error.Violations;
import org.partnernet.servicekit.id.Ids;

/** Partner webhooks: validation at the edge, proto ⇄ domain only. */
final class WebhookEndpoint {

  private final ManagingWebhooks webhooks;

  WebhookEndpoint(ManagingWebhooks webhooks) {
    this.webhooks = webhooks;
  }

  CreateWebhookResponse create(CreateWebhookRequest request) {
    Violations v = new Violations();
    ReferralGrpcService.requestId(v, request.getRequestId());
    v.throwIfAny();
    Webhook.WithSecret created = webhooks.register(Caller.current(), request.getWebhook().getUrl(),
        request.getRequestId(), ProtoMapping.fingerprint(request.toBuilder().clearRequestId().build()));
    return CreateWebhookResponse.newBuilder().setWebhook(toProto(created.webhook())).setSecret(created.secret())
        .build();
  }

  ListWebhooksResponse list(ListWebhooksRequest request) {
    int size = pageSize(request.getPageSize());
    String after = pageToken(request.getPageToken());
    List<Webhook> page = webhooks.list(Caller.current(), after, size + 1);
    ListWebhooksResponse.Builder out = ListWebhooksResponse.newBuilder();
    page.stream().limit(size).forEach(w -> out.addWebhooks(toProto(w)));
    if (page.size() > size) {
      out.setNextPageToken(ProtoMapping.pageToken(page.get(size - 1).id()));
    }
    return out.build();
  }

  DeleteWebhookResponse delete(DeleteWebhookRequest request) {
    webhooks.delete(Caller.current(), webhookId(request.getWebhook(), "webhook"));
    return DeleteWebhookResponse.getDefaultInstance();
  }

  RotateWebhookSecretResponse rotate(RotateWebhookSecretRequest request) {
    Webhook.WithSecret rotated = webhooks.rotate(Caller.current(), webhookId(request.getWebhook(), "webhook"));
    return RotateWebhookSecretResponse.newBuilder().setWebhook(toProto(rotated.webhook()))
        .setSecret(rotated.secret()).build();
  }

  ListWebhookDeadLettersResponse deadLetters(ListWebhookDeadLettersRequest request) {
    String webhook = webhookId(request.getWebhook(), "webhook");
    int size = pageSize(request.getPageSize());
    String before = pageToken(request.getPageToken());
    List<DeadLetter> page = webhooks.deadLetters(Caller.current(), webhook, before, size + 1);
    ListWebhookDeadLettersResponse.Builder out = ListWebhookDeadLettersResponse.newBuilder();
    page.stream().limit(size).forEach(d -> out.addDeadLetters(toProto(d)));
    if (page.size() > size) {
      out.setNextPageToken(ProtoMapping.pageToken(page.get(size - 1).id()));
    }
    return out.build();
  }

  ReplayWebhookDeadLetterResponse replay(ReplayWebhookDeadLetterRequest request) {
    String id = strip(request.getDeadLetter(), "webhookDeadLetters/");
    if (!Ids.isId(id)) {
      throw new InvalidArgumentException("dead_letter", "must be a dead letter's name or id");
    }
    return ReplayWebhookDeadLetterResponse.newBuilder()
        .setDeadLetter(toProto(webhooks.replay(Caller.current(), id))).build();
  }

  /** Tokens hold the id the page ended at; anything else was not issued by this service. */
  private static String pageToken(String token) {
    if (token.isEmpty()) {
      return null;
    }
    String id = ProtoMapping.fromPageToken(token, "page_token");
    if (!Ids.isId(id)) {
      throw new InvalidArgumentException("page_token", "is not a page token this service issued");
    }
    return id;
  }

  private static int pageSize(int requested) {
    if (requested < 0 || requested > 100) {
      throw new InvalidArgumentException("page_size", "must be 0 to 100");
    }
    return requested == 0 ? 20 : requested;
  }

  private static String webhookId(String nameOrId, String field) {
    String id = strip(nameOrId, "webhooks/");
    if (!Ids.isId(id)) {
      throw new InvalidArgumentException(field, "must be a webhook's name or id");
    }
    return id;
  }

  private static String strip(String nameOrId, String prefix) {
    return nameOrId.startsWith(prefix) ? nameOrId.substring(prefix.length()) : nameOrId;
  }

  static org.partnernet.api.referral.v1.Webhook toProto(Webhook w) {
    return org.partnernet.api.referral.v1.Webhook.newBuilder()
        .setName("webhooks/" + w.id())
        .setUrl(w.url())
        .setPartner(w.partner())
        .setCreateTime(ProtoMapping.timestamp(w.createTime()))
        .setSecretVersion(w.secretVersion())
        .setDeliveredSequence(w.cursor())
        .build();
  }

  static WebhookDeadLetter toProto(DeadLetter d) {
    WebhookDeadLetter.Builder b = WebhookDeadLetter.newBuilder()
        .setName("webhookDeadLetters/" + d.id())
        .setWebhook("webhooks/" + d.webhook())
        .setEventId(d.eventId())
        .setSequence(d.sequence())
        .setAttempts(d.attempts())
        .setLastOutcome(d.lastOutcome())
        .setDeadTime(ProtoMapping.timestamp(d.deadTime()));
    if (d.replayTime() != null) {
      b.setReplayTime(ProtoMapping.timestamp(d.replayTime()));
    }
    return b.build();
  }
}

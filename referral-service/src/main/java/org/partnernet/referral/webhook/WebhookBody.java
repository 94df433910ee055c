package org.partnernet.referral.webhook;

import java.util.LinkedHashMap;
import java.util.Map;
import org.partnernet.referral.inbox.InboxEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON a webhook receives for an inbox event: the same fields as the inbox stream's event (ids, the state or
 * answer, the two organisations, the time), plus an {@code id} that is the same on every retry and replay so the
 * receiver can drop duplicates. Built from the event's fields only: nothing else can slip in.
 */
final class WebhookBody {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private WebhookBody() {}

  static String eventId(String network, long sequence) {
    return "evt_" + network + "_" + sequence;
  }

  static String of(String network, String webhookId, InboxEvent e) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", eventId(network, e.sequence()));
    body.put("webhook", "webhooks/" + webhookId);
    body.put("sequence", e.sequence());
    body.put("type", e.type().name());
    if (e.type().aboutCapacity()) {
      body.put("capacityCheck", "capacityChecks/" + e.referral());
      if (e.type() == InboxEvent.Type.CAPACITY_ANSWERED) {
        body.put("answer", e.state());
      }
    } else {
      body.put("referral", "referrals/" + e.referral());
      body.put("state", e.state());
    }
    body.put("senderPartner", e.senderPartner());
    body.put("recipientPartner", e.recipientPartner());
    body.put("eventTime", e.time().toString());
    return JSON.writeValueAsString(body);
  }
}

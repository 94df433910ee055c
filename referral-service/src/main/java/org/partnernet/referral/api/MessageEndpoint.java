package org.partnernet.referral.api;

import java.util.List;
import org.partnernet.api.referral.v1.CreateReferralMessageRequest;
import org.partnernet.api.referral.v1.CreateReferralMessageResponse;
import org.partnernet.api.referral.v1.ListReferralMessagesRequest;
import org.partnernet.api.referral.v1.ListReferralMessagesResponse;
import org.partnernet.api.referral.v1.ReferralMessage;
import org.partnernet.referral.lifecycle.ReferralMessaging;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.error.Violations;
import org.partnernet.servicekit.id.Ids;

/** Secure messages on a referral: validation at the edge, proto ⇄ domain only. The text is never echoed in errors. */
final class MessageEndpoint {

  private final ReferralMessaging messaging;

  MessageEndpoint(ReferralMessaging messaging) {
    this.messaging = messaging;
  }

  CreateReferralMessageResponse create(CreateReferralMessageRequest request, String referralId) {
    Caller caller = Caller.current();
    Violations v = new Violations();
    ReferralGrpcService.requestId(v, request.getRequestId());
    v.requiredText(request.getMessage().getText(), 4000, "message.text");
    v.throwIfAny();
    return CreateReferralMessageResponse.newBuilder().setMessage(toProto(messaging.post(caller, referralId,
        request.getMessage().getText(), request.getRequestId()))).build();
  }

  ListReferralMessagesResponse list(ListReferralMessagesRequest request, String referralId) {
    Caller caller = Caller.current();
    Violations v = new Violations();
    v.check(request.getPageSize() >= 0 && request.getPageSize() <= 100, "page_size", "must be 0 to 100");
    String after = null;
    if (!request.getPageToken().isEmpty()) {
      after = ProtoMapping.fromPageToken(request.getPageToken(), "page_token");
      v.check(Ids.isId(after), "page_token", "is not a page token this service issued");
    }
    v.throwIfAny();
    int size = request.getPageSize() == 0 ? 50 : request.getPageSize();
    List<ReferralMessaging.Message> page = messaging.list(caller, referralId, after, size + 1);
    ListReferralMessagesResponse.Builder out = ListReferralMessagesResponse.newBuilder();
    page.stream().limit(size).forEach(m -> out.addMessages(toProto(m)));
    if (page.size() > size) {
      out.setNextPageToken(ProtoMapping.pageToken(page.get(size - 1).id()));
    }
    return out.build();
  }

  private static ReferralMessage toProto(ReferralMessaging.Message m) {
    return ReferralMessage.newBuilder().setName("referrals/" + m.referralId() + "/messages/" + m.id())
        .setText(m.isShredded() ? "" : m.text()).setShredded(m.isShredded()).setSenderPartner(m.senderPartner())
        .setSenderUser(m.senderUser()).setCreateTime(ProtoMapping.timestamp(m.createTime())).build();
  }
}

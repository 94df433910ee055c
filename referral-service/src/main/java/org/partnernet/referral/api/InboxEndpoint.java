package org.partnernet.referral.api;

import io.grpc.stub.StreamObserver;
import org.partnernet.api.referral.v1.CapacityAnswerKind;
import org.partnernet.api.referral.v1.InboxEventType;
import org.partnernet.api.referral.v1.WatchInboxRequest;
import org.partnernet.api.referral.v1.WatchInboxResponse;
import org.partnernet.referral.inbox.InboxEvent;
import org.partnernet.referral.lifecycle.ReferralState;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.error.InvalidArgumentException;
import org.partnernet.servicekit.error.PermissionDeniedException;
import org.partnernet.servicekit.event.EventWatches;

/** The organisation's live inbox stream: proto ⇄ domain only. */
final class InboxEndpoint {

  private final EventWatches<InboxEvent> watches;

  InboxEndpoint(EventWatches<InboxEvent> watches) {
    this.watches = watches;
  }

  void watch(WatchInboxRequest request, StreamObserver<WatchInboxResponse> responses) {
    Caller caller = Caller.current();
    if (caller.organisationId() == null || caller.organisationId().isEmpty() || caller.hasRole(Role.COORDINATOR)) {
      // coordinators see no single referral (README: who sees what), so no inbox either
      throw new PermissionDeniedException("INBOX_NOT_YOURS", "only members of a partner organisation watch its inbox");
    }
    if (request.hasAfterSequence() && request.getAfterSequence() < 0) {
      throw new InvalidArgumentException("after_sequence", "must not be negative");
    }
    watches.watch(caller.organisationId(), request.hasAfterSequence() ? request.getAfterSequence() : null,
        EventWatches.Sink.toStream(responses,
            event -> WatchInboxResponse.newBuilder().setEvent(toProto(event)).build()));
  }

  static org.partnernet.api.referral.v1.InboxEvent toProto(InboxEvent e) {
    var b = org.partnernet.api.referral.v1.InboxEvent.newBuilder()
        .setSequence(e.sequence())
        .setType(InboxEventType.valueOf("INBOX_EVENT_TYPE_" + e.type().name()))
        .setSenderPartner(e.senderPartner())
        .setRecipientPartner(e.recipientPartner())
        .setEventTime(ProtoMapping.timestamp(e.time()));
    if (e.type().aboutCapacity()) {
      b.setCapacityCheck("capacityChecks/" + e.referral());
      if (e.type() == InboxEvent.Type.CAPACITY_ANSWERED) {
        b.setAnswer(CapacityAnswerKind.valueOf("CAPACITY_ANSWER_KIND_" + e.state()));
      }
    } else {
      b.setReferral("referrals/" + e.referral()).setState(ProtoMapping.state(ReferralState.valueOf(e.state())));
    }
    return b.build();
  }
}

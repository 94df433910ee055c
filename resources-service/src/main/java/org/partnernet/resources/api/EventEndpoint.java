package org.partnernet.resources.api;

import io.grpc.stub.StreamObserver;
import org.partnernet.api.resources.v1.ResourceEventType;
import org.partnernet.api.resources.v1.WatchResourceEventsRequest;
import org.partnernet.api.resources.v1.WatchResourceEventsResponse;
import org.partnernet.resources.event.ResourceEvent;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.error.PermissionDeniedException;
import org.partnernet.servicekit.event.EventWatches;

/** The organisation's event stream: proto ⇄ domain only. */
final class EventEndpoint {

  private final EventWatches<ResourceEvent> watches;

  EventEndpoint(EventWatches<ResourceEvent> watches) {
    this.watches = watches;
  }

  void watch(WatchResourceEventsRequest request, StreamObserver<WatchResourceEventsResponse> responses) {
    Caller caller = Caller.current();
    if (caller.organisationId() == null || caller.organisationId().isEmpty()) {
      throw new PermissionDeniedException("ORGANISATION_REQUIRED", "the caller belongs to no organisation");
    }
    if (request.hasAfterSequence() && request.getAfterSequence() < 0) {
      throw new org.partnernet.servicekit.error.InvalidArgumentException("after_sequence", "must not be negative");
    }
    watches.watch(caller.organisationId(), request.hasAfterSequence() ? request.getAfterSequence() : null,
        EventWatches.Sink.toStream(responses,
            event -> WatchResourceEventsResponse.newBuilder().setEvent(toProto(event)).build()));
  }

  private static org.partnernet.api.resources.v1.ResourceEvent toProto(ResourceEvent e) {
    var b = org.partnernet.api.resources.v1.ResourceEvent.newBuilder()
        .setSequence(e.sequence())
        .setType(ResourceEventType.valueOf("RESOURCE_EVENT_TYPE_" + e.type().name()))
        .setEventTime(Protos.timestamp(e.time()));
    ResourceEvent.Subject s = e.subject();
    if (s.offer() != null) {
      b.setOffer(s.offer());
    }
    if (s.need() != null) {
      b.setNeed(s.need());
    }
    if (s.claim() != null) {
      b.setClaim(s.claim());
    }
    if (s.training() != null) {
      b.setTraining(s.training());
    }
    if (s.booking() != null) {
      b.setBooking(s.booking());
    }
    return b.build();
  }
}

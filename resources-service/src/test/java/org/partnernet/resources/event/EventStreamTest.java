package org.partnernet.resources.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.resources.support.Api.admin;
import static org.partnernet.resources.support.Api.caseworker;
import static org.partnernet.resources.support.Api.newOrg;
import static org.partnernet.resources.support.Api.offset;
import static org.partnernet.resources.support.Api.somewhere;
import static org.partnernet.resources.support.Samples.need;
import static org.partnernet.resources.support.Samples.offer;
import static org.partnernet.resources.support.Samples.post;

import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnernet.api.resources.v1.ClaimOfferRequest;
import org.partnernet.api.resources.v1.ConfirmClaimRequest;
import org.partnernet.api.resources.v1.Need;
import org.partnernet.api.resources.v1.Offer;
import org.partnernet.api.resources.v1.ResourceEvent;
import org.partnernet.api.resources.v1.ResourceEventType;
import org.partnernet.api.resources.v1.ResourceKind;
import org.partnernet.api.type.v1.GeoPoint;
import org.partnernet.resources.support.EventStream;
import org.partnernet.resources.support.ResourcesApp;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.caller.TestTokens;

/**
 * The organisation-scoped event stream across replicas: the watch is open on one Spring context, the write happens
 * on another, both on one database.
 */
class EventStreamTest {

  private static final Duration SOON = Duration.ofSeconds(10);

  private static ResourcesApp replicaA;
  private static ResourcesApp replicaB;

  private String shelter;
  private String church;
  private GeoPoint here;

  @BeforeAll
  static void twoReplicas() {
    replicaA = ResourcesApp.shared();
    replicaB = replicaA.replica();
  }

  @AfterAll
  static void stopSecondReplica() {
    replicaB.close();
  }

  @BeforeEach
  void partners() {
    shelter = newOrg();
    church = newOrg();
    here = somewhere();
  }

  @Test
  void aNewMatchingOfferPostedOnAnotherReplicaReachesTheNeedsPoster() throws Exception {
    Need kits = post(replicaA.as(admin(shelter)), need(ResourceKind.RESOURCE_KIND_GOODS, 10).setLocation(here));
    try (EventStream stream = EventStream.open(replicaA, caseworker(shelter), null)) {
      post(replicaB.as(admin(church)), offer(ResourceKind.RESOURCE_KIND_SPACE, 1).setLocation(here)); // no match
      Offer offer = post(replicaB.as(admin(church)), offer(ResourceKind.RESOURCE_KIND_GOODS, 4)
          .setLocation(offset(here, 3, 0)));

      ResourceEvent event = stream.next(e -> true, SOON);
      assertThat(event.getType()).isEqualTo(ResourceEventType.RESOURCE_EVENT_TYPE_MATCHING_OFFER_POSTED);
      assertThat(event.getOffer()).isEqualTo(offer.getId());
      assertThat(event.getNeed()).isEqualTo(kits.getId());
      // ids only: nothing else is set
      assertThat(event.toBuilder().clearSequence().clearType().clearEventTime().clearOffer().clearNeed().build())
          .isEqualTo(ResourceEvent.getDefaultInstance());
    }
  }

  @Test
  void aClientResumesFromItsLastSequenceOnAnyReplica() throws Exception {
    Offer hall = post(replicaA.as(admin(church)), offer(ResourceKind.RESOURCE_KIND_SPACE, 10).setLocation(here));
    var shelterAdmin = replicaA.as(admin(shelter));
    long lastSeen;
    try (EventStream stream = EventStream.open(replicaA, admin(church), 0L)) {
      var claim = shelterAdmin.claimOffer(ClaimOfferRequest.newBuilder().setOffer(hall.getId()).setQuantity(1)
          .build()).getClaim();
      ResourceEvent received = stream.next(e -> true, SOON);
      assertThat(received.getType()).isEqualTo(ResourceEventType.RESOURCE_EVENT_TYPE_CLAIM_RECEIVED);
      assertThat(received.getClaim()).isEqualTo(claim.getId());
      lastSeen = received.getSequence();
    }
    // while the church is disconnected, two more claims arrive
    var second = shelterAdmin.claimOffer(ClaimOfferRequest.newBuilder().setOffer(hall.getId()).setQuantity(1).build())
        .getClaim();
    var third = shelterAdmin.claimOffer(ClaimOfferRequest.newBuilder().setOffer(hall.getId()).setQuantity(1).build())
        .getClaim();
    try (EventStream resumed = EventStream.open(replicaB, admin(church), lastSeen)) {
      assertThat(resumed.next(e -> true, SOON).getClaim()).isEqualTo(second.getId());
      ResourceEvent next = resumed.next(e -> true, SOON);
      assertThat(next.getClaim()).isEqualTo(third.getId());
      assertThat(next.getSequence()).isEqualTo(lastSeen + 2);
    }
  }

  @Test
  void withoutASequenceOnlyNewEventsArriveAndOnlyTheOrganisationsOwn() throws Exception {
    Offer hall = post(replicaA.as(admin(church)), offer(ResourceKind.RESOURCE_KIND_SPACE, 10).setLocation(here));
    var shelterAdmin = replicaB.as(admin(shelter));
    shelterAdmin.claimOffer(ClaimOfferRequest.newBuilder().setOffer(hall.getId()).setQuantity(1).build());
    try (EventStream church = EventStream.open(replicaA, admin(this.church), null);
         EventStream stranger = EventStream.open(replicaA, admin(newOrg()), 0L);
         EventStream shelterStream = EventStream.open(replicaB, admin(shelter), null)) {
      var claim = shelterAdmin.claimOffer(ClaimOfferRequest.newBuilder().setOffer(hall.getId()).setQuantity(1)
          .build()).getClaim();
      replicaA.as(admin(this.church)).confirmClaim(ConfirmClaimRequest.newBuilder().setClaim(claim.getId()).build());

      assertThat(church.next(e -> true, SOON).getClaim()).isEqualTo(claim.getId());
      ResourceEvent confirmed = shelterStream.next(e -> true, SOON);
      assertThat(confirmed.getType()).isEqualTo(ResourceEventType.RESOURCE_EVENT_TYPE_CLAIM_CONFIRMED);
      assertThat(confirmed.getClaim()).isEqualTo(claim.getId());
      List<ResourceEvent> more = church.drain(Duration.ofMillis(300));
      assertThat(more).isEmpty();
      assertThat(stranger.drain(Duration.ZERO)).isEmpty();
    }
  }

  @Test
  void aSequenceFromTheFutureStartsAtTheLatest() throws Exception {
    Offer hall = post(replicaA.as(admin(church)), offer(ResourceKind.RESOURCE_KIND_SPACE, 10).setLocation(here));
    try (EventStream stream = EventStream.open(replicaB, admin(church), 10_000L)) {
      var claim = replicaA.as(admin(shelter)).claimOffer(ClaimOfferRequest.newBuilder().setOffer(hall.getId())
          .setQuantity(1).build()).getClaim();
      ResourceEvent event = stream.next(e -> true, SOON);
      assertThat(event.getClaim()).isEqualTo(claim.getId());
      assertThat(event.getSequence()).isEqualTo(1);
    }
  }

  @Test
  void aCallerWithoutAnOrganisationIsRefused() throws Exception {
    try (EventStream stream = EventStream.open(replicaA, TestTokens.token("u-1", null, Role.COORDINATOR), null)) {
      assertThat(Status.fromThrowable(stream.awaitError(SOON)).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    }
  }

  @Test
  void streamsEndCleanlyWhenTheServerStopsInsteadOfHoldingItsShutdown() throws Exception {
    // a grace period longer than the assertion: only ending the streams ourselves can make the close this fast
    ResourcesApp third = replicaA.replica("spring.grpc.server.shutdown.grace-period=60s");
    try (EventStream stream = EventStream.open(third, admin(church), null)) {
      long started = System.nanoTime();
      third.context.close(); // the server side only; the client's channel stays open to see how the stream ended
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (!stream.completed() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(stream.completed()).as("the client saw the stream complete, not fail: %s",
          stream.awaitError(Duration.ZERO) == null ? "no error" : Status.fromThrowable(stream.awaitError(Duration.ZERO)))
          .isTrue();
    } finally {
      third.close();
    }
  }
}

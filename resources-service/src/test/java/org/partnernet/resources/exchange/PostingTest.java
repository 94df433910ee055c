package org.partnernet.resources.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.resources.support.Api.admin;
import static org.partnernet.resources.support.Api.caseworker;
import static org.partnernet.resources.support.Api.days;
import static org.partnernet.resources.support.Api.denied;
import static org.partnernet.resources.support.Api.fails;
import static org.partnernet.resources.support.Api.invalidFields;
import static org.partnernet.resources.support.Api.kmNorth;
import static org.partnernet.resources.support.Api.newOrg;
import static org.partnernet.resources.support.Api.point;
import static org.partnernet.resources.support.Api.reason;
import static org.partnernet.resources.support.Api.trainer;
import static org.partnernet.resources.support.Api.window;
import static org.partnernet.resources.support.Samples.need;
import static org.partnernet.resources.support.Samples.offer;
import static org.partnernet.resources.support.Samples.post;

import com.google.protobuf.FieldMask;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.partnernet.api.resources.v1.CreateNeedRequest;
import org.partnernet.api.resources.v1.CreateOfferRequest;
import org.partnernet.api.resources.v1.GetNeedRequest;
import org.partnernet.api.resources.v1.GetOfferRequest;
import org.partnernet.api.resources.v1.ListNeedsRequest;
import org.partnernet.api.resources.v1.ListOffersRequest;
import org.partnernet.api.resources.v1.Need;
import org.partnernet.api.resources.v1.Offer;
import org.partnernet.api.resources.v1.ResourceFilter;
import org.partnernet.api.resources.v1.ResourceKind;
import org.partnernet.api.resources.v1.ResourceStatus;
import org.partnernet.api.resources.v1.ResourcesServiceGrpc.ResourcesServiceBlockingStub;
import org.partnernet.api.resources.v1.UpdateNeedRequest;
import org.partnernet.api.resources.v1.UpdateOfferRequest;
import org.partnernet.api.resources.v1.WithdrawNeedRequest;
import org.partnernet.api.resources.v1.WithdrawOfferRequest;
import org.partnernet.resources.support.ResourcesApp;

/** Posting, reading, listing, editing, withdrawing and expiring offers and needs, through the gRPC API. */
class PostingTest {

  private final ResourcesApp app = ResourcesApp.shared();
  private String church;
  private ResourcesServiceBlockingStub churchAdmin;

  @BeforeEach
  void newPoster() {
    church = newOrg();
    churchAdmin = app.as(admin(church));
  }

  @AfterEach
  void resetTime() {
    app.clock.reset();
  }

  @Nested
  class Creating {

    @Test
    void anOfferIsStoredWithThePostersOrganisationAndIsOpen() {
      Offer posted = post(churchAdmin, offer(ResourceKind.RESOURCE_KIND_SPACE, 3));
      assertThat(posted.getId()).hasSize(36);
      assertThat(posted.getPoster()).isEqualTo(church);
      assertThat(posted.getNetworkId()).isEqualTo("demo");
      assertThat(posted.getStatus()).isEqualTo(ResourceStatus.RESOURCE_STATUS_OPEN);
      assertThat(posted.getRemainingQuantity()).isEqualTo(3);
      assertThat(posted.getRadiusKm()).isEqualTo(25);
      Offer read = app.as(caseworker(newOrg())).getOffer(GetOfferRequest.newBuilder().setOffer(posted.getId()).build())
          .getOffer();
      assertThat(read).isEqualTo(posted);
    }

    @Test
    void aNeedToo() {
      Need posted = post(churchAdmin, need(ResourceKind.RESOURCE_KIND_VOLUNTEERS, 4));
      assertThat(posted.getPoster()).isEqualTo(church);
      assertThat(app.as(caseworker(newOrg())).getNeed(GetNeedRequest.newBuilder().setNeed(posted.getId()).build())
          .getNeed()).isEqualTo(posted);
    }

    @Test
    void aRetriedCreateReturnsTheFirstResult() {
      CreateOfferRequest request = CreateOfferRequest.newBuilder()
          .setOffer(offer(ResourceKind.RESOURCE_KIND_JOBS, 2)).setRequestId("retry-me").build();
      Offer first = churchAdmin.createOffer(request).getOffer();
      Offer second = churchAdmin.createOffer(request).getOffer();
      assertThat(second.getId()).isEqualTo(first.getId());
      CreateNeedRequest needRequest = CreateNeedRequest.newBuilder()
          .setNeed(need(ResourceKind.RESOURCE_KIND_JOBS, 2)).setRequestId("retry-me").build();
      assertThat(churchAdmin.createNeed(needRequest).getNeed().getId())
          .isEqualTo(churchAdmin.createNeed(needRequest).getNeed().getId());
      // the same id for a different request is refused, not answered with the first result
      assertThat(invalidFields(() -> churchAdmin.createOffer(request.toBuilder()
          .setOffer(offer(ResourceKind.RESOURCE_KIND_JOBS, 3)).build()))).containsExactly("request_id");
      // the same request id from another organisation is another request
      assertThat(app.as(admin(newOrg())).createOffer(request).getOffer().getId()).isNotEqualTo(first.getId());
    }

    @Test
    void onlyAPartnerAdminPosts() {
      String org = newOrg();
      for (String token : List.of(caseworker(org), trainer(org))) {
        denied(() -> app.as(token).createOffer(CreateOfferRequest.newBuilder()
            .setOffer(offer(ResourceKind.RESOURCE_KIND_SPACE, 1)).build()));
        denied(() -> app.as(token).createNeed(CreateNeedRequest.newBuilder()
            .setNeed(need(ResourceKind.RESOURCE_KIND_SPACE, 1)).build()));
      }
    }

    @Test
    void refusesCallsWithoutAToken() {
      fails(Status.Code.UNAUTHENTICATED, () -> app.anonymous().listOffers(ListOffersRequest.getDefaultInstance()));
    }

    @Test
    void namesEveryBadField() {
      Instant now = Instant.now();
      Offer.Builder bad = Offer.newBuilder().setTitle(" ").setDescription("x".repeat(2001)).setQuantity(0)
          .setUnit("").setLocation(point(91, -200)).setRadiusKm(501)
          .setWindow(window(now.plus(Duration.ofDays(3)), now.plus(Duration.ofDays(2))))
          .addAudience("x".repeat(41));
      List<String> fields = invalidFields(() -> churchAdmin.createOffer(CreateOfferRequest.newBuilder()
          .setOffer(bad).build()));
      assertThat(fields).contains("offer.kind", "offer.title", "offer.description", "offer.quantity", "offer.unit",
          "offer.location.latitude", "offer.location.longitude", "offer.radius_km", "offer.window.end_time",
          "offer.audience[0]");
    }

    @Test
    void refusesWindowsInThePastOrMissing() {
      Instant now = Instant.now();
      assertThat(invalidFields(() -> churchAdmin.createNeed(CreateNeedRequest.newBuilder().setNeed(
          need(ResourceKind.RESOURCE_KIND_GOODS, 1).setWindow(window(now.minus(Duration.ofDays(10)),
              now.minus(Duration.ofDays(5))))).build())))
          .containsExactlyInAnyOrder("need.window.end_time", "need.window.start_time");
      assertThat(invalidFields(() -> churchAdmin.createNeed(CreateNeedRequest.newBuilder().setNeed(
          need(ResourceKind.RESOURCE_KIND_GOODS, 1).clearWindow().clearLocation()).build())))
          .containsExactlyInAnyOrder("need.window.start_time", "need.window.end_time", "need.location");
    }
  }

  @Nested
  class Listing {

    @Test
    void filtersByKindPosterAndStatus() {
      Offer hall = post(churchAdmin, offer(ResourceKind.RESOURCE_KIND_SPACE, 2));
      Offer van = post(churchAdmin, offer(ResourceKind.RESOURCE_KIND_TRANSPORT, 2));
      churchAdmin.withdrawOffer(WithdrawOfferRequest.newBuilder().setOffer(van.getId()).build());

      assertThat(ids(ResourceFilter.newBuilder().setPoster(church).build())).containsExactly(van.getId(), hall.getId());
      assertThat(ids(ResourceFilter.newBuilder().setPoster(church).setKind(ResourceKind.RESOURCE_KIND_SPACE).build()))
          .containsExactly(hall.getId());
      assertThat(ids(ResourceFilter.newBuilder().setPoster(church)
          .addStatuses(ResourceStatus.RESOURCE_STATUS_WITHDRAWN).build())).containsExactly(van.getId());
      assertThat(ids(ResourceFilter.newBuilder().setPoster(church).addStatuses(ResourceStatus.RESOURCE_STATUS_OPEN)
          .addStatuses(ResourceStatus.RESOURCE_STATUS_PARTLY_CLAIMED).build())).containsExactly(hall.getId());
    }

    @Test
    void filtersByGreatCircleDistance() {
      Offer near = post(churchAdmin, offer(ResourceKind.RESOURCE_KIND_GOODS, 1).setLocation(kmNorth(5)));
      Offer edge = post(churchAdmin, offer(ResourceKind.RESOURCE_KIND_GOODS, 1).setLocation(kmNorth(19)));
      post(churchAdmin, offer(ResourceKind.RESOURCE_KIND_GOODS, 1).setLocation(kmNorth(40)));
      // inside the bounding box of a 20 km circle, but about 26 km away on the diagonal
      post(churchAdmin, offer(ResourceKind.RESOURCE_KIND_GOODS, 1).setLocation(point(41.50 + 0.165, -81.69 + 0.22)));
      ResourceFilter within20 = ResourceFilter.newBuilder().setPoster(church).setNear(kmNorth(0)).setRadiusKm(20)
          .build();
      assertThat(ids(within20)).containsExactly(edge.getId(), near.getId());
    }

    @Test
    void filtersByOverlappingWindow() {
      Offer soon = post(churchAdmin, offer(ResourceKind.RESOURCE_KIND_GOODS, 1).setWindow(days(0, 5)));
      Offer later = post(churchAdmin, offer(ResourceKind.RESOURCE_KIND_GOODS, 1).setWindow(days(20, 40)));
      assertThat(ids(ResourceFilter.newBuilder().setPoster(church).setWindow(days(10, 25)).build()))
          .containsExactly(later.getId());
      assertThat(ids(ResourceFilter.newBuilder().setPoster(church).setWindow(days(1, 2)).build()))
          .containsExactly(soon.getId());
    }

    @Test
    void pagesThroughEverythingOnceAndClampsThePageSize() {
      List<String> posted = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        posted.add(0, post(churchAdmin, need(ResourceKind.RESOURCE_KIND_FUNDING, 1)).getId());
      }
      List<String> seen = new ArrayList<>();
      String token = "";
      int pages = 0;
      do {
        var page = churchAdmin.listNeeds(ListNeedsRequest.newBuilder()
            .setFilter(ResourceFilter.newBuilder().setPoster(church)).setPageSize(3).setPageToken(token).build());
        page.getNeedsList().forEach(n -> seen.add(n.getId()));
        token = page.getNextPageToken();
        pages++;
      } while (!token.isEmpty());
      assertThat(seen).containsExactlyElementsOf(posted);
      assertThat(pages).isEqualTo(3);
      assertThat(churchAdmin.listNeeds(ListNeedsRequest.newBuilder()
          .setFilter(ResourceFilter.newBuilder().setPoster(church)).setPageSize(5000).build()).getNeedsCount())
          .isEqualTo(7);
    }

    @Test
    void refusesBadFiltersAndTokens() {
      assertThat(invalidFields(() -> churchAdmin.listOffers(ListOffersRequest.newBuilder().setPageSize(-1)
          .setPageToken("not-a-token").setFilter(ResourceFilter.newBuilder().setRadiusKm(5)
              .addStatuses(ResourceStatus.RESOURCE_STATUS_UNSPECIFIED)).build())))
          .containsExactlyInAnyOrder("page_size", "page_token", "filter.radius_km", "filter.statuses");
    }
  }

  @Nested
  class EditingAndWithdrawing {

    @Test
    void thePostersAdminEditsTheTextFieldsNamedInTheMask() {
      Offer hall = post(churchAdmin, offer(ResourceKind.RESOURCE_KIND_SPACE, 2));
      Offer updated = churchAdmin.updateOffer(UpdateOfferRequest.newBuilder()
          .setOffer(Offer.newBuilder().setId(hall.getId()).setTitle("Main hall").setDescription("ignored"))
          .setUpdateMask(FieldMask.newBuilder().addPaths("title")).build()).getOffer();
      assertThat(updated.getTitle()).isEqualTo("Main hall");
      assertThat(updated.getDescription()).isEqualTo(hall.getDescription());
      assertThat(invalidFields(() -> churchAdmin.updateOffer(UpdateOfferRequest.newBuilder()
          .setOffer(Offer.newBuilder().setId(hall.getId()).setQuantity(100))
          .setUpdateMask(FieldMask.newBuilder().addPaths("quantity")).build()))).containsExactly("update_mask");
    }

    @Test
    void othersCannotEditOrWithdraw() {
      Offer hall = post(churchAdmin, offer(ResourceKind.RESOURCE_KIND_SPACE, 2));
      Need room = post(churchAdmin, need(ResourceKind.RESOURCE_KIND_SPACE, 2));
      String otherOrg = newOrg();
      for (String token : List.of(admin(otherOrg), caseworker(church))) {
        ResourcesServiceBlockingStub stub = app.as(token);
        denied(() -> stub.withdrawOffer(WithdrawOfferRequest.newBuilder().setOffer(hall.getId()).build()));
        denied(() -> stub.withdrawNeed(WithdrawNeedRequest.newBuilder().setNeed(room.getId()).build()));
        denied(() -> stub.updateOffer(UpdateOfferRequest.newBuilder()
            .setOffer(Offer.newBuilder().setId(hall.getId()).setTitle("mine"))
            .setUpdateMask(FieldMask.newBuilder().addPaths("title")).build()));
        denied(() -> stub.updateNeed(UpdateNeedRequest.newBuilder()
            .setNeed(Need.newBuilder().setId(room.getId()).setTitle("mine"))
            .setUpdateMask(FieldMask.newBuilder().addPaths("title")).build()));
      }
    }

    @Test
    void withdrawingIsFinalAndARetryReturnsTheFirstResult() {
      Need room = post(churchAdmin, need(ResourceKind.RESOURCE_KIND_SPACE, 2));
      WithdrawNeedRequest withdraw = WithdrawNeedRequest.newBuilder().setNeed(room.getId()).setRequestId("w1").build();
      assertThat(churchAdmin.withdrawNeed(withdraw).getNeed().getStatus())
          .isEqualTo(ResourceStatus.RESOURCE_STATUS_WITHDRAWN);
      assertThat(churchAdmin.withdrawNeed(withdraw).getNeed().getStatus())
          .isEqualTo(ResourceStatus.RESOURCE_STATUS_WITHDRAWN);
      StatusRuntimeException e = fails(Status.Code.FAILED_PRECONDITION, () -> churchAdmin.withdrawNeed(
          WithdrawNeedRequest.newBuilder().setNeed(room.getId()).setRequestId("w2").build()));
      assertThat(reason(e)).isEqualTo("NEED_CLOSED");
      fails(Status.Code.FAILED_PRECONDITION, () -> churchAdmin.updateNeed(UpdateNeedRequest.newBuilder()
          .setNeed(Need.newBuilder().setId(room.getId()).setTitle("again"))
          .setUpdateMask(FieldMask.newBuilder().addPaths("title")).build()));
    }

    @Test
    void unknownIdsAreNotFound() {
      fails(Status.Code.NOT_FOUND, () -> churchAdmin.withdrawOffer(WithdrawOfferRequest.newBuilder()
          .setOffer("01900000-0000-7000-8000-00000000beef").build()));
      fails(Status.Code.NOT_FOUND, () -> churchAdmin.getNeed(GetNeedRequest.newBuilder()
          .setNeed("01900000-0000-7000-8000-00000000beef").build()));
    }
  }

  @Nested
  class Expiry {

    @Test
    void anEndedWindowReadsAsExpiredAndTheScheduledSweepStoresIt() throws InterruptedException {
      Offer shortOne = post(churchAdmin, offer(ResourceKind.RESOURCE_KIND_GOODS, 2).setWindow(days(0, 2)));
      Offer longOne = post(churchAdmin, offer(ResourceKind.RESOURCE_KIND_GOODS, 2).setWindow(days(0, 20)));
      app.clock.advance(Duration.ofDays(3));
      assertThat(status(shortOne)).isEqualTo(ResourceStatus.RESOURCE_STATUS_EXPIRED);
      assertThat(ids(ResourceFilter.newBuilder().setPoster(church)
          .addStatuses(ResourceStatus.RESOURCE_STATUS_EXPIRED).build())).containsExactly(shortOne.getId());

      // the sweep runs every 300 ms in tests
      MongoCollection<Document> offers = app.bean(MongoDatabase.class).getCollection("offers");
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (!"EXPIRED".equals(offers.find(Filters.eq("_id", shortOne.getId())).first().getString("state"))) {
        assertThat(System.nanoTime()).as("swept within 15 s").isLessThan(deadline);
        Thread.sleep(50);
      }
      app.clock.reset();
      // stored as EXPIRED: stays so even when read at an earlier time
      assertThat(status(shortOne)).isEqualTo(ResourceStatus.RESOURCE_STATUS_EXPIRED);
      assertThat(status(longOne)).isEqualTo(ResourceStatus.RESOURCE_STATUS_OPEN);
      StatusRuntimeException e = fails(Status.Code.FAILED_PRECONDITION, () -> app.as(admin(newOrg()))
          .claimOffer(org.partnernet.api.resources.v1.ClaimOfferRequest.newBuilder().setOffer(shortOne.getId())
              .setQuantity(1).build()));
      assertThat(reason(e)).isEqualTo("OFFER_CLOSED");
    }

    private ResourceStatus status(Offer offer) {
      return churchAdmin.getOffer(GetOfferRequest.newBuilder().setOffer(offer.getId()).build()).getOffer().getStatus();
    }
  }

  private List<String> ids(ResourceFilter filter) {
    List<String> ids = new ArrayList<>();
    churchAdmin.listOffers(ListOffersRequest.newBuilder().setFilter(filter).setPageSize(100).build())
        .getOffersList().forEach(o -> ids.add(o.getId()));
    assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
    return ids;
  }

}

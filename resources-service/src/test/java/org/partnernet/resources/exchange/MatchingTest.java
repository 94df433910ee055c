package org.partnernet.resources.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.resources.support.Api.admin;
import static org.partnernet.resources.support.Api.caseworker;
import static org.partnernet.resources.support.Api.days;
import static org.partnernet.resources.support.Api.newOrg;
import static org.partnernet.resources.support.Api.offset;
import static org.partnernet.resources.support.Api.somewhere;
import static org.partnernet.resources.support.Samples.need;
import static org.partnernet.resources.support.Samples.offer;
import static org.partnernet.resources.support.Samples.post;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnernet.api.resources.v1.ClaimOfferRequest;
import org.partnernet.api.resources.v1.ListNeedMatchesRequest;
import org.partnernet.api.resources.v1.ListOfferMatchesRequest;
import org.partnernet.api.resources.v1.Need;
import org.partnernet.api.resources.v1.Offer;
import org.partnernet.api.resources.v1.OfferMatch;
import org.partnernet.api.resources.v1.ResourceKind;
import org.partnernet.api.resources.v1.ResourcesServiceGrpc.ResourcesServiceBlockingStub;
import org.partnernet.api.resources.v1.WithdrawOfferRequest;
import org.partnernet.api.type.v1.GeoPoint;
import org.partnernet.resources.support.ResourcesApp;

/** Matching needs and offers both ways: filters (kind, distance, window, own, closed) and ranking. */
class MatchingTest {

  private final ResourcesApp app = ResourcesApp.shared();
  private GeoPoint here;
  private ResourcesServiceBlockingStub shelter;
  private ResourcesServiceBlockingStub church;
  private ResourcesServiceBlockingStub business;
  private ResourcesServiceBlockingStub anyone;

  @BeforeEach
  void partners() {
    here = somewhere();
    shelter = app.as(admin(newOrg()));
    church = app.as(admin(newOrg()));
    business = app.as(admin(newOrg()));
    anyone = app.as(caseworker(newOrg()));
  }

  @Test
  void aNeedFindsTheOffersThatFitBestFirst() {
    Need kits = post(shelter, need(ResourceKind.RESOURCE_KIND_GOODS, 20).setLocation(here).setWindow(days(0, 30)));

    Offer nearAndEnough = post(church, offer(ResourceKind.RESOURCE_KIND_GOODS, 25)
        .setLocation(offset(here, 2, 0)).setWindow(days(0, 30)));
    Offer farAndSmall = post(business, offer(ResourceKind.RESOURCE_KIND_GOODS, 5)
        .setLocation(offset(here, 0, 20)).setWindow(days(0, 30)));
    Offer partWindow = post(business, offer(ResourceKind.RESOURCE_KIND_GOODS, 20)
        .setLocation(offset(here, 5, 0)).setWindow(days(20, 60)));
    // none of these fit
    post(church, offer(ResourceKind.RESOURCE_KIND_SPACE, 20).setLocation(here));               // another kind
    post(church, offer(ResourceKind.RESOURCE_KIND_GOODS, 20).setLocation(offset(here, 30, 0))); // beyond 25 km
    post(church, offer(ResourceKind.RESOURCE_KIND_GOODS, 20).setLocation(here).setWindow(days(40, 50))); // later
    post(shelter, offer(ResourceKind.RESOURCE_KIND_GOODS, 20).setLocation(here));              // its own
    Offer withdrawn = post(church, offer(ResourceKind.RESOURCE_KIND_GOODS, 20).setLocation(here));
    church.withdrawOffer(WithdrawOfferRequest.newBuilder().setOffer(withdrawn.getId()).build());
    Offer claimedOut = post(church, offer(ResourceKind.RESOURCE_KIND_GOODS, 3).setLocation(here));
    business.claimOffer(ClaimOfferRequest.newBuilder().setOffer(claimedOut.getId()).setQuantity(3).build());

    List<OfferMatch> matches = anyone.listNeedMatches(ListNeedMatchesRequest.newBuilder().setNeed(kits.getId())
        .build()).getMatchesList();
    assertThat(matches).extracting(m -> m.getOffer().getId())
        .containsExactly(nearAndEnough.getId(), partWindow.getId(), farAndSmall.getId());
    assertThat(matches.get(0).getCoversQuantity()).isTrue();
    assertThat(matches.get(2).getCoversQuantity()).isFalse();
    assertThat(matches.get(0).getDistanceKm()).isBetween(1.9, 2.1);
    assertThat(matches.get(0).getScore()).isGreaterThan(matches.get(1).getScore());

    // a wider radius brings in the offer 30 km away; a narrow one keeps only the nearest
    assertThat(anyone.listNeedMatches(ListNeedMatchesRequest.newBuilder().setNeed(kits.getId()).setRadiusKm(40)
        .build()).getMatchesCount()).isEqualTo(4);
    assertThat(anyone.listNeedMatches(ListNeedMatchesRequest.newBuilder().setNeed(kits.getId()).setRadiusKm(3)
        .build()).getMatchesList()).extracting(m -> m.getOffer().getId()).containsExactly(nearAndEnough.getId());
  }

  @Test
  void anOfferFindsTheNeedsItCouldMeet() {
    Offer van = post(business, offer(ResourceKind.RESOURCE_KIND_TRANSPORT, 10).setLocation(here));
    Need rides = post(shelter, need(ResourceKind.RESOURCE_KIND_TRANSPORT, 10).setLocation(offset(here, 3, 3)));
    Need moreRides = post(church, need(ResourceKind.RESOURCE_KIND_TRANSPORT, 40).setLocation(offset(here, 10, 0)));
    post(church, need(ResourceKind.RESOURCE_KIND_JOBS, 2).setLocation(here));

    var matches = anyone.listOfferMatches(ListOfferMatchesRequest.newBuilder().setOffer(van.getId()).build())
        .getMatchesList();
    assertThat(matches).extracting(m -> m.getNeed().getId()).containsExactly(rides.getId(), moreRides.getId());
    assertThat(matches.get(0).getCoversQuantity()).isTrue();
  }

  @Test
  void matchesArePaginated() {
    Need hall = post(shelter, need(ResourceKind.RESOURCE_KIND_SPACE, 1).setLocation(here));
    for (int i = 0; i < 5; i++) {
      post(church, offer(ResourceKind.RESOURCE_KIND_SPACE, 1).setLocation(offset(here, i, 0)));
    }
    List<String> seen = new ArrayList<>();
    String token = "";
    do {
      var page = anyone.listNeedMatches(ListNeedMatchesRequest.newBuilder().setNeed(hall.getId()).setPageSize(2)
          .setPageToken(token).build());
      assertThat(page.getMatchesCount()).isLessThanOrEqualTo(2);
      page.getMatchesList().forEach(m -> seen.add(m.getOffer().getId()));
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    assertThat(seen).hasSize(5).doesNotHaveDuplicates();
  }
}

package org.partnernet.resources.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.resources.support.Api.admin;
import static org.partnernet.resources.support.Api.caseworker;
import static org.partnernet.resources.support.Api.trainer;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.partnernet.api.resources.v1.Booking;
import org.partnernet.api.resources.v1.ListBookingsRequest;
import org.partnernet.api.resources.v1.ListClaimsRequest;
import org.partnernet.api.resources.v1.ListNeedMatchesRequest;
import org.partnernet.api.resources.v1.ListNeedsRequest;
import org.partnernet.api.resources.v1.ListOffersRequest;
import org.partnernet.api.resources.v1.Need;
import org.partnernet.api.resources.v1.Offer;
import org.partnernet.api.resources.v1.ResourceKind;
import org.partnernet.api.resources.v1.ResourcesServiceGrpc.ResourcesServiceBlockingStub;
import org.partnernet.api.resources.v1.SearchTrainingsRequest;
import org.partnernet.api.resources.v1.TrainingAudience;
import org.partnernet.resources.geo.Place;
import org.partnernet.resources.support.Api;
import org.partnernet.resources.support.ResourcesApp;

/** On first start with an empty database, demo offers, needs and trainings that match each other. */
class DemoDataTest {

  private static ResourcesApp app;
  private static ResourcesServiceBlockingStub anyone;

  @BeforeAll
  static void startWithDemoData() {
    app = ResourcesApp.fresh("partnernet.demo-data=true");
    anyone = app.as(caseworker(DemoData.ADVOCATES));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void offersAndNeedsOfTheDemoOrganisationsAroundRiverton() {
    List<Offer> offers = anyone.listOffers(ListOffersRequest.newBuilder().setPageSize(100).build()).getOffersList();
    List<Need> needs = anyone.listNeeds(ListNeedsRequest.newBuilder().setPageSize(100).build()).getNeedsList();
    assertThat(offers).extracting(Offer::getPoster).containsOnly(DemoData.CHURCH, DemoData.BUSINESS);
    assertThat(offers).extracting(Offer::getKind).contains(ResourceKind.RESOURCE_KIND_SPACE,
        ResourceKind.RESOURCE_KIND_JOBS, ResourceKind.RESOURCE_KIND_TRANSPORT, ResourceKind.RESOURCE_KIND_GOODS);
    assertThat(needs).extracting(Need::getPoster).contains(DemoData.SHELTER);
    for (Offer offer : offers) {
      Place at = new Place(offer.getLocation().getLatitude(), offer.getLocation().getLongitude());
      assertThat(at.distanceKm(DemoData.RIVERTON)).isLessThan(30);
    }
  }

  @Test
  void everyShelterNeedHasAMatchingOffer() {
    List<Need> shelterNeeds = anyone.listNeeds(ListNeedsRequest.newBuilder()
        .setFilter(org.partnernet.api.resources.v1.ResourceFilter.newBuilder().setPoster(DemoData.SHELTER))
        .build()).getNeedsList();
    assertThat(shelterNeeds).hasSizeGreaterThanOrEqualTo(3);
    for (Need need : shelterNeeds) {
      assertThat(anyone.listNeedMatches(ListNeedMatchesRequest.newBuilder().setNeed(need.getId()).build())
          .getMatchesList()).as(need.getTitle()).isNotEmpty();
    }
  }

  @Test
  void schoolTrainingsWithARequestFromLincolnHigh() {
    var results = app.as(admin(DemoData.SCHOOL)).searchTrainings(SearchTrainingsRequest.newBuilder()
        .setAudience(TrainingAudience.TRAINING_AUDIENCE_STUDENTS_HIGH).setNear(Api.point(41.52, -81.66)).build())
        .getResultsList();
    assertThat(results).isNotEmpty();
    assertThat(results.get(0).getTraining().getTrainer()).isEqualTo(DemoData.TRAINERS);
    List<Booking> bookings = app.as(trainer(DemoData.TRAINERS)).listBookings(ListBookingsRequest.getDefaultInstance())
        .getBookingsList();
    assertThat(bookings).extracting(Booking::getSchool).containsExactly(DemoData.SCHOOL);
    assertThat(app.as(admin(DemoData.CHURCH)).listClaims(ListClaimsRequest.getDefaultInstance()).getClaimsList())
        .extracting(c -> c.getClaimant()).containsExactly(DemoData.ADVOCATES);
  }

  @Test
  void aSecondStartDoesNotSeedAgain() {
    Map<String, Long> before = countsByPoster();
    try (ResourcesApp replica = app.replica("partnernet.demo-data=true")) {
      assertThat(countsByPoster()).isEqualTo(before);
    }
  }

  private static Map<String, Long> countsByPoster() {
    return anyone.listOffers(ListOffersRequest.newBuilder().setPageSize(100).build()).getOffersList().stream()
        .collect(Collectors.groupingBy(Offer::getPoster, Collectors.counting()));
  }
}

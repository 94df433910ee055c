package org.partnernet.referral.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.referral.Fixtures.codeOf;
import static org.partnernet.referral.ReferralHarness.BUSINESS;
import static org.partnernet.referral.ReferralHarness.CHURCH;
import static org.partnernet.referral.ReferralHarness.COALITION;
import static org.partnernet.referral.ReferralHarness.NGO;
import static org.partnernet.referral.ReferralHarness.NOT_ACCEPTING;
import static org.partnernet.referral.ReferralHarness.SCHOOL;
import static org.partnernet.referral.ReferralHarness.SHELTER;

import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnernet.api.referral.v1.DeclineReferralRequest;
import org.partnernet.api.referral.v1.PartnerSuggestion;
import org.partnernet.api.referral.v1.ReferralServiceGrpc.ReferralServiceBlockingStub;
import org.partnernet.api.referral.v1.SuggestReferralPartnersRequest;
import org.partnernet.api.referral.v1.SuggestReferralPartnersResponse;
import org.partnernet.api.referral.v1.Urgency;
import org.partnernet.referral.Fixtures;
import org.partnernet.referral.ReferralHarness;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.caller.TestTokens;

/**
 * Suggested alternatives through the real gRPC API, from the fake partner-directory's SearchServices. Emergency
 * shelter is offered by SHELTER (the one that declines, 2 km), NGO (the sender, 0.5 km), SCHOOL (full, 1 km),
 * NOT_ACCEPTING (3 km), BUSINESS (4 km) and CHURCH (8 km and 9 km).
 */
class SuggestionsTest {

  static final String CASEWORKER_TOKEN = TestTokens.token("cw-suggest", NGO, Role.CASEWORKER);

  @TempDir
  static Path dir;
  static ReferralHarness service;
  static ReferralServiceBlockingStub caseworker;
  static String declined;

  @BeforeAll
  static void start() {
    service = ReferralHarness.start(dir);
    String shelter = Fixtures.SHELTER_SERVICE;
    service.directory.service(SHELTER, shelter, true, 3, 2).service(NGO, shelter, true, 5, 0.5)
        .service(SCHOOL, shelter, true, 0, 1).service(NOT_ACCEPTING, shelter, false, 4, 3)
        .service(CHURCH, shelter, true, 2, 9).service(BUSINESS, shelter, true, 1, 4)
        .service(CHURCH, shelter, true, 2, 8).service(BUSINESS, "legal-aid", true, 1, 0.1);
    caseworker = service.as(CASEWORKER_TOKEN);
    declined = caseworker.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT, null, null))
        .getReferral().getId();
    service.as(SHELTER, Role.INTAKE).declineReferral(DeclineReferralRequest.newBuilder().setReferral(declined)
        .setReason("no beds").setRequestId(Fixtures.requestId()).build());
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  static SuggestReferralPartnersRequest.Builder near(String referral) {
    return SuggestReferralPartnersRequest.newBuilder().setReferral(referral).setLat(51.5).setLng(-0.1);
  }

  @Test
  void nearestPartnersWithCapacityOnePerPartnerNeverTheDeclinerOrTheSender() {
    SuggestReferralPartnersResponse answer = caseworker.suggestReferralPartners(near(declined).build());
    assertThat(answer.getSuggestionsList()).extracting(PartnerSuggestion::getPartner)
        .containsExactly(BUSINESS, CHURCH);
    assertThat(answer.getSuggestionsList()).extracting(PartnerSuggestion::getDistanceKm).containsExactly(4.0, 8.0);
    assertThat(answer.getSuggestions(0).getTaxonomyCodesList()).containsExactly(Fixtures.SHELTER_SERVICE);
    assertThat(answer.getSuggestions(0).getAvailable()).isEqualTo(1);
    var search = service.directory.lastSearch();
    assertThat(search.getTaxonomyList()).containsExactly(Fixtures.SHELTER_SERVICE);
    assertThat(search.getHasCapacity()).isTrue();
    assertThat(search.getAcceptingReferrals()).isTrue();
    assertThat(search.getOrderBy()).isEqualTo("distance");
    assertThat(service.directory.lastAuthorization()).isEqualTo("Bearer " + CASEWORKER_TOKEN);
  }

  @Test
  void withoutAnOriginThereIsNoDistanceAndAPageSizeLimits() {
    var answer = caseworker.suggestReferralPartners(SuggestReferralPartnersRequest.newBuilder()
        .setReferral("referrals/" + declined).setPageSize(1).build());
    assertThat(answer.getSuggestionsList()).hasSize(1);
    assertThat(answer.getSuggestions(0).hasDistanceKm()).isFalse();
    assertThat(answer.getSuggestions(0).getPartner()).isIn(BUSINESS, CHURCH);
    assertThat(service.directory.lastSearch().hasLat()).isFalse();
  }

  @Test
  void anExpiredReferralGetsSuggestionsAndAnOpenOneDoesNot() {
    String open = caseworker.createReferral(Fixtures.referral(CHURCH, Urgency.URGENCY_EMERGENCY, null, null))
        .getReferral().getId();
    var e = Fixtures.failure(() -> caseworker.suggestReferralPartners(near(open).build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    service.clock.advance(Duration.ofHours(5));
    service.bean(ReferralSweep.class).run();
    assertThat(caseworker.suggestReferralPartners(near(open).build()).getSuggestionsList())
        .extracting(PartnerSuggestion::getPartner).containsExactly(SHELTER, BUSINESS);
  }

  @Test
  void onlyTheSendersCaseworkersAsk() {
    assertThat(codeOf(() -> service.as(SHELTER, Role.INTAKE).suggestReferralPartners(near(declined).build())))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(codeOf(() -> service.as(NGO, Role.PARTNER_ADMIN).suggestReferralPartners(near(declined).build())))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(codeOf(() -> service.as(SCHOOL, Role.CASEWORKER).suggestReferralPartners(near(declined).build())))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(codeOf(() -> service.as(COALITION, Role.COORDINATOR).suggestReferralPartners(near(declined)
        .build()))).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void badCoordinatesAreInvalidAndNamed() {
    for (var bad : List.of(
        List.of(SuggestReferralPartnersRequest.newBuilder().setReferral(declined).setLat(51.5), "lng"),
        List.of(near(declined).setLat(91), "lat"),
        List.of(near(declined).setRadiusKm(501), "radius_km"),
        List.of(near(declined).setPageSize(21), "page_size"))) {
      var e = Fixtures.failure(() -> caseworker.suggestReferralPartners(
          ((SuggestReferralPartnersRequest.Builder) bad.get(0)).build()));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription()).contains(": " + bad.get(1) + ":");
    }
  }

  @Test
  void aSlowOrAbsentDirectoryIsADeadlineOrUnavailable() {
    service.directory.delay(Duration.ofMillis(1500));
    try {
      assertThat(codeOf(() -> caseworker.suggestReferralPartners(near(declined).build())))
          .isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    } finally {
      service.directory.delay(Duration.ZERO);
    }
    service.directory.stop();
    try {
      assertThat(codeOf(() -> caseworker.suggestReferralPartners(near(declined).build())))
          .isEqualTo(Status.Code.UNAVAILABLE);
    } finally {
      service.directory.restart();
    }
  }
}

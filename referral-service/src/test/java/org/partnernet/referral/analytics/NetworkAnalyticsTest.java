package org.partnernet.referral.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.referral.Fixtures.codeOf;
import static org.partnernet.referral.ReferralHarness.BUSINESS;
import static org.partnernet.referral.ReferralHarness.CHURCH;
import static org.partnernet.referral.ReferralHarness.COALITION;
import static org.partnernet.referral.ReferralHarness.NGO;
import static org.partnernet.referral.ReferralHarness.SCHOOL;
import static org.partnernet.referral.ReferralHarness.SHELTER;

import com.google.protobuf.util.Durations;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnernet.api.referral.v1.AcceptReferralRequest;
import org.partnernet.api.referral.v1.AnswerCapacityCheckRequest;
import org.partnernet.api.referral.v1.CapacityAnswerKind;
import org.partnernet.api.referral.v1.CapacityCheck;
import org.partnernet.api.referral.v1.CreateCapacityCheckRequest;
import org.partnernet.api.referral.v1.DeclineReferralRequest;
import org.partnernet.api.referral.v1.GetReferralAnalyticsRequest;
import org.partnernet.api.referral.v1.GetReferralAnalyticsResponse;
import org.partnernet.api.referral.v1.ReferralServiceGrpc.ReferralServiceBlockingStub;
import org.partnernet.api.referral.v1.ReferralState;
import org.partnernet.api.referral.v1.SuppressibleCount;
import org.partnernet.api.referral.v1.TimeToAccept;
import org.partnernet.api.referral.v1.UnmetNeed;
import org.partnernet.api.referral.v1.Urgency;
import org.partnernet.referral.Fixtures;
import org.partnernet.referral.ReferralHarness;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.caller.TestTokens;

/**
 * Coordinators' aggregates through the real gRPC API, on a database holding only this class's referrals: SHELTER
 * accepts 5 (after 1 to 5 hours), CHURCH accepts 2, BUSINESS declines 7 (5 with one reason written five ways, 2 with
 * a rare one), two partners answer a legal-aid capacity check NO_CAPACITY.
 */
class NetworkAnalyticsTest {

  static final String RARE_REASON = "Knows the Quillfeather family";
  static final String LEGAL_AID = "legal-aid";

  @TempDir
  static Path dir;
  static ReferralHarness service;
  static ReferralServiceBlockingStub caseworker;
  static ReferralServiceBlockingStub coordinator;
  static final List<String> ids = new ArrayList<>();
  static java.time.Instant afterAll;

  @BeforeAll
  static void start() {
    service = ReferralHarness.start(dir);
    caseworker = service.as(TestTokens.token("cw-analytics", NGO, Role.CASEWORKER));
    coordinator = service.as(COALITION, Role.COORDINATOR);
    for (int hours = 1; hours <= 5; hours++) {
      accept(SHELTER, Duration.ofHours(hours));
    }
    accept(CHURCH, Duration.ofMinutes(10));
    accept(CHURCH, Duration.ofMinutes(20));
    for (String reason : List.of("No beds.", "  no   beds", "NO BEDS", "no beds", "No beds", RARE_REASON,
        RARE_REASON)) {
      String id = send(BUSINESS);
      service.as(BUSINESS, Role.INTAKE).declineReferral(DeclineReferralRequest.newBuilder().setReferral(id)
          .setReason(reason).setRequestId(Fixtures.requestId()).build());
    }
    CapacityCheck check = caseworker.createCapacityCheck(CreateCapacityCheckRequest.newBuilder()
        .setRequestId(Fixtures.requestId()).setCapacityCheck(CapacityCheck.newBuilder().addNeeds(LEGAL_AID)
            .setUrgency(Urgency.URGENCY_URGENT).addAskedPartners(SHELTER).addAskedPartners(SCHOOL)).build())
        .getCapacityCheck();
    for (String partner : List.of(SHELTER, SCHOOL)) {
      service.as(partner, Role.INTAKE).answerCapacityCheck(AnswerCapacityCheckRequest.newBuilder()
          .setCheck(check.getName()).setAnswer(CapacityAnswerKind.CAPACITY_ANSWER_KIND_NO_CAPACITY)
          .setRequestId(Fixtures.requestId()).build());
    }
    service.clock.advance(Duration.ofMinutes(1));
    afterAll = service.clock.instant();
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  static String send(String recipient) {
    String id = caseworker.createReferral(Fixtures.referral(recipient, Urgency.URGENCY_ROUTINE, null, null))
        .getReferral().getId();
    ids.add(id);
    return id;
  }

  static void accept(String recipient, Duration after) {
    String id = send(recipient);
    service.clock.advance(after);
    service.as(recipient, Role.INTAKE).acceptReferral(AcceptReferralRequest.newBuilder().setReferral(id)
        .setRequestId(Fixtures.requestId()).build());
  }

  static GetReferralAnalyticsResponse report() {
    return coordinator.getReferralAnalytics(GetReferralAnalyticsRequest.getDefaultInstance());
  }

  @Test
  void countsByStateAndUrgencyBelowFiveAreSuppressed() {
    var answer = report();
    assertThat(answer.getTotal().getCount()).isEqualTo(14);
    assertThat(answer.getCountsList()).anySatisfy(row -> {
      assertThat(row.getState()).isEqualTo(ReferralState.REFERRAL_STATE_ACCEPTED);
      assertThat(row.getCount()).isEqualTo(7);
    }).anySatisfy(row -> {
      assertThat(row.getState()).isEqualTo(ReferralState.REFERRAL_STATE_DECLINED);
      assertThat(row.getCount()).isEqualTo(7);
    });
  }

  @Test
  void timeToAcceptIsGivenPerRecipientFromFiveReferralsOn() {
    var rows = report().getTimeToAcceptList();
    assertThat(rows).extracting(TimeToAccept::getRecipientPartner).containsExactlyInAnyOrder(SHELTER, CHURCH);
    TimeToAccept shelter = rows.stream().filter(r -> r.getRecipientPartner().equals(SHELTER)).findFirst().orElseThrow();
    assertThat(shelter.getAccepted()).isEqualTo(SuppressibleCount.newBuilder().setCount(5).build());
    assertThat(shelter.getStatisticsSuppressed()).isFalse();
    assertThat(shelter.getMedian()).isEqualTo(Durations.fromHours(3));
    assertThat(shelter.getP90()).isEqualTo(Durations.fromHours(5));
    TimeToAccept church = rows.stream().filter(r -> r.getRecipientPartner().equals(CHURCH)).findFirst().orElseThrow();
    assertThat(church.getAccepted()).isEqualTo(SuppressibleCount.newBuilder().setSuppressed(true).build());
    assertThat(church.getStatisticsSuppressed()).isTrue();
    assertThat(church.hasMedian() || church.hasP90()).isFalse();
  }

  @Test
  void declineReasonsAreNormalisedAndRareOnesNeverShown() {
    var answer = report();
    assertThat(answer.getDeclineReasonsList()).singleElement().satisfies(reason -> {
      assertThat(reason.getReason()).isEqualTo("no beds");
      assertThat(reason.getCount()).isEqualTo(5);
    });
    assertThat(answer.getOtherDeclineReasons()).isEqualTo(SuppressibleCount.newBuilder().setSuppressed(true).build());
    assertThat(answer.toString()).doesNotContainIgnoringCase("Quillfeather");
  }

  @Test
  void unmetNeedsCountDeclinesAndNoCapacityAnswers() {
    var needs = report().getUnmetNeedsList();
    assertThat(needs).extracting(UnmetNeed::getService).containsExactly(Fixtures.SHELTER_SERVICE, LEGAL_AID);
    assertThat(needs.get(0).getDeclinedOrExpired()).isEqualTo(SuppressibleCount.newBuilder().setCount(7).build());
    assertThat(needs.get(0).getNoCapacityAnswers()).isEqualTo(SuppressibleCount.getDefaultInstance());
    assertThat(needs.get(1).getDeclinedOrExpired()).isEqualTo(SuppressibleCount.getDefaultInstance());
    assertThat(needs.get(1).getNoCapacityAnswers()).isEqualTo(SuppressibleCount.newBuilder().setSuppressed(true)
        .build());
  }

  @Test
  void noIdOfAReferralOrClientAppears() {
    String answer = report().toString();
    for (String id : ids) {
      assertThat(answer).doesNotContain(id);
    }
    assertThat(answer).doesNotContain("cw-analytics", NGO);
  }

  @Test
  void theWindowLimitsEverything() {
    var empty = coordinator.getReferralAnalytics(GetReferralAnalyticsRequest.newBuilder()
        .setStartTime(Fixtures.ts(afterAll)).build());
    assertThat(empty.getTotal().getCount()).isZero();
    assertThat(empty.getCountsList()).isEmpty();
    assertThat(empty.getTimeToAcceptList()).isEmpty();
    assertThat(empty.getDeclineReasonsList()).isEmpty();
    assertThat(empty.getUnmetNeedsList()).isEmpty();
    var e = Fixtures.failure(() -> coordinator.getReferralAnalytics(GetReferralAnalyticsRequest.newBuilder()
        .setStartTime(Fixtures.ts(afterAll)).setEndTime(Fixtures.ts(afterAll.minusSeconds(1))).build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(StatusProto.fromThrowable(e).toString()).contains("end_time");
  }

  @Test
  void onlyCoordinatorsAsk() {
    for (String role : List.of(Role.CASEWORKER, Role.INTAKE, Role.PARTNER_ADMIN)) {
      assertThat(codeOf(() -> service.as(NGO, role).getReferralAnalytics(GetReferralAnalyticsRequest
          .getDefaultInstance()))).isEqualTo(Status.Code.PERMISSION_DENIED);
    }
  }
}

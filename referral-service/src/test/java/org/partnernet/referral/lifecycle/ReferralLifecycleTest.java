package org.partnernet.referral.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.referral.Fixtures.codeOf;
import static org.partnernet.referral.Fixtures.failure;
import static org.partnernet.referral.ReferralHarness.NGO;
import static org.partnernet.referral.ReferralHarness.NOT_ACCEPTING;
import static org.partnernet.referral.ReferralHarness.SCHOOL;
import static org.partnernet.referral.ReferralHarness.SHELTER;
import static org.partnernet.referral.ReferralHarness.SUSPENDED;

import com.mongodb.client.model.Filters;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnernet.api.referral.v1.AcceptReferralRequest;
import org.partnernet.api.referral.v1.CancelReferralRequest;
import org.partnernet.api.referral.v1.CompleteReferralRequest;
import org.partnernet.api.referral.v1.CreateReferralRequest;
import org.partnernet.api.referral.v1.DataCategory;
import org.partnernet.api.referral.v1.DeclineReferralRequest;
import org.partnernet.api.referral.v1.FailReferralRequest;
import org.partnernet.api.referral.v1.ForwardReferralRequest;
import org.partnernet.api.referral.v1.GetReferralAnalyticsRequest;
import org.partnernet.api.referral.v1.GetReferralDisclosureRequest;
import org.partnernet.api.referral.v1.GetReferralRequest;
import org.partnernet.api.referral.v1.ListReferralsRequest;
import org.partnernet.api.referral.v1.Box;
import org.partnernet.api.referral.v1.Referral;
import org.partnernet.api.referral.v1.ReferralServiceGrpc.ReferralServiceBlockingStub;
import org.partnernet.api.referral.v1.ReferralState;
import org.partnernet.api.referral.v1.RevokeConsentRequest;
import org.partnernet.api.referral.v1.StartReferralRequest;
import org.partnernet.api.referral.v1.Urgency;
import org.partnernet.referral.Fixtures;
import org.partnernet.referral.ReferralHarness;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.caller.TestTokens;
import org.partnernet.servicekit.grpc.CallThreads;

/** The referral lifecycle through the real gRPC API: moves, history, expiry, forwarding, idempotency, the directory. */
class ReferralLifecycleTest {

  @TempDir
  static Path data;
  static ReferralHarness service;
  static ReferralServiceBlockingStub caseworker;
  static ReferralServiceBlockingStub intake;

  @BeforeAll
  static void start() {
    service = ReferralHarness.start(data);
    caseworker = service.as(TestTokens.token("caseworker-1", NGO, Role.CASEWORKER));
    intake = service.as(TestTokens.token("intake-1", SHELTER, Role.INTAKE));
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  static Referral send(Urgency urgency) {
    return caseworker.createReferral(Fixtures.referral(SHELTER, urgency, null, null)).getReferral();
  }

  static String id(Referral referral) {
    return referral.getId();
  }

  @Nested
  class TheHappyPath {
    @Test
    void sentReceivedAcceptedStartedCompletedWithHistory() {
      Referral sent = send(Urgency.URGENCY_ROUTINE);
      assertThat(sent.getState()).isEqualTo(ReferralState.REFERRAL_STATE_SENT);
      assertThat(sent.getName()).isEqualTo("referrals/" + sent.getId());

      Referral received = intake.getReferral(GetReferralRequest.newBuilder().setReferral(sent.getId()).build())
          .getReferral();
      assertThat(received.getState()).isEqualTo(ReferralState.REFERRAL_STATE_RECEIVED);
      intake.acceptReferral(AcceptReferralRequest.newBuilder().setReferral(id(sent)).setRequestId(Fixtures.requestId())
          .build());
      intake.startReferral(StartReferralRequest.newBuilder().setReferral(id(sent)).setRequestId(Fixtures.requestId())
          .build());
      Referral done = intake.completeReferral(CompleteReferralRequest.newBuilder().setReferral(id(sent))
          .setReason("housed").setRequestId(Fixtures.requestId()).build()).getReferral();

      assertThat(done.getState()).isEqualTo(ReferralState.REFERRAL_STATE_COMPLETED);
      assertThat(done.getHistoryList()).extracting(c -> c.getToState()).containsExactly(
          ReferralState.REFERRAL_STATE_SENT, ReferralState.REFERRAL_STATE_RECEIVED,
          ReferralState.REFERRAL_STATE_ACCEPTED, ReferralState.REFERRAL_STATE_IN_PROGRESS,
          ReferralState.REFERRAL_STATE_COMPLETED);
      var last = done.getHistory(4);
      assertThat(last.getActor()).isEqualTo("intake-1");
      assertThat(last.getActorPartner()).isEqualTo(SHELTER);
      assertThat(last.getReason()).isEqualTo("housed");
      assertThat(last.getTime().getSeconds()).isPositive();
      assertThat(done.getHistory(0).getActor()).isEqualTo("caseworker-1");
    }

    @Test
    void failNeedsAReasonAndRecordsIt() {
      Referral sent = send(Urgency.URGENCY_URGENT);
      intake.acceptReferral(AcceptReferralRequest.newBuilder().setReferral(id(sent)).setRequestId(Fixtures.requestId())
          .build());
      intake.startReferral(StartReferralRequest.newBuilder().setReferral(id(sent)).setRequestId(Fixtures.requestId())
          .build());
      assertThat(codeOf(() -> intake.failReferral(FailReferralRequest.newBuilder().setReferral(id(sent))
          .setRequestId(Fixtures.requestId()).build()))).isEqualTo(Status.Code.INVALID_ARGUMENT);
      Referral failed = intake.failReferral(FailReferralRequest.newBuilder().setReferral(id(sent)).setReason("left")
          .setRequestId(Fixtures.requestId()).build()).getReferral();
      assertThat(failed.getState()).isEqualTo(ReferralState.REFERRAL_STATE_FAILED);
      assertThat(failed.getHistoryList().get(failed.getHistoryCount() - 1).getReason()).isEqualTo("left");
    }

    @Test
    void outboxAndInboxListTheirSide() {
      Referral sent = send(Urgency.URGENCY_ROUTINE);
      assertThat(caseworker.listReferrals(ListReferralsRequest.newBuilder().setBox(Box.BOX_OUTBOX).setPageSize(100)
          .build()).getReferralsList()).extracting(Referral::getId).contains(sent.getId());
      assertThat(intake.listReferrals(ListReferralsRequest.newBuilder().setBox(Box.BOX_INBOX).setPageSize(100)
          .build()).getReferralsList()).extracting(Referral::getId).contains(sent.getId());
      assertThat(codeOf(() -> intake.listReferrals(ListReferralsRequest.newBuilder().setBox(Box.BOX_OUTBOX).build())))
          .isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(codeOf(() -> caseworker.listReferrals(ListReferralsRequest.getDefaultInstance())))
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void listsPageWithTokens() {
      var other = service.as(TestTokens.token("caseworker-pages", SCHOOL, Role.CASEWORKER));
      List<String> sent = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        sent.add(other.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_ROUTINE, null, null)).getReferral()
            .getId());
      }
      List<String> seen = new ArrayList<>();
      String token = "";
      do {
        var page = other.listReferrals(ListReferralsRequest.newBuilder().setBox(Box.BOX_OUTBOX).setPageSize(2)
            .setPageToken(token).build());
        page.getReferralsList().forEach(r -> seen.add(r.getId()));
        token = page.getNextPageToken();
      } while (!token.isEmpty());
      java.util.Collections.reverse(sent);
      assertThat(seen).containsExactlyElementsOf(sent);
    }
  }

  @Nested
  class IllegalMoves {
    @Test
    void areRefusedNamingTheCurrentState() {
      Referral sent = send(Urgency.URGENCY_ROUTINE);
      StatusRuntimeException e = failure(() -> intake.startReferral(StartReferralRequest.newBuilder()
          .setReferral(id(sent)).setRequestId(Fixtures.requestId()).build()));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(e.getStatus().getDescription()).contains("SENT");

      intake.declineReferral(DeclineReferralRequest.newBuilder().setReferral(id(sent)).setReason("no beds")
          .setRequestId(Fixtures.requestId()).build());
      e = failure(() -> intake.acceptReferral(AcceptReferralRequest.newBuilder().setReferral(id(sent))
          .setRequestId(Fixtures.requestId()).build()));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(e.getStatus().getDescription()).contains("DECLINED");
    }

    @Test
    void declineNeedsAReason() {
      Referral sent = send(Urgency.URGENCY_ROUTINE);
      assertThat(codeOf(() -> intake.declineReferral(DeclineReferralRequest.newBuilder().setReferral(id(sent))
          .setRequestId(Fixtures.requestId()).build()))).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void onlyTheSenderCancelsAndOnlyBeforeWorkStarts() {
      Referral sent = send(Urgency.URGENCY_ROUTINE);
      assertThat(codeOf(() -> intake.cancelReferral(CancelReferralRequest.newBuilder().setReferral(id(sent))
          .setReason("x").setRequestId(Fixtures.requestId()).build()))).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(codeOf(() -> caseworker.acceptReferral(AcceptReferralRequest.newBuilder().setReferral(id(sent))
          .setRequestId(Fixtures.requestId()).build()))).isEqualTo(Status.Code.PERMISSION_DENIED);
      Referral cancelled = caseworker.cancelReferral(CancelReferralRequest.newBuilder().setReferral(id(sent))
          .setReason("found a place elsewhere").setRequestId(Fixtures.requestId()).build()).getReferral();
      assertThat(cancelled.getState()).isEqualTo(ReferralState.REFERRAL_STATE_CANCELLED);
    }
  }

  @Nested
  class Expiry {
    @Test
    void byUrgencyWhenTheSweepRunsPastTheDeadline() {
      Referral emergency = send(Urgency.URGENCY_EMERGENCY);
      Referral routine = send(Urgency.URGENCY_ROUTINE);
      ReferralSweep sweep = service.bean(ReferralSweep.class);

      service.clock.advance(Duration.ofHours(3));
      sweep.run();
      assertThat(state(emergency)).isEqualTo(ReferralState.REFERRAL_STATE_SENT);

      service.clock.advance(Duration.ofHours(2));
      sweep.run();
      assertThat(state(emergency)).isEqualTo(ReferralState.REFERRAL_STATE_EXPIRED);
      assertThat(state(routine)).isEqualTo(ReferralState.REFERRAL_STATE_SENT);
      // the gauges count after expiry: none overdue once the sweep has run, the routine one still waiting
      assertThat(gauge("partnernet.referrals.overdue", "emergency")).isZero();
      assertThat(gauge("partnernet.referrals.awaiting.answer", "routine")).isPositive();

      service.clock.advance(Duration.ofDays(7));
      sweep.run();
      assertThat(state(routine)).isEqualTo(ReferralState.REFERRAL_STATE_EXPIRED);
      Referral expired = caseworker.getReferral(GetReferralRequest.newBuilder().setReferral(id(routine)).build())
          .getReferral();
      assertThat(expired.getHistory(expired.getHistoryCount() - 1).getActor()).isEqualTo("system");
    }

    private double gauge(String name, String urgency) {
      return service.bean(MeterRegistry.class).get(name).tag("urgency", urgency).gauge().value();
    }

    private ReferralState state(Referral referral) {
      return caseworker.getReferral(GetReferralRequest.newBuilder().setReferral(id(referral)).build()).getReferral()
          .getState();
    }
  }

  @Nested
  class Forwarding {
    @Test
    void aDeclinedReferralWithItsDisclosureUnderAConsentNamingTheNewRecipient() {
      var consent = caseworker.createConsent(Fixtures.consent(service.clock.instant(), List.of(SHELTER, SCHOOL),
          DataCategory.DATA_CATEGORY_IDENTITY, DataCategory.DATA_CATEGORY_NEEDS)).getConsent();
      var disclosure = Fixtures.fullDisclosure().toBuilder().clearContact().clearSafety().build();
      Referral sent = caseworker.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT,
          consent.getName(), disclosure)).getReferral();
      intake.declineReferral(DeclineReferralRequest.newBuilder().setReferral(id(sent)).setReason("full")
          .setRequestId(Fixtures.requestId()).build());

      assertThat(codeOf(() -> intake.forwardReferral(ForwardReferralRequest.newBuilder().setReferral(id(sent))
          .setRecipientPartner(SCHOOL).setRequestId(Fixtures.requestId()).build())))
          .isEqualTo(Status.Code.PERMISSION_DENIED);
      ForwardReferralRequest forward = ForwardReferralRequest.newBuilder().setReferral(id(sent))
          .setRecipientPartner(SCHOOL).setConsent(consent.getName()).setReason("declined: full")
          .setRequestId(Fixtures.requestId()).build();
      Referral forwarded = caseworker.forwardReferral(forward).getReferral();
      assertThat(forwarded.getForwardedFrom()).isEqualTo(sent.getName());
      assertThat(forwarded.getState()).isEqualTo(ReferralState.REFERRAL_STATE_SENT);
      assertThat(forwarded.getRecipientPartner()).isEqualTo(SCHOOL);
      assertThat(forwarded.getDisclosureCategoriesList())
          .containsExactly(DataCategory.DATA_CATEGORY_IDENTITY, DataCategory.DATA_CATEGORY_NEEDS);
      assertThat(caseworker.forwardReferral(forward).getReferral().getId()).isEqualTo(forwarded.getId());
      assertThat(caseworker.getReferral(GetReferralRequest.newBuilder().setReferral(id(sent)).build()).getReferral()
          .getForwardedTo()).isEqualTo(forwarded.getName());

      var schoolIntake = service.as(SCHOOL, Role.INTAKE);
      schoolIntake.acceptReferral(AcceptReferralRequest.newBuilder().setReferral(id(forwarded))
          .setRequestId(Fixtures.requestId()).build());
      var read = schoolIntake.getReferralDisclosure(GetReferralDisclosureRequest.newBuilder()
          .setReferral(id(forwarded)).build());
      assertThat(read.getDisclosure().getIdentity().getGivenName()).isEqualTo(Fixtures.GIVEN_NAME);

      assertThat(codeOf(() -> caseworker.forwardReferral(forward.toBuilder().setRequestId(Fixtures.requestId())
          .build()))).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }

    @Test
    void needsAConsentNamingTheNewRecipientToCarryPersonalData() {
      var consent = caseworker.createConsent(Fixtures.consent(service.clock.instant(), List.of(SHELTER),
          DataCategory.DATA_CATEGORY_IDENTITY)).getConsent();
      Referral sent = caseworker.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT, consent.getName(),
          Fixtures.fullDisclosure().toBuilder().clearContact().clearSafety().clearNeeds().build())).getReferral();
      intake.declineReferral(DeclineReferralRequest.newBuilder().setReferral(id(sent)).setReason("full")
          .setRequestId(Fixtures.requestId()).build());
      StatusRuntimeException e = failure(() -> caseworker.forwardReferral(ForwardReferralRequest.newBuilder()
          .setReferral(id(sent)).setRecipientPartner(SCHOOL).setRequestId(Fixtures.requestId()).build()));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(e.getStatus().getDescription()).contains("does not name");
    }

    @Test
    void onlyDeclinedOrExpiredReferrals() {
      Referral sent = send(Urgency.URGENCY_ROUTINE);
      StatusRuntimeException e = failure(() -> caseworker.forwardReferral(ForwardReferralRequest.newBuilder()
          .setReferral(id(sent)).setRecipientPartner(SCHOOL).setRequestId(Fixtures.requestId()).build()));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(e.getStatus().getDescription()).contains("SENT");
    }
  }

  @Nested
  class Idempotency {
    @Test
    void aRetriedCreateReturnsTheFirstReferral() {
      CreateReferralRequest request = Fixtures.referral(SHELTER, Urgency.URGENCY_ROUTINE, null, null);
      Referral first = caseworker.createReferral(request).getReferral();
      Referral again = caseworker.createReferral(request).getReferral();
      assertThat(again.getId()).isEqualTo(first.getId());
      assertThat(service.serviceDatabase().getCollection("referrals")
          .countDocuments(Filters.eq("requestKey", "send:caseworker-1:" + request.getRequestId()))).isEqualTo(1);
    }

    @Test
    void aCreateRetriedAfterItsConsentWasRevokedStillReturnsTheFirstReferral() {
      var consent = caseworker.createConsent(Fixtures.consent(service.clock.instant(), List.of(SHELTER),
          DataCategory.DATA_CATEGORY_IDENTITY)).getConsent();
      CreateReferralRequest request = Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT, consent.getName(),
          Fixtures.fullDisclosure().toBuilder().clearContact().clearSafety().clearNeeds().build());
      Referral first = caseworker.createReferral(request).getReferral();
      caseworker.revokeConsent(RevokeConsentRequest.newBuilder().setConsent(consent.getName())
          .setReason("survivor request").setRequestId(Fixtures.requestId()).build());

      Referral again = caseworker.createReferral(request).getReferral();

      assertThat(again.getId()).isEqualTo(first.getId());
      assertThat(again.getState()).isEqualTo(ReferralState.REFERRAL_STATE_CONSENT_REVOKED);
      // a new request under the revoked consent is refused
      assertThat(codeOf(() -> caseworker.createReferral(request.toBuilder().setRequestId(Fixtures.requestId())
          .build()))).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }

    @Test
    void theSameRequestIdWithAnotherBodyIsRefused() {
      CreateReferralRequest request = Fixtures.referral(SHELTER, Urgency.URGENCY_ROUTINE, null, null);
      caseworker.createReferral(request);
      CreateReferralRequest changed = request.toBuilder()
          .setReferral(request.getReferral().toBuilder().setUrgency(Urgency.URGENCY_EMERGENCY)).build();
      assertThat(codeOf(() -> caseworker.createReferral(changed))).isEqualTo(Status.Code.ALREADY_EXISTS);
    }

    @Test
    void aRetriedTransitionReturnsTheFirstResultAndAnotherBodyIsRefused() {
      Referral sent = send(Urgency.URGENCY_ROUTINE);
      DeclineReferralRequest decline = DeclineReferralRequest.newBuilder().setReferral(id(sent)).setReason("full")
          .setRequestId(Fixtures.requestId()).build();
      Referral first = intake.declineReferral(decline).getReferral();
      Referral again = intake.declineReferral(decline).getReferral();
      assertThat(again.getVersion()).isEqualTo(first.getVersion());
      assertThat(again.getHistoryCount()).isEqualTo(first.getHistoryCount());
      assertThat(codeOf(() -> intake.declineReferral(decline.toBuilder().setReason("other").build())))
          .isEqualTo(Status.Code.ALREADY_EXISTS);
    }

    @Test
    void ofTwoIntakeUsersAcceptingAtOnceExactlyOneWins() throws Exception {
      for (int round = 0; round < 5; round++) {
        Referral sent = send(Urgency.URGENCY_EMERGENCY);
        var first = service.as(SHELTER, Role.INTAKE);
        var second = service.as(SHELTER, Role.INTAKE);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Status.Code>> outcomes = new ArrayList<>();
        for (var stub : List.of(first, second)) {
          outcomes.add(pool.submit(() -> {
            go.await();
            return codeOf(() -> stub.acceptReferral(AcceptReferralRequest.newBuilder().setReferral(id(sent))
                .setRequestId(Fixtures.requestId()).build()));
          }));
        }
        go.countDown();
        List<Status.Code> codes = new ArrayList<>();
        for (Future<Status.Code> outcome : outcomes) {
          codes.add(outcome.get());
        }
        pool.shutdown();
        assertThat(codes).containsExactlyInAnyOrder(Status.Code.OK, Status.Code.FAILED_PRECONDITION);
        Referral accepted = caseworker.getReferral(GetReferralRequest.newBuilder().setReferral(id(sent)).build())
            .getReferral();
        assertThat(accepted.getHistoryList()).filteredOn(c -> c.getToState() == ReferralState.REFERRAL_STATE_ACCEPTED)
            .hasSize(1);
      }
    }

    @Test
    void callsRunOnTheServicesBoundedThreadsNotOneThreadPerWaitingCall() {
      CallThreads threads = service.bean(CallThreads.class);
      long before = threads.getTaskCount(); // counted when a call's work is handed to the pool
      send(Urgency.URGENCY_ROUTINE);
      assertThat(threads.getTaskCount()).isGreaterThan(before);
      assertThat(threads.getMaximumPoolSize()).isEqualTo(64);
      assertThat(threads.getLargestPoolSize()).isLessThanOrEqualTo(64);
    }
  }

  @Nested
  class TheRecipientCheck {
    @Test
    void forwardsTheCallersToken() {
      String token = TestTokens.token("caseworker-token", NGO, Role.CASEWORKER);
      service.as(token).createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_ROUTINE, null, null));
      assertThat(service.directory.lastAuthorization()).isEqualTo("Bearer " + token);
    }

    @Test
    void refusesSuspendedNotAcceptingAndUnknownPartners() {
      assertThat(codeOf(() -> caseworker.createReferral(Fixtures.referral(SUSPENDED, Urgency.URGENCY_ROUTINE, null,
          null)))).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(codeOf(() -> caseworker.createReferral(Fixtures.referral(NOT_ACCEPTING, Urgency.URGENCY_ROUTINE, null,
          null)))).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(codeOf(() -> caseworker.createReferral(Fixtures.referral("01900000-0000-7000-8000-0000000000ff",
          Urgency.URGENCY_ROUTINE, null, null)))).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void directoryDownIsUnavailableAndNothingIsStored() {
      long before = referralCount();
      service.directory.stop();
      try {
        assertThat(codeOf(() -> caseworker.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_ROUTINE, null,
            null)))).isEqualTo(Status.Code.UNAVAILABLE);
      } finally {
        service.directory.restart();
      }
      assertThat(referralCount()).isEqualTo(before);
      awaitDirectory();
    }

    @Test
    void directorySlowIsDeadlineExceededAndNothingIsStored() {
      long before = referralCount();
      long keys = service.vaultDatabase().getCollection("dataKeys").countDocuments();
      service.directory.delay(Duration.ofMillis(2500));
      try {
        var consent = caseworker.createConsent(Fixtures.consent(service.clock.instant(), List.of(SHELTER),
            DataCategory.DATA_CATEGORY_IDENTITY)).getConsent();
        assertThat(codeOf(() -> caseworker.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_ROUTINE,
            consent.getName(), Fixtures.fullDisclosure().toBuilder().clearContact().clearNeeds().clearSafety()
                .build())))).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
      } finally {
        service.directory.delay(Duration.ZERO);
      }
      assertThat(referralCount()).isEqualTo(before);
      assertThat(service.vaultDatabase().getCollection("dataKeys").countDocuments()).isEqualTo(keys);
    }

    /** The channel reconnects after its back-off; later tests need it. */
    private void awaitDirectory() {
      for (int i = 0; i < 100; i++) {
        if (codeOf(() -> send(Urgency.URGENCY_ROUTINE)) == Status.Code.OK) {
          return;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      throw new AssertionError("the directory did not come back");
    }

    private long referralCount() {
      return service.serviceDatabase().getCollection("referrals").countDocuments();
    }
  }

  @Nested
  class Analytics {
    @Test
    void coordinatorsGetSuppressedAggregatesOnly() {
      for (int i = 0; i < 5; i++) {
        send(Urgency.URGENCY_ROUTINE);
      }
      var coordinator = service.as(ReferralHarness.COALITION, Role.COORDINATOR);
      var answer = coordinator.getReferralAnalytics(GetReferralAnalyticsRequest.getDefaultInstance());
      assertThat(answer.getTotal().getCount()).isGreaterThanOrEqualTo(5);
      assertThat(answer.getCountsList()).allSatisfy(row ->
          assertThat(row.getSuppressed() ? row.getCount() == 0 : row.getCount() >= 5).isTrue());
      // no sender, user, referral or client; recipient organisations only where their time to accept is given
      assertThat(answer.toString()).doesNotContain(NGO, "caseworker-1");
      assertThat(answer.toBuilder().clearTimeToAccept().build().toString()).doesNotContain(SHELTER);
      assertThat(codeOf(() -> caseworker.getReferralAnalytics(GetReferralAnalyticsRequest.getDefaultInstance())))
          .isEqualTo(Status.Code.PERMISSION_DENIED);
    }
  }
}

package org.partnernet.referral.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.referral.ReferralHarness.NGO;
import static org.partnernet.referral.ReferralHarness.SCHOOL;
import static org.partnernet.referral.ReferralHarness.SHELTER;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnernet.api.referral.v1.AcceptReferralRequest;
import org.partnernet.api.referral.v1.DataCategory;
import org.partnernet.api.referral.v1.GetReferralRequest;
import org.partnernet.api.referral.v1.InboxEvent;
import org.partnernet.api.referral.v1.InboxEventType;
import org.partnernet.api.referral.v1.Referral;
import org.partnernet.api.referral.v1.ReferralState;
import org.partnernet.api.referral.v1.RevokeConsentRequest;
import org.partnernet.api.referral.v1.StartReferralRequest;
import org.partnernet.api.referral.v1.Urgency;
import org.partnernet.api.referral.v1.WatchInboxRequest;
import org.partnernet.api.referral.v1.WatchInboxResponse;
import org.partnernet.referral.Fixtures;
import org.partnernet.referral.ReferralHarness;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.caller.TestTokens;
import org.partnernet.servicekit.event.EventWatches;

/** The live inbox across two replicas of the service on one database, through the real gRPC API. */
public class LiveInboxTest {

  @TempDir
  static Path dir;
  static ReferralHarness first;
  static ReferralHarness second;

  @BeforeAll
  static void start() {
    first = ReferralHarness.start(dir);
    second = first.replica();
  }

  @AfterAll
  static void stop() {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }

  /** An open inbox stream collecting what it receives. */
  public static final class Watch implements StreamObserver<WatchInboxResponse>, AutoCloseable {
    final BlockingQueue<InboxEvent> events = new LinkedBlockingQueue<>();
    final Context.CancellableContext context = Context.current().withCancellation();
    volatile Throwable error;

    public static Watch open(ReferralHarness replica, String token, Long after) {
      Watch watch = new Watch();
      long before = replica.bean(EventWatches.class).watchesStarted();
      WatchInboxRequest.Builder request = WatchInboxRequest.newBuilder();
      if (after != null) {
        request.setAfterSequence(after);
      }
      watch.context.run(() -> replica.async(token).watchInbox(request.build(), watch));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (replica.bean(EventWatches.class).watchesStarted() <= before && System.nanoTime() < deadline) {
        sleep(10);
      }
      assertThat(replica.bean(EventWatches.class).watchesStarted()).as("watch in place").isGreaterThan(before);
      return watch;
    }

    public InboxEvent next(long millis) throws InterruptedException {
      return events.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onNext(WatchInboxResponse value) {
      events.add(value.getEvent());
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onCompleted() {
    }

    @Override
    public void close() {
      context.cancel(null);
    }
  }

  static String intakeToken() {
    return TestTokens.token("intake-" + System.nanoTime(), SHELTER, Role.INTAKE);
  }

  static String caseworkerToken() {
    return TestTokens.token("caseworker-" + System.nanoTime(), NGO, Role.CASEWORKER);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aReferralCreatedOnOneReplicaReachesTheRecipientOnTheOtherWithinASecondAndNobodyElse() throws Exception {
    try (Watch recipient = Watch.open(second, intakeToken(), null);
         Watch sender = Watch.open(first, caseworkerToken(), null);
         Watch bystander = Watch.open(second, TestTokens.token("school", SCHOOL, Role.PARTNER_ADMIN), null)) {
      Referral sent = first.as(caseworkerToken())
          .createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT, null, null)).getReferral();
      long created = System.nanoTime();

      InboxEvent event = recipient.next(1000);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - created);
      assertThat(event).as("delivered to the other replica within 1 s").isNotNull();
      assertThat(millis).isLessThanOrEqualTo(1000);
      assertThat(event.getType()).isEqualTo(InboxEventType.INBOX_EVENT_TYPE_REFERRAL_CREATED);
      assertThat(event.getReferral()).isEqualTo("referrals/" + sent.getId());
      assertThat(event.getState()).isEqualTo(ReferralState.REFERRAL_STATE_SENT);
      assertThat(event.getSenderPartner()).isEqualTo(NGO);
      assertThat(event.getRecipientPartner()).isEqualTo(SHELTER);

      InboxEvent own = sender.next(2000);
      assertThat(own).isNotNull();
      assertThat(own.getSequence()).isEqualTo(event.getSequence());

      sleep(600); // three more polls
      assertThat(bystander.events).as("another organisation sees nothing").isEmpty();
      assertThat(bystander.error).isNull();
    }
  }

  @Test
  void aClientThatReconnectsGetsWhatItMissedWithoutDuplicates() throws Exception {
    String intake = intakeToken();
    String caseworker = caseworkerToken();
    Referral sent;
    long last;
    try (Watch watch = Watch.open(first, intake, null)) {
      sent = second.as(caseworker).createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_ROUTINE, null, null))
          .getReferral();
      second.as(intake).getReferral(GetReferralRequest.newBuilder().setReferral(sent.getId()).build());
      InboxEvent created = watch.next(5000);
      InboxEvent received = watch.next(5000);
      assertThat(created.getType()).isEqualTo(InboxEventType.INBOX_EVENT_TYPE_REFERRAL_CREATED);
      assertThat(received.getType()).isEqualTo(InboxEventType.INBOX_EVENT_TYPE_STATE_CHANGED);
      assertThat(received.getState()).isEqualTo(ReferralState.REFERRAL_STATE_RECEIVED);
      last = received.getSequence();
    }
    // while disconnected
    second.as(intake).acceptReferral(AcceptReferralRequest.newBuilder().setReferral(sent.getId())
        .setRequestId(Fixtures.requestId()).build());
    second.as(intake).startReferral(StartReferralRequest.newBuilder().setReferral(sent.getId())
        .setRequestId(Fixtures.requestId()).build());

    try (Watch resumed = Watch.open(second, intake, last)) {
      List<InboxEvent> got = new ArrayList<>();
      for (InboxEvent e = resumed.next(5000); e != null; e = resumed.next(800)) {
        got.add(e);
      }
      assertThat(got).extracting(InboxEvent::getState)
          .containsExactly(ReferralState.REFERRAL_STATE_ACCEPTED, ReferralState.REFERRAL_STATE_IN_PROGRESS);
      assertThat(got).allSatisfy(e -> assertThat(e.getSequence()).isGreaterThan(last));
      assertThat(got.get(1).getSequence()).isGreaterThan(got.get(0).getSequence());
    }
  }

  @Test
  void aRevokedConsentIsAnnouncedWithIdsAndStatesOnly() throws Exception {
    String intake = intakeToken();
    String caseworker = caseworkerToken();
    var consent = first.as(caseworker).createConsent(Fixtures.consent(first.clock.instant(), List.of(SHELTER),
        DataCategory.DATA_CATEGORY_IDENTITY, DataCategory.DATA_CATEGORY_CONTACT, DataCategory.DATA_CATEGORY_NEEDS,
        DataCategory.DATA_CATEGORY_SAFETY)).getConsent();
    try (Watch watch = Watch.open(second, intake, null)) {
      Referral sent = first.as(caseworker).createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_EMERGENCY,
          consent.getName(), Fixtures.fullDisclosure())).getReferral();
      first.as(caseworker).revokeConsent(RevokeConsentRequest.newBuilder().setConsent(consent.getName())
          .setRequestId(Fixtures.requestId()).build());
      List<InboxEvent> got = new ArrayList<>();
      for (InboxEvent e = watch.next(5000); e != null; e = watch.next(800)) {
        got.add(e);
      }
      assertThat(got).extracting(InboxEvent::getType).containsExactly(
          InboxEventType.INBOX_EVENT_TYPE_REFERRAL_CREATED, InboxEventType.INBOX_EVENT_TYPE_CONSENT_REVOKED);
      assertThat(got).allSatisfy(e -> assertThat(e.getReferral()).isEqualTo("referrals/" + sent.getId()));
      String all = got.toString();
      for (String personal : Fixtures.PERSONAL_DATA) {
        assertThat(all).doesNotContain(personal);
      }
    }
  }

  @Test
  void coordinatorsAndNegativeSequencesAreRefused() throws Exception {
    Watch coordinator = new Watch();
    first.async(TestTokens.token("coord", ReferralHarness.COALITION, Role.COORDINATOR))
        .watchInbox(WatchInboxRequest.getDefaultInstance(), coordinator);
    Watch negative = new Watch();
    first.async(intakeToken()).watchInbox(WatchInboxRequest.newBuilder().setAfterSequence(-1).build(), negative);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while ((coordinator.error == null || negative.error == null) && System.nanoTime() < deadline) {
      sleep(10);
    }
    assertThat(Status.fromThrowable(coordinator.error).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(Status.fromThrowable(negative.error).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(negative.error).isInstanceOf(StatusRuntimeException.class);
  }
}

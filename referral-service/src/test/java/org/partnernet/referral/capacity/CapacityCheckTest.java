package org.partnernet.referral.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.referral.ReferralHarness.BUSINESS;
import static org.partnernet.referral.ReferralHarness.COALITION;
import static org.partnernet.referral.ReferralHarness.NGO;
import static org.partnernet.referral.ReferralHarness.SCHOOL;
import static org.partnernet.referral.ReferralHarness.SHELTER;

import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnernet.api.referral.v1.AgeRange;
import org.partnernet.api.referral.v1.AnswerCapacityCheckRequest;
import org.partnernet.api.referral.v1.CapacityAnswerKind;
import org.partnernet.api.referral.v1.CapacityCheck;
import org.partnernet.api.referral.v1.CreateCapacityCheckRequest;
import org.partnernet.api.referral.v1.GetCapacityCheckRequest;
import org.partnernet.api.referral.v1.InboxEvent;
import org.partnernet.api.referral.v1.InboxEventType;
import org.partnernet.api.referral.v1.Urgency;
import org.partnernet.referral.Fixtures;
import org.partnernet.referral.ReferralHarness;
import org.partnernet.referral.inbox.LiveInboxTest.Watch;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.caller.TestTokens;

/** Anonymous capacity checks through the real gRPC API. */
class CapacityCheckTest {

  @TempDir
  static Path dir;
  static ReferralHarness service;

  static final String CASEWORKER = TestTokens.token("cw-cap", NGO, Role.CASEWORKER);
  static final String SHELTER_INTAKE = TestTokens.token("intake-cap", SHELTER, Role.INTAKE);
  static final String SCHOOL_ADMIN = TestTokens.token("school-cap", SCHOOL, Role.PARTNER_ADMIN);

  @BeforeAll
  static void start() {
    service = ReferralHarness.start(dir, "partnernet.referral.capacity-check-lifetime=PT6H");
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  static CreateCapacityCheckRequest question() {
    return CreateCapacityCheckRequest.newBuilder().setRequestId(Fixtures.requestId())
        .setCapacityCheck(CapacityCheck.newBuilder().addNeeds(Fixtures.SHELTER_SERVICE)
            .setAgeRange(AgeRange.newBuilder().setMinAge(16).setMaxAge(17)).setGender("female").addLanguages("ti")
            .setUrgency(Urgency.URGENCY_URGENT).setTimeframe("tonight").addAskedPartners(SHELTER)
            .addAskedPartners(SCHOOL))
        .build();
  }

  static AnswerCapacityCheckRequest answer(CapacityCheck check, CapacityAnswerKind kind, String note) {
    return AnswerCapacityCheckRequest.newBuilder().setCheck(check.getName()).setAnswer(kind).setNote(note)
        .setRequestId(Fixtures.requestId()).build();
  }

  static CapacityCheck get(String token, CapacityCheck check) {
    return service.as(token).getCapacityCheck(GetCapacityCheckRequest.newBuilder().setCheck(check.getName()).build())
        .getCapacityCheck();
  }

  @Test
  void askedPartnersAnswerAndTheAskerSeesTheAnswersAsTheyCome() throws Exception {
    CapacityCheck asked;
    try (Watch shelterInbox = Watch.open(service, SHELTER_INTAKE, null)) {
      asked = service.as(CASEWORKER).createCapacityCheck(question()).getCapacityCheck();
      InboxEvent question = shelterInbox.next(5000);
      assertThat(question.getType()).isEqualTo(InboxEventType.INBOX_EVENT_TYPE_CAPACITY_QUESTION);
      assertThat(question.getCapacityCheck()).isEqualTo(asked.getName());
    }
    assertThat(asked.getAskerPartner()).isEqualTo(NGO);
    assertThat(asked.getAnswersList()).isEmpty();

    CapacityCheck seenByShelter = get(SHELTER_INTAKE, asked);
    assertThat(seenByShelter.getNeedsList()).containsExactly(Fixtures.SHELTER_SERVICE);
    assertThat(seenByShelter.getAskedPartnersList()).containsExactly(SHELTER);

    try (Watch askerInbox = Watch.open(service, CASEWORKER, null)) {
      service.as(SHELTER_INTAKE).answerCapacityCheck(answer(asked, CapacityAnswerKind.CAPACITY_ANSWER_KIND_CAPACITY,
          "two beds tonight"));
      InboxEvent answered = askerInbox.next(5000);
      assertThat(answered.getType()).isEqualTo(InboxEventType.INBOX_EVENT_TYPE_CAPACITY_ANSWERED);
      assertThat(answered.getAnswer()).isEqualTo(CapacityAnswerKind.CAPACITY_ANSWER_KIND_CAPACITY);
      assertThat(answered.getRecipientPartner()).isEqualTo(SHELTER);
      assertThat(answered.toString()).doesNotContain("two beds");
    }
    assertThat(get(CASEWORKER, asked).getAnswersList()).singleElement()
        .satisfies(a -> assertThat(a.getPartner()).isEqualTo(SHELTER));

    service.as(SCHOOL_ADMIN).answerCapacityCheck(answer(asked, CapacityAnswerKind.CAPACITY_ANSWER_KIND_NO_CAPACITY,
        ""));
    CapacityCheck seenByAsker = get(CASEWORKER, asked);
    assertThat(seenByAsker.getAnswersList()).extracting(a -> a.getPartner() + "=" + a.getAnswer())
        .containsExactlyInAnyOrder(SHELTER + "=CAPACITY_ANSWER_KIND_CAPACITY",
            SCHOOL + "=CAPACITY_ANSWER_KIND_NO_CAPACITY");
    assertThat(get(SHELTER_INTAKE, asked).getAnswersList()).extracting(a -> a.getPartner())
        .containsExactly(SHELTER);
  }

  @Test
  void anyoneElseGetsNotFoundAndTheWrongRolesPermissionDenied() {
    CapacityCheck asked = service.as(CASEWORKER).createCapacityCheck(question()).getCapacityCheck();
    String business = TestTokens.token("biz", BUSINESS, Role.PARTNER_ADMIN);
    String coordinator = TestTokens.token("coord", COALITION, Role.COORDINATOR);
    assertThat(Fixtures.codeOf(() -> get(business, asked))).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(Fixtures.codeOf(() -> get(coordinator, asked))).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(Fixtures.codeOf(() -> service.as(business).answerCapacityCheck(
        answer(asked, CapacityAnswerKind.CAPACITY_ANSWER_KIND_CAPACITY, "")))).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(Fixtures.codeOf(() -> service.as(SHELTER, Role.CASEWORKER).answerCapacityCheck(
        answer(asked, CapacityAnswerKind.CAPACITY_ANSWER_KIND_CAPACITY, ""))))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(Fixtures.codeOf(() -> service.as(CASEWORKER).answerCapacityCheck(
        answer(asked, CapacityAnswerKind.CAPACITY_ANSWER_KIND_CAPACITY, ""))))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(Fixtures.codeOf(() -> service.as(SHELTER_INTAKE).createCapacityCheck(question())))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(Fixtures.codeOf(() -> service.as(SHELTER_INTAKE).getCapacityCheck(GetCapacityCheckRequest.newBuilder()
        .setCheck("capacityChecks/" + org.partnernet.servicekit.id.Ids.newId()).build())))
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void validationNamesTheFields() {
    CreateCapacityCheckRequest bad = question().toBuilder().setRequestId("")
        .setCapacityCheck(question().getCapacityCheck().toBuilder().clearNeeds().clearAskedPartners()
            .setAgeRange(AgeRange.newBuilder().setMinAge(30).setMaxAge(20)).setUrgency(Urgency.URGENCY_UNSPECIFIED)
            .setTimeframe("next week please"))
        .build();
    StatusRuntimeException e = Fixtures.failure(() -> service.as(CASEWORKER).createCapacityCheck(bad));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(fields(e)).contains("request_id", "capacity_check.needs", "capacity_check.age_range",
        "capacity_check.urgency", "capacity_check.timeframe", "capacity_check.asked_partners");

    CapacityCheck asked = service.as(CASEWORKER).createCapacityCheck(question()).getCapacityCheck();
    StatusRuntimeException noAnswer = Fixtures.failure(() -> service.as(SHELTER_INTAKE).answerCapacityCheck(
        answer(asked, CapacityAnswerKind.CAPACITY_ANSWER_KIND_UNSPECIFIED, "x".repeat(501))));
    assertThat(fields(noAnswer)).contains("answer", "note");
  }

  static List<String> fields(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    return status.getDetailsList().stream().filter(d -> d.is(BadRequest.class)).flatMap(d -> {
      try {
        return d.unpack(BadRequest.class).getFieldViolationsList().stream().map(v -> v.getField());
      } catch (com.google.protobuf.InvalidProtocolBufferException x) {
        throw new AssertionError(x);
      }
    }).toList();
  }

  @Test
  void aRetryWithTheSameRequestIdReturnsTheFirstCheck() {
    CreateCapacityCheckRequest request = question();
    CapacityCheck first = service.as(CASEWORKER).createCapacityCheck(request).getCapacityCheck();
    CapacityCheck again = service.as(CASEWORKER).createCapacityCheck(request).getCapacityCheck();
    assertThat(again.getName()).isEqualTo(first.getName());
    CreateCapacityCheckRequest different = request.toBuilder().setCapacityCheck(request.getCapacityCheck()
        .toBuilder().setTimeframe("this-week")).build();
    assertThat(Fixtures.codeOf(() -> service.as(CASEWORKER).createCapacityCheck(different)))
        .isEqualTo(Status.Code.ALREADY_EXISTS);

    AnswerCapacityCheckRequest answer = answer(first, CapacityAnswerKind.CAPACITY_ANSWER_KIND_WAITLIST, "");
    service.as(SHELTER_INTAKE).answerCapacityCheck(answer);
    assertThat(service.as(SHELTER_INTAKE).answerCapacityCheck(answer).getCapacityCheck().getAnswersList())
        .singleElement().satisfies(a -> assertThat(a.getAnswer())
            .isEqualTo(CapacityAnswerKind.CAPACITY_ANSWER_KIND_WAITLIST));
  }

  @Test
  void anExpiredCheckTakesNoMoreAnswers() {
    CapacityCheck asked = service.as(CASEWORKER).createCapacityCheck(question()).getCapacityCheck();
    service.clock.advance(Duration.ofHours(6).plusSeconds(1));
    assertThat(get(CASEWORKER, asked).getExpired()).isTrue();
    StatusRuntimeException e = Fixtures.failure(() -> service.as(SHELTER_INTAKE).answerCapacityCheck(
        answer(asked, CapacityAnswerKind.CAPACITY_ANSWER_KIND_CAPACITY, "")));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(StatusProto.fromThrowable(e).toString()).contains("CAPACITY_CHECK_EXPIRED");
  }
}

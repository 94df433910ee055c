package org.partnernet.referral.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.referral.Fixtures.codeOf;
import static org.partnernet.referral.ReferralHarness.COALITION;
import static org.partnernet.referral.ReferralHarness.NGO;
import static org.partnernet.referral.ReferralHarness.SCHOOL;
import static org.partnernet.referral.ReferralHarness.SHELTER;

import com.mongodb.client.model.Filters;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnernet.api.referral.v1.AcceptReferralRequest;
import org.partnernet.api.referral.v1.Consent;
import org.partnernet.api.referral.v1.CreateReferralMessageRequest;
import org.partnernet.api.referral.v1.DataCategory;
import org.partnernet.api.referral.v1.DeclineReferralRequest;
import org.partnernet.api.referral.v1.GetReferralRequest;
import org.partnernet.api.referral.v1.ListReferralMessagesRequest;
import org.partnernet.api.referral.v1.ReferralMessage;
import org.partnernet.api.referral.v1.ReferralServiceGrpc.ReferralServiceBlockingStub;
import org.partnernet.api.referral.v1.RevokeConsentRequest;
import org.partnernet.api.referral.v1.Urgency;
import org.partnernet.referral.Fixtures;
import org.partnernet.referral.ReferralHarness;
import org.partnernet.referral.audit.AuditTrail;
import org.partnernet.referral.audit.FaultyAuditTrail;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.caller.TestTokens;

/**
 * Secure messages between NGO (sender) and SHELTER (recipient) through the real gRPC API: read and written as the
 * disclosure is read (the sender's caseworkers, the recipient's intake once accepted, consent active, audited first).
 */
class SecureMessagesTest {

  static final String TEXT = "Meet her at the side door; she answers to " + Fixtures.GIVEN_NAME;

  @TempDir
  static Path dir;
  static ReferralHarness service;
  static ReferralServiceBlockingStub caseworker;
  static ReferralServiceBlockingStub intake;

  @BeforeAll
  static void start() {
    service = ReferralHarness.start(dir);
    caseworker = service.as(TestTokens.token("cw-messages", NGO, Role.CASEWORKER));
    intake = service.as(TestTokens.token("intake-messages", SHELTER, Role.INTAKE));
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  static Consent consent() {
    return caseworker.createConsent(Fixtures.consent(service.clock.instant(), List.of(SHELTER),
        DataCategory.DATA_CATEGORY_IDENTITY)).getConsent();
  }

  static String referral(Consent consent) {
    return caseworker.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT, consent.getName(),
        Fixtures.fullDisclosure().toBuilder().clearContact().clearNeeds().clearSafety().build()))
        .getReferral().getId();
  }

  static CreateReferralMessageRequest message(String referral, String text) {
    return CreateReferralMessageRequest.newBuilder().setReferral(referral).setRequestId(Fixtures.requestId())
        .setMessage(ReferralMessage.newBuilder().setText(text)).build();
  }

  static List<ReferralMessage> read(ReferralServiceBlockingStub as, String referral) {
    return as.listReferralMessages(ListReferralMessagesRequest.newBuilder().setReferral(referral).build())
        .getMessagesList();
  }

  static void accept(String referral) {
    intake.acceptReferral(AcceptReferralRequest.newBuilder().setReferral(referral).setRequestId(Fixtures.requestId())
        .build());
  }

  static long audited(String referral, String action) {
    return service.serviceDatabase().getCollection("audit").countDocuments(Filters.and(
        Filters.eq("chain", "referrals/" + referral), Filters.eq("action", action)));
  }

  static Document stored(String referral) {
    return service.serviceDatabase().getCollection("referralMessages").find(Filters.eq("referral", referral)).first();
  }

  @Test
  void theRecipientReadsWhatWaitedOnceItHasAcceptedAndOnlyCiphertextIsStored() {
    String referral = referral(consent());
    ReferralMessage posted = caseworker.createReferralMessage(message(referral, TEXT)).getMessage();
    assertThat(posted.getName()).startsWith("referrals/" + referral + "/messages/");
    assertThat(posted.getSenderPartner()).isEqualTo(NGO);
    accept(referral);
    var reply = intake.createReferralMessage(message("referrals/" + referral, "Understood, room 4 is ready"))
        .getMessage();
    assertThat(read(intake, referral)).extracting(ReferralMessage::getText)
        .containsExactly(TEXT, "Understood, room 4 is ready");
    assertThat(read(caseworker, referral)).extracting(ReferralMessage::getName)
        .containsExactly(posted.getName(), reply.getName());
    assertThat(stored(referral).toJson()).doesNotContain(Fixtures.GIVEN_NAME, "side door");
    // the other organisation learns of it from its inbox: ids and the state, never the text
    List<Document> events = service.serviceDatabase().getCollection("inboxEvents")
        .find(Filters.and(Filters.eq("referral", referral), Filters.eq("type", "MESSAGE"))).into(new java.util.ArrayList<>());
    assertThat(events).hasSize(2);
    assertThat(events.toString()).doesNotContain(Fixtures.GIVEN_NAME, "side door", "room 4");
    // every read is audited
    assertThat(audited(referral, "MESSAGES_READ")).isEqualTo(2);
  }

  @Test
  void beforeAcceptingTheRecipientNeitherReadsNorWritesAndNothingIsAudited() {
    String referral = referral(consent());
    caseworker.createReferralMessage(message(referral, TEXT));
    for (String state : List.of("SENT", "RECEIVED")) {
      var refused = Fixtures.failure(() -> read(intake, referral));
      assertThat(refused.getStatus().getCode()).as(state).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(refused.getStatus().getDescription()).as(state).contains(state).doesNotContain(Fixtures.GIVEN_NAME);
      assertThat(codeOf(() -> intake.createReferralMessage(message(referral, "Can you tell us more?"))))
          .as(state).isEqualTo(Status.Code.FAILED_PRECONDITION);
      // the first read of the referral itself (the summary) marks it RECEIVED
      intake.getReferral(GetReferralRequest.newBuilder().setReferral(referral).build());
    }
    assertThat(audited(referral, "MESSAGES_READ")).isZero();
    assertThat(audited(referral, "MESSAGE_POSTED")).isEqualTo(1);
    assertThat(read(caseworker, referral)).extracting(ReferralMessage::getText).containsExactly(TEXT);

    String declined = referral(consent());
    caseworker.createReferralMessage(message(declined, TEXT));
    intake.declineReferral(DeclineReferralRequest.newBuilder().setReferral(declined).setReason("no beds")
        .setRequestId(Fixtures.requestId()).build());
    assertThat(codeOf(() -> read(intake, declined))).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(audited(declined, "MESSAGES_READ")).isZero();
  }

  @Test
  void partnerAdminsOfEitherSideAreRefusedLikeForTheDisclosure() {
    String referral = referral(consent());
    caseworker.createReferralMessage(message(referral, TEXT));
    accept(referral);
    for (var admin : List.of(service.as(NGO, Role.PARTNER_ADMIN), service.as(SHELTER, Role.PARTNER_ADMIN))) {
      assertThat(codeOf(() -> read(admin, referral))).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(codeOf(() -> admin.createReferralMessage(message(referral, "hello"))))
          .isEqualTo(Status.Code.PERMISSION_DENIED);
    }
    assertThat(audited(referral, "MESSAGES_READ")).isZero();
  }

  @Test
  void noTextLeavesWhenTheReadCannotBeAudited() {
    String referral = referral(consent());
    caseworker.createReferralMessage(message(referral, TEXT));
    accept(referral);
    FaultyAuditTrail audit = (FaultyAuditTrail) service.bean(AuditTrail.class);
    audit.failWrites(true);
    try {
      var e = Fixtures.failure(() -> read(intake, referral));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(e.toString()).doesNotContain(Fixtures.GIVEN_NAME, "side door");
      assertThat(codeOf(() -> intake.createReferralMessage(message(referral, "room 4 is ready"))))
          .isEqualTo(Status.Code.UNAVAILABLE);
    } finally {
      audit.failWrites(false);
    }
    assertThat(read(intake, referral)).extracting(ReferralMessage::getText).containsExactly(TEXT);
  }

  @Test
  void aThirdOrganisationAndCoordinatorsFindNothing() {
    String referral = referral(consent());
    caseworker.createReferralMessage(message(referral, TEXT));
    accept(referral);
    for (var outsider : List.of(service.as(SCHOOL, Role.CASEWORKER, Role.INTAKE, Role.PARTNER_ADMIN),
        service.as(COALITION, Role.COORDINATOR), service.as(SHELTER, Role.CASEWORKER))) {
      assertThat(codeOf(() -> read(outsider, referral))).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(codeOf(() -> outsider.createReferralMessage(message(referral, "hello"))))
          .isEqualTo(Status.Code.NOT_FOUND);
    }
  }

  @Test
  void afterRevocationTheMessagesAreShreddedWithTheDisclosureAndTheirCiphertextDeleted() {
    Consent consent = consent();
    String referral = referral(consent);
    accept(referral);
    ReferralMessage posted = caseworker.createReferralMessage(message(referral, TEXT)).getMessage();
    assertThat(stored(referral).get("ciphertext")).isNotNull();
    caseworker.revokeConsent(RevokeConsentRequest.newBuilder().setConsent(consent.getName())
        .setRequestId(Fixtures.requestId()).build());
    // the raw document keeps who wrote when, for the thread's history, and nothing that held the text
    Document after = stored(referral);
    assertThat(after).doesNotContainKey("ciphertext");
    assertThat(after.getString("_id")).isEqualTo(posted.getName().substring(posted.getName().lastIndexOf('/') + 1));
    assertThat(after.getString("senderPartner")).isEqualTo(NGO);
    assertThat(after.getDate("createTime")).isNotNull();
    assertThat(read(caseworker, referral)).singleElement().satisfies(m -> {
      assertThat(m.getName()).isEqualTo(posted.getName());
      assertThat(m.getShredded()).isTrue();
      assertThat(m.getText()).isEmpty();
    });
    // the referral is CONSENT_REVOKED: not one the recipient has taken on
    assertThat(codeOf(() -> read(intake, referral))).isEqualTo(Status.Code.FAILED_PRECONDITION);
    var e = Fixtures.failure(() -> caseworker.createReferralMessage(message(referral, "still there?")));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(service.serviceDatabase().getCollection("referralMessages").countDocuments(Filters.and(
        Filters.eq("referral", referral), Filters.exists("ciphertext")))).isZero();
  }

  @Test
  void aRetryReturnsTheFirstMessageAndAReusedIdIsRefused() {
    String referral = referral(consent());
    CreateReferralMessageRequest request = message(referral, TEXT);
    String first = caseworker.createReferralMessage(request).getMessage().getName();
    assertThat(caseworker.createReferralMessage(request).getMessage().getName()).isEqualTo(first);
    assertThat(codeOf(() -> caseworker.createReferralMessage(request.toBuilder()
        .setMessage(ReferralMessage.newBuilder().setText("something else")).build())))
        .isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(read(caseworker, referral)).hasSize(1);
  }

  @Test
  void badInputIsInvalidAndNeverEchoed() {
    String referral = referral(consent());
    var empty = Fixtures.failure(() -> caseworker.createReferralMessage(message(referral, "")));
    assertThat(empty.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(empty.getStatus().getDescription()).contains("message.text");
    var tooLong = Fixtures.failure(() -> caseworker.createReferralMessage(message(referral, TEXT.repeat(100))));
    assertThat(tooLong.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(tooLong.getStatus().getDescription()).doesNotContain(Fixtures.GIVEN_NAME);
    assertThat(read(caseworker, referral)).isEmpty();
  }

  @Test
  void aSummaryOnlyReferralHasNoMessagesOnEitherSide() {
    String summaryOnly = caseworker.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT, null, null))
        .getReferral().getId();
    accept(summaryOnly);
    for (var side : List.of(caseworker, intake)) {
      var posting = Fixtures.failure(() -> side.createReferralMessage(message(summaryOnly, TEXT)));
      assertThat(posting.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(posting.getStatus().getDescription()).doesNotContain(Fixtures.GIVEN_NAME);
      // as its disclosure: there is none
      assertThat(codeOf(() -> read(side, summaryOnly))).isEqualTo(Status.Code.NOT_FOUND);
    }
    assertThat(stored(summaryOnly)).isNull();
  }

  @Test
  void aRequestIdReusedOnAnotherReferralIsRefused() {
    Consent consent = consent();
    String one = referral(consent);
    String two = referral(consent);
    CreateReferralMessageRequest request = message(one, TEXT);
    caseworker.createReferralMessage(request);
    assertThat(codeOf(() -> caseworker.createReferralMessage(request.toBuilder().setReferral(two).build())))
        .isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(read(caseworker, two)).isEmpty();
  }

  @Test
  void pagesFollowOneAnother() {
    String referral = referral(consent());
    for (int i = 0; i < 3; i++) {
      caseworker.createReferralMessage(message(referral, "note " + i));
    }
    var first = caseworker.listReferralMessages(ListReferralMessagesRequest.newBuilder().setReferral(referral)
        .setPageSize(2).build());
    assertThat(first.getMessagesList()).extracting(ReferralMessage::getText).containsExactly("note 0", "note 1");
    var second = caseworker.listReferralMessages(ListReferralMessagesRequest.newBuilder().setReferral(referral)
        .setPageSize(2).setPageToken(first.getNextPageToken()).build());
    assertThat(second.getMessagesList()).extracting(ReferralMessage::getText).containsExactly("note 2");
    assertThat(second.getNextPageToken()).isEmpty();
  }
}

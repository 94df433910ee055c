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
import org.partnernet.api.referral.v1.Consent;
import org.partnernet.api.referral.v1.CreateReferralMessageRequest;
import org.partnernet.api.referral.v1.DataCategory;
import org.partnernet.api.referral.v1.ListReferralMessagesRequest;
import org.partnernet.api.referral.v1.ReferralMessage;
import org.partnernet.api.referral.v1.ReferralServiceGrpc.ReferralServiceBlockingStub;
import org.partnernet.api.referral.v1.RevokeConsentRequest;
import org.partnernet.api.referral.v1.Urgency;
import org.partnernet.referral.Fixtures;
import org.partnernet.referral.ReferralHarness;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.caller.TestTokens;

/** Secure messages between NGO (sender) and SHELTER (recipient) through the real gRPC API. */
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

  @Test
  void theOtherSideReadsItAndOnlyCiphertextIsStored() {
    String referral = referral(consent());
    ReferralMessage posted = caseworker.createReferralMessage(message(referral, TEXT)).getMessage();
    assertThat(posted.getName()).startsWith("referrals/" + referral + "/messages/");
    assertThat(posted.getSenderPartner()).isEqualTo(NGO);
    var reply = intake.createReferralMessage(message("referrals/" + referral, "Understood, room 4 is ready"))
        .getMessage();
    assertThat(read(intake, referral)).extracting(ReferralMessage::getText)
        .containsExactly(TEXT, "Understood, room 4 is ready");
    assertThat(read(service.as(SHELTER, Role.PARTNER_ADMIN), referral)).hasSize(2);
    assertThat(read(caseworker, referral)).extracting(ReferralMessage::getName)
        .containsExactly(posted.getName(), reply.getName());
    Document stored = service.serviceDatabase().getCollection("referralMessages")
        .find(Filters.eq("referral", referral)).first();
    assertThat(stored.toJson()).doesNotContain(Fixtures.GIVEN_NAME, "side door");
    // the other organisation learns of it from its inbox: ids and the state, never the text
    List<Document> events = service.serviceDatabase().getCollection("inboxEvents")
        .find(Filters.and(Filters.eq("referral", referral), Filters.eq("type", "MESSAGE"))).into(new java.util.ArrayList<>());
    assertThat(events).hasSize(2);
    assertThat(events.toString()).doesNotContain(Fixtures.GIVEN_NAME, "side door", "room 4");
    // every read is audited
    assertThat(service.serviceDatabase().getCollection("audit").countDocuments(Filters.and(
        Filters.eq("chain", "referrals/" + referral), Filters.eq("action", "MESSAGES_READ")))).isEqualTo(3);
  }

  @Test
  void aThirdOrganisationAndCoordinatorsFindNothing() {
    String referral = referral(consent());
    caseworker.createReferralMessage(message(referral, TEXT));
    for (var outsider : List.of(service.as(SCHOOL, Role.CASEWORKER, Role.INTAKE, Role.PARTNER_ADMIN),
        service.as(COALITION, Role.COORDINATOR), service.as(SHELTER, Role.CASEWORKER))) {
      assertThat(codeOf(() -> read(outsider, referral))).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(codeOf(() -> outsider.createReferralMessage(message(referral, "hello"))))
          .isEqualTo(Status.Code.NOT_FOUND);
    }
  }

  @Test
  void afterRevocationTheMessagesAreShreddedWithTheDisclosure() {
    Consent consent = consent();
    String referral = referral(consent);
    caseworker.createReferralMessage(message(referral, TEXT));
    caseworker.revokeConsent(RevokeConsentRequest.newBuilder().setConsent(consent.getName())
        .setRequestId(Fixtures.requestId()).build());
    List<ReferralMessage> after = read(intake, referral);
    assertThat(after).singleElement().satisfies(m -> {
      assertThat(m.getShredded()).isTrue();
      assertThat(m.getText()).isEmpty();
    });
    var e = Fixtures.failure(() -> intake.createReferralMessage(message(referral, "still there?")));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
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
    String summaryOnly = caseworker.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT, null, null))
        .getReferral().getId();
    assertThat(codeOf(() -> caseworker.createReferralMessage(message(summaryOnly, TEXT))))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
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

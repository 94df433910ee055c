package org.partnernet.referral.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.referral.Fixtures.codeOf;
import static org.partnernet.referral.ReferralHarness.COALITION;
import static org.partnernet.referral.ReferralHarness.NGO;
import static org.partnernet.referral.ReferralHarness.SCHOOL;
import static org.partnernet.referral.ReferralHarness.SHELTER;
import static org.partnernet.referral.ReferralHarness.TRAINERS;

import io.grpc.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.partnernet.api.referral.v1.AcceptReferralRequest;
import org.partnernet.api.referral.v1.CancelReferralRequest;
import org.partnernet.api.referral.v1.CompleteReferralRequest;
import org.partnernet.api.referral.v1.Consent;
import org.partnernet.api.referral.v1.DataCategory;
import org.partnernet.api.referral.v1.DeclineReferralRequest;
import org.partnernet.api.referral.v1.Disclosure;
import org.partnernet.api.referral.v1.ForwardReferralRequest;
import org.partnernet.api.referral.v1.GetConsentRequest;
import org.partnernet.api.referral.v1.GetReferralDisclosureRequest;
import org.partnernet.api.referral.v1.GetReferralDisclosureResponse;
import org.partnernet.api.referral.v1.GetReferralRequest;
import org.partnernet.api.referral.v1.GetSurvivorViewRequest;
import org.partnernet.api.referral.v1.CreateReferralMessageRequest;
import org.partnernet.api.referral.v1.ListReferralMessagesRequest;
import org.partnernet.api.referral.v1.ReferralMessage;
import org.partnernet.api.referral.v1.ListReferralAuditRequest;
import org.partnernet.api.referral.v1.ReferralServiceGrpc.ReferralServiceBlockingStub;
import org.partnernet.api.referral.v1.StartReferralRequest;
import org.partnernet.api.referral.v1.SuggestReferralPartnersRequest;
import org.partnernet.api.referral.v1.Urgency;
import org.partnernet.api.referral.v1.VerifyReferralAuditRequest;
import org.partnernet.referral.Fixtures;
import org.partnernet.referral.ReferralHarness;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.caller.TestTokens;

/**
 * Who sees what, as a matrix: role × organisation × state × data category. The sender organisation (NGO) sends to
 * the recipient organisation (SHELTER) under a consent covering IDENTITY and NEEDS.
 */
class AccessMatrixTest {

  /** A caller: an organisation and its roles, and what it is to a referral. */
  enum Who {
    SENDER_CASEWORKER(NGO, Role.CASEWORKER),
    SENDER_ADMIN(NGO, Role.PARTNER_ADMIN),
    SENDER_INTAKE(NGO, Role.INTAKE),
    RECIPIENT_INTAKE(SHELTER, Role.INTAKE),
    RECIPIENT_ADMIN(SHELTER, Role.PARTNER_ADMIN),
    RECIPIENT_CASEWORKER(SHELTER, Role.CASEWORKER),
    RECIPIENT_TRAINER(SHELTER, Role.TRAINER),
    OTHER_CASEWORKER(SCHOOL, Role.CASEWORKER),
    OTHER_INTAKE(SCHOOL, Role.INTAKE),
    OTHER_ADMIN(SCHOOL, Role.PARTNER_ADMIN),
    COORDINATOR(COALITION, Role.COORDINATOR),
    COORDINATOR_IN_RECIPIENT_ORG(SHELTER, Role.COORDINATOR, Role.INTAKE),
    TRAINER(TRAINERS, Role.TRAINER, Role.PARTNER_ADMIN),
    NO_ORGANISATION(null, Role.CASEWORKER, Role.INTAKE);

    final String organisation;
    final String[] roles;

    Who(String organisation, String... roles) {
      this.organisation = organisation;
      this.roles = roles;
    }

    boolean sees() {
      return this == SENDER_CASEWORKER || this == SENDER_ADMIN || this == RECIPIENT_INTAKE || this == RECIPIENT_ADMIN;
    }
  }

  enum State { SENT, RECEIVED, ACCEPTED, IN_PROGRESS, COMPLETED, DECLINED, CANCELLED }

  static final String MESSAGE = "Ask for " + Fixtures.GIVEN_NAME + " at the side door";

  private static final Set<DataCategory> CONSENTED =
      Set.of(DataCategory.DATA_CATEGORY_IDENTITY, DataCategory.DATA_CATEGORY_NEEDS);

  @TempDir
  static Path data;
  static ReferralHarness service;
  static final Map<Who, ReferralServiceBlockingStub> stubs = new EnumMap<>(Who.class);
  static final Map<State, Supplier<String>> referrals = new EnumMap<>(State.class);
  static Consent consent;

  @BeforeAll
  static void start() {
    service = ReferralHarness.start(data);
    for (Who who : Who.values()) {
      stubs.put(who, service.as(TestTokens.token("user-" + who.name().toLowerCase(), who.organisation, who.roles)));
    }
    consent = stubs.get(Who.SENDER_CASEWORKER).createConsent(Fixtures.consent(service.clock.instant(),
        List.of(SHELTER, SCHOOL), CONSENTED.toArray(DataCategory[]::new))).getConsent();
    referrals.put(State.SENT, AccessMatrixTest::sent); // a fresh one each time: the recipient's read receives it
    for (State state : State.values()) {
      if (state != State.SENT) {
        String id = inState(state);
        referrals.put(state, () -> id);
      }
    }
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  /** A referral sent with a secure message from the sender waiting on it. */
  static String sent() {
    Disclosure disclosure = Fixtures.fullDisclosure().toBuilder().clearContact().clearSafety().build();
    String id = stubs.get(Who.SENDER_CASEWORKER).createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT,
        consent.getName(), disclosure)).getReferral().getId();
    stubs.get(Who.SENDER_CASEWORKER).createReferralMessage(message(id, MESSAGE));
    return id;
  }

  static CreateReferralMessageRequest message(String referral, String text) {
    return CreateReferralMessageRequest.newBuilder().setReferral(referral).setRequestId(Fixtures.requestId())
        .setMessage(ReferralMessage.newBuilder().setText(text)).build();
  }

  /** Who reads personal data (the disclosure, a message's text) and who writes messages, state by state. */
  static Status.Code personalData(Who who, State state) {
    if (!who.sees()) {
      return Status.Code.NOT_FOUND;
    } else if (who == Who.SENDER_CASEWORKER) {
      return Status.Code.OK;
    } else if (who == Who.RECIPIENT_INTAKE) {
      return Set.of(State.ACCEPTED, State.IN_PROGRESS, State.COMPLETED).contains(state)
          ? Status.Code.OK : Status.Code.FAILED_PRECONDITION;
    }
    return Status.Code.PERMISSION_DENIED;
  }

  static String inState(State state) {
    String id = sent();
    var intake = stubs.get(Who.RECIPIENT_INTAKE);
    var caseworker = stubs.get(Who.SENDER_CASEWORKER);
    switch (state) {
      case SENT -> { }
      case RECEIVED -> intake.getReferral(GetReferralRequest.newBuilder().setReferral(id).build());
      case DECLINED -> intake.declineReferral(DeclineReferralRequest.newBuilder().setReferral(id).setReason("full")
          .setRequestId(Fixtures.requestId()).build());
      case CANCELLED -> caseworker.cancelReferral(CancelReferralRequest.newBuilder().setReferral(id)
          .setReason("placed elsewhere").setRequestId(Fixtures.requestId()).build());
      default -> {
        intake.acceptReferral(AcceptReferralRequest.newBuilder().setReferral(id).setRequestId(Fixtures.requestId())
            .build());
        if (state != State.ACCEPTED) {
          intake.startReferral(StartReferralRequest.newBuilder().setReferral(id).setRequestId(Fixtures.requestId())
              .build());
        }
        if (state == State.COMPLETED) {
          intake.completeReferral(CompleteReferralRequest.newBuilder().setReferral(id)
              .setRequestId(Fixtures.requestId()).build());
        }
      }
    }
    return id;
  }

  static Stream<Arguments> everyoneInEveryState() {
    List<Arguments> cases = new ArrayList<>();
    for (Who who : Who.values()) {
      for (State state : State.values()) {
        cases.add(Arguments.of(who, state));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} reads the summary of a {1} referral")
  @MethodSource("everyoneInEveryState")
  void theSummary(Who who, State state) {
    String id = referrals.get(state).get();
    Status.Code expected = who.sees() ? Status.Code.OK : Status.Code.NOT_FOUND;
    assertThat(codeOf(() -> stubs.get(who).getReferral(GetReferralRequest.newBuilder().setReferral(id).build())))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} reads the disclosure of a {1} referral")
  @MethodSource("everyoneInEveryState")
  void theDisclosure(Who who, State state) {
    String id = referrals.get(state).get();
    Status.Code expected = personalData(who, state);
    GetReferralDisclosureResponse[] read = new GetReferralDisclosureResponse[1];
    assertThat(codeOf(() -> read[0] = stubs.get(who).getReferralDisclosure(GetReferralDisclosureRequest.newBuilder()
        .setReferral(id).setPurpose("matrix").build()))).isEqualTo(expected);
    if (expected == Status.Code.OK) {
      // consented categories only, and each of them complete
      for (DataCategory category : DataCategory.values()) {
        if (category == DataCategory.DATA_CATEGORY_UNSPECIFIED || category == DataCategory.UNRECOGNIZED) {
          continue;
        }
        assertThat(read[0].getCategoriesList().contains(category)).as(category.name())
            .isEqualTo(CONSENTED.contains(category));
      }
      Disclosure seen = read[0].getDisclosure();
      assertThat(seen.hasContact() || seen.hasSafety() || seen.hasDemographics() || seen.hasHistory()).isFalse();
      assertThat(seen.getIdentity().getFamilyName()).isEqualTo(Fixtures.FAMILY_NAME);
      assertThat(seen.getNeeds().getNotes()).isEqualTo(Fixtures.NEEDS_NOTE);
    }
  }

  @ParameterizedTest(name = "{0} reads the audit of a {1} referral")
  @MethodSource("everyoneInEveryState")
  void theAudit(Who who, State state) {
    String id = referrals.get(state).get();
    Status.Code expected = !who.sees() ? Status.Code.NOT_FOUND
        : (who == Who.SENDER_ADMIN || who == Who.RECIPIENT_ADMIN) ? Status.Code.OK : Status.Code.PERMISSION_DENIED;
    assertThat(codeOf(() -> stubs.get(who).listReferralAudit(ListReferralAuditRequest.newBuilder().setReferral(id)
        .build()))).isEqualTo(expected);
    assertThat(codeOf(() -> stubs.get(who).verifyReferralAudit(VerifyReferralAuditRequest.newBuilder()
        .setReferral(id).build()))).isEqualTo(expected);
  }

  static Stream<Who> everyone() {
    return Stream.of(Who.values());
  }

  @ParameterizedTest(name = "{0} accepts")
  @MethodSource("everyone")
  void accepting(Who who) {
    String id = sent();
    Status.Code expected = !who.sees() ? Status.Code.NOT_FOUND
        : who == Who.RECIPIENT_INTAKE ? Status.Code.OK : Status.Code.PERMISSION_DENIED;
    assertThat(codeOf(() -> stubs.get(who).acceptReferral(AcceptReferralRequest.newBuilder().setReferral(id)
        .setRequestId(Fixtures.requestId()).build()))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} cancels")
  @MethodSource("everyone")
  void cancelling(Who who) {
    String id = sent();
    Status.Code expected = !who.sees() ? Status.Code.NOT_FOUND
        : who == Who.SENDER_CASEWORKER ? Status.Code.OK : Status.Code.PERMISSION_DENIED;
    assertThat(codeOf(() -> stubs.get(who).cancelReferral(CancelReferralRequest.newBuilder().setReferral(id)
        .setReason("changed plans").setRequestId(Fixtures.requestId()).build()))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} forwards")
  @MethodSource("everyone")
  void forwarding(Who who) {
    String id = inState(State.DECLINED);
    Status.Code expected = !who.sees() ? Status.Code.NOT_FOUND
        : who == Who.SENDER_CASEWORKER ? Status.Code.OK : Status.Code.PERMISSION_DENIED;
    assertThat(codeOf(() -> stubs.get(who).forwardReferral(ForwardReferralRequest.newBuilder().setReferral(id)
        .setRecipientPartner(SCHOOL).setConsent(consent.getName()).setRequestId(Fixtures.requestId()).build())))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} reads the consent")
  @MethodSource("everyone")
  void theConsent(Who who) {
    Status.Code expected = who == Who.SENDER_CASEWORKER || who == Who.SENDER_ADMIN ? Status.Code.OK
        : Status.Code.NOT_FOUND;
    assertThat(codeOf(() -> stubs.get(who).getConsent(GetConsentRequest.newBuilder()
        .setConsent(consent.getName()).build()))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} reads the messages of a {1} referral")
  @MethodSource("everyoneInEveryState")
  void theMessages(Who who, State state) {
    String id = referrals.get(state).get();
    Status.Code expected = personalData(who, state);
    ListReferralMessagesRequest request = ListReferralMessagesRequest.newBuilder().setReferral(id).build();
    if (expected == Status.Code.OK) {
      // the sender's message, waiting since before the recipient accepted
      assertThat(stubs.get(who).listReferralMessages(request).getMessages(0).getText()).isEqualTo(MESSAGE);
    } else {
      var refused = Fixtures.failure(() -> stubs.get(who).listReferralMessages(request));
      assertThat(refused.getStatus().getCode()).isEqualTo(expected);
      assertThat(refused.toString()).doesNotContain(Fixtures.GIVEN_NAME);
    }
  }

  @ParameterizedTest(name = "{0} posts a message on a {1} referral")
  @MethodSource("everyoneInEveryState")
  void postingAMessage(Who who, State state) {
    String id = referrals.get(state).get();
    assertThat(codeOf(() -> stubs.get(who).createReferralMessage(message(id, "matrix " + who + " " + state))))
        .isEqualTo(personalData(who, state));
  }

  @ParameterizedTest(name = "{0} asks for suggested partners")
  @MethodSource("everyone")
  void suggestions(Who who) {
    String id = referrals.get(State.DECLINED).get();
    Status.Code expected = !who.sees() ? Status.Code.NOT_FOUND
        : who == Who.SENDER_CASEWORKER ? Status.Code.OK : Status.Code.PERMISSION_DENIED;
    assertThat(codeOf(() -> stubs.get(who).suggestReferralPartners(SuggestReferralPartnersRequest.newBuilder()
        .setReferral(id).build()))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} opens the survivor view")
  @MethodSource("everyone")
  void theSurvivorView(Who who) {
    // only the recording organisation's caseworkers; a caseworker elsewhere or a coordinator finds no such client,
    // other roles with an organisation are refused before anything is looked up
    Status.Code expected = who == Who.SENDER_CASEWORKER ? Status.Code.OK
        : who.organisation == null || List.of(who.roles).contains(Role.COORDINATOR)
            || List.of(who.roles).contains(Role.CASEWORKER) ? Status.Code.NOT_FOUND
        : Status.Code.PERMISSION_DENIED;
    assertThat(codeOf(() -> stubs.get(who).getSurvivorView(GetSurvivorViewRequest.newBuilder()
        .setClientId(consent.getClientId()).build()))).isEqualTo(expected);
  }

  @Test
  void unknownAndMalformedIdsAreNotFoundLikeEveryoneElses() {
    var caseworker = stubs.get(Who.SENDER_CASEWORKER);
    assertThat(codeOf(() -> caseworker.getReferral(GetReferralRequest.newBuilder()
        .setReferral("01900000-0000-7000-8000-00000000beef").build()))).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(codeOf(() -> caseworker.getReferral(GetReferralRequest.newBuilder().setReferral("../etc").build())))
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void aDisclosureBeyondTheConsentIsRefusedAndNothingStored() {
    long before = service.serviceDatabase().getCollection("referrals").countDocuments();
    var e = Fixtures.failure(() -> stubs.get(Who.SENDER_CASEWORKER).createReferral(Fixtures.referral(SHELTER,
        Urgency.URGENCY_URGENT, consent.getName(), Fixtures.fullDisclosure())));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getStatus().getDescription()).contains("CONTACT").doesNotContain(Fixtures.PHONE);
    assertThat(service.serviceDatabase().getCollection("referrals").countDocuments()).isEqualTo(before);
  }

  @Test
  void aDisclosureWithoutConsentIsRefusedButASummaryTravelsAlone() {
    var caseworker = stubs.get(Who.SENDER_CASEWORKER);
    assertThat(codeOf(() -> caseworker.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT, null,
        Fixtures.fullDisclosure())))).isEqualTo(Status.Code.INVALID_ARGUMENT);
    var summaryOnly = caseworker.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT, null, null))
        .getReferral();
    assertThat(summaryOnly.getDisclosureCategoriesList()).isEmpty();
    assertThat(codeOf(() -> caseworker.getReferralDisclosure(GetReferralDisclosureRequest.newBuilder()
        .setReferral(summaryOnly.getId()).build()))).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void aConsentNotNamingTheRecipientIsRefused() {
    var caseworker = stubs.get(Who.SENDER_CASEWORKER);
    Consent onlySchool = caseworker.createConsent(Fixtures.consent(service.clock.instant(), List.of(SCHOOL),
        DataCategory.DATA_CATEGORY_IDENTITY)).getConsent();
    assertThat(codeOf(() -> caseworker.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT,
        onlySchool.getName(), Fixtures.fullDisclosure().toBuilder().clearContact().clearNeeds().clearSafety()
            .build())))).isEqualTo(Status.Code.FAILED_PRECONDITION);
    // another organisation's consent does not exist for this caller
    var other = service.as(SCHOOL, Role.CASEWORKER);
    assertThat(codeOf(() -> other.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT,
        consent.getName(), Fixtures.fullDisclosure().toBuilder().clearContact().clearSafety().build()))))
        .isEqualTo(Status.Code.NOT_FOUND);
  }
}

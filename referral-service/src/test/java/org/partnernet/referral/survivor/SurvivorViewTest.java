package org.partnernet.referral.survivor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.referral.Fixtures.codeOf;
import static org.partnernet.referral.ReferralHarness.COALITION;
import static org.partnernet.referral.ReferralHarness.NGO;
import static org.partnernet.referral.ReferralHarness.SCHOOL;
import static org.partnernet.referral.ReferralHarness.SHELTER;

import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnernet.api.referral.v1.AcceptReferralRequest;
import org.partnernet.api.referral.v1.Consent;
import org.partnernet.api.referral.v1.ConsentState;
import org.partnernet.api.referral.v1.CreateConsentRequest;
import org.partnernet.api.referral.v1.DataCategory;
import org.partnernet.api.referral.v1.DataRead;
import org.partnernet.api.referral.v1.Disclosure;
import org.partnernet.api.referral.v1.GetReferralDisclosureRequest;
import org.partnernet.api.referral.v1.GetSurvivorViewRequest;
import org.partnernet.api.referral.v1.GetSurvivorViewResponse;
import org.partnernet.api.referral.v1.ReferralServiceGrpc.ReferralServiceBlockingStub;
import org.partnernet.api.referral.v1.ReferralState;
import org.partnernet.api.referral.v1.RevokeConsentRequest;
import org.partnernet.api.referral.v1.SharedData;
import org.partnernet.api.referral.v1.Urgency;
import org.partnernet.referral.Fixtures;
import org.partnernet.referral.ReferralHarness;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.caller.TestTokens;

/**
 * The survivor view through the real gRPC API: NGO records two consents for one client; under the first, a referral
 * to SHELTER (accepted, read by SHELTER's intake and by NGO's caseworker) and one to SCHOOL (never read).
 */
class SurvivorViewTest {

  static final String CLIENT = "client-sv-7";

  @TempDir
  static Path dir;
  static ReferralHarness service;
  static ReferralServiceBlockingStub caseworker;
  static ReferralServiceBlockingStub shelterIntake;
  static Consent first;
  static Consent second;
  static String toShelter;
  static String toSchool;

  @BeforeAll
  static void start() {
    service = ReferralHarness.start(dir);
    caseworker = service.as(TestTokens.token("cw-survivor", NGO, Role.CASEWORKER));
    shelterIntake = service.as(SHELTER, Role.INTAKE);
    first = caseworker.createConsent(consentFor(CLIENT)).getConsent();
    Disclosure identityAndNeeds = Fixtures.fullDisclosure().toBuilder().clearContact().clearSafety().build();
    toShelter = caseworker.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT, first.getName(),
        identityAndNeeds)).getReferral().getId();
    toSchool = caseworker.createReferral(Fixtures.referral(SCHOOL, Urgency.URGENCY_URGENT, first.getName(),
        identityAndNeeds.toBuilder().clearNeeds().build())).getReferral().getId();
    caseworker.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT, first.getName(), null));
    shelterIntake.acceptReferral(AcceptReferralRequest.newBuilder().setReferral(toShelter)
        .setRequestId(Fixtures.requestId()).build());
    service.clock.advance(java.time.Duration.ofMinutes(5));
    shelterIntake.getReferralDisclosure(GetReferralDisclosureRequest.newBuilder().setReferral(toShelter)
        .setPurpose("intake assessment").build());
    service.clock.advance(java.time.Duration.ofMinutes(5));
    caseworker.getReferralDisclosure(GetReferralDisclosureRequest.newBuilder().setReferral(toShelter)
        .setPurpose("case review").build());
    service.clock.advance(java.time.Duration.ofMinutes(5));
    second = caseworker.createConsent(consentFor(CLIENT)).getConsent();
    caseworker.createConsent(consentFor("someone-else"));
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  static CreateConsentRequest consentFor(String client) {
    CreateConsentRequest request = Fixtures.consent(service.clock.instant(), List.of(SHELTER, SCHOOL),
        DataCategory.DATA_CATEGORY_IDENTITY, DataCategory.DATA_CATEGORY_NEEDS);
    return request.toBuilder().setConsent(request.getConsent().toBuilder().setClientId(client)).build();
  }

  static GetSurvivorViewResponse view(ReferralServiceBlockingStub as) {
    return as.getSurvivorView(GetSurvivorViewRequest.newBuilder().setClientId(CLIENT).build());
  }

  @Test
  void showsEveryConsentNewestFirstWithWhereTheDataWentAndEveryRead() {
    var view = view(caseworker);
    assertThat(view.getClientId()).isEqualTo(CLIENT);
    assertThat(view.getConsentsList()).extracting(c -> c.getConsent().getName())
        .containsExactly(second.getName(), first.getName());
    assertThat(view.getConsents(0).getSharedList()).isEmpty();
    List<SharedData> shared = view.getConsents(1).getSharedList();
    // the summary-only referral carried no data, so it is not listed
    assertThat(shared).extracting(SharedData::getReferral)
        .containsExactly("referrals/" + toShelter, "referrals/" + toSchool);
    SharedData shelter = shared.get(0);
    assertThat(shelter.getRecipientPartner()).isEqualTo(SHELTER);
    assertThat(shelter.getState()).isEqualTo(ReferralState.REFERRAL_STATE_ACCEPTED);
    assertThat(shelter.getCategoriesList()).containsExactlyInAnyOrder(DataCategory.DATA_CATEGORY_IDENTITY,
        DataCategory.DATA_CATEGORY_NEEDS);
    assertThat(shelter.getReadsList()).extracting(DataRead::getPartner, DataRead::getPurpose)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(SHELTER, "intake assessment"),
            org.assertj.core.groups.Tuple.tuple(NGO, "case review"));
    assertThat(shelter.getReads(0).getCategoriesList()).containsExactlyInAnyOrder(
        DataCategory.DATA_CATEGORY_IDENTITY, DataCategory.DATA_CATEGORY_NEEDS);
    assertThat(shelter.getReads(0).getReadTime().getSeconds()).isLessThan(shelter.getReads(1).getReadTime()
        .getSeconds());
    assertThat(shared.get(1).getRecipientPartner()).isEqualTo(SCHOOL);
    assertThat(shared.get(1).getCategoriesList()).containsExactly(DataCategory.DATA_CATEGORY_IDENTITY);
    assertThat(shared.get(1).getReadsList()).isEmpty();
    // where the data went, never the data itself
    for (String personal : Fixtures.PERSONAL_DATA) {
      assertThat(view.toString()).doesNotContain(personal);
    }
  }

  @Test
  void anotherOrganisationsCaseworkerAndCoordinatorsFindNothing() {
    assertThat(codeOf(() -> view(service.as(SCHOOL, Role.CASEWORKER)))).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(codeOf(() -> view(service.as(SHELTER, Role.CASEWORKER, Role.INTAKE))))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(codeOf(() -> view(service.as(COALITION, Role.COORDINATOR)))).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(codeOf(() -> view(service.as(NGO, Role.COORDINATOR, Role.CASEWORKER))))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(codeOf(() -> view(service.as(TestTokens.token("nobody", null, Role.CASEWORKER)))))
        .isEqualTo(Status.Code.NOT_FOUND);
    assertThat(codeOf(() -> caseworker.getSurvivorView(GetSurvivorViewRequest.newBuilder()
        .setClientId("never-recorded").build()))).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void otherRolesOfTheOrganisationAreRefused() {
    for (String role : List.of(Role.PARTNER_ADMIN, Role.INTAKE)) {
      assertThat(codeOf(() -> view(service.as(NGO, role)))).isEqualTo(Status.Code.PERMISSION_DENIED);
    }
  }

  @Test
  void aMissingClientIdIsInvalid() {
    var e = Fixtures.failure(() -> caseworker.getSurvivorView(GetSurvivorViewRequest.getDefaultInstance()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(StatusProto.fromThrowable(e).toString()).contains("client_id");
  }

  @Nested
  class RevokingFromTheView {
    @Test
    void revokesTheConsentItShowsAndTheDataIsShredded() {
      ReferralServiceBlockingStub own = service.as(TestTokens.token("cw-survivor-2", NGO, Role.CASEWORKER));
      String client = "client-sv-revoke";
      Consent consent = own.createConsent(consentFor(client)).getConsent();
      own.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT, consent.getName(),
          Fixtures.fullDisclosure().toBuilder().clearContact().clearSafety().build()));
      var before = own.getSurvivorView(GetSurvivorViewRequest.newBuilder().setClientId(client).build());
      own.revokeConsent(RevokeConsentRequest.newBuilder().setConsent(before.getConsents(0).getConsent().getName())
          .setRequestId(Fixtures.requestId()).build());
      var after = own.getSurvivorView(GetSurvivorViewRequest.newBuilder().setClientId(client).build());
      assertThat(after.getConsents(0).getConsent().getState()).isEqualTo(ConsentState.CONSENT_STATE_REVOKED);
      assertThat(after.getConsents(0).getShared(0).getShredded()).isTrue();
      assertThat(after.getConsents(0).getShared(0).getState())
          .isEqualTo(ReferralState.REFERRAL_STATE_CONSENT_REVOKED);
    }
  }
}

package org.partnernet.directory.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.partnernet.directory.RunningDirectory.codeOf;

import com.google.protobuf.FieldMask;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnernet.api.directory.v1.ApprovePartnerRequest;
import org.partnernet.api.directory.v1.CapacityStatus;
import org.partnernet.api.directory.v1.SearchServicesRequest;
import org.partnernet.api.directory.v1.MemberRole;
import org.partnernet.api.directory.v1.InviteMemberRequest;
import org.partnernet.api.directory.v1.GetMeResponse;
import org.partnernet.api.directory.v1.GetMeRequest;
import org.partnernet.api.directory.v1.ArchivePartnerRequest;
import org.partnernet.api.directory.v1.CheckReferralRecipientRequest;
import org.partnernet.api.directory.v1.GetPartnerRequest;
import org.partnernet.api.directory.v1.GetPartnerStatusRequest;
import org.partnernet.api.directory.v1.ListPartnersRequest;
import org.partnernet.api.directory.v1.Partner;
import org.partnernet.api.directory.v1.PartnerKind;
import org.partnernet.api.directory.v1.PartnerStatus;
import org.partnernet.api.directory.v1.RegisterPartnerRequest;
import org.partnernet.api.directory.v1.SuspendPartnerRequest;
import org.partnernet.api.directory.v1.UpdateCapacityRequest;
import org.partnernet.api.directory.v1.UpdatePartnerRequest;
import org.partnernet.directory.Fixtures;
import org.partnernet.directory.RunningDirectory;
import org.partnernet.servicekit.caller.Role;

/** Register → approve → update → capacity → suspend, with who may do each, through the real gRPC API. */
class PartnerLifecycleTest {

  @TempDir
  static Path data;
  static RunningDirectory directory;
  static final String COORDINATION = "01900000-0000-7000-8000-000000000006";

  @BeforeAll
  static void start() {
    directory = RunningDirectory.start(data);
  }

  @AfterAll
  static void stop() {
    directory.close();
  }

  static Partner register(String org, Partner partner) {
    return directory.as(org, Role.PARTNER_ADMIN).registerPartner(RegisterPartnerRequest.newBuilder()
        .setPartner(partner).build()).getPartner();
  }

  static Partner approve(String id) {
    return directory.as(COORDINATION, Role.COORDINATOR)
        .approvePartner(ApprovePartnerRequest.newBuilder().setPartner(id).build()).getPartner();
  }

  @Nested
  class Registering {

    @Test
    void aPartnerAdminRegistersTheirOwnOrganisationAsPending() {
      String org = Fixtures.newOrg();
      Partner registered = register(org, Fixtures.shelter("Harbor Test House"));
      assertThat(registered.getId()).isEqualTo(org);
      assertThat(registered.getStatus()).isEqualTo(PartnerStatus.PARTNER_STATUS_PENDING);
      assertThat(registered.getNetworkId()).isEqualTo("demo");
      assertThat(registered.getVersion()).isEqualTo(1);
      assertThat(registered.getServices(0).getId()).hasSize(36);
      assertThat(registered.getLocations(0).getAddress().getLinesList()).containsExactly("12 Hidden Lane");
    }

    @Test
    void aRetriedRegistrationReturnsTheFirstResult() {
      var stub = directory.asUser("user-retry", null);
      var request = RegisterPartnerRequest.newBuilder().setPartner(Fixtures.legalAid("Retry Legal"))
          .setRequestId("req-123").build();
      Partner first = stub.registerPartner(request).getPartner();
      Partner again = stub.registerPartner(request).getPartner();
      assertThat(again.getId()).isEqualTo(first.getId());
      assertThat(again.getCreateTime()).isEqualTo(first.getCreateTime());
    }

    @Test
    void registeringTheSameOrganisationTwiceIsAlreadyExists() {
      String org = Fixtures.newOrg();
      register(org, Fixtures.legalAid("Twice"));
      assertThat(codeOf(() -> register(org, Fixtures.legalAid("Twice")))).isEqualTo(Status.Code.ALREADY_EXISTS);
    }

    @Test
    void anotherOrganisationsIdIsRefused() {
      String mine = Fixtures.newOrg();
      String theirs = Fixtures.newOrg();
      assertThat(codeOf(() -> directory.as(mine, Role.PARTNER_ADMIN).registerPartner(RegisterPartnerRequest
          .newBuilder().setPartner(Fixtures.legalAid("Not mine").toBuilder().setId(theirs)).build())))
          .isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void aLowerRoleOfAnOrganisationCannotRegisterIt() {
      assertThat(codeOf(() -> directory.as(Fixtures.newOrg(), Role.CASEWORKER).registerPartner(
          RegisterPartnerRequest.newBuilder().setPartner(Fixtures.legalAid("Caseworker's")).build())))
          .isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void badInputNamesEveryField() throws Exception {
      Partner bad = Fixtures.shelter("").toBuilder().setWebsite("javascript:alert(1)").setEmail("nope")
          .setLocations(0, Fixtures.shelter("x").getLocations(0).toBuilder()
              .setPoint(org.partnernet.api.type.v1.GeoPoint.newBuilder().setLatitude(123).setLongitude(0)))
          .setServices(0, Fixtures.shelter("x").getServices(0).toBuilder().clearTaxonomyCodes().addTaxonomyCodes("x"))
          .build();
      try {
        register(Fixtures.newOrg(), bad);
        throw new AssertionError("accepted");
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        BadRequest details = StatusProto.fromThrowable(e).getDetailsList().stream()
            .filter(d -> d.is(BadRequest.class)).findFirst().orElseThrow().unpack(BadRequest.class);
        assertThat(details.getFieldViolationsList()).extracting(BadRequest.FieldViolation::getField)
            .contains("partner.name", "partner.website", "partner.email", "partner.locations[0].point.latitude",
                "partner.services[0].taxonomy_codes");
      }
    }
  }

  @Nested
  class Vetting {

    @Test
    void aCoordinatorApprovesWithAYearlyReview() {
      String org = Fixtures.newOrg();
      register(org, Fixtures.shelter("To approve"));
      Partner approved = approve(org);
      assertThat(approved.getStatus()).isEqualTo(PartnerStatus.PARTNER_STATUS_ACTIVE);
      assertThat(approved.getVerification().getNextReviewTime().getSeconds()
          - approved.getVerification().getVerifyTime().getSeconds()).isBetween(365L * 86400, 366L * 86400);
      assertThat(directory.as(org, Role.CASEWORKER).getPartnerStatus(GetPartnerStatusRequest.newBuilder()
          .setPartner(org).build()).getStatus()).isEqualTo(PartnerStatus.PARTNER_STATUS_ACTIVE);
    }

    @Test
    void onlyCoordinatorsApproveOrSuspend() {
      String org = Fixtures.newOrg();
      register(org, Fixtures.shelter("Self-approving"));
      assertThat(codeOf(() -> directory.as(org, Role.PARTNER_ADMIN).approvePartner(
          ApprovePartnerRequest.newBuilder().setPartner(org).build()))).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(codeOf(() -> directory.as(Fixtures.newOrg(), Role.PARTNER_ADMIN, Role.INTAKE).suspendPartner(
          SuspendPartnerRequest.newBuilder().setPartner(org).setReason("x").build())))
          .isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void suspensionNeedsAReasonAndStopsReferrals() {
      String org = Fixtures.newOrg();
      register(org, Fixtures.shelter("To suspend"));
      approve(org);
      var coordinator = directory.as(COORDINATION, Role.COORDINATOR);
      assertThat(codeOf(() -> coordinator.suspendPartner(SuspendPartnerRequest.newBuilder().setPartner(org).build())))
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
      Partner suspended = coordinator.suspendPartner(SuspendPartnerRequest.newBuilder().setPartner(org)
          .setReason("complaint under review").build()).getPartner();
      assertThat(suspended.getStatus()).isEqualTo(PartnerStatus.PARTNER_STATUS_SUSPENDED);
      var check = directory.as(Fixtures.newOrg(), Role.CASEWORKER).checkReferralRecipient(
          CheckReferralRecipientRequest.newBuilder().setPartner(org).addTaxonomyCodes("housing").build());
      assertThat(check.getAcceptsReferrals()).isFalse();
      assertThat(check.getStatus()).isEqualTo(PartnerStatus.PARTNER_STATUS_SUSPENDED);
      // hidden from other organisations, visible to itself
      assertThat(codeOf(() -> directory.as(Fixtures.newOrg(), Role.CASEWORKER)
          .getPartner(GetPartnerRequest.newBuilder().setPartner(org).build()))).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(codeOf(() -> directory.as(org, Role.INTAKE)
          .getPartner(GetPartnerRequest.newBuilder().setPartner(org).build()))).isEqualTo(Status.Code.OK);
    }

    @Test
    void coordinatorsListPendingAndDueForReview() {
      String org = Fixtures.newOrg();
      register(org, Fixtures.legalAid("Pending listing"));
      var coordinator = directory.as(COORDINATION, Role.COORDINATOR);
      var pending = coordinator.listPartners(ListPartnersRequest.newBuilder()
          .setStatus(PartnerStatus.PARTNER_STATUS_PENDING).setPageSize(100).build());
      assertThat(pending.getPartnersList()).extracting(Partner::getId).contains(org);
      assertThat(pending.getPartnersList()).allMatch(p -> p.getStatus() == PartnerStatus.PARTNER_STATUS_PENDING);
      // nobody approved today is due
      approve(org);
      var due = coordinator.listPartners(ListPartnersRequest.newBuilder().setDueForReview(true).build());
      assertThat(due.getPartnersList()).extracting(Partner::getId).doesNotContain(org);
      // others never see pending registrations
      var seenByOthers = directory.as(Fixtures.newOrg(), Role.CASEWORKER).listPartners(ListPartnersRequest.newBuilder()
          .setStatus(PartnerStatus.PARTNER_STATUS_PENDING).setPageSize(100).build());
      assertThat(seenByOthers.getPartnersList()).allMatch(p -> p.getStatus() == PartnerStatus.PARTNER_STATUS_ACTIVE);
    }

    @Test
    void listsArePaginated() {
      for (int i = 0; i < 3; i++) {
        String org = Fixtures.newOrg();
        register(org, Fixtures.legalAid("Paged " + i));
        approve(org);
      }
      var stub = directory.as(Fixtures.newOrg(), Role.CASEWORKER);
      var first = stub.listPartners(ListPartnersRequest.newBuilder().setPageSize(2).build());
      assertThat(first.getPartnersCount()).isEqualTo(2);
      assertThat(first.getNextPageToken()).isNotEmpty();
      var second = stub.listPartners(ListPartnersRequest.newBuilder().setPageSize(2)
          .setPageToken(first.getNextPageToken()).build());
      assertThat(second.getPartnersList()).extracting(Partner::getId)
          .doesNotContainAnyElementsOf(first.getPartnersList().stream().map(Partner::getId).toList());
      assertThat(codeOf(() -> stub.listPartners(ListPartnersRequest.newBuilder().setPageSize(3)
          .setPageToken(first.getNextPageToken()).build()))).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
  }

  @Nested
  class Updating {

    @Test
    void theOwnAdminChangesMaskedFieldsOnly() {
      String org = Fixtures.newOrg();
      Partner registered = register(org, Fixtures.shelter("Before"));
      Partner updated = directory.as(org, Role.PARTNER_ADMIN).updatePartner(UpdatePartnerRequest.newBuilder()
          .setPartner(org).setUpdate(Partner.newBuilder().setName("After").setDescription("ignored")
              .setVersion(registered.getVersion()))
          .setUpdateMask(FieldMask.newBuilder().addPaths("name")).build()).getPartner();
      assertThat(updated.getName()).isEqualTo("After");
      assertThat(updated.getDescription()).isEqualTo(registered.getDescription());
      assertThat(updated.getVersion()).isEqualTo(registered.getVersion() + 1);
    }

    @Test
    void aStaleVersionIsAborted() {
      String org = Fixtures.newOrg();
      Partner registered = register(org, Fixtures.shelter("Contended"));
      var admin = directory.as(org, Role.PARTNER_ADMIN);
      UpdatePartnerRequest edit = UpdatePartnerRequest.newBuilder().setPartner(org)
          .setUpdate(Partner.newBuilder().setName("First edit").setVersion(registered.getVersion()))
          .setUpdateMask(FieldMask.newBuilder().addPaths("name")).build();
      admin.updatePartner(edit);
      assertThat(codeOf(() -> admin.updatePartner(edit.toBuilder()
          .setUpdate(edit.getUpdate().toBuilder().setName("Second edit")).build()))).isEqualTo(Status.Code.ABORTED);
      assertThat(admin.getPartner(GetPartnerRequest.newBuilder().setPartner(org).build()).getPartner().getName())
          .isEqualTo("First edit");
    }

    @Test
    void otherOrganisationsAndLowerRolesCannot() {
      String org = Fixtures.newOrg();
      Partner registered = register(org, Fixtures.shelter("Guarded"));
      UpdatePartnerRequest edit = UpdatePartnerRequest.newBuilder().setPartner(org)
          .setUpdate(Partner.newBuilder().setName("Hijacked").setVersion(registered.getVersion()))
          .setUpdateMask(FieldMask.newBuilder().addPaths("name")).build();
      assertThat(codeOf(() -> directory.as(Fixtures.newOrg(), Role.PARTNER_ADMIN).updatePartner(edit)))
          .isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(codeOf(() -> directory.as(org, Role.INTAKE, Role.CASEWORKER).updatePartner(edit)))
          .isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(codeOf(() -> directory.as(COORDINATION, Role.COORDINATOR).updatePartner(edit)))
          .isEqualTo(Status.Code.OK);
    }

    @Test
    void outputOnlyPathsAreRefused() {
      String org = Fixtures.newOrg();
      Partner registered = register(org, Fixtures.shelter("Masked"));
      assertThat(codeOf(() -> directory.as(org, Role.PARTNER_ADMIN).updatePartner(UpdatePartnerRequest.newBuilder()
          .setPartner(org).setUpdate(Partner.newBuilder().setStatus(PartnerStatus.PARTNER_STATUS_ACTIVE)
              .setVersion(registered.getVersion()))
          .setUpdateMask(FieldMask.newBuilder().addPaths("status")).build()))).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
  }

  @Nested
  class Capacity {

    @Test
    void intakeStaffReportCapacityStampedWithTime() {
      String org = Fixtures.newOrg();
      Partner registered = register(org, Fixtures.shelter("Beds"));
      String service = registered.getServices(0).getId();
      var reported = directory.as(org, Role.INTAKE).updateCapacity(UpdateCapacityRequest.newBuilder()
          .setPartner(org).setService(service).setCapacity(Fixtures.beds(12, 3)).build()).getCapacity();
      assertThat(reported.getAvailable()).isEqualTo(3);
      assertThat(reported.getUpdateTime().getSeconds()).isPositive();
      Partner read = directory.as(org, Role.INTAKE).getPartner(GetPartnerRequest.newBuilder().setPartner(org).build())
          .getPartner();
      assertThat(read.getServices(0).getCapacity().getStatus()).isEqualTo(CapacityStatus.CAPACITY_STATUS_AVAILABLE);
      // a profile edit keeps the reported capacity and does not conflict with it
      Partner edited = directory.as(org, Role.PARTNER_ADMIN).updatePartner(UpdatePartnerRequest.newBuilder()
          .setPartner(org).setUpdate(read.toBuilder().setDescription("Updated"))
          .setUpdateMask(FieldMask.newBuilder().addPaths("services").addPaths("description")).build()).getPartner();
      assertThat(edited.getServices(0).getCapacity().getAvailable()).isEqualTo(3);
    }

    /** JSON may carry any enum number; one the API does not define is refused, not a 500 (found by FuzzIT). */
    @Test
    void aStatusNumberTheApiDoesNotDefineIsRefusedNamingTheField() {
      String org = Fixtures.newOrg();
      Partner registered = register(org, Fixtures.shelter("Odd beds"));
      UpdateCapacityRequest report = UpdateCapacityRequest.newBuilder().setPartner(org)
          .setService(registered.getServices(0).getId())
          .setCapacity(Fixtures.beds(10, 2).toBuilder().setStatusValue(Integer.MAX_VALUE)).build();
      var refused = catchThrowableOfType(io.grpc.StatusRuntimeException.class,
          () -> directory.as(org, Role.INTAKE).updateCapacity(report));
      assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(refused.getStatus().getDescription()).contains("capacity.status");
    }

    @Test
    void onlyTheOwnOrganisationsIntakeOrAdminMayReport() {
      String org = Fixtures.newOrg();
      Partner registered = register(org, Fixtures.shelter("Guarded beds"));
      UpdateCapacityRequest report = UpdateCapacityRequest.newBuilder().setPartner(org)
          .setService(registered.getServices(0).getId()).setCapacity(Fixtures.beds(10, 10)).build();
      assertThat(codeOf(() -> directory.as(Fixtures.newOrg(), Role.INTAKE).updateCapacity(report)))
          .isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(codeOf(() -> directory.as(org, Role.CASEWORKER).updateCapacity(report)))
          .isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(codeOf(() -> directory.as(COORDINATION, Role.COORDINATOR).updateCapacity(report)))
          .isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(codeOf(() -> directory.as(org, Role.PARTNER_ADMIN).updateCapacity(report)))
          .isEqualTo(Status.Code.OK);
      assertThat(codeOf(() -> directory.as(org, Role.INTAKE).updateCapacity(report.toBuilder()
          .setService(Fixtures.newOrg()).build()))).isEqualTo(Status.Code.NOT_FOUND);
    }
  }

  @Nested
  class ConfidentialLocations {

    @Test
    void onlyTheOwnOrganisationSeesTheStreetAndExactPoint() {
      String org = Fixtures.newOrg();
      Partner registered = register(org, Fixtures.shelter("Hidden"));
      approve(org);
      var own = directory.as(org, Role.INTAKE).getPartner(GetPartnerRequest.newBuilder().setPartner(org).build())
          .getPartner().getLocations(0);
      assertThat(own.getAddress().getLinesList()).containsExactly("12 Hidden Lane");
      assertThat(own.getRedacted()).isFalse();
      assertThat(own.getPoint()).isEqualTo(registered.getLocations(0).getPoint());

      for (var other : java.util.List.of(directory.as(Fixtures.newOrg(), Role.CASEWORKER),
          directory.as(COORDINATION, Role.COORDINATOR))) {
        var seen = other.getPartner(GetPartnerRequest.newBuilder().setPartner(org).build()).getPartner().getLocations(0);
        assertThat(seen.getRedacted()).isTrue();
        assertThat(seen.getAddress().getLinesList()).isEmpty();
        assertThat(seen.getAddress().getPostalCode()).isEmpty();
        assertThat(seen.getAddress().getLocality()).isEqualTo("Riverton");
        assertThat(seen.getPoint().getLatitude()).isNotEqualTo(own.getPoint().getLatitude());
        assertThat(Math.abs(seen.getPoint().getLatitude() - own.getPoint().getLatitude())).isLessThan(0.03);
        assertThat(seen.toString()).doesNotContain("Hidden Lane", "44101");
      }
    }
  }

  @Test
  void referralRecipientCheckNamesUnmatchedServices() {
    String org = Fixtures.newOrg();
    register(org, Fixtures.legalAid("Recipient"));
    var caseworker = directory.as(Fixtures.newOrg(), Role.CASEWORKER);
    var pending = caseworker.checkReferralRecipient(CheckReferralRecipientRequest.newBuilder().setPartner(org)
        .addTaxonomyCodes("legal").build());
    assertThat(pending.getAcceptsReferrals()).isFalse();
    approve(org);
    var active = caseworker.checkReferralRecipient(CheckReferralRecipientRequest.newBuilder().setPartner(org)
        .addTaxonomyCodes("legal").addTaxonomyCodes("housing.emergency-shelter").build());
    assertThat(active.getAcceptsReferrals()).isFalse();
    assertThat(active.getUnmatchedTaxonomyCodesList()).containsExactly("housing.emergency-shelter");
    assertThat(caseworker.checkReferralRecipient(CheckReferralRecipientRequest.newBuilder().setPartner(org)
        .addTaxonomyCodes("legal.immigration").build()).getAcceptsReferrals()).isTrue();
    assertThat(codeOf(() -> caseworker.checkReferralRecipient(CheckReferralRecipientRequest.newBuilder()
        .setPartner(Fixtures.newOrg()).build()))).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Nested
  class Archiving {

    static boolean searchFinds(String word, String partnerId) {
      return directory.as(Fixtures.newOrg(), Role.CASEWORKER).searchServices(SearchServicesRequest.newBuilder()
          .setQuery(word).setPageSize(50).build()).getMatchesList().stream()
          .anyMatch(m -> m.getPartnerId().equals(partnerId));
    }

    @Test
    void anArchivedPartnerLeavesSearchAndListsButTheCoordinatorStillReadsIt() throws Exception {
      String org = Fixtures.newOrg();
      String word = "Archivable" + org.substring(org.length() - 6).replaceAll("[^a-z0-9]", "");
      register(org, Fixtures.legalAid(word + " Legal"));
      approve(org);
      RunningDirectory.within(java.time.Duration.ofSeconds(5), () -> searchFinds(word, org));

      var coordinator = directory.as(COORDINATION, Role.COORDINATOR);
      Partner archived = coordinator.archivePartner(ArchivePartnerRequest.newBuilder().setPartner(org)
          .setReason("merged into another organisation").build()).getPartner();
      assertThat(archived.getStatus()).isEqualTo(PartnerStatus.PARTNER_STATUS_ARCHIVED);
      assertThat(archived.getStatusReason()).isEqualTo("merged into another organisation");

      RunningDirectory.within(java.time.Duration.ofSeconds(5), () -> !searchFinds(word, org));
      var everyStatus = coordinator.listPartners(ListPartnersRequest.newBuilder().setPageSize(100).build());
      assertThat(everyStatus.getPartnersList()).extracting(Partner::getId).doesNotContain(org);
      assertThat(everyStatus.getPartnersList()).noneMatch(p -> p.getStatus() == PartnerStatus.PARTNER_STATUS_ARCHIVED);
      assertThat(coordinator.listPartners(ListPartnersRequest.newBuilder().setPageSize(100)
          .setStatus(PartnerStatus.PARTNER_STATUS_ARCHIVED).build()).getPartnersList()).extracting(Partner::getId)
          .contains(org);
      assertThat(coordinator.getPartner(GetPartnerRequest.newBuilder().setPartner(org).build()).getPartner()
          .getStatus()).isEqualTo(PartnerStatus.PARTNER_STATUS_ARCHIVED);
      assertThat(codeOf(() -> directory.as(Fixtures.newOrg(), Role.CASEWORKER)
          .getPartner(GetPartnerRequest.newBuilder().setPartner(org).build()))).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(directory.as(Fixtures.newOrg(), Role.CASEWORKER).listPartners(ListPartnersRequest.newBuilder()
          .setPageSize(100).setStatus(PartnerStatus.PARTNER_STATUS_ARCHIVED).build()).getPartnersList())
          .extracting(Partner::getId).doesNotContain(org);
    }

    @Test
    void archivingIsFinal() {
      String org = Fixtures.newOrg();
      register(org, Fixtures.legalAid("Archived for good"));
      var coordinator = directory.as(COORDINATION, Role.COORDINATOR);
      coordinator.archivePartner(ArchivePartnerRequest.newBuilder().setPartner(org).setReason("closed").build());
      assertThat(codeOf(() -> approve(org))).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(codeOf(() -> coordinator.archivePartner(ArchivePartnerRequest.newBuilder().setPartner(org)
          .setReason("again").build()))).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(codeOf(() -> coordinator.suspendPartner(SuspendPartnerRequest.newBuilder().setPartner(org)
          .setReason("again").build()))).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }

    @Test
    void onlyCoordinatorsArchiveAndAReasonIsRequired() {
      String org = Fixtures.newOrg();
      register(org, Fixtures.legalAid("Not archived"));
      approve(org);
      var request = ArchivePartnerRequest.newBuilder().setPartner(org).setReason("leaving").build();
      assertThat(codeOf(() -> directory.as(org, Role.PARTNER_ADMIN).archivePartner(request)))
          .isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(codeOf(() -> directory.as(Fixtures.newOrg(), Role.PARTNER_ADMIN, Role.CASEWORKER,
          Role.INTAKE, Role.TRAINER).archivePartner(request))).isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(codeOf(() -> directory.as(COORDINATION, Role.COORDINATOR).archivePartner(request.toBuilder()
          .clearReason().build()))).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(codeOf(() -> directory.as(COORDINATION, Role.COORDINATOR).archivePartner(request.toBuilder()
          .setPartner(Fixtures.newOrg()).build()))).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(directory.as(org, Role.INTAKE).getPartner(GetPartnerRequest.newBuilder().setPartner(org).build())
          .getPartner().getStatus()).isEqualTo(PartnerStatus.PARTNER_STATUS_ACTIVE);
    }
  }

  @Nested
  class Me {

    @Test
    void aMemberSeesTheirRolesAndOrganisationAndNothingPersonal() {
      String org = Fixtures.newOrg();
      register(org, Fixtures.shelter("Who Am I Shelter"));
      approve(org);
      GetMeResponse me = directory.asUser("user-me-1", org, Role.INTAKE, "offline_access")
          .getMe(GetMeRequest.getDefaultInstance());
      assertThat(me.getRolesList()).containsExactly(Role.INTAKE);
      assertThat(me.getOrganisationId()).isEqualTo(org);
      assertThat(me.getOrganisationName()).isEqualTo("Who Am I Shelter");
      assertThat(me.getPartnerKind()).isEqualTo(PartnerKind.PARTNER_KIND_SHELTER);
      assertThat(me.getPartnerStatus()).isEqualTo(PartnerStatus.PARTNER_STATUS_ACTIVE);
      assertThat(me.toString()).doesNotContain("user-me-1");
    }

    @Test
    void aPendingOrganisationShowsItsStatusToItsMembers() {
      String org = Fixtures.newOrg();
      register(org, Fixtures.legalAid("Pending Me"));
      GetMeResponse me = directory.as(org, Role.PARTNER_ADMIN).getMe(GetMeRequest.getDefaultInstance());
      assertThat(me.getPartnerStatus()).isEqualTo(PartnerStatus.PARTNER_STATUS_PENDING);
      assertThat(me.getOrganisationName()).isEqualTo("Pending Me");
    }

    @Test
    void aPersonWithoutOrganisationOrAnOrganisationThatIsNoPartnerGetsRolesOnly() {
      GetMeResponse newcomer = directory.asUser("user-me-2", null).getMe(GetMeRequest.getDefaultInstance());
      assertThat(newcomer.getRolesList()).isEmpty();
      assertThat(newcomer.getOrganisationId()).isEmpty();
      assertThat(newcomer.getPartnerStatus()).isEqualTo(PartnerStatus.PARTNER_STATUS_UNSPECIFIED);
      String unknown = Fixtures.newOrg();
      GetMeResponse stranger = directory.as(unknown, Role.COORDINATOR).getMe(GetMeRequest.getDefaultInstance());
      assertThat(stranger.getRolesList()).containsExactly(Role.COORDINATOR);
      assertThat(stranger.getOrganisationId()).isEqualTo(unknown);
      assertThat(stranger.getOrganisationName()).isEmpty();
    }

    @Test
    void noTokenNoAnswer() {
      assertThat(codeOf(() -> directory.anonymous().getMe(GetMeRequest.getDefaultInstance())))
          .isEqualTo(Status.Code.UNAUTHENTICATED);
    }
  }

  @Nested
  class Inviting {

    @Test
    void onlyTheOrganisationsOwnPartnerAdminInvites() {
      String org = Fixtures.newOrg();
      register(org, Fixtures.legalAid("Inviting org"));
      approve(org);
      var request = InviteMemberRequest.newBuilder().setPartner(org).setEmail("staff@inviting.localhost")
          .setRole(MemberRole.MEMBER_ROLE_INTAKE).build();
      assertThat(codeOf(() -> directory.as(org, Role.INTAKE, Role.CASEWORKER).inviteMember(request)))
          .isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(codeOf(() -> directory.as(Fixtures.newOrg(), Role.PARTNER_ADMIN).inviteMember(request)))
          .isEqualTo(Status.Code.PERMISSION_DENIED);
      assertThat(codeOf(() -> directory.as(COORDINATION, Role.COORDINATOR).inviteMember(request)))
          .isEqualTo(Status.Code.PERMISSION_DENIED);
      // this deployment does not manage accounts (no Keycloak administration): refused, never pretended
      assertThat(codeOf(() -> directory.as(org, Role.PARTNER_ADMIN).inviteMember(request)))
          .isEqualTo(Status.Code.FAILED_PRECONDITION);
    }

    @Test
    void badInputNamesTheFields() throws Exception {
      String org = Fixtures.newOrg();
      try {
        directory.as(org, Role.PARTNER_ADMIN).inviteMember(InviteMemberRequest.newBuilder().setPartner(org)
            .setEmail("not an address").build());
        throw new AssertionError("accepted");
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        BadRequest details = StatusProto.fromThrowable(e).getDetailsList().stream()
            .filter(d -> d.is(BadRequest.class)).findFirst().orElseThrow().unpack(BadRequest.class);
        assertThat(details.getFieldViolationsList()).extracting(BadRequest.FieldViolation::getField)
            .containsExactlyInAnyOrder("email", "role");
        assertThat(e.getStatus().getDescription()).doesNotContain("not an address");
      }
    }

    @Test
    void aPendingPartnerCannotInviteYet() {
      String org = Fixtures.newOrg();
      register(org, Fixtures.legalAid("Pending inviter"));
      assertThat(codeOf(() -> directory.as(org, Role.PARTNER_ADMIN).inviteMember(InviteMemberRequest.newBuilder()
          .setPartner(org).setEmail("a@b.localhost").setRole(MemberRole.MEMBER_ROLE_CASEWORKER).build())))
          .isEqualTo(Status.Code.FAILED_PRECONDITION);
    }
  }

  @Nested
  class Registrant {

    static String registrantOf(String id) {
      return directory.bean(Partners.class).find(id).orElseThrow().registrantUserId();
    }

    @Test
    void onlyAPersonWithoutOrganisationBecomesTheRegistrant() {
      String selfRegistered = directory.asUser("newcomer-1", null).registerPartner(RegisterPartnerRequest.newBuilder()
          .setPartner(Fixtures.legalAid("Newcomer's org")).build()).getPartner().getId();
      assertThat(registrantOf(selfRegistered)).isEqualTo("newcomer-1");

      String byCoordinator = directory.asUser("coordinator-1", COORDINATION, Role.COORDINATOR).registerPartner(
          RegisterPartnerRequest.newBuilder().setPartner(Fixtures.legalAid("Registered for them")).build())
          .getPartner().getId();
      assertThat(registrantOf(byCoordinator)).as("approval must not make the coordinator its partner-admin").isNull();

      String org = Fixtures.newOrg();
      directory.asUser("admin-1", org, Role.PARTNER_ADMIN).registerPartner(RegisterPartnerRequest.newBuilder()
          .setPartner(Fixtures.legalAid("Already a member")).build());
      assertThat(registrantOf(org)).isNull();
    }
  }
}

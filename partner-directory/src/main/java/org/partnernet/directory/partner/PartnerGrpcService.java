package org.partnernet.directory.partner;

import io.grpc.stub.StreamObserver;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import org.partnernet.api.directory.v1.*;
import org.partnernet.directory.search.SearchResult;
import org.partnernet.directory.search.SearchingServices;
import org.partnernet.directory.taxonomy.Taxonomy;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.error.Violations;

/** Translates the directory's gRPC API to its use cases (proto ⇄ domain only). */
@org.springframework.stereotype.Service
class PartnerGrpcService extends PartnerDirectoryServiceGrpc.PartnerDirectoryServiceImplBase {

  private final RegisteringPartner registering;
  private final UpdatingPartner updating;
  private final VettingPartners vetting;
  private final ReportingCapacity capacity;
  private final FindingPartners finding;
  private final SearchingServices searching;
  private final Taxonomy taxonomy;
  private final HsdsEndpoints hsds;
  private final InvitingMembers inviting;

  PartnerGrpcService(RegisteringPartner registering, UpdatingPartner updating, VettingPartners vetting,
                     ReportingCapacity capacity, FindingPartners finding, SearchingServices searching,
                     Taxonomy taxonomy, HsdsEndpoints hsds, InvitingMembers inviting) {
    this.inviting = inviting;
    this.registering = registering;
    this.updating = updating;
    this.vetting = vetting;
    this.capacity = capacity;
    this.finding = finding;
    this.searching = searching;
    this.taxonomy = taxonomy;
    this.hsds = hsds;
  }

  @Override
  public void registerPartner(RegisterPartnerRequest request, StreamObserver<RegisterPartnerResponse> response) {
    Partner partner = registering.register(Caller.current(), request.getPartner().getId(),
        ProtoMapping.profile(request.getPartner()), request.getRequestId());
    reply(response, RegisterPartnerResponse.newBuilder()
        .setPartner(ProtoMapping.toProto(partner.seenBy(Caller.current().organisationId()))).build());
  }

  @Override
  public void getPartner(GetPartnerRequest request, StreamObserver<GetPartnerResponse> response) {
    Partner partner = finding.get(Caller.current(), request.getPartner());
    reply(response, GetPartnerResponse.newBuilder().setPartner(ProtoMapping.toProto(partner)).build());
  }

  @Override
  public void listPartners(ListPartnersRequest request, StreamObserver<ListPartnersResponse> response) {
    Violations v = new Violations();
    v.check(request.getPageSize() >= 0, "page_size", "must not be negative");
    int pageSize = request.getPageSize() == 0 ? FindingPartners.DEFAULT_PAGE
        : Math.min(request.getPageSize(), FindingPartners.MAX_PAGE);
    String filter = request.getStatus().getNumber() + "|" + request.getKind().getNumber() + "|"
        + request.getDueForReview() + "|" + pageSize;
    int offset = PageTokens.offset(request.getPageToken(), "p1", filter, v);
    v.throwIfAny();
    FindingPartners.Page page = finding.list(Caller.current(), ProtoMapping.status(request.getStatus()),
        ProtoMapping.kind(request.getKind()), request.getDueForReview(), offset, pageSize);
    var out = ListPartnersResponse.newBuilder();
    page.partners().forEach(p -> out.addPartners(ProtoMapping.toProto(p)));
    if (page.nextOffset() >= 0) {
      out.setNextPageToken(PageTokens.token("p1", page.nextOffset(), filter));
    }
    reply(response, out.build());
  }

  @Override
  public void updatePartner(UpdatePartnerRequest request, StreamObserver<UpdatePartnerResponse> response) {
    Set<String> paths = new LinkedHashSet<>(request.getUpdateMask().getPathsList());
    Partner partner = updating.update(Caller.current(), request.getPartner(), ProtoMapping.profile(request.getUpdate()),
        paths, request.getUpdate().getVersion(), request.getRequestId());
    reply(response, UpdatePartnerResponse.newBuilder()
        .setPartner(ProtoMapping.toProto(partner.seenBy(Caller.current().organisationId()))).build());
  }

  @Override
  public void approvePartner(ApprovePartnerRequest request, StreamObserver<ApprovePartnerResponse> response) {
    Partner partner = vetting.approve(Caller.current(), request.getPartner(), request.getRequestId());
    reply(response, ApprovePartnerResponse.newBuilder()
        .setPartner(ProtoMapping.toProto(partner.seenBy(Caller.current().organisationId()))).build());
  }

  @Override
  public void suspendPartner(SuspendPartnerRequest request, StreamObserver<SuspendPartnerResponse> response) {
    Partner partner = vetting.suspend(Caller.current(), request.getPartner(), request.getReason(),
        request.getRequestId());
    reply(response, SuspendPartnerResponse.newBuilder()
        .setPartner(ProtoMapping.toProto(partner.seenBy(Caller.current().organisationId()))).build());
  }

  @Override
  public void archivePartner(ArchivePartnerRequest request, StreamObserver<ArchivePartnerResponse> response) {
    Partner partner = vetting.archive(Caller.current(), request.getPartner(), request.getReason(),
        request.getRequestId());
    reply(response, ArchivePartnerResponse.newBuilder()
        .setPartner(ProtoMapping.toProto(partner.seenBy(Caller.current().organisationId()))).build());
  }

  @Override
  public void inviteMember(InviteMemberRequest request, StreamObserver<InviteMemberResponse> response) {
    inviting.invite(Caller.current(), request.getPartner(), request.getEmail(), memberRole(request.getRole()),
        request.getRequestId());
    reply(response, InviteMemberResponse.newBuilder().setPartner(request.getPartner()).setRole(request.getRole())
        .build());
  }

  private static String memberRole(MemberRole role) {
    return switch (role) {
      case MEMBER_ROLE_PARTNER_ADMIN -> Role.PARTNER_ADMIN;
      case MEMBER_ROLE_CASEWORKER -> Role.CASEWORKER;
      case MEMBER_ROLE_INTAKE -> Role.INTAKE;
      case MEMBER_ROLE_TRAINER -> Role.TRAINER;
      case MEMBER_ROLE_UNSPECIFIED, UNRECOGNIZED -> null;
    };
  }

  @Override
  public void getMe(GetMeRequest request, StreamObserver<GetMeResponse> response) {
    Caller caller = Caller.current();
    var out = GetMeResponse.newBuilder()
        .setOrganisationId(caller.organisationId() == null ? "" : caller.organisationId());
    KNOWN_ROLES.stream().filter(caller::hasRole).forEach(out::addRoles);
    finding.ownOrganisation(caller).ifPresent(p -> out.setOrganisationName(p.name())
        .setPartnerKind(ProtoMapping.kind(p.profile().kind())).setPartnerStatus(ProtoMapping.status(p.status())));
    reply(response, out.build());
  }

  /** The realm's own roles; Keycloak's defaults (offline_access, ...) mean nothing to a client of ours. */
  private static final java.util.List<String> KNOWN_ROLES = java.util.List.of(
      Role.COORDINATOR, Role.PARTNER_ADMIN,
      Role.CASEWORKER, Role.INTAKE,
      Role.TRAINER);

  @Override
  public void updateCapacity(UpdateCapacityRequest request, StreamObserver<UpdateCapacityResponse> response) {
    Capacity reported = capacity.report(Caller.current(), request.getPartner(), request.getService(),
        ProtoMapping.capacity(request.getCapacity()), request.getRequestId());
    reply(response, UpdateCapacityResponse.newBuilder().setCapacity(ProtoMapping.toProto(reported)).build());
  }

  @Override
  public void searchServices(SearchServicesRequest request, StreamObserver<SearchServicesResponse> response) {
    Caller.current();
    SearchingServices.Request r = new SearchingServices.Request(request.getQuery(), request.getTaxonomyList(),
        ProtoMapping.kind(request.getPartnerKind()), request.hasLat() ? request.getLat() : null,
        request.hasLng() ? request.getLng() : null, request.getRadiusKm(), request.getLanguage(),
        request.hasAge() ? request.getAge() : null,
        request.getPopulationList().stream().map(ProtoMapping::population).filter(java.util.Objects::nonNull).toList(),
        request.getHasCapacity(), request.getAcceptingReferrals(), request.getOrderBy(), request.getPageSize(),
        request.getPageToken());
    SearchResult result = searching.search(r);
    reply(response, ProtoMapping.toProto(result, searching.nextPageToken(r, result)));
  }

  @Override
  public void listTaxonomyTerms(ListTaxonomyTermsRequest request, StreamObserver<ListTaxonomyTermsResponse> response) {
    Caller.current();
    var out = ListTaxonomyTermsResponse.newBuilder();
    taxonomy.terms().forEach(t -> out.addTerms(TaxonomyTerm.newBuilder().setCode(t.code()).setName(t.name())
        .setDescription(t.description()).setParentCode(t.parentCode() == null ? "" : t.parentCode())
        .addAllSynonyms(t.synonyms())));
    reply(response, out.build());
  }

  @Override
  public void importHsds(ImportHsdsRequest request, StreamObserver<ImportHsdsResponse> response) {
    reply(response, hsds.importHsds(Caller.current(), request));
  }

  @Override
  public void exportHsds(ExportHsdsRequest request, StreamObserver<ExportHsdsResponse> response) {
    reply(response, hsds.exportHsds(Caller.current(), request));
  }

  @Override
  public void checkReferralRecipient(CheckReferralRecipientRequest request,
                                     StreamObserver<CheckReferralRecipientResponse> response) {
    Caller.current();
    FindingPartners.RecipientCheck check = finding.checkRecipient(request.getPartner(), request.getTaxonomyCodesList());
    reply(response, CheckReferralRecipientResponse.newBuilder().setStatus(ProtoMapping.status(check.status()))
        .setAcceptsReferrals(check.acceptsReferrals()).addAllUnmatchedTaxonomyCodes(check.unmatchedCodes())
        .setNetworkId(check.networkId()).build());
  }

  @Override
  public void getPartnerStatus(GetPartnerStatusRequest request, StreamObserver<GetPartnerStatusResponse> response) {
    Caller.current();
    reply(response, GetPartnerStatusResponse.newBuilder()
        .setStatus(ProtoMapping.status(finding.status(request.getPartner()))).build());
  }

  private static <T> void reply(StreamObserver<T> response, T message) {
    response.onNext(message);
    response.onCompleted();
  }

  /** Offset page tokens bound to the filter they were issued for. */
  static final class PageTokens {
    private PageTokens() {}

    static String token(String kind, int offset, String filter) {
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString((kind + ":" + offset + ":" + filter.hashCode()).getBytes());
    }

    static int offset(String token, String kind, String filter, Violations v) {
      if (token.isEmpty()) {
        return 0;
      }
      try {
        String[] parts = new String(Base64.getUrlDecoder().decode(token)).split(":");
        if (parts.length == 3 && parts[0].equals(kind) && Integer.parseInt(parts[2]) == filter.hashCode()) {
          int offset = Integer.parseInt(parts[1]);
          if (offset >= 0 && offset <= 100_000) {
            return offset;
          }
        }
      } catch (IllegalArgumentException e) {
        // refused below
      }
      v.add("page_token", "does not belong to this query; start again without it");
      return 0;
    }
  }
}

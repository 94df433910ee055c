package org.partnernet.resources.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.resources.support.Api.admin;
import static org.partnernet.resources.support.Api.caseworker;
import static org.partnernet.resources.support.Api.denied;
import static org.partnernet.resources.support.Api.fails;
import static org.partnernet.resources.support.Api.invalidFields;
import static org.partnernet.resources.support.Api.newOrg;
import static org.partnernet.resources.support.Api.reason;
import static org.partnernet.resources.support.Samples.need;
import static org.partnernet.resources.support.Samples.offer;
import static org.partnernet.resources.support.Samples.post;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.partnernet.api.resources.v1.ClaimOfferRequest;
import org.partnernet.api.resources.v1.ClaimOfferResponse;
import org.partnernet.api.resources.v1.ClaimStatus;
import org.partnernet.api.resources.v1.ConfirmClaimRequest;
import org.partnernet.api.resources.v1.GetNeedRequest;
import org.partnernet.api.resources.v1.GetOfferRequest;
import org.partnernet.api.resources.v1.ListClaimsRequest;
import org.partnernet.api.resources.v1.Offer;
import org.partnernet.api.resources.v1.RefuseClaimRequest;
import org.partnernet.api.resources.v1.ResourceKind;
import org.partnernet.api.resources.v1.ResourceStatus;
import org.partnernet.api.resources.v1.ResourcesServiceGrpc.ResourcesServiceBlockingStub;
import org.partnernet.api.resources.v1.WithdrawOfferRequest;
import org.partnernet.resources.support.ResourcesApp;

/** Claiming part of an offer, and the offering partner's answer, through the gRPC API. */
class ClaimTest {

  private final ResourcesApp app = ResourcesApp.shared();
  private String church;
  private String shelter;
  private ResourcesServiceBlockingStub churchAdmin;
  private ResourcesServiceBlockingStub shelterAdmin;
  private Offer kits;

  @BeforeEach
  void postAnOffer() {
    church = newOrg();
    shelter = newOrg();
    churchAdmin = app.as(admin(church));
    shelterAdmin = app.as(admin(shelter));
    kits = post(churchAdmin, offer(ResourceKind.RESOURCE_KIND_GOODS, 10).setUnit("kits"));
  }

  private ClaimOfferResponse claim(ResourcesServiceBlockingStub stub, long quantity, String requestId) {
    return stub.claimOffer(ClaimOfferRequest.newBuilder().setOffer(kits.getId()).setQuantity(quantity)
        .setRequestId(requestId).build());
  }

  private Offer reload() {
    return shelterAdmin.getOffer(GetOfferRequest.newBuilder().setOffer(kits.getId()).build()).getOffer();
  }

  @Nested
  class Claiming {

    @Test
    void reservesTheQuantityAndMovesTheOfferThroughItsStatuses() {
      assertThat(kits.getStatus()).isEqualTo(ResourceStatus.RESOURCE_STATUS_OPEN);
      ClaimOfferResponse first = claim(shelterAdmin, 4, "c-1");
      assertThat(first.getClaim().getStatus()).isEqualTo(ClaimStatus.CLAIM_STATUS_PENDING);
      assertThat(first.getClaim().getClaimant()).isEqualTo(shelter);
      assertThat(first.getClaim().getOfferPoster()).isEqualTo(church);
      assertThat(first.getOffer().getRemainingQuantity()).isEqualTo(6);
      assertThat(first.getOffer().getStatus()).isEqualTo(ResourceStatus.RESOURCE_STATUS_PARTLY_CLAIMED);

      ClaimOfferResponse rest = claim(shelterAdmin, 6, "c-2");
      assertThat(rest.getOffer().getRemainingQuantity()).isZero();
      assertThat(rest.getOffer().getStatus()).isEqualTo(ResourceStatus.RESOURCE_STATUS_FULFILLED);
    }

    @Test
    void aRetryWithTheSameRequestIdReturnsTheFirstClaim() {
      ClaimOfferResponse first = claim(shelterAdmin, 3, "same");
      ClaimOfferResponse retry = claim(shelterAdmin, 3, "same");
      assertThat(retry.getClaim().getId()).isEqualTo(first.getClaim().getId());
      assertThat(reload().getRemainingQuantity()).isEqualTo(7);
      assertThat(invalidFields(() -> claim(shelterAdmin, 2, "same"))).containsExactly("request_id");
    }

    @Test
    void refusesMoreThanRemains() {
      StatusRuntimeException e = fails(Status.Code.FAILED_PRECONDITION, () -> claim(shelterAdmin, 11, "too-much"));
      assertThat(reason(e)).isEqualTo("NOT_ENOUGH_REMAINING");
      assertThat(reload().getRemainingQuantity()).isEqualTo(10);
    }

    @Test
    void refusesAClosedOffer() {
      churchAdmin.withdrawOffer(WithdrawOfferRequest.newBuilder().setOffer(kits.getId()).build());
      StatusRuntimeException e = fails(Status.Code.FAILED_PRECONDITION, () -> claim(shelterAdmin, 1, "late"));
      assertThat(reason(e)).isEqualTo("OFFER_CLOSED");
    }

    @Test
    void aPartnerCannotClaimItsOwnOffer() {
      StatusRuntimeException e = fails(Status.Code.PERMISSION_DENIED, () -> claim(churchAdmin, 1, "own"));
      assertThat(reason(e)).isEqualTo("CANNOT_CLAIM_OWN_OFFER");
    }

    @Test
    void onlyAPartnerAdminClaims() {
      denied(() -> claim(app.as(caseworker(shelter)), 1, "cw"));
    }

    @Test
    void validatesTheQuantity() {
      assertThat(invalidFields(() -> claim(shelterAdmin, 0, "zero"))).containsExactly("quantity");
      assertThat(invalidFields(() -> claim(shelterAdmin, -5, "neg"))).containsExactly("quantity");
    }

    @Test
    void unknownOfferIsNotFound() {
      fails(Status.Code.NOT_FOUND, () -> shelterAdmin.claimOffer(ClaimOfferRequest.newBuilder()
          .setOffer("01900000-0000-7000-8000-00000000dead").setQuantity(1).build()));
    }

    @Test
    void neverGoesBelowZeroUnderConcurrentClaims() throws Exception {
      Offer big = post(churchAdmin, offer(ResourceKind.RESOURCE_KIND_GOODS, 50).setUnit("kits"));
      List<ResourcesServiceBlockingStub> claimants = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        claimants.add(app.as(admin(newOrg())));
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Long>> results = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        ResourcesServiceBlockingStub stub = claimants.get(i % claimants.size());
        long quantity = 1 + i % 3;
        String requestId = "concurrent-" + i;
        Callable<Long> attempt = () -> {
          try {
            return stub.claimOffer(ClaimOfferRequest.newBuilder().setOffer(big.getId()).setQuantity(quantity)
                .setRequestId(requestId).build()).getClaim().getQuantity();
          } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).isIn(Status.Code.FAILED_PRECONDITION, Status.Code.ABORTED);
            return 0L;
          }
        };
        results.add(pool.submit(attempt));
      }
      long granted = 0;
      for (Future<Long> result : results) {
        granted += result.get();
      }
      pool.shutdown();
      Offer after = shelterAdmin.getOffer(GetOfferRequest.newBuilder().setOffer(big.getId()).build()).getOffer();
      // 60 claims of 1–3 ask for 120: the offer is exhausted, never overdrawn, and every unit is accounted for
      assertThat(after.getRemainingQuantity()).isGreaterThanOrEqualTo(0);
      assertThat(granted + after.getRemainingQuantity()).isEqualTo(50);
      assertThat(granted).isGreaterThanOrEqualTo(48);
      long listed = churchAdmin.listClaims(ListClaimsRequest.newBuilder().setOffer(big.getId()).setPageSize(100)
          .build()).getClaimsList().stream().mapToLong(c -> c.getQuantity()).sum();
      assertThat(listed).isEqualTo(granted);
    }
  }

  @Nested
  class Answering {

    @Test
    void confirmingKeepsTheQuantityAndMeetsTheClaimantsNeed() {
      var room = post(shelterAdmin, need(ResourceKind.RESOURCE_KIND_GOODS, 6).setUnit("kits"));
      var claim = shelterAdmin.claimOffer(ClaimOfferRequest.newBuilder().setOffer(kits.getId()).setQuantity(4)
          .setNeed(room.getId()).setRequestId("for-need").build()).getClaim();

      var confirmed = churchAdmin.confirmClaim(ConfirmClaimRequest.newBuilder().setClaim(claim.getId())
          .setRequestId("yes").build()).getClaim();
      assertThat(confirmed.getStatus()).isEqualTo(ClaimStatus.CLAIM_STATUS_CONFIRMED);
      assertThat(confirmed.hasAnswerTime()).isTrue();
      assertThat(reload().getRemainingQuantity()).isEqualTo(6);
      var needAfter = shelterAdmin.getNeed(GetNeedRequest.newBuilder().setNeed(room.getId()).build()).getNeed();
      assertThat(needAfter.getRemainingQuantity()).isEqualTo(2);
      assertThat(needAfter.getStatus()).isEqualTo(ResourceStatus.RESOURCE_STATUS_PARTLY_CLAIMED);

      // a retried confirmation returns the first answer; a different answer is refused
      assertThat(churchAdmin.confirmClaim(ConfirmClaimRequest.newBuilder().setClaim(claim.getId())
          .setRequestId("yes").build()).getClaim().getStatus()).isEqualTo(ClaimStatus.CLAIM_STATUS_CONFIRMED);
      StatusRuntimeException e = fails(Status.Code.FAILED_PRECONDITION, () -> churchAdmin.refuseClaim(
          RefuseClaimRequest.newBuilder().setClaim(claim.getId()).setRequestId("no").build()));
      assertThat(reason(e)).isEqualTo("CLAIM_ALREADY_ANSWERED");
    }

    @Test
    void refusingReturnsTheQuantity() {
      var claim = claim(shelterAdmin, 10, "all").getClaim();
      assertThat(reload().getStatus()).isEqualTo(ResourceStatus.RESOURCE_STATUS_FULFILLED);
      var refused = churchAdmin.refuseClaim(RefuseClaimRequest.newBuilder().setClaim(claim.getId()).build())
          .getClaim();
      assertThat(refused.getStatus()).isEqualTo(ClaimStatus.CLAIM_STATUS_REFUSED);
      assertThat(reload().getRemainingQuantity()).isEqualTo(10);
      assertThat(reload().getStatus()).isEqualTo(ResourceStatus.RESOURCE_STATUS_OPEN);
    }

    @Test
    void onlyTheOfferingPartnersAdminAnswers() {
      var claim = claim(shelterAdmin, 2, "x").getClaim();
      ConfirmClaimRequest confirm = ConfirmClaimRequest.newBuilder().setClaim(claim.getId()).build();
      RefuseClaimRequest refuse = RefuseClaimRequest.newBuilder().setClaim(claim.getId()).build();
      denied(() -> shelterAdmin.confirmClaim(confirm));
      denied(() -> shelterAdmin.refuseClaim(refuse));
      denied(() -> app.as(caseworker(church)).confirmClaim(confirm));
      denied(() -> app.as(admin(newOrg())).refuseClaim(refuse));
    }

    @Test
    void bothSidesListTheClaimAndStrangersDoNot() {
      var claim = claim(shelterAdmin, 2, "listed").getClaim();
      assertThat(churchAdmin.listClaims(ListClaimsRequest.getDefaultInstance()).getClaimsList())
          .extracting(c -> c.getId()).contains(claim.getId());
      assertThat(shelterAdmin.listClaims(ListClaimsRequest.getDefaultInstance()).getClaimsList())
          .extracting(c -> c.getId()).containsExactly(claim.getId());
      assertThat(app.as(admin(newOrg())).listClaims(ListClaimsRequest.getDefaultInstance()).getClaimsList())
          .isEmpty();
    }
  }
}

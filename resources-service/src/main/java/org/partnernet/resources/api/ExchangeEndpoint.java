package org.partnernet.resources.api;

import static org.partnernet.resources.api.Protos.geoPoint;
import static org.partnernet.resources.api.Protos.instant;
import static org.partnernet.resources.api.Protos.timestamp;

import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.partnernet.api.resources.v1.AvailabilityWindow;
import org.partnernet.api.resources.v1.ClaimOfferRequest;
import org.partnernet.api.resources.v1.ClaimOfferResponse;
import org.partnernet.api.resources.v1.ClaimStatus;
import org.partnernet.api.resources.v1.ConfirmClaimRequest;
import org.partnernet.api.resources.v1.ConfirmClaimResponse;
import org.partnernet.api.resources.v1.CreateNeedRequest;
import org.partnernet.api.resources.v1.CreateNeedResponse;
import org.partnernet.api.resources.v1.CreateOfferRequest;
import org.partnernet.api.resources.v1.CreateOfferResponse;
import org.partnernet.api.resources.v1.GetNeedRequest;
import org.partnernet.api.resources.v1.GetNeedResponse;
import org.partnernet.api.resources.v1.GetOfferRequest;
import org.partnernet.api.resources.v1.GetOfferResponse;
import org.partnernet.api.resources.v1.ListClaimsRequest;
import org.partnernet.api.resources.v1.ListClaimsResponse;
import org.partnernet.api.resources.v1.ListNeedMatchesRequest;
import org.partnernet.api.resources.v1.ListNeedMatchesResponse;
import org.partnernet.api.resources.v1.ListNeedsRequest;
import org.partnernet.api.resources.v1.ListNeedsResponse;
import org.partnernet.api.resources.v1.ListOfferMatchesRequest;
import org.partnernet.api.resources.v1.ListOfferMatchesResponse;
import org.partnernet.api.resources.v1.ListOffersRequest;
import org.partnernet.api.resources.v1.ListOffersResponse;
import org.partnernet.api.resources.v1.Need;
import org.partnernet.api.resources.v1.NeedMatch;
import org.partnernet.api.resources.v1.Offer;
import org.partnernet.api.resources.v1.OfferMatch;
import org.partnernet.api.resources.v1.RefuseClaimRequest;
import org.partnernet.api.resources.v1.RefuseClaimResponse;
import org.partnernet.api.resources.v1.ResourceFilter;
import org.partnernet.api.resources.v1.ResourceKind;
import org.partnernet.api.resources.v1.ResourceStatus;
import org.partnernet.api.resources.v1.UpdateNeedRequest;
import org.partnernet.api.resources.v1.UpdateNeedResponse;
import org.partnernet.api.resources.v1.UpdateOfferRequest;
import org.partnernet.api.resources.v1.UpdateOfferResponse;
import org.partnernet.api.resources.v1.WithdrawNeedRequest;
import org.partnernet.api.resources.v1.WithdrawNeedResponse;
import org.partnernet.api.resources.v1.WithdrawOfferRequest;
import org.partnernet.api.resources.v1.WithdrawOfferResponse;
import org.partnernet.api.type.v1.GeoPoint;
import org.partnernet.resources.exchange.Claim;
import org.partnernet.resources.exchange.Draft;
import org.partnernet.resources.exchange.Exchange;
import org.partnernet.resources.exchange.Kind;
import org.partnernet.resources.exchange.Match;
import org.partnernet.resources.exchange.Posting;
import org.partnernet.resources.exchange.PostingFilter;
import org.partnernet.resources.exchange.Side;
import org.partnernet.resources.exchange.Status;
import org.partnernet.resources.geo.Place;
import org.partnernet.resources.page.Paging;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.error.Violations;

/** Offers, needs, claims and matches: proto ⇄ domain only. */
final class ExchangeEndpoint {

  private final Exchange exchange;
  private final java.time.Clock clock;

  ExchangeEndpoint(Exchange exchange, java.time.Clock clock) {
    this.exchange = exchange;
    this.clock = clock;
  }

  CreateOfferResponse createOffer(CreateOfferRequest request) {
    Offer o = request.getOffer();
    Draft draft = draft(o.getKind(), o.getTitle(), o.getDescription(), o.getQuantity(), o.getUnit(), o.hasLocation(),
        o.getLocation(), o.getArea(), o.getRadiusKm(), o.hasWindow(), o.getWindow(), o.getAudienceList());
    Posting posted = exchange.post(Caller.current(), Side.OFFER, draft, request.getRequestId(),
        Fingerprints.of(request.toBuilder().clearRequestId().build()));
    return CreateOfferResponse.newBuilder().setOffer(offer(posted)).build();
  }

  CreateNeedResponse createNeed(CreateNeedRequest request) {
    Need n = request.getNeed();
    Draft draft = draft(n.getKind(), n.getTitle(), n.getDescription(), n.getQuantity(), n.getUnit(), n.hasLocation(),
        n.getLocation(), n.getArea(), n.getRadiusKm(), n.hasWindow(), n.getWindow(), n.getAudienceList());
    Posting posted = exchange.post(Caller.current(), Side.NEED, draft, request.getRequestId(),
        Fingerprints.of(request.toBuilder().clearRequestId().build()));
    return CreateNeedResponse.newBuilder().setNeed(need(posted)).build();
  }

  GetOfferResponse getOffer(GetOfferRequest request) {
    Caller.current();
    return GetOfferResponse.newBuilder().setOffer(offer(exchange.get(Side.OFFER, request.getOffer()))).build();
  }

  GetNeedResponse getNeed(GetNeedRequest request) {
    Caller.current();
    return GetNeedResponse.newBuilder().setNeed(need(exchange.get(Side.NEED, request.getNeed()))).build();
  }

  ListOffersResponse listOffers(ListOffersRequest request) {
    Caller.current();
    Violations v = new Violations();
    PostingFilter filter = filter(request.getFilter(), v);
    int size = Paging.size(request.getPageSize(), v);
    String after = Paging.afterKey(request.getPageToken(), v);
    v.throwIfAny();
    Exchange.Page<Posting> page = exchange.list(Side.OFFER, filter, size, after);
    ListOffersResponse.Builder response = ListOffersResponse.newBuilder();
    page.items().forEach(p -> response.addOffers(offer(p)));
    if (page.nextKey() != null) {
      response.setNextPageToken(Paging.keyToken(page.nextKey()));
    }
    return response.build();
  }

  ListNeedsResponse listNeeds(ListNeedsRequest request) {
    Caller.current();
    Violations v = new Violations();
    PostingFilter filter = filter(request.getFilter(), v);
    int size = Paging.size(request.getPageSize(), v);
    String after = Paging.afterKey(request.getPageToken(), v);
    v.throwIfAny();
    Exchange.Page<Posting> page = exchange.list(Side.NEED, filter, size, after);
    ListNeedsResponse.Builder response = ListNeedsResponse.newBuilder();
    page.items().forEach(p -> response.addNeeds(need(p)));
    if (page.nextKey() != null) {
      response.setNextPageToken(Paging.keyToken(page.nextKey()));
    }
    return response.build();
  }

  UpdateOfferResponse updateOffer(UpdateOfferRequest request) {
    Offer o = request.getOffer();
    Draft values = new Draft(null, o.getTitle(), o.getDescription(), 0, null, null, null, o.getArea(), 0, null, null,
        o.getAudienceList());
    Posting updated = exchange.update(Caller.current(), Side.OFFER, o.getId(),
        new HashSet<>(request.getUpdateMask().getPathsList()), values);
    return UpdateOfferResponse.newBuilder().setOffer(offer(updated)).build();
  }

  UpdateNeedResponse updateNeed(UpdateNeedRequest request) {
    Need n = request.getNeed();
    Draft values = new Draft(null, n.getTitle(), n.getDescription(), 0, null, null, null, n.getArea(), 0, null, null,
        n.getAudienceList());
    Posting updated = exchange.update(Caller.current(), Side.NEED, n.getId(),
        new HashSet<>(request.getUpdateMask().getPathsList()), values);
    return UpdateNeedResponse.newBuilder().setNeed(need(updated)).build();
  }

  WithdrawOfferResponse withdrawOffer(WithdrawOfferRequest request) {
    Posting p = exchange.withdraw(Caller.current(), Side.OFFER, request.getOffer(), request.getRequestId());
    return WithdrawOfferResponse.newBuilder().setOffer(offer(p)).build();
  }

  WithdrawNeedResponse withdrawNeed(WithdrawNeedRequest request) {
    Posting p = exchange.withdraw(Caller.current(), Side.NEED, request.getNeed(), request.getRequestId());
    return WithdrawNeedResponse.newBuilder().setNeed(need(p)).build();
  }

  ClaimOfferResponse claimOffer(ClaimOfferRequest request) {
    Exchange.Claimed claimed = exchange.claim(Caller.current(), request.getOffer(), request.getQuantity(),
        request.getNeed(), request.getRequestId(), Fingerprints.of(request.toBuilder().clearRequestId().build()));
    return ClaimOfferResponse.newBuilder().setClaim(claim(claimed.claim())).setOffer(offer(claimed.offer())).build();
  }

  ConfirmClaimResponse confirmClaim(ConfirmClaimRequest request) {
    Claim claim = exchange.answer(Caller.current(), request.getClaim(),
        org.partnernet.resources.exchange.ClaimStatus.CONFIRMED, request.getRequestId());
    return ConfirmClaimResponse.newBuilder().setClaim(claim(claim)).build();
  }

  RefuseClaimResponse refuseClaim(RefuseClaimRequest request) {
    Claim claim = exchange.answer(Caller.current(), request.getClaim(),
        org.partnernet.resources.exchange.ClaimStatus.REFUSED, request.getRequestId());
    return RefuseClaimResponse.newBuilder().setClaim(claim(claim)).build();
  }

  ListClaimsResponse listClaims(ListClaimsRequest request) {
    Caller caller = Caller.current();
    Violations v = new Violations();
    int size = Paging.size(request.getPageSize(), v);
    int offset = Paging.offset(request.getPageToken(), v);
    org.partnernet.resources.exchange.ClaimStatus status = switch (request.getStatus()) {
      case CLAIM_STATUS_UNSPECIFIED -> null;
      case CLAIM_STATUS_PENDING -> org.partnernet.resources.exchange.ClaimStatus.PENDING;
      case CLAIM_STATUS_CONFIRMED -> org.partnernet.resources.exchange.ClaimStatus.CONFIRMED;
      case CLAIM_STATUS_REFUSED -> org.partnernet.resources.exchange.ClaimStatus.REFUSED;
      case UNRECOGNIZED -> {
        v.add("status", "is not a claim status");
        yield null;
      }
    };
    v.throwIfAny();
    Exchange.Page<Claim> page = exchange.claims(caller, request.getOffer(), status, size, offset);
    ListClaimsResponse.Builder response = ListClaimsResponse.newBuilder();
    page.items().forEach(c -> response.addClaims(claim(c)));
    if (page.nextOffset() > 0) {
      response.setNextPageToken(Paging.offsetToken(page.nextOffset()));
    }
    return response.build();
  }

  ListNeedMatchesResponse listNeedMatches(ListNeedMatchesRequest request) {
    Caller.current();
    Violations v = new Violations();
    int size = Paging.size(request.getPageSize(), v);
    int offset = Paging.offset(request.getPageToken(), v);
    v.throwIfAny();
    Exchange.Page<Match> page = exchange.matchesForNeed(request.getNeed(), request.getRadiusKm(), size, offset);
    ListNeedMatchesResponse.Builder response = ListNeedMatchesResponse.newBuilder();
    for (Match m : page.items()) {
      response.addMatches(OfferMatch.newBuilder().setOffer(offer(m.posting())).setDistanceKm(m.distanceKm())
          .setScore(m.score()).setCoversQuantity(m.coversQuantity()));
    }
    if (page.nextOffset() > 0) {
      response.setNextPageToken(Paging.offsetToken(page.nextOffset()));
    }
    return response.build();
  }

  ListOfferMatchesResponse listOfferMatches(ListOfferMatchesRequest request) {
    Caller.current();
    Violations v = new Violations();
    int size = Paging.size(request.getPageSize(), v);
    int offset = Paging.offset(request.getPageToken(), v);
    v.throwIfAny();
    Exchange.Page<Match> page = exchange.matchesForOffer(request.getOffer(), request.getRadiusKm(), size, offset);
    ListOfferMatchesResponse.Builder response = ListOfferMatchesResponse.newBuilder();
    for (Match m : page.items()) {
      response.addMatches(NeedMatch.newBuilder().setNeed(need(m.posting())).setDistanceKm(m.distanceKm())
          .setScore(m.score()).setCoversQuantity(m.coversQuantity()));
    }
    if (page.nextOffset() > 0) {
      response.setNextPageToken(Paging.offsetToken(page.nextOffset()));
    }
    return response.build();
  }

  private static Draft draft(ResourceKind kind, String title, String description, long quantity, String unit,
                             boolean hasLocation, GeoPoint location, String area, double radiusKm, boolean hasWindow,
                             AvailabilityWindow window, List<String> audience) {
    return new Draft(kind(kind), title, description, quantity, unit,
        hasLocation ? location.getLatitude() : null, hasLocation ? location.getLongitude() : null, area, radiusKm,
        hasWindow && window.hasStartTime() ? instant(window.getStartTime()) : null,
        hasWindow && window.hasEndTime() ? instant(window.getEndTime()) : null, audience);
  }

  private static PostingFilter filter(ResourceFilter f, Violations v) {
    Kind kind = null;
    if (f.getKind() != ResourceKind.RESOURCE_KIND_UNSPECIFIED) {
      kind = kind(f.getKind());
      v.check(kind != null, "filter.kind", "is not a resource kind");
    }
    Set<Status> statuses = EnumSet.noneOf(Status.class);
    for (ResourceStatus s : f.getStatusesList()) {
      if (s == ResourceStatus.RESOURCE_STATUS_UNSPECIFIED || s == ResourceStatus.UNRECOGNIZED) {
        v.add("filter.statuses", "must name resource statuses");
      } else {
        statuses.add(Status.valueOf(Protos.enumSuffix(s, "RESOURCE_STATUS_")));
      }
    }
    Place near = null;
    if (f.hasNear()) {
      near = Protos.place(f.getNear(), "filter.near", v);
      v.check(f.getRadiusKm() > 0 && f.getRadiusKm() <= Draft.MAX_RADIUS_KM, "filter.radius_km",
          "must be between 0 and " + Draft.MAX_RADIUS_KM + " (exclusive of 0) with near");
    } else {
      v.check(f.getRadiusKm() == 0, "filter.radius_km", "needs filter.near");
    }
    Instant from = f.getWindow().hasStartTime() ? instant(f.getWindow().getStartTime()) : null;
    Instant to = f.getWindow().hasEndTime() ? instant(f.getWindow().getEndTime()) : null;
    v.check(from == null || to == null || from.isBefore(to), "filter.window.end_time", "must be after start_time");
    v.maxLength(f.getPoster(), 64, "filter.poster");
    return new PostingFilter(kind, statuses, f.getPoster().isEmpty() ? null : f.getPoster(), near, f.getRadiusKm(),
        from, to);
  }

  private static Kind kind(ResourceKind kind) {
    if (kind == ResourceKind.RESOURCE_KIND_UNSPECIFIED || kind == ResourceKind.UNRECOGNIZED) {
      return null;
    }
    return Kind.valueOf(Protos.enumSuffix(kind, "RESOURCE_KIND_"));
  }

  private Offer offer(Posting p) {
    Instant now = clock.instant();
    Offer.Builder b = Offer.newBuilder()
        .setId(p.id()).setNetworkId(p.networkId()).setPoster(p.poster())
        .setKind(ResourceKind.valueOf("RESOURCE_KIND_" + p.kind().name()))
        .setTitle(p.title()).setQuantity(p.quantity()).setUnit(p.unit()).setRemainingQuantity(p.remaining())
        .setLocation(geoPoint(p.location())).setRadiusKm(p.radiusKm())
        .setWindow(window(p)).addAllAudience(p.audience())
        .setStatus(ResourceStatus.valueOf("RESOURCE_STATUS_" + p.status(now).name()))
        .setCreateTime(timestamp(p.createTime())).setUpdateTime(timestamp(p.updateTime()));
    if (p.description() != null) {
      b.setDescription(p.description());
    }
    if (p.area() != null) {
      b.setArea(p.area());
    }
    return b.build();
  }

  private Need need(Posting p) {
    Instant now = clock.instant();
    Need.Builder b = Need.newBuilder()
        .setId(p.id()).setNetworkId(p.networkId()).setPoster(p.poster())
        .setKind(ResourceKind.valueOf("RESOURCE_KIND_" + p.kind().name()))
        .setTitle(p.title()).setQuantity(p.quantity()).setUnit(p.unit()).setRemainingQuantity(p.remaining())
        .setLocation(geoPoint(p.location())).setRadiusKm(p.radiusKm())
        .setWindow(window(p)).addAllAudience(p.audience())
        .setStatus(ResourceStatus.valueOf("RESOURCE_STATUS_" + p.status(now).name()))
        .setCreateTime(timestamp(p.createTime())).setUpdateTime(timestamp(p.updateTime()));
    if (p.description() != null) {
      b.setDescription(p.description());
    }
    if (p.area() != null) {
      b.setArea(p.area());
    }
    return b.build();
  }

  private static AvailabilityWindow window(Posting p) {
    return AvailabilityWindow.newBuilder().setStartTime(timestamp(p.window().start()))
        .setEndTime(timestamp(p.window().end())).build();
  }

  private static org.partnernet.api.resources.v1.Claim claim(Claim c) {
    var b = org.partnernet.api.resources.v1.Claim.newBuilder()
        .setId(c.id()).setOffer(c.offer()).setOfferPoster(c.offerPoster()).setClaimant(c.claimant())
        .setQuantity(c.quantity()).setStatus(ClaimStatus.valueOf("CLAIM_STATUS_" + c.status().name()))
        .setCreateTime(timestamp(c.createTime()));
    if (c.need() != null) {
      b.setNeed(c.need());
    }
    if (c.answerTime() != null) {
      b.setAnswerTime(timestamp(c.answerTime()));
    }
    return b.build();
  }
}

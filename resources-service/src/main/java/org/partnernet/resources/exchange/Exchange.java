package org.partnernet.resources.exchange;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.partnernet.resources.event.EventLog;
import org.partnernet.resources.event.EventType;
import org.partnernet.resources.event.ResourceEvent;
import org.partnernet.resources.idempotency.RequestIds;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.error.AbortedException;
import org.partnernet.servicekit.error.FailedPreconditionException;
import org.partnernet.servicekit.error.InvalidArgumentException;
import org.partnernet.servicekit.error.NotFoundException;
import org.partnernet.servicekit.error.PermissionDeniedException;
import org.partnernet.servicekit.error.Violations;
import org.partnernet.servicekit.id.Ids;

/**
 * The exchange's use cases: posting, editing and withdrawing offers and needs, listing and matching them, and
 * claiming offers. Who may do what is decided here, from the {@link Caller}.
 */
public final class Exchange {

  /** How many candidates matching looks at; beyond this a real search index would be needed. */
  static final int MATCH_CANDIDATES = 500;
  private static final int FETCH = 50;
  private static final int MAX_FETCHES = 20;
  private static final int RETRIES = 5;

  private final Postings offers;
  private final Postings needs;
  private final EventLog events;
  private final Clock clock;
  private final String networkId;
  private final MeterRegistry meters;

  public Exchange(Postings offers, Postings needs, EventLog events, Clock clock, String networkId,
                  MeterRegistry meters) {
    this.offers = offers;
    this.needs = needs;
    this.events = events;
    this.clock = clock;
    this.networkId = networkId;
    this.meters = meters;
  }

  /** A page of results and the token of the next (null at the end). */
  public record Page<T>(List<T> items, String nextKey, int nextOffset) {}

  /** {@code fingerprint}: the request's content without its id, to tell a retry from a reused id. */
  public Posting post(Caller caller, Side side, Draft draft, String requestId, String fingerprint) {
    requirePartnerAdmin(caller, "post " + side.label() + "s");
    Instant now = now();
    Violations violations = new Violations();
    draft.validate(now, side.label() + ".", violations);
    RequestIds.check(requestId, violations);
    violations.throwIfAny();

    Posting posting = new Posting(Ids.newId(), side, networkId, caller.organisationId(), draft.kind(),
        draft.title().strip(), blankToNull(draft.description()), draft.quantity(), draft.unit().strip(),
        draft.quantity(), 0, draft.place(), blankToNull(draft.area()), draft.radiusOrDefault(),
        new Window(draft.windowStart().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
            draft.windowEnd().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)), draft.audience(), State.ACTIVE,
        RequestIds.orFresh(requestId), null, now, now, 0, List.of(), fingerprint);
    Posting stored = store(side).insertOnce(posting);
    if (!stored.id().equals(posting.id())) {
      RequestIds.requireSameRequest(stored.requestHash(), fingerprint);
    } else {
      meters.counter("partnernet.resources." + side.label() + "s.posted", "kind", draft.kind().name()).increment();
      if (side == Side.OFFER) {
        notifyMatchingNeeds(stored, now);
      }
    }
    return stored;
  }

  /** Tells each partner with an open need this new offer fits (ids only). */
  private void notifyMatchingNeeds(Posting offer, Instant now) {
    for (Posting need : needs.candidates(offer.kind(), offer.location(), Draft.MAX_RADIUS_KM, offer.window(), now,
        offer.poster(), MATCH_CANDIDATES)) {
      if (Matching.fits(need, offer, now)) {
        events.append(need.poster(), EventType.MATCHING_OFFER_POSTED,
            ResourceEvent.Subject.offerAndNeed(offer.id(), need.id()));
      }
    }
  }

  public Posting get(Side side, String id) {
    return find(side, id);
  }

  public Page<Posting> list(Side side, PostingFilter filter, int size, String afterId) {
    Instant now = now();
    Postings store = store(side);
    List<Posting> found = new ArrayList<>();
    String cursor = afterId;
    for (int fetch = 0; fetch < MAX_FETCHES; fetch++) {
      List<Posting> batch = store.list(filter, now, cursor, FETCH);
      for (Posting p : batch) {
        cursor = p.id();
        if (filter.near() == null || p.location().distanceKm(filter.near()) <= filter.radiusKm()) {
          found.add(p);
          if (found.size() > size) {
            return new Page<>(found.subList(0, size), found.get(size - 1).id(), 0);
          }
        }
      }
      if (batch.size() < FETCH) {
        return new Page<>(found, null, 0);
      }
    }
    // scanned enough for one call: a short page, and the next one continues where this scan stopped
    return new Page<>(found, cursor, 0);
  }

  public Posting update(Caller caller, Side side, String id, Set<String> fields, Draft values) {
    Posting posting = find(side, id);
    requireAdminOf(caller, posting, "edit");
    Violations v = new Violations();
    String prefix = side.label() + ".";
    v.check(!fields.isEmpty(), "update_mask", "must name at least one field");
    for (String field : fields) {
      v.check(Set.of("title", "description", "area", "audience").contains(field), "update_mask",
          "can only name title, description, area, audience");
    }
    if (fields.contains("title")) {
      v.requiredText(values.title(), Draft.TITLE_MAX, prefix + "title");
    }
    v.maxLength(values.description(), Draft.DESCRIPTION_MAX, prefix + "description");
    v.maxLength(values.area(), Draft.AREA_MAX, prefix + "area");
    Draft.textTags(values.audience(), prefix + "audience", v);
    v.throwIfAny();
    for (int attempt = 0; attempt < RETRIES; attempt++) {
      Instant now = now();
      if (posting.state() != State.ACTIVE) {
        throw closed(side);
      }
      Posting changed = posting.withText(
          fields.contains("title") ? values.title().strip() : posting.title(),
          fields.contains("description") ? blankToNull(values.description()) : posting.description(),
          fields.contains("area") ? blankToNull(values.area()) : posting.area(),
          fields.contains("audience") ? values.audience() : posting.audience(), now);
      if (store(side).replaceText(changed)) {
        return find(side, id);
      }
      posting = find(side, id);
    }
    throw new AbortedException("CONCURRENT_UPDATE", "the " + side.label() + " changed meanwhile; try again");
  }

  public Posting withdraw(Caller caller, Side side, String id, String requestId) {
    Posting posting = find(side, id);
    requireAdminOf(caller, posting, "withdraw");
    Violations v = new Violations();
    RequestIds.check(requestId, v);
    v.throwIfAny();
    if (store(side).withdraw(id, blankToNull(requestId), now())) {
      return find(side, id);
    }
    Posting now = find(side, id);
    if (now.state() == State.WITHDRAWN && requestId != null && !requestId.isEmpty()
        && requestId.equals(now.closeRequestId())) {
      return now; // a retry of the withdrawal that succeeded
    }
    throw closed(side);
  }

  /** The claim and the offer after it. */
  public record Claimed(Claim claim, Posting offer) {}

  public Claimed claim(Caller caller, String offerId, long quantity, String needId, String requestId,
                       String fingerprint) {
    requirePartnerAdmin(caller, "claim offers");
    Violations v = new Violations();
    v.check(quantity > 0, "quantity", "must be positive");
    v.check(quantity <= Draft.QUANTITY_MAX, "quantity", "must be at most " + Draft.QUANTITY_MAX);
    RequestIds.check(requestId, v);
    v.throwIfAny();
    String organisation = caller.organisationId();
    Posting offer = find(Side.OFFER, offerId);
    if (offer.poster().equals(organisation)) {
      throw new PermissionDeniedException("CANNOT_CLAIM_OWN_OFFER", "a partner cannot claim its own offer");
    }
    String rid = RequestIds.orFresh(requestId);
    var earlier = offer.claimByRequest(organisation, rid);
    if (earlier.isPresent()) {
      RequestIds.requireSameRequest(earlier.get().requestHash(), fingerprint);
      return new Claimed(earlier.get(), offer);
    }
    if (needId != null && !needId.isEmpty()) {
      Posting need = needs.find(needId).orElseThrow(() -> new NotFoundException("NEED_NOT_FOUND", "no need has this id"));
      if (!need.poster().equals(organisation)) {
        throw new InvalidArgumentException("need", "must be a need of your organisation");
      }
      if (need.kind() != offer.kind()) {
        throw new InvalidArgumentException("need", "must be of the offer's kind");
      }
    }
    Instant now = now();
    Claim claim = new Claim(Ids.newId(), offerId, offer.poster(), organisation, quantity, blankToNull(needId),
        ClaimStatus.PENDING, rid, null, now, null, fingerprint);
    if (offers.reserve(claim, now)) {
      meters.counter("partnernet.resources.claims", "outcome", "requested").increment();
      events.append(offer.poster(), EventType.CLAIM_RECEIVED, ResourceEvent.Subject.claim(offerId, claim.id()));
      return new Claimed(claim, find(Side.OFFER, offerId));
    }
    Posting after = find(Side.OFFER, offerId);
    earlier = after.claimByRequest(organisation, rid);
    if (earlier.isPresent()) {
      RequestIds.requireSameRequest(earlier.get().requestHash(), fingerprint);
      return new Claimed(earlier.get(), after); // the same request, retried while the first was in flight
    }
    if (after.state() != State.ACTIVE || !after.window().end().isAfter(now)) {
      throw closed(Side.OFFER);
    }
    if (after.remaining() < quantity) {
      throw new FailedPreconditionException("NOT_ENOUGH_REMAINING",
          "the offer has " + after.remaining() + " left; claim at most that");
    }
    throw new AbortedException("CONCURRENT_UPDATE", "the offer changed meanwhile; try again");
  }

  /** The offering partner's answer to a pending claim. */
  public Claim answer(Caller caller, String claimId, ClaimStatus answer, String requestId) {
    Violations v = new Violations();
    RequestIds.check(requestId, v);
    v.throwIfAny();
    Posting offer = offers.findByClaim(claimId)
        .orElseThrow(() -> new NotFoundException("CLAIM_NOT_FOUND", "no claim has this id"));
    if (!caller.hasRole(Role.PARTNER_ADMIN) || !caller.belongsTo(offer.poster())) {
      throw new PermissionDeniedException("NOT_OFFER_POSTER",
          "only a partner-admin of the offering partner can answer a claim");
    }
    String rid = blankToNull(requestId);
    for (int attempt = 0; attempt < RETRIES; attempt++) {
      Claim claim = offer.claim(claimId).orElseThrow();
      if (claim.status() != ClaimStatus.PENDING) {
        if (rid != null && rid.equals(claim.answerRequestId()) && claim.status() == answer) {
          return claim;
        }
        throw new FailedPreconditionException("CLAIM_ALREADY_ANSWERED", "the claim was already answered");
      }
      Instant now = now();
      Claim answered = claim.answered(answer, rid, now);
      List<Claim> claims = offer.claims().stream().map(c -> c.id().equals(claimId) ? answered : c).toList();
      long giveBack = answer == ClaimStatus.REFUSED ? claim.quantity() : 0;
      if (offers.replaceQuantities(offer.withClaims(claims, offer.remaining() + giveBack,
          offer.claimed() - giveBack, now))) {
        if (answer == ClaimStatus.CONFIRMED && claim.need() != null) {
          meet(claim.need(), claim.quantity());
        }
        meters.counter("partnernet.resources.claims", "outcome", answer.name().toLowerCase()).increment();
        events.append(claim.claimant(),
            answer == ClaimStatus.CONFIRMED ? EventType.CLAIM_CONFIRMED : EventType.CLAIM_REFUSED,
            ResourceEvent.Subject.claim(offer.id(), claimId));
        return answered;
      }
      offer = find(Side.OFFER, offer.id());
    }
    throw new AbortedException("CONCURRENT_UPDATE", "the offer changed meanwhile; try again");
  }

  /** A confirmed claim meets (part of) the claimant's need. */
  private void meet(String needId, long quantity) {
    for (int attempt = 0; attempt < RETRIES * 2; attempt++) {
      Posting need = needs.find(needId).orElse(null);
      if (need == null || need.remaining() == 0) {
        return;
      }
      long met = Math.min(quantity, need.remaining());
      if (needs.replaceQuantities(need.withClaims(need.claims(), need.remaining() - met, need.claimed() + met,
          now()))) {
        return;
      }
    }
    throw new AbortedException("CONCURRENT_UPDATE", "the need changed meanwhile; the claim is confirmed");
  }

  /** Claims the caller's organisation made, or received on its offers; newest first. */
  public Page<Claim> claims(Caller caller, String offerId, ClaimStatus status, int size, int offset) {
    String organisation = requireOrganisation(caller);
    List<Claim> visible = offers.withClaimsOf(organisation, blankToNull(offerId), MATCH_CANDIDATES).stream()
        .flatMap(o -> o.claims().stream())
        .filter(c -> c.claimant().equals(organisation) || c.offerPoster().equals(organisation))
        .filter(c -> status == null || c.status() == status)
        .sorted(Comparator.comparing(Claim::id).reversed())
        .toList();
    return slice(visible, size, offset);
  }

  public Page<Match> matchesForNeed(String needId, double radiusKm, int size, int offset) {
    return matches(find(Side.NEED, needId), offers, radiusKm, size, offset);
  }

  public Page<Match> matchesForOffer(String offerId, double radiusKm, int size, int offset) {
    return matches(find(Side.OFFER, offerId), needs, radiusKm, size, offset);
  }

  private Page<Match> matches(Posting looking, Postings otherSide, double radiusOverride, int size, int offset) {
    Violations v = new Violations();
    v.check(radiusOverride >= 0 && radiusOverride <= Draft.MAX_RADIUS_KM, "radius_km",
        "must be between 0 and " + Draft.MAX_RADIUS_KM);
    v.throwIfAny();
    Instant now = now();
    double radius = radiusOverride > 0 ? radiusOverride : looking.radiusKm();
    List<Posting> candidates = otherSide.candidates(looking.kind(), looking.location(), radius, looking.window(), now,
        looking.poster(), MATCH_CANDIDATES);
    return slice(Matching.rank(looking, candidates, radius, now), size, offset);
  }

  /** Marks offers and needs whose window ended as EXPIRED. */
  public long expireEnded() {
    Instant now = now();
    return offers.expireEnded(now) + needs.expireEnded(now);
  }

  public boolean isEmpty() {
    return offers.count() == 0 && needs.count() == 0;
  }

  static <T> Page<T> slice(List<T> all, int size, int offset) {
    int from = Math.min(offset, all.size());
    int to = Math.min(from + size, all.size());
    return new Page<>(all.subList(from, to), null, to < all.size() ? to : -1);
  }

  private Posting find(Side side, String id) {
    if (id == null || id.isEmpty()) {
      throw new InvalidArgumentException(side.label(), "is required");
    }
    return store(side).find(id).orElseThrow(() -> new NotFoundException(side.name() + "_NOT_FOUND",
        "no " + side.label() + " has this id"));
  }

  private Postings store(Side side) {
    return side == Side.OFFER ? offers : needs;
  }

  private static FailedPreconditionException closed(Side side) {
    return new FailedPreconditionException(side.name() + "_CLOSED",
        "the " + side.label() + " is withdrawn, expired or fulfilled");
  }

  private static void requirePartnerAdmin(Caller caller, String what) {
    if (!caller.hasRole(Role.PARTNER_ADMIN) || caller.organisationId() == null) {
      throw new PermissionDeniedException("PARTNER_ADMIN_REQUIRED", "only a partner-admin of an organisation can " + what);
    }
  }

  private static void requireAdminOf(Caller caller, Posting posting, String what) {
    if (!caller.hasRole(Role.PARTNER_ADMIN) || !caller.belongsTo(posting.poster())) {
      throw new PermissionDeniedException("NOT_POSTER",
          "only a partner-admin of the posting partner can " + what + " this " + posting.side().label());
    }
  }

  static String requireOrganisation(Caller caller) {
    if (caller.organisationId() == null || caller.organisationId().isEmpty()) {
      throw new PermissionDeniedException("ORGANISATION_REQUIRED", "the caller belongs to no organisation");
    }
    return caller.organisationId();
  }

  static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }

  /** Stored times have millisecond precision; answering with the same precision keeps reads equal to writes. */
  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }
}

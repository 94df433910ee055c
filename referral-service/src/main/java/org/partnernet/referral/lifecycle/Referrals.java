package org.partnernet.referral.lifecycle;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.partnernet.referral.consent.Category;

/**
 * The referrals: one document each, history included, so a transition is one conditional write on
 * {@code _id + version} (no multi-document transactions). The request key (caller + request id) is unique, so a
 * retried create can never store a second referral.
 */
public final class Referrals {

  private final MongoCollection<Document> referrals;

  public Referrals(MongoDatabase database) {
    this.referrals = database.getCollection("referrals");
    referrals.createIndex(Indexes.ascending("requestKey"), new IndexOptions().unique(true));
    referrals.createIndex(Indexes.ascending("recipientPartner", "_id"));
    referrals.createIndex(Indexes.ascending("senderPartner", "_id"));
    referrals.createIndex(Indexes.ascending("consentId"));
    referrals.createIndex(Indexes.ascending("state", "respondBy"));
    referrals.createIndex(Indexes.ascending("closeTime"));
  }

  /** Stores a new referral; false if one with the same request key exists. */
  boolean insert(Referral referral) {
    try {
      referrals.insertOne(toDocument(referral));
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  void delete(String id) {
    referrals.deleteOne(Filters.eq("_id", id));
  }

  public Optional<Referral> find(String id) {
    return Optional.ofNullable(referrals.find(Filters.eq("_id", id)).first()).map(Referrals::fromDocument);
  }

  Optional<Referral> findByRequestKey(String requestKey) {
    return Optional.ofNullable(referrals.find(Filters.eq("requestKey", requestKey)).first())
        .map(Referrals::fromDocument);
  }

  /** Replaces the stored referral if it is still at {@code expectedVersion}; false if someone else changed it. */
  boolean replace(Referral updated, long expectedVersion) {
    return referrals.replaceOne(Filters.and(Filters.eq("_id", updated.id()), Filters.eq("version", expectedVersion)),
        toDocument(updated)).getModifiedCount() > 0;
  }

  /** A page of one organisation's inbox or outbox, newest first (ids are time-ordered). */
  List<Referral> page(String partnerField, String partner, ReferralState state, String beforeId, int limit) {
    List<Bson> filters = new ArrayList<>(List.of(Filters.eq(partnerField, partner)));
    if (state != null) {
      filters.add(Filters.eq("state", state.name()));
    }
    if (beforeId != null) {
      filters.add(Filters.lt("_id", beforeId));
    }
    List<Referral> page = new ArrayList<>();
    for (Document d : referrals.find(Filters.and(filters)).sort(Sorts.descending("_id")).limit(limit)) {
      page.add(fromDocument(d));
    }
    return page;
  }

  /** Every referral made under a consent, oldest first. */
  public List<Referral> underConsent(String consentId) {
    List<Referral> found = new ArrayList<>();
    referrals.find(Filters.eq("consentId", consentId)).sort(Sorts.ascending("_id"))
        .forEach(d -> found.add(fromDocument(d)));
    return found;
  }

  List<Referral> overdue(Instant now, int limit) {
    List<Referral> found = new ArrayList<>();
    referrals.find(Filters.and(Filters.in("state", ReferralState.SENT.name(), ReferralState.RECEIVED.name()),
        Filters.lte("respondBy", Date.from(now)))).limit(limit).forEach(d -> found.add(fromDocument(d)));
    return found;
  }

  /** Closed before {@code closedBefore} and still holding a readable disclosure. */
  List<Referral> pastRetention(Instant closedBefore, int limit) {
    List<Referral> found = new ArrayList<>();
    referrals.find(Filters.and(Filters.lte("closeTime", Date.from(closedBefore)),
            Filters.exists("disclosure.ciphertext", true), Filters.ne("disclosure.ciphertext", null)))
        .limit(limit).forEach(d -> found.add(fromDocument(d)));
    return found;
  }

  /** Referrals of one urgency still waiting for the recipient's answer, and how many are past their deadline. */
  public record Waiting(Urgency urgency, long awaiting, long overdue) {}

  /**
   * One pass over the referrals (an aggregation, so the counting happens in the database): per urgency, how many are
   * waiting for an answer and how many of those are past their deadline.
   */
  List<Waiting> waitingForAnswer(Instant now) {
    Document pastDeadline = new Document("$cond",
        List.of(new Document("$lte", List.of("$respondBy", Date.from(now))), 1, 0));
    Map<Urgency, Waiting> counted = new EnumMap<>(Urgency.class);
    for (Document d : referrals.aggregate(List.of(
        Aggregates.match(Filters.in("state", ReferralState.SENT.name(), ReferralState.RECEIVED.name())),
        Aggregates.group("$urgency", Accumulators.sum("awaiting", 1), Accumulators.sum("overdue", pastDeadline))))) {
      Urgency urgency = Urgency.valueOf(d.getString("_id"));
      counted.put(urgency, new Waiting(urgency, ((Number) d.get("awaiting")).longValue(),
          ((Number) d.get("overdue")).longValue()));
    }
    List<Waiting> waiting = new ArrayList<>();
    for (Urgency urgency : Urgency.values()) {
      waiting.add(counted.getOrDefault(urgency, new Waiting(urgency, 0, 0)));
    }
    return waiting;
  }

  /** A count per state and urgency. */
  public record Count(ReferralState state, Urgency urgency, long count) {}

  public List<Count> countByStateAndUrgency(Instant from, Instant to) {
    List<Bson> window = window(from, to);
    List<Bson> pipeline = new ArrayList<>();
    if (!window.isEmpty()) {
      pipeline.add(Aggregates.match(Filters.and(window)));
    }
    pipeline.add(Aggregates.group(new Document("state", "$state").append("urgency", "$urgency"),
        Accumulators.sum("count", 1)));
    List<Count> counts = new ArrayList<>();
    for (Document d : referrals.aggregate(pipeline)) {
      Document key = d.get("_id", Document.class);
      counts.add(new Count(ReferralState.valueOf(key.getString("state")), Urgency.valueOf(key.getString("urgency")),
          ((Number) d.get("count")).longValue()));
    }
    return counts;
  }

  /** How long one referral created in the window took from sending to acceptance, by recipient. */
  public record Acceptance(String recipientPartner, Duration timeToAccept) {}

  public List<Acceptance> acceptances(Instant from, Instant to) {
    List<Acceptance> found = new ArrayList<>();
    for (Document d : referrals.find(inWindow(from, to, Filters.eq("history.to", ReferralState.ACCEPTED.name())))
        .projection(Projections.include("recipientPartner", "createTime", "history"))) {
      Date created = d.getDate("createTime");
      for (Document change : d.getList("history", Document.class, List.of())) {
        if (ReferralState.ACCEPTED.name().equals(change.getString("to"))) {
          found.add(new Acceptance(d.getString("recipientPartner"),
              Duration.between(created.toInstant(), change.getDate("time").toInstant())));
          break;
        }
      }
    }
    return found;
  }

  /** The reason given with each decline of a referral created in the window. */
  public List<String> declineReasons(Instant from, Instant to) {
    List<String> reasons = new ArrayList<>();
    for (Document d : referrals.find(inWindow(from, to, Filters.eq("history.to", ReferralState.DECLINED.name())))
        .projection(Projections.include("history"))) {
      for (Document change : d.getList("history", Document.class, List.of())) {
        if (ReferralState.DECLINED.name().equals(change.getString("to"))) {
          reasons.add(change.getString("reason") == null ? "" : change.getString("reason"));
        }
      }
    }
    return reasons;
  }

  /** The requested services of each referral created in the window that was declined or expired. */
  public List<List<String>> servicesDeclinedOrExpired(Instant from, Instant to) {
    List<List<String>> services = new ArrayList<>();
    for (Document d : referrals.find(inWindow(from, to, Filters.in("history.to", ReferralState.DECLINED.name(),
            ReferralState.EXPIRED.name())))
        .projection(Projections.include("requestedServices"))) {
      services.add(d.getList("requestedServices", String.class, List.of()));
    }
    return services;
  }

  private static Bson inWindow(Instant from, Instant to, Bson filter) {
    List<Bson> all = window(from, to);
    all.add(filter);
    return Filters.and(all);
  }

  private static List<Bson> window(Instant from, Instant to) {
    List<Bson> window = new ArrayList<>();
    if (from != null) {
      window.add(Filters.gte("createTime", Date.from(from)));
    }
    if (to != null) {
      window.add(Filters.lt("createTime", Date.from(to)));
    }
    return window;
  }

  static Document toDocument(Referral r) {
    Document summary = new Document("minAge", r.summary().minAge())
        .append("maxAge", r.summary().maxAge())
        .append("languages", r.summary().languages())
        .append("needs", r.summary().needs())
        .append("gender", r.summary().gender());
    Document disclosure = null;
    if (r.disclosure() != null) {
      Referral.SealedDisclosure sealed = r.disclosure();
      disclosure = new Document("ciphertext", sealed.ciphertext() == null ? null : new Binary(sealed.ciphertext()))
          .append("categories", names(sealed.categories()))
          .append("shredTime", date(sealed.shredTime()))
          .append("shredCause", sealed.shredCause());
    }
    List<Document> history = new ArrayList<>();
    for (Referral.StateChange c : r.history()) {
      history.add(new Document("from", c.from() == null ? null : c.from().name())
          .append("to", c.to().name())
          .append("actor", c.actor())
          .append("actorPartner", c.actorPartner())
          .append("time", date(c.time()))
          .append("reason", c.reason())
          .append("requestId", c.requestId())
          .append("fingerprint", c.fingerprint()));
    }
    return new Document("_id", r.id())
        .append("networkId", r.networkId())
        .append("senderPartner", r.senderPartner())
        .append("senderUser", r.senderUser())
        .append("recipientPartner", r.recipientPartner())
        .append("requestedServices", r.requestedServices())
        .append("urgency", r.urgency().name())
        .append("summary", summary)
        .append("consentId", r.consentId())
        .append("state", r.state().name())
        .append("disclosure", disclosure)
        .append("respondBy", date(r.respondBy()))
        .append("history", history)
        .append("forwardedFrom", r.forwardedFrom())
        .append("forwardedTo", r.forwardedTo())
        .append("createTime", date(r.createTime()))
        .append("updateTime", date(r.updateTime()))
        .append("closeTime", date(r.closeTime()))
        .append("version", r.version())
        .append("requestKey", r.requestKey())
        .append("fingerprint", r.fingerprint());
  }

  static Referral fromDocument(Document d) {
    Document s = d.get("summary", Document.class);
    Referral.Summary summary = new Referral.Summary(s.getInteger("minAge", 0), s.getInteger("maxAge", 0),
        s.getList("languages", String.class, List.of()), s.getList("needs", String.class, List.of()),
        s.getString("gender"));
    Referral.SealedDisclosure disclosure = null;
    Document sealed = d.get("disclosure", Document.class);
    if (sealed != null) {
      Binary ciphertext = sealed.get("ciphertext", Binary.class);
      disclosure = new Referral.SealedDisclosure(ciphertext == null ? null : ciphertext.getData(),
          categories(sealed.getList("categories", String.class, List.of())), instant(sealed.getDate("shredTime")),
          sealed.getString("shredCause"));
    }
    List<Referral.StateChange> history = new ArrayList<>();
    for (Document c : d.getList("history", Document.class, List.of())) {
      String from = c.getString("from");
      history.add(new Referral.StateChange(from == null ? null : ReferralState.valueOf(from),
          ReferralState.valueOf(c.getString("to")), c.getString("actor"), c.getString("actorPartner"),
          instant(c.getDate("time")), c.getString("reason"), c.getString("requestId"), c.getString("fingerprint")));
    }
    return new Referral(d.getString("_id"), d.getString("networkId"), d.getString("senderPartner"),
        d.getString("senderUser"), d.getString("recipientPartner"),
        d.getList("requestedServices", String.class, List.of()), Urgency.valueOf(d.getString("urgency")), summary,
        d.getString("consentId"), ReferralState.valueOf(d.getString("state")), disclosure,
        instant(d.getDate("respondBy")), history, d.getString("forwardedFrom"), d.getString("forwardedTo"),
        instant(d.getDate("createTime")), instant(d.getDate("updateTime")), instant(d.getDate("closeTime")),
        ((Number) d.get("version")).longValue(), d.getString("requestKey"), d.getString("fingerprint"));
  }

  private static List<String> names(Set<Category> categories) {
    return categories.stream().map(Enum::name).sorted().toList();
  }

  private static Set<Category> categories(List<String> names) {
    Set<Category> set = EnumSet.noneOf(Category.class);
    names.forEach(n -> set.add(Category.valueOf(n)));
    return set;
  }

  private static Date date(Instant instant) {
    return instant == null ? null : Date.from(instant);
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}

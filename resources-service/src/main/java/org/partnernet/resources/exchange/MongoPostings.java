package org.partnernet.resources.exchange;

import static org.partnernet.resources.store.MongoFilters.date;
import static org.partnernet.resources.store.MongoFilters.instant;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.partnernet.resources.geo.Place;
import org.partnernet.resources.store.MongoFilters;

/** Offers or needs in their own collection, one document each (claims inside their offer). */
public final class MongoPostings implements Postings {

  private final Side side;
  private final MongoCollection<Document> collection;

  public MongoPostings(MongoDatabase database, Side side) {
    this.side = side;
    this.collection = database.getCollection(side == Side.OFFER ? "offers" : "needs");
    collection.createIndex(Indexes.ascending("poster", "requestId"), new IndexOptions().unique(true));
    collection.createIndex(Indexes.ascending("kind", "state", "lat"));
    collection.createIndex(Indexes.ascending("lng"));
    collection.createIndex(Indexes.ascending("state", "windowEnd"));
    collection.createIndex(Indexes.ascending("claims.id"));
    collection.createIndex(Indexes.ascending("claims.claimant"));
  }

  @Override
  public Side side() {
    return side;
  }

  @Override
  public Posting insertOnce(Posting posting) {
    try {
      collection.insertOne(toDocument(posting));
      return posting;
    } catch (MongoWriteException e) {
      if (!MongoFilters.isDuplicateKey(e)) {
        throw e;
      }
      Document first = collection.find(Filters.and(Filters.eq("poster", posting.poster()),
          Filters.eq("requestId", posting.requestId()))).first();
      if (first == null) {
        throw e;
      }
      return fromDocument(first);
    }
  }

  @Override
  public Optional<Posting> find(String id) {
    return Optional.ofNullable(collection.find(Filters.eq("_id", id)).first()).map(this::fromDocument);
  }

  @Override
  public List<Posting> list(PostingFilter filter, Instant now, String afterId, int limit) {
    List<Bson> parts = new ArrayList<>();
    if (filter.kind() != null) {
      parts.add(Filters.eq("kind", filter.kind().name()));
    }
    if (filter.poster() != null) {
      parts.add(Filters.eq("poster", filter.poster()));
    }
    if (!filter.statuses().isEmpty()) {
      parts.add(Filters.or(filter.statuses().stream().map(s -> status(s, now)).toList()));
    }
    if (filter.near() != null) {
      parts.add(MongoFilters.within(filter.near(), filter.radiusKm()));
    }
    if (filter.to() != null) {
      parts.add(Filters.lt("windowStart", date(filter.to())));
    }
    if (filter.from() != null) {
      parts.add(Filters.gt("windowEnd", date(filter.from())));
    }
    if (afterId != null) {
      parts.add(Filters.lt("_id", afterId));
    }
    Bson query = parts.isEmpty() ? new Document() : Filters.and(parts);
    return collection.find(query).sort(Sorts.descending("_id")).limit(limit).map(this::fromDocument)
        .into(new ArrayList<>());
  }

  private static Bson status(Status status, Instant now) {
    Bson active = Filters.eq("state", State.ACTIVE.name());
    Bson running = Filters.gt("windowEnd", date(now));
    Bson left = Filters.gt("remaining", 0L);
    return switch (status) {
      case OPEN -> Filters.and(active, Filters.eq("claimed", 0L), left, running);
      case PARTLY_CLAIMED -> Filters.and(active, Filters.gt("claimed", 0L), left, running);
      case FULFILLED -> Filters.and(active, Filters.eq("remaining", 0L));
      case WITHDRAWN -> Filters.eq("state", State.WITHDRAWN.name());
      case EXPIRED -> Filters.or(Filters.eq("state", State.EXPIRED.name()),
          Filters.and(active, left, Filters.lte("windowEnd", date(now))));
    };
  }

  @Override
  public List<Posting> candidates(Kind kind, Place near, double radiusKm, Window overlapping, Instant now,
                                  String excludedPoster, int limit) {
    Instant notBefore = overlapping.start().isAfter(now) ? overlapping.start() : now;
    Bson query = Filters.and(
        Filters.eq("kind", kind.name()),
        Filters.eq("state", State.ACTIVE.name()),
        Filters.gt("remaining", 0L),
        Filters.gt("windowEnd", date(notBefore)),
        Filters.lt("windowStart", date(overlapping.end())),
        Filters.ne("poster", excludedPoster),
        MongoFilters.within(near, radiusKm));
    return collection.find(query).sort(Sorts.descending("_id")).limit(limit).map(this::fromDocument)
        .into(new ArrayList<>());
  }

  @Override
  public boolean reserve(Claim claim, Instant now) {
    String key = claimKey(claim.claimant(), claim.requestId());
    Bson query = Filters.and(
        Filters.eq("_id", claim.offer()),
        Filters.eq("state", State.ACTIVE.name()),
        Filters.gte("remaining", claim.quantity()),
        Filters.gt("windowEnd", date(now)),
        Filters.ne("claimKeys", key));
    Bson update = Updates.combine(
        Updates.inc("remaining", -claim.quantity()),
        Updates.inc("claimed", claim.quantity()),
        Updates.inc("version", 1L),
        Updates.inc("claimCount", 1),
        Updates.push("claims", claimDocument(claim)),
        Updates.push("claimKeys", key),
        Updates.set("updateTime", date(now)));
    return collection.updateOne(query, update).getModifiedCount() == 1;
  }

  @Override
  public boolean replaceQuantities(Posting posting) {
    Bson update = Updates.combine(
        Updates.set("claims", posting.claims().stream().map(MongoPostings::claimDocument).toList()),
        Updates.set("remaining", posting.remaining()),
        Updates.set("claimed", posting.claimed()),
        Updates.set("updateTime", date(posting.updateTime())),
        Updates.inc("version", 1L));
    return collection.updateOne(Filters.and(Filters.eq("_id", posting.id()), Filters.eq("version", posting.version())),
        update).getModifiedCount() == 1;
  }

  @Override
  public boolean replaceText(Posting posting) {
    Bson update = Updates.combine(
        Updates.set("title", posting.title()),
        Updates.set("description", posting.description()),
        Updates.set("area", posting.area()),
        Updates.set("audience", posting.audience()),
        Updates.set("updateTime", date(posting.updateTime())),
        Updates.inc("version", 1L));
    return collection.updateOne(Filters.and(Filters.eq("_id", posting.id()), Filters.eq("version", posting.version()),
        Filters.eq("state", State.ACTIVE.name())), update).getModifiedCount() == 1;
  }

  @Override
  public boolean withdraw(String id, String requestId, Instant now) {
    Bson update = Updates.combine(
        Updates.set("state", State.WITHDRAWN.name()),
        Updates.set("closeRequestId", requestId),
        Updates.set("updateTime", date(now)),
        Updates.inc("version", 1L));
    return collection.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("state", State.ACTIVE.name())), update)
        .getModifiedCount() == 1;
  }

  @Override
  public long expireEnded(Instant now) {
    Bson query = Filters.and(Filters.eq("state", State.ACTIVE.name()), Filters.gt("remaining", 0L),
        Filters.lte("windowEnd", date(now)));
    Bson update = Updates.combine(Updates.set("state", State.EXPIRED.name()), Updates.set("updateTime", date(now)),
        Updates.inc("version", 1L));
    return collection.updateMany(query, update).getModifiedCount();
  }

  @Override
  public Optional<Posting> findByClaim(String claimId) {
    return Optional.ofNullable(collection.find(Filters.eq("claims.id", claimId)).first()).map(this::fromDocument);
  }

  @Override
  public List<Posting> withClaimsOf(String organisation, String offerId, int limit) {
    Bson mine = Filters.or(
        Filters.and(Filters.eq("poster", organisation), Filters.gt("claimCount", 0)),
        Filters.eq("claims.claimant", organisation));
    Bson query = offerId == null ? mine : Filters.and(Filters.eq("_id", offerId), mine);
    return collection.find(query).sort(Sorts.descending("_id")).limit(limit).map(this::fromDocument)
        .into(new ArrayList<>());
  }

  @Override
  public long count() {
    return collection.countDocuments();
  }

  private static String claimKey(String claimant, String requestId) {
    return claimant + "/" + requestId;
  }

  private static Document toDocument(Posting p) {
    return new Document("_id", p.id())
        .append("networkId", p.networkId())
        .append("poster", p.poster())
        .append("kind", p.kind().name())
        .append("title", p.title())
        .append("description", p.description())
        .append("quantity", p.quantity())
        .append("unit", p.unit())
        .append("remaining", p.remaining())
        .append("claimed", p.claimed())
        .append("lat", p.location().latitude())
        .append("lng", p.location().longitude())
        .append("area", p.area())
        .append("radiusKm", p.radiusKm())
        .append("windowStart", date(p.window().start()))
        .append("windowEnd", date(p.window().end()))
        .append("audience", p.audience())
        .append("state", p.state().name())
        .append("requestId", p.requestId())
        .append("requestHash", p.requestHash())
        .append("closeRequestId", p.closeRequestId())
        .append("createTime", date(p.createTime()))
        .append("updateTime", date(p.updateTime()))
        .append("version", p.version())
        .append("claims", p.claims().stream().map(MongoPostings::claimDocument).toList())
        .append("claimKeys", p.claims().stream().map(c -> claimKey(c.claimant(), c.requestId())).toList())
        .append("claimCount", p.claims().size());
  }

  private static Document claimDocument(Claim c) {
    return new Document("id", c.id())
        .append("claimant", c.claimant())
        .append("quantity", c.quantity())
        .append("need", c.need())
        .append("status", c.status().name())
        .append("requestId", c.requestId())
        .append("requestHash", c.requestHash())
        .append("answerRequestId", c.answerRequestId())
        .append("createTime", date(c.createTime()))
        .append("answerTime", date(c.answerTime()));
  }

  private Posting fromDocument(Document d) {
    String id = d.getString("_id");
    String poster = d.getString("poster");
    List<Claim> claims = new ArrayList<>();
    for (Document c : d.getList("claims", Document.class, List.of())) {
      claims.add(new Claim(c.getString("id"), id, poster, c.getString("claimant"), number(c, "quantity"),
          c.getString("need"), ClaimStatus.valueOf(c.getString("status")), c.getString("requestId"),
          c.getString("answerRequestId"), instant(c.getDate("createTime")), instant(c.getDate("answerTime")),
          c.getString("requestHash")));
    }
    return new Posting(id, side, d.getString("networkId"), poster, Kind.valueOf(d.getString("kind")),
        d.getString("title"), d.getString("description"), number(d, "quantity"), d.getString("unit"),
        number(d, "remaining"), number(d, "claimed"),
        new Place(d.getDouble("lat"), d.getDouble("lng")), d.getString("area"), d.getDouble("radiusKm"),
        new Window(instant(d.getDate("windowStart")), instant(d.getDate("windowEnd"))),
        d.getList("audience", String.class, List.of()), State.valueOf(d.getString("state")),
        d.getString("requestId"), d.getString("closeRequestId"), instant(d.getDate("createTime")),
        instant(d.getDate("updateTime")), number(d, "version"), claims, d.getString("requestHash"));
  }

  private static long number(Document d, String field) {
    Object value = d.get(field);
    return value == null ? 0 : ((Number) value).longValue();
  }
}

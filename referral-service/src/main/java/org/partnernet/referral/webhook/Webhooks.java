package org.partnernet.referral.webhook;

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
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;

/**
 * Webhooks and their dead letters in the service database. A webhook's delivery progress (cursor, attempts, next
 * try) lives in its own document, changed only by the replica holding its lease, so a restart or a second replica
 * neither loses nor repeats more than the one event in flight.
 */
public final class Webhooks {

  private final MongoCollection<Document> webhooks;
  private final MongoCollection<Document> deadLetters;

  public Webhooks(MongoDatabase database) {
    this.webhooks = database.getCollection("webhooks");
    this.deadLetters = database.getCollection("webhookDeadLetters");
    webhooks.createIndex(Indexes.ascending("partner", "requestId"), new IndexOptions().unique(true));
    webhooks.createIndex(Indexes.ascending("network"));
    deadLetters.createIndex(Indexes.ascending("webhook", "seq"), new IndexOptions().unique(true));
  }

  /** Stores a new webhook, or returns the one stored before under the same partner and request id. */
  Webhook insertOnce(Webhook w) {
    try {
      webhooks.insertOne(new Document("_id", w.id())
          .append("network", w.network())
          .append("partner", w.partner())
          .append("url", w.url())
          .append("secretVersion", w.secretVersion())
          .append("secret", new Binary(w.sealedSecret()))
          .append("cursor", w.cursor())
          .append("attempts", 0)
          .append("createTime", Date.from(w.createTime()))
          .append("requestId", w.requestId())
          .append("requestHash", w.requestHash()));
      return w;
    } catch (MongoWriteException e) {
      if (e.getError().getCode() != 11000) {
        throw e;
      }
      return findByRequest(w.partner(), w.requestId()).orElseThrow(() -> e);
    }
  }

  Optional<Webhook> findByRequest(String partner, String requestId) {
    return Optional.ofNullable(webhooks.find(Filters.and(Filters.eq("partner", partner),
        Filters.eq("requestId", requestId))).map(Webhooks::webhook).first());
  }

  Optional<Webhook> find(String id) {
    return Optional.ofNullable(webhooks.find(Filters.eq("_id", id)).map(Webhooks::webhook).first());
  }

  /** The partner's webhooks, oldest first, after {@code afterId}. */
  List<Webhook> of(String partner, String afterId, int limit) {
    Bson filter = Filters.eq("partner", partner);
    if (afterId != null) {
      filter = Filters.and(filter, Filters.gt("_id", afterId));
    }
    return webhooks.find(filter).sort(Sorts.ascending("_id")).limit(limit).map(Webhooks::webhook)
        .into(new ArrayList<>());
  }

  long countOf(String partner) {
    return webhooks.countDocuments(Filters.eq("partner", partner));
  }

  /** A webhook due for a try: its id and the last sequence it handled. */
  record Due(String id, long cursor) {}

  /** The network's webhooks due for a try and not leased by a live replica. */
  List<Due> due(String network, Instant now, int limit) {
    Date at = Date.from(now);
    return webhooks.find(Filters.and(Filters.eq("network", network),
            Filters.or(Filters.exists("nextAttemptAt", false), Filters.eq("nextAttemptAt", null),
                Filters.lte("nextAttemptAt", at)),
            Filters.or(Filters.exists("leaseUntil", false), Filters.eq("leaseUntil", null),
                Filters.lt("leaseUntil", at))))
        .projection(new Document("_id", 1).append("cursor", 1)).limit(limit)
        .map(d -> new Due(d.getString("_id"), ((Number) d.get("cursor")).longValue())).into(new ArrayList<>());
  }

  /** Takes (or renews) the lease on a webhook's deliveries; false if another replica holds it. */
  boolean lease(String id, String owner, Instant now, Instant until) {
    return webhooks.updateOne(Filters.and(Filters.eq("_id", id), Filters.or(Filters.exists("leaseUntil", false),
            Filters.eq("leaseUntil", null), Filters.lt("leaseUntil", Date.from(now)), Filters.eq("leaseOwner", owner))),
        Updates.combine(Updates.set("leaseOwner", owner), Updates.set("leaseUntil", Date.from(until))))
        .getModifiedCount() == 1;
  }

  void release(String id, String owner) {
    webhooks.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("leaseOwner", owner)),
        Updates.combine(Updates.unset("leaseOwner"), Updates.unset("leaseUntil")));
  }

  /** Records progress (only while holding the lease): the cursor and the state of the next event's tries. */
  boolean progress(String id, String owner, long cursor, int attempts, Instant nextAttemptAt, String lastOutcome) {
    return webhooks.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("leaseOwner", owner)),
        Updates.combine(Updates.set("cursor", cursor), Updates.set("attempts", attempts),
            Updates.set("nextAttemptAt", nextAttemptAt == null ? null : Date.from(nextAttemptAt)),
            Updates.set("lastOutcome", lastOutcome))).getModifiedCount() == 1;
  }

  /** Replaces the secret if the version is still {@code from}; false if another rotation came first. */
  boolean replaceSecret(String id, int from, byte[] sealed) {
    return webhooks.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("secretVersion", from)),
        Updates.combine(Updates.set("secretVersion", from + 1), Updates.set("secret", new Binary(sealed))))
        .getModifiedCount() == 1;
  }

  boolean delete(String id) {
    boolean deleted = webhooks.deleteOne(Filters.eq("_id", id)).getDeletedCount() == 1;
    deadLetters.deleteMany(Filters.eq("webhook", id));
    return deleted;
  }

  /** Stores a dead letter once per webhook and sequence (a retry after a crash finds the first). */
  void deadLetter(DeadLetter d) {
    try {
      deadLetters.insertOne(new Document("_id", d.id())
          .append("webhook", d.webhook())
          .append("partner", d.partner())
          .append("eventId", d.eventId())
          .append("seq", d.sequence())
          .append("body", d.body())
          .append("attempts", d.attempts())
          .append("lastOutcome", d.lastOutcome())
          .append("deadTime", Date.from(d.deadTime())));
    } catch (MongoWriteException e) {
      if (e.getError().getCode() != 11000) {
        throw e;
      }
    }
  }

  Optional<DeadLetter> findDeadLetter(String id) {
    return Optional.ofNullable(deadLetters.find(Filters.eq("_id", id)).map(Webhooks::deadLetter).first());
  }

  /** A webhook's dead letters, newest first, before {@code beforeId}. */
  List<DeadLetter> deadLettersOf(String webhook, String beforeId, int limit) {
    Bson filter = Filters.eq("webhook", webhook);
    if (beforeId != null) {
      filter = Filters.and(filter, Filters.lt("_id", beforeId));
    }
    return deadLetters.find(filter).sort(Sorts.descending("_id")).limit(limit).map(Webhooks::deadLetter)
        .into(new ArrayList<>());
  }

  /** Marks a dead letter replayed; false if it already was. */
  boolean replayed(String id, Instant at, int attempts, String outcome) {
    return deadLetters.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("replayTime", null)),
        Updates.combine(Updates.set("replayTime", Date.from(at)), Updates.set("attempts", attempts),
            Updates.set("lastOutcome", outcome))).getModifiedCount() == 1;
  }

  void replayFailed(String id, int attempts, String outcome) {
    deadLetters.updateOne(Filters.eq("_id", id),
        Updates.combine(Updates.set("attempts", attempts), Updates.set("lastOutcome", outcome)));
  }

  private static Webhook webhook(Document d) {
    Date next = d.getDate("nextAttemptAt");
    return new Webhook(d.getString("_id"), d.getString("network"), d.getString("partner"), d.getString("url"),
        d.getInteger("secretVersion", 1), d.get("secret", Binary.class).getData(),
        ((Number) d.get("cursor")).longValue(), d.getInteger("attempts", 0), next == null ? null : next.toInstant(),
        d.getString("lastOutcome"), d.getDate("createTime").toInstant(), d.getString("requestId"),
        d.getString("requestHash"));
  }

  private static DeadLetter deadLetter(Document d) {
    Date replay = d.getDate("replayTime");
    return new DeadLetter(d.getString("_id"), d.getString("webhook"), d.getString("partner"), d.getString("eventId"),
        ((Number) d.get("seq")).longValue(), d.getString("body"), d.getInteger("attempts", 0),
        d.getString("lastOutcome"), d.getDate("deadTime").toInstant(), replay == null ? null : replay.toInstant());
  }
}

package org.partnernet.referral.alert;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;

/**
 * Alerts and the position in the inbox event log up to which EMERGENCY events were turned into alerts. An alert's
 * progress is changed only by the replica holding its lease (a conditional update), so a restart or a second
 * replica neither skips nor repeats a step.
 */
public final class Alerts {

  private final MongoCollection<Document> alerts;
  private final MongoCollection<Document> cursors;
  private final MongoCollection<Document> capacityChecks;
  private final String network;

  public Alerts(MongoDatabase database, String network) {
    this.alerts = database.getCollection("alerts");
    this.cursors = database.getCollection("alertCursors");
    this.capacityChecks = database.getCollection("capacityChecks");
    this.network = network;
    alerts.createIndex(Indexes.ascending("network", "done", "dueAt"));
  }

  /** The last inbox sequence turned into alerts; set to {@code startAt} the first time alerts run. */
  long cursor(long startAt) {
    try {
      cursors.insertOne(new Document("_id", network).append("seq", startAt));
    } catch (MongoWriteException e) {
      if (e.getError().getCode() != 11000) {
        throw e;
      }
    }
    return ((Number) cursors.find(Filters.eq("_id", network)).first().get("seq")).longValue();
  }

  /** Moves the cursor forward only (replicas following the same log may race). */
  void advanceCursor(long to) {
    cursors.updateOne(Filters.and(Filters.eq("_id", network), Filters.lt("seq", to)), Updates.set("seq", to));
  }

  /** Stores a new alert once: the id is the subject and the recipient, so a replay of the event is a no-op. */
  void insertOnce(Alert a) {
    try {
      alerts.insertOne(new Document("_id", a.id()).append("network", network)
          .append("subject", a.subject().name()).append("subjectId", a.subjectId())
          .append("recipient", a.recipientPartner()).append("sender", a.senderPartner())
          .append("step", a.step()).append("dueAt", Date.from(a.dueAt())).append("delivered", a.delivered())
          .append("attempts", a.attempts()).append("done", a.done()));
    } catch (MongoWriteException e) {
      if (e.getError().getCode() != 11000) {
        throw e;
      }
    }
  }

  /** Ids of the network's alerts due now and not leased by a live replica. */
  List<String> due(Instant now, int limit) {
    Date at = Date.from(now);
    return alerts.find(Filters.and(Filters.eq("network", network), Filters.eq("done", false),
            Filters.lte("dueAt", at),
            Filters.or(Filters.exists("leaseUntil", false), Filters.eq("leaseUntil", null),
                Filters.lt("leaseUntil", at))))
        .projection(new Document("_id", 1)).limit(limit).map(d -> d.getString("_id")).into(new ArrayList<>());
  }

  /** Takes the lease on an alert; false if another replica holds it. */
  boolean lease(String id, String owner, Instant now, Instant until) {
    return alerts.updateOne(Filters.and(Filters.eq("_id", id), Filters.or(Filters.exists("leaseUntil", false),
            Filters.eq("leaseUntil", null), Filters.lt("leaseUntil", Date.from(now)))),
        Updates.combine(Updates.set("leaseOwner", owner), Updates.set("leaseUntil", Date.from(until))))
        .getModifiedCount() == 1;
  }

  void release(String id, String owner) {
    alerts.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("leaseOwner", owner)),
        Updates.combine(Updates.unset("leaseOwner"), Updates.unset("leaseUntil")));
  }

  Optional<Alert> find(String id) {
    return Optional.ofNullable(alerts.find(Filters.eq("_id", id)).first()).map(Alerts::alert);
  }

  /** Records one delivery of the current step (only while holding the lease); false if the lease was lost. */
  boolean delivered(String id, String owner, String delivery) {
    return alerts.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("leaseOwner", owner)),
        Updates.addToSet("delivered", delivery)).getModifiedCount() == 1;
  }

  /** Moves to the next step, due at {@code dueAt}; its deliveries start empty. */
  void nextStep(String id, String owner, int step, Instant dueAt) {
    alerts.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("leaseOwner", owner)),
        Updates.combine(Updates.set("step", step), Updates.set("dueAt", Date.from(dueAt)),
            Updates.set("delivered", List.of()), Updates.set("attempts", 0)));
  }

  /** A failed try of the current step: the next one is due at {@code dueAt}. */
  void retryAt(String id, String owner, int attempts, Instant dueAt) {
    alerts.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("leaseOwner", owner)),
        Updates.combine(Updates.set("attempts", attempts), Updates.set("dueAt", Date.from(dueAt))));
  }

  /** Nothing more to send: answered, or every step made. */
  void finish(String id, String owner) {
    alerts.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("leaseOwner", owner)), Updates.set("done", true));
  }

  /** What alerting needs of a capacity question: who asked, how urgent, who answered, until when. */
  record Question(String asker, boolean emergency, Set<String> answeredBy, Instant expireTime) {}

  /**
   * Reads a capacity question where the capacity package stores it (collection {@code capacityChecks}): only the
   * fields above, never the question's content.
   */
  Optional<Question> question(String id) {
    return Optional.ofNullable(capacityChecks.find(Filters.eq("_id", id))
            .projection(Projections.include("asker", "urgency", "answers", "expireTime")).first())
        .map(d -> new Question(d.getString("asker"), "EMERGENCY".equals(d.getString("urgency")),
            d.get("answers", new Document()).keySet(), d.getDate("expireTime").toInstant()));
  }

  private static Alert alert(Document d) {
    return new Alert(d.getString("_id"), Alert.Subject.valueOf(d.getString("subject")), d.getString("subjectId"),
        d.getString("recipient"), d.getString("sender"), d.getInteger("step", 0), d.getDate("dueAt").toInstant(),
        d.getList("delivered", String.class, List.of()), d.getInteger("attempts", 0), d.getBoolean("done", false));
  }
}

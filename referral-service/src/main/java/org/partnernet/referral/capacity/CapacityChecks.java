package org.partnernet.referral.capacity;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.partnernet.referral.lifecycle.Urgency;

/** Capacity checks, one document each; an answer is one {@code $set} of {@code answers.<partner>}. */
public class CapacityChecks {

  private final MongoCollection<Document> checks;

  public CapacityChecks(MongoDatabase database) {
    this.checks = database.getCollection("capacityChecks");
    checks.createIndex(Indexes.ascending("requestKey"), new IndexOptions().unique(true));
  }

  /** False if the request key is taken (a concurrent retry). */
  boolean insert(CapacityCheck c) {
    try {
      checks.insertOne(new Document("_id", c.id()).append("network", c.networkId()).append("asker", c.askerPartner())
          .append("askerUser", c.askerUser()).append("needs", c.needs()).append("minAge", c.minAge())
          .append("maxAge", c.maxAge()).append("gender", c.gender()).append("languages", c.languages())
          .append("urgency", c.urgency().name()).append("timeframe", c.timeframe())
          .append("asked", c.askedPartners()).append("answers", new Document())
          .append("createTime", Date.from(c.createTime())).append("expireTime", Date.from(c.expireTime()))
          .append("requestKey", c.requestKey()).append("fingerprint", c.fingerprint()));
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCode() == 11000) {
        return false;
      }
      throw e;
    }
  }

  Optional<CapacityCheck> find(String id) {
    return Optional.ofNullable(checks.find(Filters.eq("_id", id)).first()).map(CapacityChecks::fromDocument);
  }

  Optional<CapacityCheck> findByRequestKey(String requestKey) {
    return Optional.ofNullable(checks.find(Filters.eq("requestKey", requestKey)).first())
        .map(CapacityChecks::fromDocument);
  }

  void answer(String id, String partner, CapacityCheck.Answer a) {
    checks.updateOne(Filters.eq("_id", id), Updates.set("answers." + partner, new Document("kind", a.kind().name())
        .append("note", a.note()).append("time", Date.from(a.time())).append("user", a.user())
        .append("requestId", a.requestId())));
  }

  /** The needs of each NO_CAPACITY answer to a check created in the window: one list per answer. */
  public List<List<String>> needsAnsweredNoCapacity(Instant from, Instant to) {
    List<Bson> window = new ArrayList<>();
    if (from != null) {
      window.add(Filters.gte("createTime", Date.from(from)));
    }
    if (to != null) {
      window.add(Filters.lt("createTime", Date.from(to)));
    }
    List<List<String>> needs = new ArrayList<>();
    for (Document d : (window.isEmpty() ? checks.find() : checks.find(Filters.and(window)))
        .projection(Projections.include("needs", "answers"))) {
      Document answers = d.get("answers", Document.class);
      if (answers == null) {
        continue;
      }
      for (Object answer : answers.values()) {
        if (CapacityCheck.Kind.NO_CAPACITY.name().equals(((Document) answer).getString("kind"))) {
          needs.add(d.getList("needs", String.class, List.of()));
        }
      }
    }
    return needs;
  }

  @SuppressWarnings("unchecked")
  private static CapacityCheck fromDocument(Document d) {
    Map<String, CapacityCheck.Answer> answers = new LinkedHashMap<>();
    Document stored = d.get("answers", Document.class);
    if (stored != null) {
      for (Map.Entry<String, Object> e : stored.entrySet()) {
        Document a = (Document) e.getValue();
        answers.put(e.getKey(), new CapacityCheck.Answer(CapacityCheck.Kind.valueOf(a.getString("kind")),
            a.getString("note"), a.getDate("time").toInstant(), a.getString("user"), a.getString("requestId")));
      }
    }
    return new CapacityCheck(d.getString("_id"), d.getString("network"), d.getString("asker"),
        d.getString("askerUser"), (List<String>) d.get("needs"), d.getInteger("minAge"), d.getInteger("maxAge"),
        d.getString("gender"), (List<String>) d.get("languages"), Urgency.valueOf(d.getString("urgency")),
        d.getString("timeframe"), (List<String>) d.get("asked"), answers, d.getDate("createTime").toInstant(),
        d.getDate("expireTime").toInstant(), d.getString("requestKey"), d.getString("fingerprint"));
  }
}

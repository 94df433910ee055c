package org.partnernet.referral.consent;

import com.mongodb.ErrorCategory;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;

/** The consents, one document each; the request key makes a retried create find the first one. */
public final class Consents {

  private final MongoCollection<Document> consents;

  public Consents(MongoDatabase database) {
    this.consents = database.getCollection("consents");
    consents.createIndex(Indexes.ascending("requestKey"), new IndexOptions().unique(true));
    consents.createIndex(Indexes.ascending("expireTime"));
    consents.createIndex(Indexes.ascending("senderPartner", "clientId"));
  }

  /** Inserts a new consent; false if one with the same request key exists. */
  boolean insert(Consent consent) {
    try {
      consents.insertOne(toDocument(consent));
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  public Optional<Consent> find(String id) {
    return Optional.ofNullable(consents.find(Filters.eq("_id", id)).first()).map(Consents::fromDocument);
  }

  Optional<Consent> findByRequestKey(String requestKey) {
    return Optional.ofNullable(consents.find(Filters.eq("requestKey", requestKey)).first()).map(Consents::fromDocument);
  }

  /** Marks a consent revoked unless it already is; true if this call revoked it. */
  public boolean revoke(Consent revoked) {
    return consents.updateOne(Filters.and(Filters.eq("_id", revoked.id()), Filters.eq("revokeTime", null)),
        Updates.combine(Updates.set("revokeTime", Date.from(revoked.revokeTime())),
            Updates.set("revokedBy", revoked.revokedBy()),
            Updates.set("revokeRequestId", revoked.revokeRequestId()))).getModifiedCount() > 0;
  }

  public void markDisclosuresShredded(String id) {
    consents.updateOne(Filters.eq("_id", id), Updates.set("disclosuresShredded", true));
  }

  /** Consents past their end (expired or revoked) whose disclosures may not all be shredded yet. */
  public List<Consent> endedWithDisclosures(Instant now, int limit) {
    List<Consent> found = new ArrayList<>();
    for (Document d : consents.find(Filters.and(Filters.ne("disclosuresShredded", true),
        Filters.or(Filters.lte("expireTime", Date.from(now)), Filters.ne("revokeTime", null)))).limit(limit)) {
      found.add(fromDocument(d));
    }
    return found;
  }

  /** The consents one organisation recorded for one client, newest first. */
  public List<Consent> ofClient(String senderPartner, String clientId) {
    List<Consent> found = new ArrayList<>();
    for (Document d : consents.find(Filters.and(Filters.eq("senderPartner", senderPartner),
        Filters.eq("clientId", clientId))).sort(Sorts.descending("createTime"))) {
      found.add(fromDocument(d));
    }
    return found;
  }

  static Document toDocument(Consent c) {
    return new Document("_id", c.id())
        .append("networkId", c.networkId())
        .append("clientId", c.clientId())
        .append("method", c.method().name())
        .append("senderPartner", c.senderPartner())
        .append("recordedBy", c.recordedBy())
        .append("giveTime", Date.from(c.giveTime()))
        .append("recipientPartners", c.recipientPartners())
        .append("purposes", c.purposes())
        .append("categories", c.categories().stream().map(Enum::name).sorted().toList())
        .append("expireTime", Date.from(c.expireTime()))
        .append("language", c.language())
        .append("createTime", Date.from(c.createTime()))
        .append("revokeTime", c.revokeTime() == null ? null : Date.from(c.revokeTime()))
        .append("revokedBy", c.revokedBy())
        .append("revokeRequestId", c.revokeRequestId())
        .append("disclosuresShredded", c.disclosuresShredded())
        .append("requestKey", c.requestKey())
        .append("fingerprint", c.fingerprint());
  }

  static Consent fromDocument(Document d) {
    Set<Category> categories = EnumSet.noneOf(Category.class);
    d.getList("categories", String.class, List.of()).forEach(c -> categories.add(Category.valueOf(c)));
    Date revoke = d.getDate("revokeTime");
    return new Consent(d.getString("_id"), d.getString("networkId"), d.getString("clientId"),
        Consent.Method.valueOf(d.getString("method")), d.getString("senderPartner"), d.getString("recordedBy"),
        d.getDate("giveTime").toInstant(), d.getList("recipientPartners", String.class, List.of()),
        d.getList("purposes", String.class, List.of()), categories, d.getDate("expireTime").toInstant(),
        d.getString("language"), d.getDate("createTime").toInstant(), revoke == null ? null : revoke.toInstant(),
        d.getString("revokedBy"), d.getString("revokeRequestId"), d.getBoolean("disclosuresShredded", false),
        d.getString("requestKey"), d.getString("fingerprint"));
  }
}

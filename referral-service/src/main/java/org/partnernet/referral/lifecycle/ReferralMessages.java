package org.partnernet.referral.lifecycle;

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
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * The secure messages of referrals, one document each, holding only ciphertext under the referral's data key. The
 * request key (caller + request id) is unique, so a retried post can never store a second message. Shredding drops
 * the ciphertext and keeps the rest (id, referral, sender, time) as the thread's history.
 */
public final class ReferralMessages {

  /** A stored message: its text is ciphertext, null once shredded. */
  record Sealed(String id, String referralId, String senderPartner, String senderUser, byte[] ciphertext,
                Instant createTime, String requestKey) {}

  private final MongoCollection<Document> messages;

  public ReferralMessages(MongoDatabase database) {
    this.messages = database.getCollection("referralMessages");
    messages.createIndex(Indexes.ascending("requestKey"), new IndexOptions().unique(true));
    messages.createIndex(Indexes.ascending("referral", "_id"));
  }

  /** False if a message with the same request key exists. */
  boolean insert(Sealed m) {
    try {
      messages.insertOne(new Document("_id", m.id()).append("referral", m.referralId())
          .append("senderPartner", m.senderPartner()).append("senderUser", m.senderUser())
          .append("ciphertext", new Binary(m.ciphertext())).append("createTime", Date.from(m.createTime()))
          .append("requestKey", m.requestKey()));
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  Optional<Sealed> findByRequestKey(String requestKey) {
    return Optional.ofNullable(messages.find(Filters.eq("requestKey", requestKey)).first())
        .map(ReferralMessages::fromDocument);
  }

  /** A referral's messages after {@code afterId} (null: from the first), oldest first (ids are time-ordered). */
  List<Sealed> page(String referralId, String afterId, int limit) {
    var filter = afterId == null ? Filters.eq("referral", referralId)
        : Filters.and(Filters.eq("referral", referralId), Filters.gt("_id", afterId));
    List<Sealed> page = new ArrayList<>();
    for (Document d : messages.find(filter).sort(Sorts.ascending("_id")).limit(limit)) {
      page.add(fromDocument(d));
    }
    return page;
  }

  /**
   * Deletes the ciphertext of every message of a referral whose data key is destroyed, so not even an unreadable copy
   * stays in the database; idempotent, so a shredding a crash interrupted can simply run again.
   */
  void dropCiphertext(String referralId) {
    messages.updateMany(Filters.and(Filters.eq("referral", referralId), Filters.exists("ciphertext")),
        Updates.unset("ciphertext"));
  }

  private static Sealed fromDocument(Document d) {
    Binary ciphertext = d.get("ciphertext", Binary.class);
    return new Sealed(d.getString("_id"), d.getString("referral"), d.getString("senderPartner"),
        d.getString("senderUser"), ciphertext == null ? null : ciphertext.getData(),
        d.getDate("createTime").toInstant(), d.getString("requestKey"));
  }
}

package org.partnernet.bench.referral;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * Fills the referral-service's database directly with referrals as the service stores them (a sealed disclosure,
 * a history, the request key its unique index holds), with the audit record and the wrapped data key each one has,
 * so that a create can be measured against 10k or 1M stored referrals without sending them all first.
 * Ids are UUIDv7 from the past, like the service's own, so new ones land where real ones would in every index.
 * They are closed over the last 400 days; those closed longer ago than the retention period are stored shredded,
 * as the service's sweep leaves them (no ciphertext, no data key), so the sweep has no backlog to work through
 * while creates are measured. Audit records carry the service's ids ({@code <chain>/<sequence>}).
 */
final class StoredReferrals {

  private static final int BATCH = 1000;
  /** The service's default retention after closure: older closed referrals are stored as it leaves them, shredded. */
  private static final long RETENTION_DAYS = 90;
  private static final SecureRandom RANDOM = new SecureRandom();

  private StoredReferrals() {}

  /** Writes {@code count} referrals; the key vault must hold one data key already (its KEK key id is reused). */
  static void seed(MongoClient client, int count, List<String> partners) {
    MongoCollection<Document> referrals = client.getDatabase("referral-service").getCollection("referrals");
    MongoCollection<Document> audit = client.getDatabase("referral-service").getCollection("audit");
    MongoCollection<Document> keys = client.getDatabase("referral-keyvault").getCollection("dataKeys");
    Integer kekKeyId = keys.find().first().getInteger("kekKeyId"); // the one the service's first create used
    long start = System.currentTimeMillis() - 400L * 24 * 3600 * 1000;
    long step = Math.max(1, (400L * 24 * 3600 * 1000) / Math.max(1, count));
    long retainedSince = System.currentTimeMillis() - RETENTION_DAYS * 24 * 3600 * 1000;
    InsertManyOptions unordered = new InsertManyOptions().ordered(false);
    for (int from = 0; from < count; from += BATCH) {
      List<Document> referralBatch = new ArrayList<>(BATCH);
      List<Document> auditBatch = new ArrayList<>(BATCH);
      List<Document> keyBatch = new ArrayList<>(BATCH);
      for (int i = from; i < Math.min(count, from + BATCH); i++) {
        long time = start + i * step;
        String id = uuidV7(time);
        String sender = partners.get(i % partners.size());
        String recipient = partners.get((i * 7 + 3) % partners.size());
        boolean shredded = time < retainedSince;
        referralBatch.add(referral(id, sender, recipient, new Date(time), shredded));
        auditBatch.add(new Document("_id", "referral:" + id + "/1").append("chain", "referral:" + id)
            .append("sequence", 1L).append("time", new Date(time))
            .append("actor", UUID.randomUUID().toString()).append("actorPartner", sender).append("action", "SENT")
            .append("categories", List.of("CONTACT", "IDENTITY", "NEEDS")).append("reason", "")
            .append("previousHash", "").append("hash", hex(32)));
        if (!shredded) {
          keyBatch.add(new Document("_id", id).append("wrappedKey", new Binary(bytes(150)))
              .append("kekKeyId", kekKeyId).append("createTime", new Date(time)));
        }
      }
      referrals.insertMany(referralBatch, unordered);
      audit.insertMany(auditBatch, unordered);
      if (!keyBatch.isEmpty()) {
        keys.insertMany(keyBatch, unordered);
      }
    }
  }

  private static Document referral(String id, String sender, String recipient, Date time, boolean shredded) {
    String user = UUID.randomUUID().toString();
    return new Document("_id", id)
        .append("networkId", "demo")
        .append("senderPartner", sender)
        .append("senderUser", user)
        .append("recipientPartner", recipient)
        .append("requestedServices", List.of("emergency-shelter"))
        .append("urgency", "URGENT")
        .append("summary", new Document("minAge", 16).append("maxAge", 17).append("languages", List.of("ti"))
            .append("needs", List.of("emergency-shelter")).append("gender", ""))
        .append("consentId", UUID.randomUUID().toString())
        .append("state", "COMPLETED")
        .append("disclosure", new Document("ciphertext", shredded ? null : new Binary(bytes(260)))
            .append("categories", List.of("CONTACT", "IDENTITY", "NEEDS"))
            .append("shredTime", shredded ? new Date(time.getTime() + RETENTION_DAYS * 24 * 3600 * 1000) : null)
            .append("shredCause", shredded ? "RETENTION" : null))
        .append("respondBy", time)
        .append("history", List.of(new Document("from", null).append("to", "SENT").append("actor", user)
            .append("actorPartner", sender).append("time", time).append("reason", "").append("requestId", null)
            .append("fingerprint", null)))
        .append("forwardedFrom", null)
        .append("forwardedTo", null)
        .append("createTime", time)
        .append("updateTime", time)
        .append("closeTime", time)
        .append("version", 4)
        .append("requestKey", "send:" + user + ":" + UUID.randomUUID())
        .append("fingerprint", hex(32));
  }

  private static String uuidV7(long epochMillis) {
    long msb = (epochMillis << 16) | 0x7000L | RANDOM.nextInt(1 << 12);
    long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static String hex(int n) {
    StringBuilder s = new StringBuilder();
    for (byte b : bytes(n)) {
      s.append(String.format("%02x", b));
    }
    return s.toString();
  }
}

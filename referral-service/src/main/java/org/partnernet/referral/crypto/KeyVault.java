package org.partnernet.referral.crypto;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * Wrapped data keys, in a database of their own: never beside the ciphertext, and backed up on its own short
 * retention, so a destroyed key is gone from every copy once that retention has passed (KEY-CUSTODY.md).
 * Destroying a key is crypto-shredding: its disclosure can never be read again.
 */
public final class KeyVault {

  private final MongoCollection<Document> keys;

  public KeyVault(MongoDatabase database) {
    this.keys = database.getCollection("dataKeys");
  }

  void store(String keyId, byte[] wrappedKey, int kekKeyId, Instant now) {
    keys.insertOne(new Document("_id", keyId)
        .append("wrappedKey", new Binary(wrappedKey))
        .append("kekKeyId", kekKeyId)
        .append("createTime", Date.from(now)));
  }

  Optional<byte[]> find(String keyId) {
    Document found = keys.find(Filters.eq("_id", keyId)).first();
    return Optional.ofNullable(found).map(d -> d.get("wrappedKey", Binary.class).getData());
  }

  /** Destroys a data key; true if there was one. */
  boolean destroy(String keyId) {
    return keys.deleteOne(Filters.eq("_id", keyId)).getDeletedCount() > 0;
  }

  public long size() {
    return keys.countDocuments();
  }

  /** The KEK key ids data keys are wrapped under: all must be in the loaded keyset. */
  public Set<Integer> kekKeyIdsInUse() {
    Set<Integer> ids = new HashSet<>();
    for (Document d : keys.find().projection(new Document("kekKeyId", 1))) {
      ids.add(d.getInteger("kekKeyId"));
    }
    return ids;
  }
}

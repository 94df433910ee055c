package org.partnernet.referral.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import org.partnernet.referral.consent.Category;

/**
 * One link of an audit chain. {@link #hash} covers every other field and the previous record's hash, so editing,
 * removing or reordering a record breaks the chain where it happened.
 */
public record AuditRecord(String chain, long sequence, Instant time, String actor, String actorPartner,
                          String action, Set<Category> categories, String reason, String previousHash, String hash) {

  public AuditRecord {
    categories = Set.copyOf(categories);
    reason = reason == null ? "" : reason;
    actorPartner = actorPartner == null ? "" : actorPartner;
  }

  static AuditRecord next(String chain, long sequence, Instant time, String actor, String actorPartner, String action,
                          Set<Category> categories, String reason, String previousHash) {
    AuditRecord unsigned = new AuditRecord(chain, sequence, time, actor, actorPartner, action, categories, reason,
        previousHash, "");
    return new AuditRecord(chain, sequence, time, actor, actorPartner, action, categories, reason, previousHash,
        unsigned.computeHash());
  }

  /** SHA-256 over a length-prefixed encoding of every field but the hash itself. */
  String computeHash() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      field(sha, chain);
      field(sha, Long.toString(sequence));
      field(sha, Long.toString(time.toEpochMilli()));
      field(sha, actor);
      field(sha, actorPartner);
      field(sha, action);
      field(sha, String.join(",", new TreeSet<>(categories.stream().map(Enum::name).toList())));
      field(sha, reason);
      field(sha, previousHash);
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void field(MessageDigest sha, String value) {
    byte[] bytes = (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
    sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    sha.update(bytes);
  }
}

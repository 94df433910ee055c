package org.partnernet.directory.system;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.partnernet.servicekit.error.Violations;
import org.springframework.stereotype.Component;

/**
 * AIP-155 request ids: the first request with an id claims it and records what it produced; a retry finds the claim
 * and answers with the same result instead of doing the work again. Keys are scoped to the caller and the RPC, so two
 * callers can never see each other's results.
 */
@Component
public class IdempotentRequests {

  private static final java.util.regex.Pattern REQUEST_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final MongoCollection<Document> requests;
  private final Clock clock;

  public IdempotentRequests(MongoDatabase database, Clock clock) {
    this.requests = database.getCollection("requests");
    this.clock = clock;
  }

  public static void validate(String requestId, Violations violations) {
    violations.check(requestId == null || requestId.isEmpty() || REQUEST_ID.matcher(requestId).matches(),
        "request_id", "must be 1-64 letters, digits, '-' or '_' (a UUID is ideal)");
  }

  /** The key of a request, or null when it carries no request id. */
  public static String key(String userId, String rpc, String requestId) {
    if (requestId == null || requestId.isEmpty()) {
      return null;
    }
    return rpc + "|" + userId + "|" + requestId;
  }

  /**
   * Claims {@code key} for a request that will produce {@code result}. Returns the result recorded by an earlier
   * request with the same key, or empty if this request is the first.
   */
  public Optional<String> claim(String key, String result) {
    if (key == null) {
      return Optional.empty();
    }
    try {
      requests.insertOne(new Document("_id", key).append("result", result).append("at", Date.from(clock.instant())));
      return Optional.empty();
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e;
      }
      Document first = requests.find(Filters.eq("_id", key)).first();
      return Optional.ofNullable(first).map(d -> d.getString("result"));
    }
  }

  /**
   * Forgets requests claimed before {@code cutoff}: a retry that late is a new request (AIP-155 lets a service keep
   * request ids for a bounded time).
   *
   * @return how many were removed
   */
  public long prune(java.time.Instant cutoff) {
    return requests.deleteMany(Filters.lt("at", Date.from(cutoff))).getDeletedCount();
  }

  /** Gives a claim up (the work failed), so a retry can do it. */
  public void release(String key) {
    if (key != null) {
      requests.deleteOne(Filters.eq("_id", key));
    }
  }
}

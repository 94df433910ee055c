package org.partnernet.directory.system;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The directory's change sequence: a counter document incremented atomically ({@code findOneAndUpdate $inc}) for
 * every write, and one change record per number naming the partner that changed. Search indexes on every replica
 * follow it by number, never by wall-clock time (replicas' clocks disagree, and a timestamp does not tell a reader that
 * a slower writer with an earlier time is still to come; a hole in the numbers does).
 *
 * <p>Writers take a number before they write and record it after, whether the write succeeded or not, so holes only
 * come from a crash between the two; readers wait a little for a hole to fill and then pass it.
 */
@Component
public class ChangeLog {

  static final String COUNTERS = "counters";
  static final String CHANGES = "partner_changes";
  private static final String COUNTER_ID = "partner_changes";
  /** The highest number whose change record may have been pruned: a reader behind it has missed changes. */
  private static final String PRUNED_ID = "partner_changes_pruned";

  /** A recorded change: sequence number and the partner it concerns. */
  public record Change(long seq, String partnerId) {}

  private final MongoCollection<Document> counters;
  private final MongoCollection<Document> changes;
  private final Clock clock;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public ChangeLog(MongoDatabase database, Clock clock) {
    this.counters = database.getCollection(COUNTERS);
    this.changes = database.getCollection(CHANGES);
    this.clock = clock;
  }

  /** The next sequence number; unique across every process sharing the database. */
  public long next() {
    Document counter = counters.findOneAndUpdate(Filters.eq("_id", COUNTER_ID), Updates.inc("seq", 1L),
        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
    return ((Number) counter.get("seq")).longValue();
  }

  /** Records that change {@code seq} touched the partner, and wakes local followers. */
  public void record(long seq, String partnerId) {
    changes.insertOne(new Document("_id", seq).append("partner", partnerId).append("at", Date.from(clock.instant())));
    listeners.forEach(Runnable::run);
  }

  /** Changes after {@code seq}, in order. */
  public List<Change> after(long seq, int limit) {
    List<Change> found = new ArrayList<>();
    changes.find(Filters.gt("_id", seq)).sort(Sorts.ascending("_id")).limit(limit)
        .forEach(d -> found.add(new Change(((Number) d.get("_id")).longValue(), d.getString("partner"))));
    return found;
  }

  /** The highest number handed out so far (0 when none). */
  public long current() {
    Document counter = counters.find(Filters.eq("_id", COUNTER_ID)).first();
    return counter == null ? 0 : ((Number) counter.get("seq")).longValue();
  }

  /**
   * The highest number that pruning may have removed (0 when nothing was pruned). A reader whose cursor is below it
   * cannot follow the sequence any more and must rebuild from the partners themselves.
   */
  public long prunedThrough() {
    Document pruned = counters.find(Filters.eq("_id", PRUNED_ID)).first();
    return pruned == null ? 0 : ((Number) pruned.get("seq")).longValue();
  }

  /**
   * Removes the change records written before {@code cutoff}. The watermark is raised before anything is deleted, so
   * a reader that could miss a removed record always sees a watermark above its cursor.
   *
   * @return how many records were removed
   */
  public long prune(java.time.Instant cutoff) {
    Document newestOld = changes.find(Filters.lt("at", Date.from(cutoff))).sort(Sorts.descending("_id")).first();
    if (newestOld == null) {
      return 0;
    }
    long through = ((Number) newestOld.get("_id")).longValue();
    counters.updateOne(Filters.eq("_id", PRUNED_ID), Updates.max("seq", through),
        new com.mongodb.client.model.UpdateOptions().upsert(true));
    return changes.deleteMany(Filters.lte("_id", through)).getDeletedCount();
  }

  /** Runs after each local write is recorded (must be quick: the search indexer just wakes up). */
  public void onRecord(Runnable listener) {
    listeners.add(listener);
  }
}

package org.partnernet.resources.event;

import static org.partnernet.resources.store.MongoFilters.date;
import static org.partnernet.resources.store.MongoFilters.instant;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.LongStream;
import org.bson.Document;
import org.partnernet.resources.store.MongoFilters;
import org.partnernet.servicekit.error.AbortedException;

/**
 * A counter document per organisation ({@code $inc}, atomic on any MongoDB) hands out sequence numbers; each event
 * is one document keyed by organisation and sequence.
 */
public final class MongoEventLog implements EventLog {

  private static final int MAX_ATTEMPTS = 1000;

  private final MongoCollection<Document> counters;
  private final MongoCollection<Document> events;
  private final Clock clock;

  public MongoEventLog(MongoDatabase database, Clock clock) {
    this.counters = database.getCollection("eventCounters");
    this.events = database.getCollection("events");
    this.clock = clock;
    events.createIndex(Indexes.ascending("org", "seq"), new IndexOptions().unique(true));
    events.createIndex(Indexes.ascending("time"));
  }

  @Override
  public void append(String organisation, EventType type, ResourceEvent.Subject subject) {
    long sequence = nextSequence(organisation);
    events.insertOne(new Document("_id", id(organisation, sequence))
        .append("org", organisation)
        .append("seq", sequence)
        .append("type", type.name())
        .append("time", date(clock.instant()))
        .append("offer", subject.offer())
        .append("need", subject.need())
        .append("claim", subject.claim())
        .append("training", subject.training())
        .append("booking", subject.booking()));
  }

  /**
   * Takes the organisation's next number with a compare-and-set {@code $inc} on its counter (read the value, then
   * increment only if it is still that value). A blind {@code findOneAndUpdate($inc)} would be one round trip, but
   * the embedded server answers concurrent ones with the same value (measured: duplicates and holes under 8 threads),
   * while a conditional update is atomic on both servers.
   */
  private long nextSequence(String organisation) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Document counter = counters.find(Filters.eq("_id", organisation)).first();
      if (counter == null) {
        try {
          counters.insertOne(new Document("_id", organisation).append("seq", 0L));
        } catch (MongoWriteException e) {
          if (!MongoFilters.isDuplicateKey(e)) {
            throw e;
          }
        }
        continue;
      }
      long current = ((Number) counter.get("seq")).longValue();
      if (counters.updateOne(Filters.and(Filters.eq("_id", organisation), Filters.eq("seq", current)),
          Updates.inc("seq", 1L)).getModifiedCount() == 1) {
        return current + 1;
      }
    }
    throw new AbortedException("EVENT_SEQUENCE_BUSY", "too many concurrent events for one organisation; try again");
  }

  /**
   * The next numbers up to the counter, looked up by their ids: the embedded server answers no range query from an
   * index, so {@code seq > after} read every kept event of every organisation on each poll of each open stream.
   * Numbers never written are stepped over; past a whole page of them, the range query looks further.
   */
  @Override
  public List<ResourceEvent> after(String organisation, long after, int limit) {
    long latest = latest(organisation);
    if (latest <= after || limit <= 0) {
      return List.of();
    }
    long last = Math.min(latest, after + limit);
    List<String> ids = LongStream.rangeClosed(after + 1, last).mapToObj(seq -> id(organisation, seq)).toList();
    List<ResourceEvent> found = events.find(Filters.in("_id", ids)).map(d -> event(organisation, d))
        .into(new ArrayList<>());
    if (found.isEmpty() && last < latest) {
      return events.find(Filters.and(Filters.eq("org", organisation), Filters.gt("seq", after)))
          .sort(Sorts.ascending("seq")).limit(limit).map(d -> event(organisation, d)).into(new ArrayList<>());
    }
    found.sort(Comparator.comparingLong(ResourceEvent::sequence));
    return found;
  }

  private static String id(String organisation, long sequence) {
    return organisation + "/" + sequence;
  }

  private static ResourceEvent event(String organisation, Document d) {
    return new ResourceEvent(organisation, ((Number) d.get("seq")).longValue(),
        EventType.valueOf(d.getString("type")), instant(d.getDate("time")),
        new ResourceEvent.Subject(d.getString("offer"), d.getString("need"), d.getString("claim"),
            d.getString("training"), d.getString("booking")));
  }

  @Override
  public long deleteBefore(java.time.Instant cutoff) {
    return events.deleteMany(Filters.lt("time", date(cutoff))).getDeletedCount();
  }

  @Override
  public long oldest(String organisation) {
    Document first = events.find(Filters.eq("org", organisation)).sort(Sorts.ascending("seq")).limit(1).first();
    return first == null ? latest(organisation) + 1 : ((Number) first.get("seq")).longValue();
  }

  @Override
  public long latest(String organisation) {
    Document counter = counters.find(Filters.eq("_id", organisation)).first();
    return counter == null ? 0 : ((Number) counter.get("seq")).longValue();
  }
}

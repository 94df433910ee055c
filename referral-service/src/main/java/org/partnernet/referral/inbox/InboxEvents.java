package org.partnernet.referral.inbox;

import com.mongodb.MongoServerException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.stream.LongStream;
import org.bson.Document;
import org.partnernet.servicekit.event.EventWatches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network's inbox events in the service database: a counter document per network hands out sequence numbers
 * with one {@code findOneAndUpdate($inc)} (atomic on MongoDB, and on the durable embedded server, which applies
 * writes one at a time; a compare-and-set loop here was a fifth of a referral create's CPU under concurrency),
 * and each event is one document unique on {@code network + seq}. The same idea as resources-service's event log,
 * numbered per network rather than per organisation because one referral event concerns two organisations: every
 * organisation's watch follows the one network sequence and sees the events it is party to.
 */
public class InboxEvents implements EventWatches.Log<InboxEvent> {

  private static final Logger log = LoggerFactory.getLogger(InboxEvents.class);

  private final MongoCollection<Document> counters;
  private final MongoCollection<Document> events;
  private final String network;
  private final Clock clock;

  public InboxEvents(MongoDatabase database, String network, Clock clock) {
    this.counters = database.getCollection("inboxCounters");
    this.events = database.getCollection("inboxEvents");
    this.network = network;
    this.clock = clock;
    events.createIndex(Indexes.ascending("network", "seq"), new IndexOptions().unique(true));
    events.createIndex(Indexes.ascending("time"));
  }

  /**
   * Records an event after the change it reports was stored. Best effort: the change is already committed, so a
   * failure here is logged (type only) and swallowed rather than turned into an error for a move that happened.
   */
  public void publish(InboxEvent.Type type, String referral, String state, String urgency, String senderPartner,
                      String recipientPartner) {
    try {
      long sequence = nextSequence();
      events.insertOne(new Document("_id", id(sequence))
          .append("network", network)
          .append("seq", sequence)
          .append("type", type.name())
          .append("referral", referral)
          .append("state", state)
          .append("urgency", urgency)
          .append("sender", senderPartner)
          .append("recipient", recipientPartner)
          .append("time", Date.from(clock.instant())));
    } catch (RuntimeException e) {
      log.warn("inbox event {} not recorded: {}", type, e.getClass().getName());
    }
  }

  private long nextSequence() {
    try {
      return increment();
    } catch (MongoServerException e) {
      // the network's first two events at once: both upserts inserted; the loser increments the winner's counter
      if (e.getCode() != 11000) {
        throw e;
      }
      return increment();
    }
  }

  private long increment() {
    Document counter = counters.findOneAndUpdate(Filters.eq("_id", network), Updates.inc("seq", 1L),
        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
    return ((Number) counter.get("seq")).longValue();
  }

  /**
   * The network's events after {@code after}, every organisation's, in sequence order, at most {@code limit}.
   *
   * <p>Every open inbox asks this several times a second, so it must not cost a pass over the history: the next
   * {@code limit} numbers up to the counter are looked up by their ids, which every MongoDB and the embedded server
   * answer from the {@code _id} index (the embedded server answers no range query from an index, so
   * {@code seq > after} read every event kept, 7 days' worth, on each poll). Numbers handed out but not written
   * yet are simply absent: the watch waits for such a gap. Only when a whole window of numbers was never written
   * (publishing is best effort) does it look past them with the range query.
   */
  public List<InboxEvent> after(long after, int limit) {
    long latest = latest();
    if (latest <= after || limit <= 0) {
      return List.of();
    }
    long last = Math.min(latest, after + limit);
    List<String> ids = LongStream.rangeClosed(after + 1, last).mapToObj(this::id).toList();
    List<InboxEvent> found = events.find(Filters.in("_id", ids)).map(InboxEvents::event).into(new ArrayList<>());
    if (found.isEmpty() && last < latest) {
      return events.find(Filters.and(Filters.eq("network", network), Filters.gt("seq", after)))
          .sort(Sorts.ascending("seq")).limit(limit).map(InboxEvents::event).into(new ArrayList<>());
    }
    found.sort(Comparator.comparingLong(InboxEvent::sequence));
    return found;
  }

  private String id(long sequence) {
    return network + "/" + sequence;
  }

  private static InboxEvent event(Document d) {
    return new InboxEvent(((Number) d.get("seq")).longValue(), InboxEvent.Type.valueOf(d.getString("type")),
        d.getString("referral"), d.getString("state"), d.getString("urgency"), d.getString("sender"),
        d.getString("recipient"),
        d.getDate("time").toInstant());
  }

  /** The last sequence handed out (0 before the first). */
  public long latest() {
    Document counter = counters.find(Filters.eq("_id", network)).first();
    return counter == null ? 0 : ((Number) counter.get("seq")).longValue();
  }

  /** The oldest sequence still held, or {@code latest() + 1} when none is. */
  public long oldest() {
    Document first = events.find(Filters.eq("network", network)).sort(Sorts.ascending("seq")).limit(1).first();
    return first == null ? latest() + 1 : ((Number) first.get("seq")).longValue();
  }

  @Override
  public long latest(String organisation) {
    return latest();
  }

  @Override
  public long oldest(String organisation) {
    return oldest();
  }

  @Override
  public List<InboxEvent> after(String organisation, long after, int limit) {
    return after(after, limit);
  }

  @Override
  public long sequence(InboxEvent event) {
    return event.sequence();
  }

  @Override
  public boolean visibleTo(InboxEvent event, String organisation) {
    return event.visibleTo(organisation);
  }

  /** Drops events older than the cutoff: the bounded history. Numbering continues. */
  public long deleteBefore(Instant cutoff) {
    return events.deleteMany(Filters.and(Filters.eq("network", network), Filters.lt("time", Date.from(cutoff))))
        .getDeletedCount();
  }
}

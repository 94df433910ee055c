package org.partnernet.referral.audit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.bson.Document;
import org.partnernet.referral.consent.Category;
import org.partnernet.servicekit.error.UnavailableException;

/**
 * The append-only, hash-chained audit log: one chain per referral (and per consent). A unique index on
 * (chain, sequence) means two writers can never fork a chain: the loser re-reads the head and tries again.
 * Nothing in this service updates or deletes an audit record.
 */
public class AuditTrail {

  static final String COLLECTION = "audit";
  private static final int ATTEMPTS = 8;
  private static final int WINDOW = 32;

  private final MongoCollection<Document> records;
  private final Clock clock;

  public AuditTrail(MongoDatabase database, Clock clock) {
    this.records = database.getCollection(COLLECTION);
    this.clock = clock;
    records.createIndex(Indexes.ascending("chain", "sequence"), new IndexOptions().unique(true));
  }

  /** What happened, by whom. */
  public record Entry(String actor, String actorPartner, String action, Set<Category> categories, String reason) {}

  /**
   * Appends a record to a chain. Throws UNAVAILABLE if it cannot be written: a caller about to return personal data
   * must not return it then.
   */
  public AuditRecord append(String chain, Entry entry) {
    try {
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        Document head = head(chain);
        long sequence = head == null ? 1 : ((Number) head.get("sequence")).longValue() + 1;
        String previous = head == null ? "" : head.getString("hash");
        AuditRecord record = AuditRecord.next(chain, sequence, clock.instant(), entry.actor(), entry.actorPartner(),
            entry.action(), entry.categories(), entry.reason(), previous);
        if (insert(record)) {
          return record;
        }
      }
    } catch (MongoException e) {
      throw unavailable();
    }
    throw unavailable();
  }

  /**
   * The chain's last record. Records are keyed {@code <chain>/<sequence>}, so it is found by id, a window of
   * {@value #WINDOW} numbers at a time (one window for almost every chain): the embedded server answers
   * {@code find(chain).sort(sequence)} by reading the whole audit log, on every transition and every disclosure read.
   * A chain written before records had such ids is found the old way.
   */
  private Document head(String chain) {
    Document head = null;
    for (long from = 1; ; from += WINDOW) {
      long to = from + WINDOW - 1;
      List<String> ids = LongStream.rangeClosed(from, to).mapToObj(sequence -> id(chain, sequence)).toList();
      for (Document found : records.find(Filters.in("_id", ids))) {
        if (head == null || sequence(found) > sequence(head)) {
          head = found;
        }
      }
      if (head == null || sequence(head) < to) {
        break;
      }
    }
    return head != null ? head
        : records.find(Filters.eq("chain", chain)).sort(Sorts.descending("sequence")).limit(1).first();
  }

  private static long sequence(Document record) {
    return ((Number) record.get("sequence")).longValue();
  }

  static String id(String chain, long sequence) {
    return chain + "/" + sequence;
  }

  /** Starts a new chain (sequence 1) without reading it first; false if it already exists. */
  public AuditRecord start(String chain, Entry entry) {
    AuditRecord record = AuditRecord.next(chain, 1, clock.instant(), entry.actor(), entry.actorPartner(),
        entry.action(), entry.categories(), entry.reason(), "");
    try {
      if (insert(record)) {
        return record;
      }
    } catch (MongoException e) {
      throw unavailable();
    }
    return append(chain, entry);
  }

  protected boolean insert(AuditRecord record) {
    try {
      records.insertOne(toDocument(record));
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  public List<AuditRecord> list(String chain, long afterSequence, int limit) {
    List<AuditRecord> page = new ArrayList<>();
    for (Document d : records.find(Filters.and(Filters.eq("chain", chain), Filters.gt("sequence", afterSequence)))
        .sort(Sorts.ascending("sequence")).limit(limit)) {
      page.add(fromDocument(d));
    }
    return page;
  }

  /** The outcome of checking a chain. */
  public record Verification(boolean intact, long recordsChecked, long firstBadSequence, String problem) {}

  /** Walks a chain in stored order and names the first record that does not fit. */
  public Verification verify(String chain) {
    long expected = 1;
    String previousHash = "";
    long checked = 0;
    for (Document d : records.find(Filters.eq("chain", chain)).sort(Sorts.ascending("sequence"))) {
      AuditRecord record = fromDocument(d);
      checked++;
      if (record.sequence() != expected) {
        return new Verification(false, checked, expected, "sequence gap: record " + expected + " is missing");
      }
      if (!record.previousHash().equals(previousHash)) {
        return new Verification(false, checked, record.sequence(), "previous hash mismatch");
      }
      if (!record.computeHash().equals(record.hash())) {
        return new Verification(false, checked, record.sequence(), "hash mismatch: the record was changed");
      }
      previousHash = record.hash();
      expected++;
    }
    return new Verification(true, checked, 0, "");
  }

  private static UnavailableException unavailable() {
    return new UnavailableException("AUDIT_UNAVAILABLE", "the audit log cannot be written; try again shortly");
  }

  static Document toDocument(AuditRecord r) {
    return new Document("_id", id(r.chain(), r.sequence()))
        .append("chain", r.chain())
        .append("sequence", r.sequence())
        .append("time", Date.from(r.time()))
        .append("actor", r.actor())
        .append("actorPartner", r.actorPartner())
        .append("action", r.action())
        .append("categories", r.categories().stream().map(Enum::name).sorted().toList())
        .append("reason", r.reason())
        .append("previousHash", r.previousHash())
        .append("hash", r.hash());
  }

  static AuditRecord fromDocument(Document d) {
    Set<Category> categories = EnumSet.noneOf(Category.class);
    for (String c : d.getList("categories", String.class, List.of())) {
      categories.add(Category.valueOf(c));
    }
    Object sequence = d.get("sequence");
    return new AuditRecord(d.getString("chain"), ((Number) sequence).longValue(), d.getDate("time").toInstant(),
        d.getString("actor"), d.getString("actorPartner"), d.getString("action"), categories,
        d.getString("reason"), d.getString("previousHash"), d.getString("hash"));
  }
}

package org.partnernet.mongo;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.exception.MongoServerException;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;

/**
 * The H2 backend, made durable and safe under concurrent connections, with writes from many connections sharing
 * one commit.
 *
 * <p><b>Durable.</b> The stock backend opens its MVStore with auto-commit on, which writes changes in the background
 * about once a second, so a {@code kill -9} loses writes the driver was already told had succeeded. Here the store
 * is opened with auto-commit off (by {@link EmbeddedMongo}) and no reply leaves this class before an
 * {@link MVStore#commit()} that covers every write the command applied or could have seen. {@code commit()} has
 * written the new chunk to the file when it returns: the OS holds the bytes, which is what surviving a process kill
 * needs (a power cut would need an fsync on top).
 *
 * <p><b>One writer at a time.</b> mongo-java-server updates a stored document by mutating the very object that sits
 * in the MVMap, and hands those same objects out as query and findAndModify results, which are encoded after the
 * backend returns. Concurrent connections therefore saw torn or later states: eight threads doing
 * {@code findOneAndUpdate($inc)} got ~15 % duplicate "new" values although the counter itself ended right. So
 * commands that may mutate run alone (write lock), read-only commands run together (read lock), and each reply is
 * deep-copied while the lock is still held: whatever is encoded afterwards is a private snapshot.
 *
 * <p><b>BSON on disk.</b> Documents and index keys are stored as BSON, not with Java serialization
 * ({@link DurableH2Database}).
 *
 * <p><b>Group commit.</b> A commit costs about a millisecond whatever it holds, so committing each write alone caps
 * the server at roughly a thousand writes a second however many clients wait. Instead a command is applied under
 * its lock, which it then releases, and waits for a {@link GroupCommit} that covers it: the first waiter commits
 * everything applied so far while the others wait, so one commit acknowledges every write applied during the
 * previous one. The commit holds the read lock: no document is mutated while it is serialized, and reads go on.
 * Reads wait too, for the writes applied before them, so no reply ever shows a state a kill could still undo.
 *
 * <p><b>Long reads yield.</b> A pass over a whole collection lets waiting writers in every thousand documents
 * ({@link ReadYield}), so one large aggregation does not stop every write for as long as it runs.
 */
final class DurableH2Backend extends H2Backend {

    private static final Logger log = LoggerFactory.getLogger(DurableH2Backend.class);

    /**
     * Commands known not to change any stored data; they may run side by side. Anything not listed (including
     * commands this server learns later) is treated as a write. Lower case: clients vary the spelling of a few.
     */
    private static final Set<String> READ_ONLY_COMMANDS = Set.of(
            "find", "getmore", "count", "distinct", "aggregate", "listcollections", "listindexes", "listdatabases",
            "hello", "ismaster", "ping", "buildinfo", "serverstatus", "dbstats", "collstats", "whatsmyuri",
            "getlasterror", "getparameter", "connectionstatus", "hostinfo", "getcmdlineopts", "killcursors",
            "endsessions");

    private final MVStore store;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final GroupCommit commits;

    DurableH2Backend(MVStore store) {
        super(store); // opens the databases already in the file
        this.store = store;
        this.commits = new GroupCommit(store, lock.readLock());
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return DurableH2Database.open(databaseName, getMvStore(), getCursorRegistry());
    }

    /** Every OP_MSG command (the modern drivers' only path) and every legacy {@code $cmd} query lands here. */
    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        boolean write = !isReadOnly(command, query);
        Lock held = write ? lock.writeLock() : lock.readLock();
        Document reply;
        long mustBeCommitted;
        held.lock();
        if (!write) {
            ReadYield.holding(lock);
        }
        try {
            try {
                reply = super.handleCommand(channel, databaseName, command, query);
            } catch (MongoServerException e) {
                // Answer the error ourselves: the wire handler would log the whole command document, and documents
                // here hold personal data. The reply has the same shape the handler would have built.
                log.debug("command '{}' failed: {}", command, e instanceof MongoServerError error ? error.getCode() : "-");
                reply = errorReply(e);
            } finally {
                // Counted even when the write failed, whichever way: an unordered batch may have written part of
                // its documents, and no later reply may show them before a commit covers them.
                mustBeCommitted = write ? commits.applied() : commits.lastApplied();
            }
            reply = reply == null ? null : reply.cloneDeeply();
        } finally {
            ReadYield.released();
            held.unlock();
        }
        if (!commits.awaitCommitted(mustBeCommitted)) {
            return errorReply(new MongoServerException("the database cannot persist writes; nothing was acknowledged"));
        }
        return reply;
    }

    /** Legacy OP_QUERY on a collection: a read, same rules. */
    @Override
    public QueryResult handleQuery(MongoQuery query) {
        List<Document> snapshot;
        long cursorId;
        long mustBeCommitted;
        lock.readLock().lock();
        try {
            QueryResult result = super.handleQuery(query);
            snapshot = result.collectDocuments().stream().map(Document::cloneDeeply).toList();
            cursorId = result.getCursorId();
            mustBeCommitted = commits.lastApplied();
        } finally {
            lock.readLock().unlock();
        }
        if (!commits.awaitCommitted(mustBeCommitted)) {
            throw new IllegalStateException("the database cannot persist writes");
        }
        return new QueryResult(snapshot, cursorId);
    }

    private static boolean isReadOnly(String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (!READ_ONLY_COMMANDS.contains(name)) {
            return false;
        }
        if (name.equals("aggregate") && query.get("pipeline") instanceof List<?> pipeline) {
            // $out and $merge write their results into a collection
            return pipeline.stream().noneMatch(stage -> stage instanceof Document document
                    && (document.containsKey("$out") || document.containsKey("$merge")));
        }
        return true;
    }

    private static Document errorReply(MongoServerException e) {
        Document reply = new Document();
        reply.put("$err", e.getMessageWithoutErrorCode());
        reply.put("errmsg", e.getMessageWithoutErrorCode());
        if (e instanceof MongoServerError error) {
            reply.put("code", error.getCode());
            reply.putIfNotNull("codeName", error.getCodeName());
        }
        reply.put("ok", 0);
        return reply;
    }

    /**
     * Commits, then closes the store with a full compaction, then lets the parent forget its databases (its own
     * {@code mvStore.close()} finds the store closed and does nothing).
     *
     * <p>Why compact: each commit leaves a chunk (~15 KiB for a lone small insert), and MVStore keeps dead chunks
     * for its 45 s retention time before reusing their space, so a busy file holds roughly the last 45 s of commits
     * on top of the live data (100 commits/s: tens of MB, whatever the data size). A full compaction
     * copies the live pages to a new file and atomically replaces the old one, so every clean restart starts small;
     * a kill during it leaves the old file intact.
     */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            store.commit();
            store.close(-1);
            super.close();
        } finally {
            lock.writeLock().unlock();
        }
    }
}

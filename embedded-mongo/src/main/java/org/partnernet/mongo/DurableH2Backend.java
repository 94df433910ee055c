package org.partnernet.mongo;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.exception.MongoServerException;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;

/**
 * The H2 backend, made durable and safe under concurrent connections.
 *
 * <p><b>Durable.</b> The stock backend opens its MVStore with auto-commit on, which writes changes in the background
 * about once a second, so a {@code kill -9} loses writes the driver was already told had succeeded. Here the store
 * is opened with auto-commit off (by {@link EmbeddedMongo}) and every command ends with {@link MVStore#commit()}
 * before its reply is returned to the wire handler. {@code commit()} has written the new chunk to the file when it
 * returns: the OS holds the bytes, which is what surviving a process kill needs (a power cut would need an fsync on
 * top). Committing after <em>every</em> command, not after a list of write commands, means no list can go stale; a
 * command that changed nothing pays one lock and a scan of the open maps' versions.
 *
 * <p><b>One writer at a time.</b> mongo-java-server updates a stored document by mutating the very object that sits
 * in the MVMap, and hands those same objects out as query and findAndModify results, which are encoded after the
 * backend returns. Concurrent connections therefore saw torn or later states: eight threads doing
 * {@code findOneAndUpdate($inc)} got ~15 % duplicate "new" values although the counter itself ended right. A
 * commit running on another thread could likewise serialize a document half-way through its update. So commands
 * that may mutate run alone (write lock), read-only commands run together (read lock), and each reply is deep-copied
 * while the lock is still held: whatever is encoded afterwards is a private snapshot, and no commit ever serializes
 * a document that is being changed. The price is that concurrent writes no longer share commits (measured in the
 * module's WriteThroughput).
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

    DurableH2Backend(MVStore store) {
        super(store);
        this.store = store;
    }

    /** Every OP_MSG command (the modern drivers' only path) and every legacy {@code $cmd} query lands here. */
    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        Lock held = isReadOnly(command, query) ? lock.readLock() : lock.writeLock();
        held.lock();
        try {
            Document reply;
            try {
                reply = super.handleCommand(channel, databaseName, command, query);
            } catch (MongoServerException e) {
                // Answer the error ourselves: the wire handler would log the whole command document, and documents
                // here hold personal data. The reply has the same shape the handler would have built.
                log.debug("command '{}' failed: {}", command, e instanceof MongoServerError error ? error.getCode() : "-");
                reply = errorReply(e);
            } finally {
                // Also after a failed command: an unordered batch may have written part of its documents. If the
                // commit throws, the reply is lost and the driver sees an error, never an acknowledgement.
                commitBeforeReply();
            }
            return reply == null ? null : reply.cloneDeeply();
        } finally {
            held.unlock();
        }
    }

    /** Legacy OP_QUERY on a collection: a read, same rules. */
    @Override
    public QueryResult handleQuery(MongoQuery query) {
        lock.readLock().lock();
        try {
            QueryResult result = super.handleQuery(query);
            commitBeforeReply();
            List<Document> snapshot = result.collectDocuments().stream().map(Document::cloneDeeply).toList();
            return new QueryResult(snapshot, result.getCursorId());
        } finally {
            lock.readLock().unlock();
        }
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

    private void commitBeforeReply() {
        try {
            store.commit();
        } catch (RuntimeException e) {
            // MVStore closes itself after a failed write ("panic"); every later command fails too, which is the
            // honest answer for a database that can no longer persist.
            log.error("commit failed; the write is not acknowledged", e);
            throw e;
        }
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
     * <p>Why compact: a commit per write leaves a chunk per write (~15 KiB for a small insert), and MVStore keeps
     * dead chunks for its 45 s retention time before reusing their space, so a busy file holds roughly the last 45 s
     * of commits on top of the live data (100 writes/s: tens of MB, whatever the data size). A full compaction
     * copies the live pages to a new file and atomically replaces the old one, so every clean restart starts small;
     * a kill during it leaves the old file intact.
     */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            commitBeforeReply();
            store.close(-1);
            super.close();
        } finally {
            lock.writeLock().unlock();
        }
    }
}

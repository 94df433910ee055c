package org.partnernet.mongo;

import java.util.concurrent.locks.Lock;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets many applied writes share one {@link MVStore#commit()}.
 *
 * <p>Writes are numbered as they are applied ({@link #applied()}, called by the one writer holding the write lock).
 * A command that wants its reply sent calls {@link #awaitCommitted(long)} with the number of the last write it
 * applied or could have seen. If no commit is running, that thread becomes the committer: it takes
 * {@code noWriters} (the read side of the backend's lock, so no document changes while pages are serialized),
 * notes how many writes have been applied, commits, and publishes that number; everyone waiting for a number up to
 * it is released. Writes applied meanwhile wait for the next commit, which the first of them runs. Under load one
 * commit therefore covers every write applied during the previous one; alone, a write pays one commit as before.
 *
 * <p>A failed commit leaves MVStore closed ("panic"), so the failure is permanent: every waiter, now and later, is
 * told no, and nothing is acknowledged.
 */
final class GroupCommit {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final MVStore store;
    private final Lock noWriters;

    /** Writes applied so far; changed only under the write lock, read under either side of it. */
    private volatile long applied;

    private final Object monitor = new Object();
    private long committed; // guarded by monitor
    private boolean committing; // guarded by monitor
    private boolean failed; // guarded by monitor

    GroupCommit(MVStore store, Lock noWriters) {
        this.store = store;
        this.noWriters = noWriters;
    }

    /** Counts one more applied write and returns its number; call holding the write lock. */
    long applied() {
        return ++applied;
    }

    /** The number of the last applied write; call holding either lock. */
    long lastApplied() {
        return applied;
    }

    /**
     * Returns once a commit covers write number {@code write} (at once if one already does): true if it is in the
     * file, false if it never will be (the store failed, or this thread was interrupted while waiting).
     */
    boolean awaitCommitted(long write) {
        synchronized (monitor) {
            while (true) {
                if (failed) {
                    return false;
                }
                if (committed >= write) {
                    return true;
                }
                if (!committing) {
                    committing = true;
                    break;
                }
                try {
                    monitor.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return commit(); // this thread's commit covers `write`: it was applied before the count is read below
    }

    private boolean commit() {
        long covered = 0;
        boolean ok = false;
        noWriters.lock();
        try {
            covered = applied;
            store.commit();
            ok = true;
        } catch (RuntimeException e) {
            log.error("commit failed; no write is acknowledged from now on", e);
        } finally {
            noWriters.unlock();
            synchronized (monitor) {
                committing = false;
                if (ok) {
                    committed = covered;
                } else {
                    failed = true;
                }
                monitor.notifyAll();
            }
        }
        return ok;
    }
}

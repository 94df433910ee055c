package org.partnernet.mongo;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Lets a long read step aside for writers now and then, as MongoDB yields during a long scan.
 *
 * <p>A read-only command holds the backend's read lock from start to end, and a writer waits for every reader. A pass
 * over a large collection (an aggregation's first stage) therefore stopped every write for as long as it ran: the
 * referral sweep's once-a-minute count over 100,000 referrals held creates for most of a second. The command's thread
 * registers the lock it holds ({@link #holding}); every {@link #EVERY} documents the pass calls {@link #now()}, which
 * releases the read lock and takes it again, behind any writer that is waiting. Like MongoDB's yields, the pass then
 * sees each document as it is when it reaches it, never half-written: writes change documents only under the write
 * lock, and this thread reads them only under the read lock.
 */
final class ReadYield {

    /** Documents read between two yields. */
    static final int EVERY = 1_000;

    private static final ThreadLocal<ReentrantReadWriteLock> HELD = new ThreadLocal<>();

    private ReadYield() {
    }

    /** The current thread runs a read-only command under {@code lock}'s read lock, taken once. */
    static void holding(ReentrantReadWriteLock lock) {
        HELD.set(lock);
    }

    /** The command has ended. */
    static void released() {
        HELD.remove();
    }

    /** Lets waiting writers in, if this thread holds a read lock it registered (and nothing more). */
    static void now() {
        ReentrantReadWriteLock lock = HELD.get();
        if (lock != null && lock.getReadHoldCount() == 1 && !lock.isWriteLockedByCurrentThread()) {
            lock.readLock().unlock();
            lock.readLock().lock();
        }
    }
}

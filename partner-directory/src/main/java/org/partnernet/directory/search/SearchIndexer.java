package org.partnernet.directory.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;
import org.partnernet.directory.partner.Partners;
import org.partnernet.directory.system.ChangeLog;
import org.partnernet.directory.taxonomy.Taxonomy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * Keeps this replica's search index in step with MongoDB by following the change sequence ({@link ChangeLog}).
 *
 * <p>At start the index is rebuilt from the database: the sequence number is read first, then every ACTIVE partner is
 * indexed, then changes after that number are replayed (re-indexing a partner is idempotent, so overlap is harmless).
 * The index lives in memory by default ({@code ByteBuffersDirectory}): MongoDB is the system of record, a rebuild of a
 * network of thousands of partners takes seconds, and each replica owning a throw-away index means nothing on disk to
 * lock, corrupt or reconcile. For very large networks {@code partnernet.directory.search.index-dir} moves it off the
 * heap into memory-mapped files (still rebuilt at start).
 *
 * <p>A thread polls for new changes every {@code poll-interval} and wakes at once on a local write, so a write is
 * searchable on this replica within milliseconds and on others within one poll. A hole in the numbers (a writer on
 * another replica that took a number and has not recorded it yet) holds the cursor back until it fills, or for at most
 * {@code gap-timeout} (a writer that crashed in between); then the partners whose last write carries a number in the
 * hole are re-indexed, so even that write is not lost. Change records are pruned after a retention period
 * ({@link org.partnernet.directory.system.Retention}); a replica whose cursor is below what was pruned (stalled for
 * longer than that) cannot know what it missed, so it rebuilds the whole index instead of silently skipping it.
 */
@Component
public class SearchIndexer implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(SearchIndexer.class);
  private static final int BATCH = 1000;
  private static final long STARTUP_LOOKBACK = 1000;

  private final Partners partners;
  private final ChangeLog changes;
  private final ServiceIndex index;
  private final Duration pollInterval;
  private final Duration gapTimeout;
  private final Semaphore wake = new Semaphore(0);
  private volatile boolean running;
  private volatile long cursor;
  private long gapSeenAt = -1;
  private final java.util.concurrent.atomic.AtomicLong resyncs = new java.util.concurrent.atomic.AtomicLong();
  private Thread thread;

  SearchIndexer(Partners partners, ChangeLog changes, Taxonomy taxonomy,
                @Value("${partnernet.directory.search.index-dir:}") String indexDir,
                @Value("${partnernet.directory.search.poll-interval:250ms}") Duration pollInterval,
                @Value("${partnernet.directory.search.gap-timeout:5s}") Duration gapTimeout) {
    this.partners = partners;
    this.changes = changes;
    this.pollInterval = pollInterval;
    this.gapTimeout = gapTimeout;
    this.index = new ServiceIndex(directory(indexDir), taxonomy);
    changes.onRecord(wake::release);
  }

  private static Directory directory(String indexDir) {
    if (indexDir == null || indexDir.isBlank()) {
      return new ByteBuffersDirectory();
    }
    try {
      Path path = Path.of(indexDir);
      FileSystemUtils.deleteRecursively(path);
      Files.createDirectories(path);
      return new MMapDirectory(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ServiceIndex index() {
    return index;
  }

  /** Full rebuilds because this replica fell behind the retained changes (for tests and metrics). */
  public long resyncs() {
    return resyncs.get();
  }

  /** The last change number this replica has applied (for tests and metrics). */
  public long cursor() {
    return cursor;
  }

  @Override
  public void start() {
    long started = System.nanoTime();
    try {
      rebuild();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    log.info("search index rebuilt: {} services in {} ms", size(), (System.nanoTime() - started) / 1_000_000);
    running = true;
    thread = new Thread(this::follow, "search-indexer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Drops the index and builds it again from the database. */
  public synchronized void rebuild() throws IOException {
    long from = changes.current();
    long pruned = changes.prunedThrough();
    index.clear();
    partners.forEach(true, p -> {
      try {
        index.put(p.id(), p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    index.refresh();
    // numbers just below the counter may belong to writes still in flight on other replicas (number taken, document
    // not yet written when we scanned): replay a window below it; re-indexing a partner twice is harmless
    // (nothing at or below the pruning watermark can be replayed: those records are gone, and the scan covered them)
    cursor = Math.max(pruned, Math.max(0, from - STARTUP_LOOKBACK));
    catchUp();
  }

  private void follow() {
    while (running) {
      try {
        wake.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        wake.drainPermits();
        if (running) {
          catchUp();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | IOException e) {
        // the database may be away for a moment; the next round retries from the same cursor
        log.warn("search index could not catch up: {}", e.getClass().getSimpleName());
        sleepQuietly();
      }
    }
  }

  /** Applies every change after the cursor that has no hole before it. */
  synchronized void catchUp() throws IOException {
    while (true) {
      List<ChangeLog.Change> batch = changes.after(cursor, BATCH);
      // read after the batch: pruning raises the watermark before it deletes, so a batch missing pruned records
      // always comes with a watermark above the cursor
      if (cursor < changes.prunedThrough()) {
        log.warn("search index fell further behind than the change retention (partnernet.directory.retention.changes)"
            + "; rebuilding it from the database");
        resyncs.incrementAndGet();
        rebuild();
        return;
      }
      if (batch.isEmpty()) {
        return;
      }
      Set<String> touched = new LinkedHashSet<>();
      long applied = cursor;
      for (ChangeLog.Change change : batch) {
        if (change.seq() != applied + 1) {
          if (!holeTimedOut()) {
            break;
          }
          // the writer behind the hole is gone; whatever it wrote carries its number
          touched.addAll(partners.lastWrittenWithin(applied + 1, change.seq() - 1));
        }
        gapSeenAt = -1;
        touched.add(change.partnerId());
        applied = change.seq();
      }
      for (String partnerId : touched) {
        index.put(partnerId, partners.find(partnerId).orElse(null));
      }
      if (!touched.isEmpty()) {
        index.refresh();
      }
      cursor = applied;
      if (applied == batch.get(batch.size() - 1).seq() && batch.size() == BATCH) {
        continue;
      }
      return;
    }
  }

  private boolean holeTimedOut() {
    long now = System.nanoTime();
    if (gapSeenAt < 0) {
      gapSeenAt = now;
      return false;
    }
    return now - gapSeenAt > gapTimeout.toNanos();
  }

  private void sleepQuietly() {
    try {
      Thread.sleep(pollInterval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public int size() {
    try {
      return index.size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    running = false;
    wake.release();
    if (thread != null) {
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      index.close();
    } catch (IOException e) {
      log.warn("search index did not close cleanly: {}", e.getClass().getSimpleName());
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    // after the database, before the gRPC server takes calls
    return SmartLifecycle.DEFAULT_PHASE - 2048;
  }
}

package org.partnernet.resources.event;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open watches of organisations' events. Each polls the database for "sequence above the last one sent" of its
 * organisation on a short interval, so it sees what any replica wrote; a client that reconnects (to any replica)
 * resumes from the last sequence it saw.
 *
 * <p>Sequences are gapless per organisation, so a hole means a writer took a number and has not stored its event
 * yet: the watch waits for it (up to {@code gapWait}) instead of skipping it, then moves on (the writer died).
 */
public final class EventWatches implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventWatches.class);
  private static final int BATCH = 100;

  /** Where a watch sends its events: the gRPC stream, in production. Called from one thread at a time. */
  public interface Sink {
    boolean isCancelled();

    /** False while the client is slow: the watch skips a poll rather than buffering without bound. */
    boolean isReady();

    void send(ResourceEvent event);

    /** The server is stopping: end the stream cleanly so the client reconnects to another replica. */
    void end();
  }

  private final EventLog eventLog;
  private final long intervalMillis;
  private final long gapWaitNanos;
  private final ScheduledExecutorService poller;
  private final Set<Watch> open = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicLong started = new java.util.concurrent.atomic.AtomicLong();

  public EventWatches(EventLog eventLog, Duration interval, Duration gapWait) {
    this.eventLog = eventLog;
    this.intervalMillis = interval.toMillis();
    this.gapWaitNanos = gapWait.toNanos();
    AtomicInteger n = new AtomicInteger();
    this.poller = Executors.newScheduledThreadPool(2, r -> {
      Thread thread = new Thread(r, "resource-events-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Starts a watch of the organisation's events after {@code afterSequence}; null means only events from now on.
   * A sequence beyond the latest (a client of a restored database) starts at the latest rather than wait for
   * numbers that may never come.
   */
  public void watch(String organisation, Long afterSequence, Sink sink) {
    long latest = eventLog.latest(organisation);
    long start = afterSequence != null ? Math.min(afterSequence, latest) : latest;
    Watch watch = new Watch(organisation, start, sink);
    open.add(watch);
    watch.future = poller.scheduleWithFixedDelay(watch, 0, intervalMillis, TimeUnit.MILLISECONDS);
    started.incrementAndGet();
  }

  /** How many watches this replica has started since it began (a client can tell its watch is in place). */
  public long watchesStarted() {
    return started.get();
  }

  public int openWatches() {
    return open.size();
  }

  /** Ends every open stream (before the gRPC server waits for calls to finish on shutdown). */
  public void endAll() {
    for (Watch watch : List.copyOf(open)) {
      watch.stop(true);
    }
  }

  @Override
  public void close() {
    endAll();
    poller.shutdownNow();
  }

  private final class Watch implements Runnable {
    private final String organisation;
    private final Sink sink;
    private long last;
    private long gapSince = -1;
    private volatile ScheduledFuture<?> future;

    Watch(String organisation, long last, Sink sink) {
      this.organisation = organisation;
      this.last = last;
      this.sink = sink;
    }

    @Override
    public synchronized void run() {
      try {
        if (!open.contains(this)) {
          ScheduledFuture<?> f = future;
          if (f != null) {
            f.cancel(false);
          }
          return;
        }
        if (sink.isCancelled()) {
          stop(false);
          return;
        }
        if (!sink.isReady()) {
          return;
        }
        for (ResourceEvent event : eventLog.after(organisation, last, BATCH)) {
          if (event.sequence() != last + 1) {
            long now = System.nanoTime();
            if (gapSince < 0) {
              gapSince = now;
            }
            if (now - gapSince < gapWaitNanos) {
              return;
            }
          }
          sink.send(event);
          last = event.sequence();
          gapSince = -1;
          if (!sink.isReady()) {
            return;
          }
        }
      } catch (RuntimeException e) {
        // the database blinked: the next poll tries again; the message may hold nothing personal but stay terse
        log.debug("event poll failed: {}", e.getClass().getName());
      }
    }

    synchronized void stop(boolean end) {
      if (!open.remove(this)) {
        return;
      }
      ScheduledFuture<?> f = future;
      if (f != null) {
        f.cancel(false);
      }
      if (end) {
        try {
          sink.end();
        } catch (RuntimeException e) {
          log.debug("ending a watch failed: {}", e.getClass().getName());
        }
      }
    }
  }
}

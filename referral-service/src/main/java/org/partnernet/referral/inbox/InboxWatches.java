package org.partnernet.referral.inbox;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open inbox streams. Each polls the database for "network sequence above the last one seen" on a short interval,
 * so it sees what any replica wrote, and passes on the events of its organisation's referrals. A client that
 * reconnects (to any replica) resumes after the last sequence it saw.
 *
 * <p>Sequences are gapless across the network, so a hole means a writer took a number and has not stored its event
 * yet: the watch waits for it (up to {@code gapWait}) instead of skipping past it, then moves on (the writer died).
 * Events older than {@code history} are dropped hourly; a resume from before them starts at the oldest held.
 */
public final class InboxWatches implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InboxWatches.class);
  private static final int BATCH = 200;

  /** Where a watch sends its events: the gRPC stream, in production. Called from one thread at a time. */
  public interface Sink {
    boolean isCancelled();

    /** False while the client is slow: the watch skips a poll rather than buffering without bound. */
    boolean isReady();

    void send(InboxEvent event);

    /** The server is stopping: end the stream cleanly so the client reconnects to another replica. */
    void end();
  }

  private final InboxEvents events;
  private final long intervalMillis;
  private final long gapWaitNanos;
  private final ScheduledExecutorService poller;
  private final Set<Watch> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong started = new AtomicLong();

  public InboxWatches(InboxEvents events, Duration interval, Duration gapWait, Duration history, Clock clock) {
    this.events = events;
    this.intervalMillis = Math.max(10, interval.toMillis());
    this.gapWaitNanos = gapWait.toNanos();
    AtomicInteger n = new AtomicInteger();
    this.poller = Executors.newScheduledThreadPool(2, r -> {
      Thread thread = new Thread(r, "inbox-watch-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    poller.scheduleWithFixedDelay(() -> {
      try {
        events.deleteBefore(clock.instant().minus(history));
      } catch (RuntimeException e) {
        log.debug("inbox history purge failed: {}", e.getClass().getName());
      }
    }, 1, 60, TimeUnit.MINUTES);
  }

  /**
   * Starts a watch of the organisation's events after {@code afterSequence}; null means only events from now on.
   * A sequence beyond the latest (a restored database) starts at the latest rather than wait for numbers that may
   * never come; one older than the history held starts at the oldest held.
   */
  public void watch(String organisation, Long afterSequence, Sink sink) {
    long latest = events.latest();
    long start = afterSequence == null ? latest
        : Math.max(Math.min(afterSequence, latest), Math.min(events.oldest() - 1, latest));
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
        for (InboxEvent event : events.after(last, BATCH)) {
          if (event.sequence() != last + 1) {
            long now = System.nanoTime();
            if (gapSince < 0) {
              gapSince = now;
            }
            if (now - gapSince < gapWaitNanos) {
              return;
            }
          }
          last = event.sequence();
          gapSince = -1;
          if (event.visibleTo(organisation)) {
            sink.send(event);
            if (!sink.isReady()) {
              return;
            }
          }
        }
      } catch (RuntimeException e) {
        // the database blinked or the client went away: the next poll tries again
        log.debug("inbox poll failed: {}", e.getClass().getName());
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
          log.debug("ending an inbox watch failed: {}", e.getClass().getName());
        }
      }
    }
  }
}

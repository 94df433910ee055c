package org.partnernet.servicekit.event;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
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
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open watches of organisations' event streams (the referral inbox, resources-service's events). Each polls the
 * database on a short interval for "sequence above the last one seen", so it sees what any replica wrote, and passes
 * on the events its organisation may see. A client that reconnects (to any replica) resumes after the last sequence
 * it saw. Change streams would push instead, but the embedded server has none; polling works on both.
 *
 * <p>Sequences are gapless (across the network or per organisation, as the {@link Log} numbers them), so a hole
 * means a writer took a number and has not stored its event yet: the watch waits for it (up to {@code gapWait})
 * instead of skipping past it, then moves on (the writer died). A resume from before the oldest event still held
 * starts at the oldest held; one beyond the latest (a restored database) starts at the latest rather than wait for
 * numbers that may never come.
 *
 * @param <E> the event type
 */
public final class EventWatches<E> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventWatches.class);
  private static final int BATCH = 200;

  /** The events in the database, as a watch reads them. */
  public interface Log<E> {

    /** The last sequence number the organisation's watch follows (0 when none). */
    long latest(String organisation);

    /** The oldest sequence still held for the organisation's watch, or {@code latest + 1} when none is. */
    long oldest(String organisation);

    /** The events of the sequence the organisation's watch follows, above {@code after}, in order. */
    List<E> after(String organisation, long after, int limit);

    long sequence(E event);

    /** Whether the organisation may see the event (a network-wide sequence holds other organisations' events). */
    boolean visibleTo(E event, String organisation);
  }

  /** Where a watch sends its events: the gRPC stream, in production. Called from one thread at a time. */
  public interface Sink<E> {
    boolean isCancelled();

    /** False while the client is slow: the watch skips a poll rather than buffering without bound. */
    boolean isReady();

    void send(E event);

    /** The server is stopping: end the stream cleanly so the client reconnects to another replica. */
    void end();

    /** A sink writing to a gRPC server stream, each event turned into a response by {@code toResponse}. */
    static <E, R> Sink<E> toStream(StreamObserver<R> responses, Function<E, R> toResponse) {
      ServerCallStreamObserver<R> stream = (ServerCallStreamObserver<R>) responses;
      return new Sink<>() {
        @Override
        public boolean isCancelled() {
          return stream.isCancelled();
        }

        @Override
        public boolean isReady() {
          return stream.isReady();
        }

        @Override
        public void send(E event) {
          stream.onNext(toResponse.apply(event));
        }

        @Override
        public void end() {
          stream.onCompleted();
        }
      };
    }
  }

  private final Log<E> events;
  private final long intervalMillis;
  private final long gapWaitNanos;
  private final ScheduledExecutorService poller;
  private final Set<Watch> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong started = new AtomicLong();

  /** {@code name} names the polling threads ({@code name-1}, {@code name-2}). */
  public EventWatches(String name, Log<E> events, Duration interval, Duration gapWait) {
    this.events = events;
    this.intervalMillis = Math.max(10, interval.toMillis());
    this.gapWaitNanos = gapWait.toNanos();
    AtomicInteger n = new AtomicInteger();
    this.poller = Executors.newScheduledThreadPool(2, r -> {
      Thread thread = new Thread(r, name + "-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts a watch of the organisation's events after {@code afterSequence}; null means only events from now on. */
  public void watch(String organisation, Long afterSequence, Sink<E> sink) {
    long latest = events.latest(organisation);
    long start = afterSequence == null ? latest
        : Math.max(Math.min(afterSequence, latest), Math.min(events.oldest(organisation) - 1, latest));
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
    private final Sink<E> sink;
    private long last;
    private long gapSince = -1;
    private volatile ScheduledFuture<?> future;

    Watch(String organisation, long last, Sink<E> sink) {
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
        for (E event : events.after(organisation, last, BATCH)) {
          long sequence = events.sequence(event);
          if (sequence != last + 1) {
            long now = System.nanoTime();
            if (gapSince < 0) {
              gapSince = now;
            }
            if (now - gapSince < gapWaitNanos) {
              return;
            }
          }
          last = sequence;
          gapSince = -1;
          if (events.visibleTo(event, organisation)) {
            sink.send(event);
            if (!sink.isReady()) {
              return;
            }
          }
        }
      } catch (RuntimeException e) {
        // the database blinked or the client went away: the next poll tries again (terse: no event content)
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

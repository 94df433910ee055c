package org.partnernet.directory.system;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Bounded retention for the two collections that only grow: change records older than
 * {@code partnernet.directory.retention.changes} (a replica further behind than that rebuilds its index instead of
 * following, see {@link ChangeLog#prunedThrough()}) and request ids older than
 * {@code partnernet.directory.retention.request-ids} (a retry after that is a new request). Runs every
 * {@code partnernet.directory.retention.interval} on every replica; pruning twice is harmless.
 */
@Component
public class Retention implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(Retention.class);

  private final ChangeLog changes;
  private final IdempotentRequests requests;
  private final Clock clock;
  private final Duration keepChanges;
  private final Duration keepRequestIds;
  private final Duration interval;
  private ScheduledExecutorService scheduler;

  Retention(ChangeLog changes, IdempotentRequests requests, Clock clock,
            @Value("${partnernet.directory.retention.changes:7d}") Duration keepChanges,
            @Value("${partnernet.directory.retention.request-ids:1d}") Duration keepRequestIds,
            @Value("${partnernet.directory.retention.interval:1h}") Duration interval) {
    if (keepChanges.isNegative() || keepChanges.isZero() || keepRequestIds.isNegative() || keepRequestIds.isZero()
        || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("partnernet.directory.retention.changes, .request-ids and .interval must be "
          + "positive durations");
    }
    this.changes = changes;
    this.requests = requests;
    this.clock = clock;
    this.keepChanges = keepChanges;
    this.keepRequestIds = keepRequestIds;
    this.interval = interval;
  }

  /** One round: both collections pruned to their retention. */
  public void prune() {
    long changesRemoved = changes.prune(clock.instant().minus(keepChanges));
    long requestsRemoved = requests.prune(clock.instant().minus(keepRequestIds));
    if (changesRemoved + requestsRemoved > 0) {
      log.info("retention: removed {} change records and {} request ids", changesRemoved, requestsRemoved);
    }
  }

  private void pruneQuietly() {
    try {
      prune();
    } catch (RuntimeException e) {
      // the database may be away for a moment; the next round tries again
      log.warn("retention: pruning failed: {}", e.getClass().getSimpleName());
    }
  }

  @Override
  public void start() {
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "directory-retention");
      thread.setDaemon(true);
      return thread;
    });
    scheduler.scheduleWithFixedDelay(this::pruneQuietly, interval.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    scheduler = null;
  }

  @Override
  public boolean isRunning() {
    return scheduler != null;
  }
}

package org.partnernet.referral.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.partnernet.referral.inbox.InboxEvents;
import org.partnernet.referral.system.ReferralMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background sweep: expires referrals past their response deadline, shreds disclosures of ended consents, then
 * counts the referrals still waiting for an answer (gauges). Housekeeping, less often: shreds disclosures of referrals
 * closed longer than the retention period and drops inbox events older than the inbox history; both are measured in
 * days, and on the embedded database each reads a whole collection, a pause for every writer. Time comes from the
 * injected clock, so tests drive it by moving the clock and calling {@link #run()}. Safe on several replicas: every
 * write is conditional.
 */
public class ReferralSweep {

  private static final Logger log = LoggerFactory.getLogger(ReferralSweep.class);

  private final Referrals referrals;
  private final ReferralWorkflow workflow;
  private final Shredding shredding;
  private final InboxEvents inbox;
  private final ReferralMetrics metrics;
  private final Clock clock;
  private final Duration interval;
  private final Duration housekeepingInterval;
  private final Duration retention;
  private final Duration inboxHistory;
  private ScheduledExecutorService scheduler;
  private Instant nextHousekeeping = Instant.MIN;

  public ReferralSweep(Referrals referrals, ReferralWorkflow workflow, Shredding shredding, InboxEvents inbox,
                       ReferralMetrics metrics, Clock clock, Duration interval, Duration housekeepingInterval,
                       Duration retention, Duration inboxHistory) {
    this.referrals = referrals;
    this.workflow = workflow;
    this.shredding = shredding;
    this.inbox = inbox;
    this.metrics = metrics;
    this.inboxHistory = inboxHistory;
    this.clock = clock;
    this.interval = interval;
    this.housekeepingInterval = housekeepingInterval;
    this.retention = retention;
  }

  /** One pass; what it did. */
  public record Result(int expired, int shreddedForConsent, int shreddedForRetention) {}

  /**
   * On the embedded database every query here reads the whole collection, so the referrals are counted first (one
   * aggregation) and looked for overdue ones only when the count says there are some.
   */
  public synchronized Result run() {
    List<Referrals.Waiting> waiting = referrals.waitingForAnswer(clock.instant());
    Map<Urgency, Integer> expired = new EnumMap<>(Urgency.class);
    if (waiting.stream().anyMatch(w -> w.overdue() > 0)) {
      for (Referral referral : referrals.overdue(clock.instant(), 500)) {
        if (workflow.expire(referral)) {
          expired.merge(referral.urgency(), 1, Integer::sum);
        }
      }
    }
    int consent = shredding.sweep();
    int retained = 0;
    Instant now = clock.instant();
    if (!now.isBefore(nextHousekeeping)) {
      retained = shredding.retention(retention);
      inbox.deleteBefore(now.minus(inboxHistory));
      nextHousekeeping = now.plus(housekeepingInterval);
    }
    for (Referrals.Waiting w : waiting) {
      int gone = expired.getOrDefault(w.urgency(), 0); // no longer waiting
      metrics.waiting(w.urgency().name(), w.awaiting() - gone, w.overdue() - gone);
    }
    return new Result(expired.values().stream().mapToInt(Integer::intValue).sum(), consent, retained);
  }

  public synchronized void start() {
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "referral-sweep");
      thread.setDaemon(true);
      return thread;
    });
    scheduler.scheduleWithFixedDelay(this::runQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void runQuietly() {
    try {
      Result result = run();
      if (result.expired() + result.shreddedForConsent() + result.shreddedForRetention() > 0) {
        log.info("sweep: {} referrals expired, {} disclosures shredded for ended consents, {} for retention",
            result.expired(), result.shreddedForConsent(), result.shreddedForRetention());
      }
    } catch (RuntimeException e) {
      log.warn("sweep failed ({}); it runs again in {}", e.getClass().getSimpleName(), interval);
    }
  }

  public synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  public synchronized boolean isRunning() {
    return scheduler != null;
  }
}

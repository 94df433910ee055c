package org.partnernet.referral.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.partnernet.referral.inbox.InboxEvent;
import org.partnernet.referral.inbox.InboxEvents;
import org.partnernet.servicekit.id.Ids;
import org.partnernet.servicekit.retry.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers inbox events to webhooks, away from the request threads: a referral only writes its inbox event, as
 * before, and this follows the event log. Each webhook has a cursor (the last sequence handled) in its document;
 * a replica takes a lease on the webhook, POSTs the events after the cursor that concern the webhook's organisation
 * in order, and moves the cursor after each one. A crash between a delivery and the cursor's move repeats that one
 * event (at least once; the body's {@code id} lets the receiver drop it). A failed try schedules the next with
 * exponential back-off; after {@code maxAttempts} the event becomes a dead letter and the cursor moves on, so one
 * bad event does not hold the webhook forever. Timing uses the wall clock, not the service's business clock.
 */
public final class WebhookDeliveries implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebhookDeliveries.class);
  private static final int BATCH = 100;
  private static final Duration ROUND = Duration.ofSeconds(10);

  /** How deliveries behave; see the {@code partnernet.referral.webhook.*} properties. */
  public record Settings(Duration pollInterval, int maxAttempts, Duration backoffInitial, Duration backoffMax,
                         Duration gapWait, int threads, Duration timeout) {
    public Settings {
      if (maxAttempts < 1 || threads < 1 || backoffInitial.isNegative() || backoffMax.compareTo(backoffInitial) < 0) {
        throw new IllegalArgumentException("webhook settings: max-attempts and threads >= 1, 0 <= initial <= max");
      }
    }
  }

  private final Webhooks webhooks;
  private final InboxEvents inbox;
  private final WebhookSecrets secrets;
  private final WebhookClient client;
  private final String network;
  private final Settings settings;
  private final Clock clock;
  private final MeterRegistry meters;
  private final Counter deadLettered;
  private final String owner = UUID.randomUUID().toString();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> gapSince = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticker;
  private final ExecutorService workers;

  public WebhookDeliveries(Webhooks webhooks, InboxEvents inbox, WebhookSecrets secrets, WebhookClient client,
                           String network, Settings settings, Clock clock, MeterRegistry meters) {
    this.webhooks = webhooks;
    this.inbox = inbox;
    this.secrets = secrets;
    this.client = client;
    this.network = network;
    this.settings = settings;
    this.clock = clock;
    this.meters = meters;
    this.deadLettered = Counter.builder("partnernet.webhook.dead.letters")
        .description("events a webhook did not take after the last try").register(meters);
    AtomicInteger n = new AtomicInteger();
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "webhook-poll"));
    this.workers = Executors.newFixedThreadPool(settings.threads(),
        r -> daemon(r, "webhook-delivery-" + n.incrementAndGet()));
  }

  public void start() {
    long every = Math.max(10, settings.pollInterval().toMillis());
    ticker.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
  }

  /** One try of one body to a webhook, counted like every try. */
  WebhookClient.Result send(Webhook w, String secret, String eventId, String body) {
    WebhookClient.Result result = client.post(w.url(), body, eventId,
        Signature.header(secret, clock.instant().getEpochSecond(), body));
    Counter.builder("partnernet.webhook.deliveries").description("webhook delivery tries by outcome")
        .tag("outcome", result.outcome().tag()).register(meters).increment();
    return result;
  }

  void tick() {
    try {
      long latest = inbox.latest();
      for (Webhooks.Due due : webhooks.due(network, clock.instant(), 500)) {
        if (due.cursor() >= latest || !inFlight.add(due.id())) {
          continue;
        }
        try {
          workers.execute(() -> {
            try {
              deliver(due.id());
            } catch (RuntimeException e) {
              // the class only: a message could carry a URL
              log.warn("a webhook delivery round failed: {}", e.getClass().getName());
            } finally {
              inFlight.remove(due.id());
            }
          });
        } catch (RejectedExecutionException e) {
          inFlight.remove(due.id());
        }
      }
    } catch (RuntimeException e) {
      log.debug("webhook poll failed: {}", e.getClass().getName());
    }
  }

  /** Delivers what is due to one webhook, holding its lease; stops at the first failed try. */
  void deliver(String id) {
    Instant now = clock.instant();
    if (!webhooks.lease(id, owner, now, now.plus(ROUND).plus(settings.timeout().multipliedBy(3)))) {
      return;
    }
    try {
      Webhook w = webhooks.find(id).orElse(null);
      if (w == null || (w.nextAttemptAt() != null && w.nextAttemptAt().isAfter(now))) {
        return;
      }
      long cursor = w.cursor();
      long saved = cursor;
      int attempts = w.attempts();
      String secret = null;
      long until = System.nanoTime() + ROUND.toNanos();
      rounds:
      while (System.nanoTime() < until) {
        List<InboxEvent> batch = inbox.after(cursor, BATCH);
        if (batch.isEmpty()) {
          break;
        }
        for (InboxEvent event : batch) {
          if (event.sequence() != cursor + 1 && !waitedForGap(id)) {
            break rounds; // a writer took the number and has not stored its event yet
          }
          gapSince.remove(id);
          if (!event.visibleTo(w.partner())) {
            cursor = event.sequence();
            continue;
          }
          if (secret == null) {
            secret = secrets.open(w.id(), w.secretVersion(), w.sealedSecret());
          }
          String eventId = WebhookBody.eventId(network, event.sequence());
          String body = WebhookBody.of(network, w.id(), event);
          WebhookClient.Result result = send(w, secret, eventId, body);
          if (!result.delivered()) {
            attempts++;
            if (attempts < settings.maxAttempts()) {
              webhooks.progress(id, owner, cursor, attempts, clock.instant().plus(backoff(attempts)),
                  result.describe());
              return;
            }
            webhooks.deadLetter(new DeadLetter(Ids.newId(), id, w.partner(), eventId, event.sequence(), body,
                attempts, result.describe(), clock.instant(), null));
            deadLettered.increment();
          }
          cursor = event.sequence();
          attempts = 0;
          if (!webhooks.progress(id, owner, cursor, 0, null, result.describe())) {
            return; // lost the lease (deleted, or a replica took over after a stall): stop here
          }
          saved = cursor;
        }
      }
      if (cursor != saved) {
        webhooks.progress(id, owner, cursor, attempts, null, w.lastOutcome());
      }
    } finally {
      webhooks.release(id, owner);
    }
  }

  private boolean waitedForGap(String id) {
    long now = System.nanoTime();
    long since = gapSince.computeIfAbsent(id, k -> now);
    return now - since >= settings.gapWait().toNanos();
  }

  Duration backoff(int attempts) {
    return new Backoff(settings.backoffInitial(), settings.backoffMax()).after(attempts);
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread thread = new Thread(r, name);
    thread.setDaemon(true);
    return thread;
  }
}

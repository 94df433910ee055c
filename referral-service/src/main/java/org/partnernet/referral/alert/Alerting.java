package org.partnernet.referral.alert;

import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.partnernet.referral.directory.PartnerContacts;
import org.partnernet.referral.directory.PartnerContacts.Contact;
import org.partnernet.referral.inbox.InboxEvent;
import org.partnernet.referral.inbox.InboxEvents;
import org.partnernet.referral.lifecycle.Referral;
import org.partnernet.referral.lifecycle.ReferralState;
import org.partnernet.referral.lifecycle.Referrals;
import org.partnernet.referral.lifecycle.Urgency;
import org.partnernet.servicekit.retry.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts people, not screens, about EMERGENCY referrals and capacity questions (README: Alerts). Each sweep
 * <ol>
 *   <li>follows the inbox event log from a durable cursor and stores one alert per EMERGENCY referral sent, or
 *   EMERGENCY question asked, per recipient organisation;</li>
 *   <li>works through the alerts that are due, each under a lease: if the recipient answered (the referral left
 *   SENT/RECEIVED, the partner answered the question, or it expired) the alert ends; otherwise the next step goes
 *   out: step {@code i < n} to the recipient's i-th on-call contact (e-mail, and SMS where configured), step
 *   {@code n} to the sender organisation and the network's coordinators. The step after is due
 *   {@code escalateAfter} later.</li>
 * </ol>
 * Each delivery made is recorded before the next, so a retry, a restart or another replica does not repeat it
 * (a crash between a send and its record repeats that one message). A failed delivery retries the step with
 * exponential back-off; after {@code maxAttempts} tries the step is given up and the escalation goes on. Logs and
 * metrics carry the channel, the step and exception classes only: never an address, a number, a body or an id.
 */
public final class Alerting implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Alerting.class);
  private static final int BATCH = 200;
  private static final Duration LEASE = Duration.ofMinutes(5);

  /**
   * @param webUi        the public URL of the web UI, the only link an alert carries
   * @param escalateAfter how long a step waits for an answer before the next step
   * @param coordinators the network coordinators' e-mail addresses (told at the last step)
   */
  public record Settings(String webUi, Duration escalateAfter, List<String> coordinators, Duration pollInterval,
                         int maxAttempts, Duration backoffInitial, Duration backoffMax, Duration gapWait) {
    public Settings {
      if (webUi == null || webUi.isBlank()) {
        throw new IllegalArgumentException("partnernet.referral.alert.public-url is required when alerts are on");
      }
      if (maxAttempts < 1 || escalateAfter.isNegative() || backoffMax.compareTo(backoffInitial) < 0) {
        throw new IllegalArgumentException("alert settings: max-attempts >= 1, 0 <= backoff-initial <= backoff-max");
      }
      coordinators = List.copyOf(coordinators);
    }
  }

  private final Alerts alerts;
  private final InboxEvents inbox;
  private final Referrals referrals;
  private final PartnerContacts directory;
  private final MailChannel mail;
  private final Optional<SmsChannel> sms;
  private final Settings settings;
  private final Clock clock;
  private final MeterRegistry meters;
  private final String owner = UUID.randomUUID().toString();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "alert-sweep");
        t.setDaemon(true);
        return t;
      });
  private long gapSince = -1;

  public Alerting(Alerts alerts, InboxEvents inbox, Referrals referrals,
                  PartnerContacts directory, MailChannel mail, Optional<SmsChannel> sms, Settings settings,
                  Clock clock, MeterRegistry meters) {
    this.alerts = alerts;
    this.inbox = inbox;
    this.referrals = referrals;
    this.directory = directory;
    this.mail = mail;
    this.sms = sms;
    this.settings = settings;
    this.clock = clock;
    this.meters = meters;
    // alerts start with what happens from now on, not with the history kept before they were switched on
    alerts.cursor(inbox.latest());
  }

  public void start() {
    long every = Math.max(10, settings.pollInterval().toMillis());
    ticker.scheduleWithFixedDelay(() -> {
      try {
        sweep();
      } catch (RuntimeException e) {
        log.warn("alert sweep failed: {}", e.getClass().getName());
      }
    }, every, every, TimeUnit.MILLISECONDS);
  }

  /** One pass: new EMERGENCY events into alerts, then every due step. */
  public synchronized void sweep() {
    collect();
    for (String id : alerts.due(clock.instant(), BATCH)) {
      try {
        work(id);
      } catch (RuntimeException e) {
        log.warn("an alert step failed: {}", e.getClass().getName());
      }
    }
  }

  private void collect() {
    long cursor = alerts.cursor(inbox.latest());
    while (true) {
      List<InboxEvent> batch = inbox.after(cursor, BATCH);
      if (batch.isEmpty()) {
        return;
      }
      for (InboxEvent event : batch) {
        if (event.sequence() != cursor + 1 && !waitedForGap()) {
          alerts.advanceCursor(cursor);
          return; // a writer took the number and has not stored its event yet
        }
        gapSince = -1;
        alertFor(event);
        cursor = event.sequence();
      }
      alerts.advanceCursor(cursor);
    }
  }

  private void alertFor(InboxEvent event) {
    Instant now = clock.instant();
    if (event.type() == InboxEvent.Type.REFERRAL_CREATED) {
      // the event names the urgency: every create is followed here, and reading each referral back cost the
      // database one more round trip per create. Events stored before it was recorded are looked up.
      boolean emergency = event.urgency() != null ? Urgency.EMERGENCY.name().equals(event.urgency())
          : referrals.find(event.referral()).filter(r -> r.urgency() == Urgency.EMERGENCY).isPresent();
      if (emergency) {
        alerts.insertOnce(new Alert(Alert.idOf(Alert.Subject.REFERRAL, event.referral(), event.recipientPartner()),
            Alert.Subject.REFERRAL, event.referral(), event.recipientPartner(), event.senderPartner(), 0, now,
            List.of(), 0, false));
      }
    } else if (event.type() == InboxEvent.Type.CAPACITY_QUESTION) {
      String check = event.referral();
      alerts.question(check).filter(Alerts.Question::emergency)
          .ifPresent(q -> alerts.insertOnce(new Alert(
              Alert.idOf(Alert.Subject.CAPACITY_CHECK, check, event.recipientPartner()), Alert.Subject.CAPACITY_CHECK,
              check, event.recipientPartner(), q.asker(), 0, now, List.of(), 0, false)));
    }
  }

  private boolean waitedForGap() {
    long now = System.nanoTime();
    if (gapSince < 0) {
      gapSince = now;
    }
    return now - gapSince >= settings.gapWait().toNanos();
  }

  private void work(String id) {
    Instant now = clock.instant();
    if (!alerts.lease(id, owner, now, now.plus(LEASE))) {
      return;
    }
    try {
      Alert alert = alerts.find(id).orElse(null);
      if (alert == null || alert.done() || alert.dueAt().isAfter(now)) {
        return;
      }
      if (answered(alert, now)) {
        alerts.finish(id, owner);
        return;
      }
      List<Contact> onCall;
      List<Contact> to;
      try {
        onCall = directory.onCall(alert.recipientPartner());
        to = alert.step() >= onCall.size() ? escalation(alert) : List.of(onCall.get(alert.step()));
      } catch (RuntimeException e) {
        // nobody can be told without the directory: try again later, without giving the step up
        log.warn("alert contacts not read from partner-directory: {}", e instanceof StatusRuntimeException s
            ? s.getStatus().getCode() : e.getClass().getName());
        alerts.retryAt(id, owner, alert.attempts(), now.plus(backoff(alert.attempts() + 1)));
        return;
      }
      boolean last = alert.step() >= onCall.size();
      String step = last ? "sender_and_coordinators" : alert.step() == 0 ? "on_call" : "next_on_call";
      AlertMessage message = AlertMessage.of(alert.subject(),
          last ? AlertMessage.Audience.ESCALATION : AlertMessage.Audience.ON_CALL, settings.webUi());
      boolean allDelivered = deliverAll(alert, to, step, message);
      if (!allDelivered && alert.attempts() + 1 < settings.maxAttempts()) {
        alerts.retryAt(id, owner, alert.attempts() + 1, now.plus(backoff(alert.attempts() + 1)));
      } else if (last) {
        alerts.finish(id, owner);
      } else {
        alerts.nextStep(id, owner, alert.step() + 1, now.plus(settings.escalateAfter()));
      }
    } finally {
      alerts.release(id, owner);
    }
  }

  /** The referral left SENT/RECEIVED, or this partner answered the question, or the question expired. */
  private boolean answered(Alert alert, Instant now) {
    if (alert.subject() == Alert.Subject.REFERRAL) {
      return referrals.find(alert.subjectId()).map(Referral::state)
          .map(s -> s != ReferralState.SENT && s != ReferralState.RECEIVED).orElse(true);
    }
    return alerts.question(alert.subjectId())
        .map(q -> q.answeredBy().contains(alert.recipientPartner()) || !now.isBefore(q.expireTime())).orElse(true);
  }

  private List<Contact> escalation(Alert alert) {
    List<Contact> to = new ArrayList<>(directory.sender(alert.senderPartner()));
    settings.coordinators().forEach(address -> to.add(new Contact(address, null)));
    return to;
  }

  /** Sends what this step has not sent yet; false if a delivery failed (the rest are still tried). */
  private boolean deliverAll(Alert alert, List<Contact> to, String step, AlertMessage message) {
    boolean ok = true;
    for (int i = 0; i < to.size(); i++) {
      Contact contact = to.get(i);
      if (contact.email() != null && !alert.delivered().contains("email:" + i)) {
        ok &= deliver(alert, "email:" + i, "email", step, () -> mail.send(contact.email(), message));
      }
      if (contact.phone() != null && sms.isPresent() && !alert.delivered().contains("sms:" + i)) {
        ok &= deliver(alert, "sms:" + i, "sms", step, () -> sms.get().send(contact.phone(), message));
      }
    }
    return ok;
  }

  private interface Send {
    void run() throws Exception;
  }

  private boolean deliver(Alert alert, String delivery, String channel, String step, Send send) {
    try {
      send.run();
    } catch (Exception e) {
      // the class only: messages of mail and HTTP exceptions can carry addresses and numbers
      log.warn("alert {} delivery failed: {}", channel, e.getClass().getName());
      Counter.builder("partnernet.alerts.failed").description("alert deliveries that failed, by channel")
          .tag("channel", channel).register(meters).increment();
      return false;
    }
    Counter.builder("partnernet.alerts.sent").description("alert deliveries made, by channel and escalation step")
        .tag("channel", channel).tag("step", step).register(meters).increment();
    if (!alerts.delivered(alert.id(), owner, delivery)) {
      // another replica took the alert over (this one stalled past its lease): leave the step to it
      throw new IllegalStateException("alert lease lost");
    }
    return true;
  }

  Duration backoff(int attempts) {
    return new Backoff(settings.backoffInitial(), settings.backoffMax()).after(attempts);
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}

package org.partnernet.referral.system;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Business metrics, named as the alert rules and dashboards in {@code deploy/observability} expect them
 * ({@code partnernet_referrals_sent_total{urgency="emergency"}}, ...). Tags are bounded enums only (urgency, answer,
 * cause), lower case: never an id of a client, a referral, a user or an organisation, never personal data.
 */
public class ReferralMetrics {

  /** Histogram buckets for the time to accept: minutes for emergencies up to days for routine referrals. */
  private static final Duration[] TIME_TO_ACCEPT_BUCKETS = Stream.of("PT1M", "PT5M", "PT15M", "PT30M", "PT1H",
      "PT2H", "PT4H", "PT8H", "PT12H", "P1D", "P2D", "P4D", "P7D", "P14D").map(Duration::parse)
      .toArray(Duration[]::new);

  private final MeterRegistry registry;
  private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

  public ReferralMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A referral entered a state: {@code partnernet_referrals_<state>_total{urgency}}. */
  public void entered(String state, String urgency) {
    Counter.builder("partnernet.referrals." + lower(state)).description("referrals that entered this state")
        .tag("urgency", lower(urgency)).register(registry).increment();
  }

  public void accepted(String urgency, Duration sinceSent) {
    Timer.builder("partnernet.referrals.time.to.accept").description("from sending to acceptance")
        .serviceLevelObjectives(TIME_TO_ACCEPT_BUCKETS)
        .tag("urgency", lower(urgency)).register(registry).record(sinceSent);
  }

  /** A consent was revoked ({@code partnernet_referrals_consent_revoked_total} counts the referrals it ended). */
  public void consentRevoked() {
    Counter.builder("partnernet.referrals.consents.revoked").description("consents revoked").register(registry)
        .increment();
  }

  public void shredded(String cause) {
    Counter.builder("partnernet.referrals.disclosures.shredded").description("disclosures crypto-shredded, by cause")
        .tag("cause", lower(cause)).register(registry).increment();
  }

  public void capacityCheckAnswered(String answer) {
    Counter.builder("partnernet.referrals.capacity.check.answers").description("answers to anonymous capacity checks")
        .tag("answer", lower(answer)).register(registry).increment();
  }

  /**
   * How many referrals of an urgency wait for the recipient's answer, and how many of those are past their response
   * deadline (the sweep expires them; one that stays overdue means the sweep is not running). Counted from the
   * database by the sweep, so every replica reports the same network-wide figure: aggregate with max, not sum.
   */
  public void waiting(String urgency, long awaiting, long overdue) {
    gauge("partnernet.referrals.awaiting.answer", "referrals waiting for the recipient's answer", urgency)
        .set(awaiting);
    gauge("partnernet.referrals.overdue", "referrals waiting for an answer past their response deadline", urgency)
        .set(overdue);
  }

  private AtomicLong gauge(String name, String description, String urgency) {
    return gauges.computeIfAbsent(name + "/" + lower(urgency), key -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder(name, value, AtomicLong::get).description(description).tag("urgency", lower(urgency))
          .register(registry);
      return value;
    });
  }

  private static String lower(String value) {
    return value.toLowerCase(Locale.ROOT);
  }
}

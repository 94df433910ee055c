package org.partnernet.referral.system;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Business metrics. Tags are bounded enums only (state, urgency, cause): never an id of a client, a referral,
 * a user or an organisation, never personal data.
 */
public class ReferralMetrics {

  private final MeterRegistry registry;

  public ReferralMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A referral entered a state. */
  public void entered(String state, String urgency) {
    Counter.builder("partnernet.referrals").description("referrals entering each state")
        .tag("state", state).tag("urgency", urgency).register(registry).increment();
  }

  public void accepted(String urgency, Duration sinceSent) {
    Timer.builder("partnernet.referrals.time.to.accept").description("from sending to acceptance")
        .tag("urgency", urgency).register(registry).record(sinceSent);
  }

  public void consentRevoked() {
    Counter.builder("partnernet.consents.revoked").description("consents revoked").register(registry).increment();
  }

  public void shredded(String cause) {
    Counter.builder("partnernet.disclosures.shredded").description("disclosures crypto-shredded, by cause")
        .tag("cause", cause).register(registry).increment();
  }
}

package org.partnernet.referral;

import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import org.partnernet.referral.audit.AuditTrail;
import org.partnernet.referral.audit.FaultyAuditTrail;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Puts a switchable audit trail in place of the real one (listed first, so the service's own backs off). */
@TestConfiguration(proxyBeanMethods = false)
public class TestAuditConfiguration {

  @Bean
  AuditTrail auditTrail(MongoDatabase database, Clock clock) {
    return new FaultyAuditTrail(database, clock);
  }
}

package org.partnernet.referral;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** referral-service: consent-gated survivor referrals between partner organisations. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ReferralApplication {

  public static void main(String[] args) {
    SpringApplication.run(ReferralApplication.class, args);
  }
}

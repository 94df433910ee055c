package org.partnernet.directory.onboarding;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Keycloak administration when {@code partnernet.directory.keycloak-admin.enabled=true}, otherwise nothing. */
@Configuration(proxyBeanMethods = false)
class OnboardingConfiguration {

  private static final Logger log = LoggerFactory.getLogger(OnboardingConfiguration.class);

  @Bean
  @ConditionalOnMissingBean
  Onboarding onboarding(org.springframework.core.env.Environment env) {
    if (!env.getProperty("partnernet.directory.keycloak-admin.enabled", Boolean.class, false)) {
      log.warn("partnernet.directory.keycloak-admin.enabled is false: approving or suspending a partner does not "
          + "create or disable its accounts in Keycloak. Enable it in production.");
      return Onboarding.NONE;
    }
    return KeycloakOnboarding.fromEnvironment(env);
  }
}

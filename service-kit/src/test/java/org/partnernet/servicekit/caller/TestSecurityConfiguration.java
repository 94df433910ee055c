package org.partnernet.servicekit.caller;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Makes a service under test trust {@link TestTokens} instead of Keycloak. */
@TestConfiguration(proxyBeanMethods = false)
public class TestSecurityConfiguration {

  @Bean
  JWKSource<SecurityContext> testSigningKeys() {
    return TestTokens.keys();
  }
}

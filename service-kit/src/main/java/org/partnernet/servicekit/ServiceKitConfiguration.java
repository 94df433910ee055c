package org.partnernet.servicekit;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import io.grpc.ServerBuilder;
import java.net.MalformedURLException;
import java.time.Clock;
import org.partnernet.servicekit.caller.CallerInterceptor;
import org.partnernet.servicekit.caller.ForwardCallerToken;
import org.partnernet.servicekit.caller.SecurityProperties;
import org.partnernet.servicekit.caller.ServiceAccount;
import org.partnernet.servicekit.caller.TokenVerifier;
import org.partnernet.servicekit.error.CanonicalErrors;
import org.partnernet.servicekit.grpc.CallThreads;
import org.partnernet.servicekit.id.NetworkId;
import org.partnernet.servicekit.storage.MongoStorageConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.ServerBuilderCustomizer;

/** What every PartnerNet service gets by depending on service-kit. */
@AutoConfiguration
@EnableConfigurationProperties(SecurityProperties.class)
@Import(MongoStorageConfiguration.class)
public class ServiceKitConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ServiceKitConfiguration.class);

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  NetworkId networkId(@Value("${partnernet.network-id:demo}") String value) {
    if ("demo".equals(value)) {
      log.warn("partnernet.network-id is 'demo': set PARTNERNET_NETWORK_ID to your coalition's network id in production");
    }
    return new NetworkId(value);
  }

  @Bean
  @ConditionalOnMissingBean
  JWKSource<SecurityContext> realmSigningKeys(SecurityProperties properties) throws MalformedURLException {
    // fetched on first use and cached; refreshed when a token names a key id we have not seen (key rotation)
    return JWKSourceBuilder.create(properties.jwksUri().toURL()).retrying(true).build();
  }

  @Bean
  TokenVerifier tokenVerifier(JWKSource<SecurityContext> keys, SecurityProperties properties) {
    return new TokenVerifier(keys, properties);
  }

  @Bean
  @GlobalServerInterceptor
  @Order(Ordered.HIGHEST_PRECEDENCE + 100)
  CallerInterceptor callerInterceptor(TokenVerifier verifier) {
    return new CallerInterceptor(verifier);
  }

  /** The threads gRPC calls run on, at most {@code partnernet.grpc.call-threads} (see {@link CallThreads}). */
  @Bean(destroyMethod = "shutdown")
  CallThreads grpcCallThreads(@Value("${partnernet.grpc.call-threads:64}") int threads) {
    return new CallThreads(threads);
  }

  @Bean
  <T extends ServerBuilder<T>> ServerBuilderCustomizer<T> grpcCallsOnCallThreads(CallThreads threads) {
    return builder -> builder.executor(threads);
  }

  @Bean
  CanonicalErrors canonicalErrors(@Value("${spring.application.name}") String application) {
    return new CanonicalErrors(application + ".partnernet");
  }

  @Bean
  ServiceAccount serviceAccount(SecurityProperties properties, Clock clock) {
    return new ServiceAccount(properties, clock);
  }

  @Bean
  ForwardCallerToken forwardCallerToken(ServiceAccount account) {
    return new ForwardCallerToken(account::token);
  }
}

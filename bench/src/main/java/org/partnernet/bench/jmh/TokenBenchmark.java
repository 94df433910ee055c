package org.partnernet.bench.jmh;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.partnernet.bench.core.LocalIdentity;
import org.partnernet.servicekit.caller.Caller;
import org.partnernet.servicekit.caller.SecurityProperties;
import org.partnernet.servicekit.caller.TokenVerifier;

/**
 * JWT validation as every service does it: service-kit's {@link TokenVerifier} over the realm's keys fetched from a
 * JWKS endpoint (a local stand-in for Keycloak, RSA-2048, RS256 tokens shaped like the realm's), built the way
 * {@code ServiceKitConfiguration} builds it. Two cases: the token was verified before (the verifier's cache, what a
 * user's second and later calls cost) and a token never seen (signature, claims and the cache insert). The never-seen
 * case walks through a pool of distinct tokens and starts a new verifier when the pool is used up, so every call
 * misses the cache without signing a token inside the measurement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public class TokenBenchmark {

  private static final int FRESH_TOKENS = 2048;

  private LocalIdentity identity;
  private SecurityProperties properties;
  private JWKSource<SecurityContext> keys;
  private TokenVerifier verifier;
  private String token;
  private String[] fresh;
  private TokenVerifier freshVerifier;
  private int next;

  @Setup
  public void setUp() throws Exception {
    identity = LocalIdentity.start();
    properties = new SecurityProperties(URI.create(identity.issuer()), null, null, null, null, null);
    keys = JWKSourceBuilder.create(properties.jwksUri().toURL()).retrying(true).build();
    verifier = new TokenVerifier(keys, properties);
    token = identity.caseworkerToken();
    verifier.verify(token);
    fresh = new String[FRESH_TOKENS];
    for (int i = 0; i < fresh.length; i++) {
      fresh[i] = identity.caseworkerToken();
    }
    freshVerifier = new TokenVerifier(keys, properties);
  }

  @TearDown
  public void tearDown() {
    identity.close();
  }

  @Benchmark
  public Caller verifyKnownToken() {
    return verifier.verify(token);
  }

  @Benchmark
  public Caller verifyNewToken() {
    if (next == fresh.length) {
      freshVerifier = new TokenVerifier(keys, properties);
      next = 0;
    }
    return freshVerifier.verify(fresh[next++]);
  }
}

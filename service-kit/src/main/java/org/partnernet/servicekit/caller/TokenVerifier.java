package org.partnernet.servicekit.caller;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies a Keycloak access token: RS256/ES256 signature against the realm's keys, issuer, audience,
 * expiry. Anything else ({@code alg=none}, HMAC with a public key, unknown key id) is refused.
 *
 * <p>A verified token's caller is reused for that exact token string until the token expires (at most
 * {@link #MAX_REUSE}): the signature check was a sixth of a referral create's CPU, and a user sends the same
 * token for minutes. A changed byte is another key, so a tampered token is always verified afresh.
 */
public final class TokenVerifier {

  static final Duration MAX_REUSE = Duration.ofMinutes(5);
  private static final int MAX_TOKENS = 10_000;

  private record Verified(Caller caller, Instant expires) {}

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final Cache<String, Verified> verified = Caffeine.newBuilder()
      .maximumSize(MAX_TOKENS)
      .expireAfter(new Expiry<String, Verified>() {
        @Override
        public long expireAfterCreate(String token, Verified v, long currentTime) {
          Duration left = Duration.between(Instant.now(), v.expires());
          return left.isNegative() ? 0 : Math.min(left.toNanos(), MAX_REUSE.toNanos());
        }

        @Override
        public long expireAfterUpdate(String token, Verified v, long currentTime, long currentDuration) {
          return expireAfterCreate(token, v, currentTime);
        }

        @Override
        public long expireAfterRead(String token, Verified v, long currentTime, long currentDuration) {
          return currentDuration;
        }
      })
      .build();

  public TokenVerifier(JWKSource<SecurityContext> keys, SecurityProperties properties) {
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
        Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256), keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
        properties.audience(),
        new JWTClaimsSet.Builder().issuer(properties.issuerUri().toString()).build(),
        Set.of("sub", "exp", "iat"));
    claims.setMaxClockSkew((int) properties.clockSkew().toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
  }

  /** Returns the caller the token stands for, or throws {@link InvalidTokenException}. */
  public Caller verify(String token) {
    Verified known = verified.getIfPresent(token);
    if (known != null && known.expires().isAfter(Instant.now())) {
      return known.caller();
    }
    return verifyAfresh(token);
  }

  private Caller verifyAfresh(String token) {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException | com.nimbusds.jose.proc.BadJOSEException | com.nimbusds.jose.JOSEException e) {
      // the reason is for our logs' category only; it never includes the token
      throw new InvalidTokenException(e.getClass().getSimpleName());
    }
    Caller caller;
    try {
      caller = new Caller(claims.getSubject(), claims.getStringClaim("org_id"), realmRoles(claims), token);
    } catch (ParseException e) {
      throw new InvalidTokenException("malformed org_id claim");
    }
    verified.put(token, new Verified(caller, claims.getExpirationTime().toInstant()));
    return caller;
  }

  private static Set<String> realmRoles(JWTClaimsSet claims) {
    Object realmAccess = claims.getClaim("realm_access");
    Set<String> roles = new HashSet<>();
    if (realmAccess instanceof Map<?, ?> map && map.get("roles") instanceof Collection<?> list) {
      for (Object role : list) {
        roles.add(String.valueOf(role));
      }
    }
    return roles;
  }

  /** A token that must not be trusted. The message names the category of failure, never the token. */
  public static final class InvalidTokenException extends RuntimeException {
    InvalidTokenException(String reason) {
      super(reason, null, false, false);
    }
  }

  static List<String> bearer(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return List.of();
    }
    return List.of(header.substring(7).trim());
  }
}

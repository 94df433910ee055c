package org.partnernet.servicekit.caller;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Signed access tokens shaped like the partnernet realm's, minted in the test so unit tests need no Keycloak.
 * The signing key lives for the test JVM; {@link #keys()} is what the service under test trusts.
 */
public final class TestTokens {

  public static final String ISSUER = "http://localhost:8180/realms/partnernet";
  public static final String AUDIENCE = "partnernet";

  private static final RSAKey KEY = generate("test-key");
  private static final RSAKey STRANGER = generate("test-key"); // same key id, different key: a forged signature

  private TestTokens() {}

  /** The key set a service under test should trust. */
  public static JWKSource<SecurityContext> keys() {
    return new ImmutableJWKSet<>(new JWKSet(KEY.toPublicJWK()));
  }

  /** A valid token for a user of an organisation with the given realm roles. */
  public static String token(String userId, String organisationId, String... roles) {
    return sign(KEY, claims(userId, organisationId, roles).build());
  }

  /** A valid token for a fresh user of the organisation. */
  public static String forOrg(String organisationId, String... roles) {
    return token(UUID.randomUUID().toString(), organisationId, roles);
  }

  public static String expired(String organisationId, String... roles) {
    Instant past = Instant.now().minus(Duration.ofHours(1));
    return sign(KEY, claims("u-expired", organisationId, roles)
        .issueTime(Date.from(past.minusSeconds(300))).expirationTime(Date.from(past)).build());
  }

  public static String wrongIssuer(String organisationId, String... roles) {
    return sign(KEY, claims("u-other", organisationId, roles).issuer("http://localhost:8180/realms/elsewhere").build());
  }

  public static String wrongAudience(String organisationId, String... roles) {
    return sign(KEY, claims("u-aud", organisationId, roles).audience("someone-else").build());
  }

  public static String signedByStranger(String organisationId, String... roles) {
    return sign(STRANGER, claims("u-forged", organisationId, roles).build());
  }

  /** An unsigned token ({@code alg: none}) claiming to be a coordinator. */
  public static String unsigned(String organisationId) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
    String payload = b64.encodeToString(claims("u-none", organisationId, Role.COORDINATOR).build().toString().getBytes());
    return header + "." + payload + ".";
  }

  private static JWTClaimsSet.Builder claims(String userId, String organisationId, String... roles) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .subject(userId)
        .audience(List.of(AUDIENCE, "account"))
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
        .claim("realm_access", Map.of("roles", List.of(roles)))
        .claim("preferred_username", "test-" + userId);
    if (organisationId != null) {
      claims.claim("org_id", organisationId);
    }
    return claims;
  }

  private static String sign(RSAKey key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(
          new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RSAKey generate(String keyId) {
    try {
      return new RSAKeyGenerator(2048).keyID(keyId).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}

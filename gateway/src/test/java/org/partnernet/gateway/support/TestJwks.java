package org.partnernet.gateway.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A stand-in for Keycloak's key endpoint: an RSA key, its JWKS served on a real socket, and tokens
 * shaped like the realm's (audience {@code partnernet}, an {@code org_id} claim).
 */
public final class TestJwks {

  private static TestJwks shared;

  private final RSAKey key;
  private final RSAKey stranger;
  private final HttpServer server;
  private final AtomicInteger hits = new AtomicInteger();

  private TestJwks() {
    try {
      key = new RSAKeyGenerator(2048).keyID("test-key").generate();
      stranger = new RSAKeyGenerator(2048).keyID("test-key").generate();
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    server.createContext("/realms/test/protocol/openid-connect/certs", exchange -> {
      hits.incrementAndGet();
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, jwks.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(jwks);
      }
    });
    server.start();
  }

  public static synchronized TestJwks shared() {
    if (shared == null) {
      shared = new TestJwks();
    }
    return shared;
  }

  public String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/test";
  }

  public int jwksHits() {
    return hits.get();
  }

  public String token(String userId, String orgId) {
    return token(claims -> claims.subject(userId).claim("org_id", orgId));
  }

  public String token(Consumer<JWTClaimsSet.Builder> customise) {
    return sign(key, claims(customise));
  }

  public String expired() {
    return token(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(600)))
        .issueTime(Date.from(Instant.now().minusSeconds(900))));
  }

  public String wrongAudience() {
    return token(c -> c.audience(List.of("account")));
  }

  public String wrongIssuer() {
    return token(c -> c.issuer("http://127.0.0.1:1/realms/other"));
  }

  public String signedByStranger() {
    return sign(stranger, claims(c -> {}));
  }

  /** A valid token with one claim changed after signing. */
  public String tampered() {
    String[] parts = token("user-1", "org-1").split("\\.");
    String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
        .replace("\"user-1\"", "\"admin-1\"");
    parts[1] = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    return String.join(".", parts);
  }

  /** The same claims, unsigned ({@code alg: none}). */
  public String algNone() {
    return new PlainJWT(claims(c -> {})).serialize();
  }

  private JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> customise) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(issuer())
        .subject("user-1")
        .audience(List.of("partnernet", "account"))
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300)))
        .jwtID(UUID.randomUUID().toString())
        .claim("org_id", "org-1")
        .claim("preferred_username", "tester");
    customise.accept(claims);
    return claims.build();
  }

  private static String sign(RSAKey key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}

package org.partnernet.bench.core;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Stands in for Keycloak: an RSA-2048 key, its JWKS at {@code <issuer>/protocol/openid-connect/certs} on
 * 127.0.0.1, and RS256 tokens shaped like the realm's (issuer, audience {@code partnernet}, {@code org_id},
 * {@code realm_access.roles}), so the gateway and the services verify every token as they would in production,
 * without a Keycloak on the machine taking CPU from the measurement.
 */
public final class LocalIdentity implements AutoCloseable {

  /** Harbor House Shelter: an organisation of the directory's demo network (and the Keycloak realm). */
  public static final String DEMO_ORGANISATION = "01900000-0000-7000-8000-000000000001";

  private final RSAKey key;
  private final RSASSASigner signer;
  private final HttpServer jwks;

  private LocalIdentity(RSAKey key, HttpServer jwks) throws JOSEException {
    this.key = key;
    this.signer = new RSASSASigner(key);
    this.jwks = jwks;
  }

  public static LocalIdentity start() throws IOException, JOSEException {
    RSAKey key = new RSAKeyGenerator(2048).keyID("bench").generate();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    server.createContext("/realms/bench/protocol/openid-connect/certs", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return new LocalIdentity(key, server);
  }

  /** What to set as {@code KEYCLOAK_ISSUER} for the gateway and the services. */
  public String issuer() {
    return "http://127.0.0.1:" + jwks.getAddress().getPort() + "/realms/bench";
  }

  /** A fresh token (its own {@code jti}, so never seen before) valid for an hour. */
  public String token(String subject, String organisation, List<String> roles) {
    Instant now = Instant.now();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer()).subject(subject).audience(List.of("partnernet"))
        .jwtID(UUID.randomUUID().toString())
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(1))))
        .claim("org_id", organisation)
        .claim("realm_access", Map.of("roles", roles))
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /** A caseworker of the demo organisation: may search the directory and read partners. */
  public String caseworkerToken() {
    return token("bench-caseworker", DEMO_ORGANISATION, List.of("caseworker"));
  }

  @Override
  public void close() {
    jwks.stop(0);
  }
}

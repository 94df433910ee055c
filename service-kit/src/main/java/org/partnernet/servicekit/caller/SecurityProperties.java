package org.partnernet.servicekit.caller;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How callers are verified and how this service authenticates itself.
 *
 * @param issuerUri     the Keycloak realm's issuer; every token must carry exactly this {@code iss}
 * @param jwksUri       where the realm's signing keys are published (defaults to the issuer's certs endpoint)
 * @param audience      every token must name this audience
 * @param clockSkew     tolerance for {@code exp}/{@code nbf} between machines
 * @param clientId      this service's own client-credentials account (background work)
 * @param clientSecret  its secret; never logged
 */
@ConfigurationProperties("partnernet.security")
public record SecurityProperties(
    URI issuerUri, URI jwksUri, String audience, Duration clockSkew, String clientId, String clientSecret) {

  public SecurityProperties {
    if (issuerUri == null) {
      issuerUri = URI.create("http://localhost:8180/realms/partnernet");
    }
    if (jwksUri == null) {
      jwksUri = URI.create(issuerUri + "/protocol/openid-connect/certs");
    }
    if (audience == null || audience.isBlank()) {
      audience = "partnernet";
    }
    if (clockSkew == null) {
      clockSkew = Duration.ofSeconds(30);
    }
  }

  URI tokenUri() {
    return URI.create(issuerUri + "/protocol/openid-connect/token");
  }
}

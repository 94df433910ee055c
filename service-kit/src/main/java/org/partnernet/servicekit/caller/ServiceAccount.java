package org.partnernet.servicekit.caller;

import com.nimbusds.jose.shaded.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.partnernet.servicekit.error.UnavailableException;

/**
 * This service's own Keycloak client-credentials account, for work done on nobody's behalf (expiry sweeps,
 * webhook delivery, directory sync). The token is cached until shortly before it expires.
 */
public final class ServiceAccount {

  private static final Duration REFRESH_MARGIN = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final URI tokenUri;
  private final String clientId;
  private final String clientSecret;
  private final Clock clock;
  private String token;
  private Instant refreshAt = Instant.MIN;

  public ServiceAccount(SecurityProperties properties, Clock clock) {
    this.tokenUri = properties.tokenUri();
    this.clientId = properties.clientId();
    this.clientSecret = properties.clientSecret();
    this.clock = clock;
  }

  public synchronized String token() {
    if (token == null || clock.instant().isAfter(refreshAt)) {
      fetch();
    }
    return token;
  }

  private void fetch() {
    if (clientId == null || clientSecret == null) {
      throw new UnavailableException("SERVICE_ACCOUNT_NOT_CONFIGURED", "this service has no client credentials configured");
    }
    String form = "grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret=" + encode(clientSecret);
    HttpRequest request = HttpRequest.newBuilder(tokenUri)
        .timeout(Duration.ofSeconds(5))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new UnavailableException("IDENTITY_PROVIDER_REFUSED", "the identity provider refused this service's credentials");
      }
      var body = JsonParser.parseString(response.body()).getAsJsonObject();
      token = body.get("access_token").getAsString();
      refreshAt = clock.instant().plusSeconds(body.get("expires_in").getAsLong()).minus(REFRESH_MARGIN);
    } catch (IOException e) {
      throw new UnavailableException("IDENTITY_PROVIDER_UNAVAILABLE", "the identity provider does not answer");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("IDENTITY_PROVIDER_UNAVAILABLE", "interrupted while asking the identity provider");
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}

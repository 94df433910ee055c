package org.partnernet.e2e.ui;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Test data through the public REST API with real Keycloak tokens (the same paths the UI uses), and the one
 * Keycloak admin change the browser login needs: the gateway's redirect URI on the port this run chose.
 */
final class Api {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final java.util.Set<URI> REGISTERED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final UiPlatform.Endpoints endpoints;

  Api(UiPlatform.Endpoints endpoints) {
    this.endpoints = endpoints;
  }

  String token(String username) {
    return tokenRequest("partnernet", Map.of("grant_type", "password", "client_id", "partnernet-cli",
        "username", username, "password", "demo", "scope", "openid"));
  }

  JsonNode get(String user, String path) {
    return send(user, HttpRequest.newBuilder(endpoints.gateway().resolve(path)).GET());
  }

  JsonNode post(String user, String path, Object body) {
    return send(user, HttpRequest.newBuilder(endpoints.gateway().resolve(path))
        .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
  }

  private JsonNode send(String user, HttpRequest.Builder request) {
    HttpResponse<String> response = exchange(request.header("Authorization", "Bearer " + token(user))
        .timeout(Duration.ofSeconds(60)).build());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(request.build().method() + " " + request.build().uri() + " as " + user
          + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
  }

  /**
   * Keycloak's gateway client allows redirects to the port of `./partnernet up` (the realm file's GATEWAY_PORT);
   * the test run's gateway listens on a free port, so that origin is added once per run (idempotently: Keycloak's
   * database outlives runs).
   */
  void allowGatewayRedirects() {
    URI gateway = endpoints.gateway();
    if (REGISTERED.contains(gateway)) {
      return;
    }
    String admin = tokenRequest("master", Map.of("grant_type", "password", "client_id", "admin-cli",
        "username", "admin", "password", endpoints.keycloakAdminPassword()));
    URI clients = endpoints.keycloak().resolve("/admin/realms/partnernet/clients?clientId=partnernet-gateway");
    JsonNode client = JSON.readTree(exchange(HttpRequest.newBuilder(clients)
        .header("Authorization", "Bearer " + admin).GET().build()).body()).get(0);
    String pattern = gateway.toString().replaceAll("/$", "") + "/*";
    ObjectNode update = (ObjectNode) client;
    ArrayNode redirects = (ArrayNode) update.get("redirectUris");
    boolean known = false;
    for (JsonNode uri : redirects) {
      known |= uri.asString().equals(pattern);
    }
    if (!known) {
      redirects.add(pattern);
      ObjectNode attributes = (ObjectNode) update.get("attributes");
      String logout = attributes.has("post.logout.redirect.uris") ? attributes.get("post.logout.redirect.uris").asString() : "";
      attributes.put("post.logout.redirect.uris", logout.isEmpty() ? pattern : logout + "##" + pattern);
      HttpResponse<String> put = exchange(HttpRequest.newBuilder(endpoints.keycloak().resolve(
              "/admin/realms/partnernet/clients/" + client.get("id").asString()))
          .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString(update.toString())).build());
      if (put.statusCode() != 204) {
        throw new IllegalStateException("adding the gateway's redirect URI to Keycloak failed: " + put.statusCode()
            + " " + put.body());
      }
    }
    REGISTERED.add(gateway);
  }

  private String tokenRequest(String realm, Map<String, String> form) {
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpResponse<String> response = exchange(HttpRequest.newBuilder(
            endpoints.keycloak().resolve("/realms/" + realm + "/protocol/openid-connect/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("token request on realm " + realm + " failed: " + response.statusCode());
    }
    return JSON.readTree(response.body()).get("access_token").asString();
  }

  private static HttpResponse<String> exchange(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}

package org.partnernet.directory.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.partnernet.servicekit.error.UnavailableException;

/**
 * What the directory asks Keycloak's admin API on approval and suspension, against a stand-in server that records the
 * calls (the run against the real Keycloak belongs to the e2e harness).
 */
class KeycloakOnboardingTest {

  static final String PARTNER = "01900000-0000-7000-8000-000000000042";
  static final String GROUP = "g-1";
  static final String USER = "u-1";

  HttpServer server;
  final List<String> calls = new CopyOnWriteArrayList<>();
  volatile String existingGroups = "[]";
  volatile boolean failAdmin;
  volatile String usersByEmail = "[]";
  volatile String groupsOfUser = "[]";
  Keycloak keycloak;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
    keycloak = KeycloakBuilder.builder().serverUrl("http://127.0.0.1:" + server.getAddress().getPort())
        .realm("partnernet").grantType(OAuth2Constants.CLIENT_CREDENTIALS).clientId("partner-directory")
        .clientSecret("secret").build();
  }

  @AfterEach
  void stop() {
    keycloak.close();
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    String query = exchange.getRequestURI().getQuery();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    calls.add(method + " " + path + (query == null ? "" : "?" + query) + (body.isEmpty() ? "" : " " + body));
    String admin = "/admin/realms/partnernet";
    if (path.endsWith("/protocol/openid-connect/token")) {
      reply(exchange, 200, "{\"access_token\":\"t\",\"expires_in\":300,\"token_type\":\"Bearer\"}");
    } else if (failAdmin) {
      reply(exchange, 503, "{}");
    } else if (method.equals("GET") && path.equals(admin + "/groups")) {
      // like Keycloak: attributes only in the full representation
      boolean full = query != null && query.contains("briefRepresentation=false");
      reply(exchange, 200, query != null && query.contains("q=")
          ? (full ? existingGroups : existingGroups.replaceAll(",\"attributes\":\\{[^}]*\\}", "")) : "[]");
    } else if (method.equals("POST") && path.equals(admin + "/groups")) {
      exchange.getResponseHeaders().add("Location", "http://127.0.0.1" + admin + "/groups/" + GROUP);
      reply(exchange, 201, "");
    } else if (method.equals("GET") && path.startsWith(admin + "/roles/")) {
      String role = path.substring((admin + "/roles/").length());
      reply(exchange, 200, "{\"id\":\"r-" + role + "\",\"name\":\"" + role + "\"}");
    } else if (method.equals("GET") && path.equals(admin + "/users")) {
      reply(exchange, 200, usersByEmail);
    } else if (method.equals("GET") && path.equals(admin + "/users/" + USER + "/groups")) {
      reply(exchange, 200, groupsOfUser);
    } else if (method.equals("GET") && path.equals(admin + "/groups/" + GROUP + "/members")) {
      reply(exchange, 200, "[{\"id\":\"" + USER + "\",\"username\":\"x\",\"enabled\":true}]");
    } else {
      reply(exchange, 204, "");
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0 && status != 204) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  @Test
  void approvalCreatesTheOrganisationGroupAndMakesTheRegistrantItsPartnerAdmin() {
    new KeycloakOnboarding(keycloak, "partnernet").approved(PARTNER, "Harbor Test", "SHELTER", USER);
    assertThat(calls).anyMatch(c -> c.startsWith("POST /admin/realms/partnernet/groups ")
        && c.contains("\"org_id\":[\"" + PARTNER + "\"]") && c.contains("\"org_kind\":[\"SHELTER\"]"));
    assertThat(calls).anyMatch(c -> c.startsWith("PUT /admin/realms/partnernet/users/" + USER + "/groups/" + GROUP));
    assertThat(calls).anyMatch(c -> c.startsWith("POST /admin/realms/partnernet/users/" + USER
        + "/role-mappings/realm") && c.contains("partner-admin"));
  }

  @Test
  void approvingAgainReusesTheGroup() {
    existingGroups = "[{\"id\":\"" + GROUP + "\",\"name\":\"Harbor Test\",\"attributes\":{\"org_id\":[\"" + PARTNER
        + "\"]}}]";
    new KeycloakOnboarding(keycloak, "partnernet").approved(PARTNER, "Harbor Test", "SHELTER", null);
    assertThat(calls).noneMatch(c -> c.startsWith("POST /admin/realms/partnernet/groups "));
  }

  @Test
  void suspensionDisablesEveryMember() {
    existingGroups = "[{\"id\":\"" + GROUP + "\",\"name\":\"Harbor Test\",\"attributes\":{\"org_id\":[\"" + PARTNER
        + "\"]}}]";
    new KeycloakOnboarding(keycloak, "partnernet").suspended(PARTNER);
    assertThat(calls).anyMatch(c -> c.startsWith("PUT /admin/realms/partnernet/users/" + USER + " ")
        && c.contains("\"enabled\":false"));
  }

  @Test
  void anIdentityProviderFailureIsUnavailableAndRetryable() {
    failAdmin = true;
    assertThatThrownBy(() -> new KeycloakOnboarding(keycloak, "partnernet").suspended(PARTNER))
        .isInstanceOf(UnavailableException.class);
  }

  @Test
  void anInvitedPersonJoinsTheOrganisationWithTheRole() {
    existingGroups = "[{\"id\":\"" + GROUP + "\",\"name\":\"Harbor Test\",\"attributes\":{\"org_id\":[\"" + PARTNER
        + "\"]}}]";
    usersByEmail = "[{\"id\":\"" + USER + "\",\"username\":\"x\",\"enabled\":true}]";
    new KeycloakOnboarding(keycloak, "partnernet").invited(PARTNER, "staff@harbor.localhost", "intake");
    assertThat(calls).anyMatch(c -> c.startsWith("GET /admin/realms/partnernet/users?")
        && c.contains("email=staff@harbor.localhost") && c.contains("exact=true"));
    assertThat(calls).anyMatch(c -> c.startsWith("PUT /admin/realms/partnernet/users/" + USER + "/groups/" + GROUP));
    assertThat(calls).anyMatch(c -> c.startsWith("POST /admin/realms/partnernet/users/" + USER
        + "/role-mappings/realm") && c.contains("\"name\":\"intake\""));
  }

  @Test
  void aPersonOfAnotherOrganisationOrNobodyIsNotFoundAndNothingChanges() {
    existingGroups = "[{\"id\":\"" + GROUP + "\",\"name\":\"Harbor Test\",\"attributes\":{\"org_id\":[\"" + PARTNER
        + "\"]}}]";
    var onboarding = new KeycloakOnboarding(keycloak, "partnernet");
    assertThatThrownBy(() -> onboarding.invited(PARTNER, "nobody@harbor.localhost", "intake"))
        .isInstanceOf(org.partnernet.servicekit.error.NotFoundException.class);
    usersByEmail = "[{\"id\":\"" + USER + "\",\"username\":\"x\",\"enabled\":true}]";
    groupsOfUser = "[{\"id\":\"other-group\",\"name\":\"Elsewhere\"}]";
    assertThatThrownBy(() -> onboarding.invited(PARTNER, "staff@elsewhere.localhost", "intake"))
        .isInstanceOf(org.partnernet.servicekit.error.NotFoundException.class)
        .hasMessageNotContaining("elsewhere");
    assertThat(calls).noneMatch(c -> c.startsWith("PUT ") || c.startsWith("POST /admin"));
  }
}

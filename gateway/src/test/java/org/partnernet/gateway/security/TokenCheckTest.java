package org.partnernet.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.partnernet.gateway.support.GatewayTestSupport;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** The token checks the end-to-end harness repeats against real Keycloak, here with minted tokens. */
class TokenCheckTest extends GatewayTestSupport {

  @Test
  void refusesARequestWithoutAToken() {
    client.get().uri("/api/v1/things/a")
        .exchange()
        .expectStatus().isUnauthorized()
        .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .expectBody().jsonPath("$.code").isEqualTo(16);
  }

  @Test
  void refusesAWriteWithoutATokenWith401NotACsrfError() {
    client.post().uri("/api/v1/things").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
        .exchange()
        .expectStatus().isUnauthorized();
  }

  @ParameterizedTest
  @ValueSource(strings = {"expired", "tampered", "algNone", "wrongAudience", "wrongIssuer", "stranger", "garbage"})
  void refusesABadToken(String kind) {
    String token = switch (kind) {
      case "expired" -> JWKS.expired();
      case "tampered" -> JWKS.tampered();
      case "algNone" -> JWKS.algNone();
      case "wrongAudience" -> JWKS.wrongAudience();
      case "wrongIssuer" -> JWKS.wrongIssuer();
      case "stranger" -> JWKS.signedByStranger();
      default -> "not-a-jwt";
    };
    client.get().uri("/api/v1/things/a").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange()
        .expectStatus().isUnauthorized()
        .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
        .expectBody().jsonPath("$.code").isEqualTo(16);
  }

  @Test
  void refusesATamperedCopyOfATokenItAlreadyAccepted() {
    String token = JWKS.token("user-7", "org-1");
    client.get().uri("/api/v1/things/a").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange().expectStatus().isOk();
    String[] parts = token.split("\\.");
    String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
    client.get().uri("/api/v1/things/a").header(HttpHeaders.AUTHORIZATION, "Bearer " + forged)
        .exchange().expectStatus().isUnauthorized();
  }

  @Test
  void acceptsAValidTokenAgainWithoutFetchingKeysAgain() {
    String token = JWKS.token("user-8", "org-1");
    for (int i = 0; i < 5; i++) {
      client.get().uri("/api/v1/things/a").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
          .exchange().expectStatus().isOk();
    }
    int hits = JWKS.jwksHits();
    client.get().uri("/api/v1/things/b").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .exchange().expectStatus().isOk();
    assertThat(JWKS.jwksHits()).isEqualTo(hits);
  }

  @Test
  void servesHealthOpenApiAndStatusWithoutAToken() {
    client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    client.get().uri("/api/openapi.json").exchange().expectStatus().isOk();
    client.get().uri("/api/status").exchange().expectStatus().isOk()
        .expectBody().jsonPath("$.services.things.circuit").isEqualTo("CLOSED");
  }

  @Test
  void putsSecurityHeadersOnEveryResponseIncludingErrors() {
    for (var spec : new org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec[] {
        client.get().uri("/api/v1/things/a").exchange(),
        client.get().uri("/api/openapi.json").exchange(),
        client.get().uri("/api/v1/things/a").header(HttpHeaders.AUTHORIZATION, bearer()).exchange()}) {
      spec.expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
          .expectHeader().valueEquals("X-Frame-Options", "DENY")
          .expectHeader().valueMatches("Content-Security-Policy",
              ".*default-src 'self'.*form-action 'self' http://127\\.0\\.0\\.1:\\d+$")
          .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
          .expectHeader().exists("X-Request-Id");
    }
  }

  @Test
  void servesTheExplorerPageWithoutAToken() {
    client.get().uri("/explorer.html").exchange().expectStatus().isOk();
    client.get().uri("/explorer.js").exchange().expectStatus().isOk();
  }

  @Test
  void sendsABrowserToTheKeycloakLoginWithPkce() {
    client.get().uri("/some/page").accept(MediaType.TEXT_HTML)
        .exchange()
        .expectStatus().is3xxRedirection()
        .expectHeader().valueEquals(HttpHeaders.LOCATION, "/oauth2/authorization/keycloak");
    String location = client.get().uri("/oauth2/authorization/keycloak")
        .exchange()
        .expectStatus().is3xxRedirection()
        .returnResult(String.class).getResponseHeaders().getFirst(HttpHeaders.LOCATION);
    assertThat(location).startsWith(JWKS.issuer() + "/protocol/openid-connect/auth?")
        .contains("client_id=partnernet-gateway")
        .contains("code_challenge=")
        .contains("code_challenge_method=S256");
  }

  @Test
  void requiresACsrfTokenForWritesRidingOnASessionCookie() {
    client.post().uri("/api/v1/things").cookie("SESSION", "some-session")
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
        .exchange()
        .expectStatus().isForbidden();
  }

  @Test
  void sendsNoCorsHeadersByDefault() {
    client.options().uri("/api/v1/things")
        .header(HttpHeaders.ORIGIN, "http://evil.localhost")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
        .exchange()
        .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
  }
}

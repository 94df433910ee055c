package org.partnernet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Through the gateway's real socket to a real service, with a token from the real Keycloak. */
@EndToEnd
class GatewayIT {

    @Test
    void theGatewayIsHealthy(Http gateway) {
        Http.Response response = gateway.get("/actuator/health", null);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void anUnknownPartnerIsNotFoundWithAGoogleRpcStatusBody(Http gateway, Keycloak keycloak) {
        Http.Response response = gateway.get("/api/v1/partners/" + DemoRealm.UNKNOWN_PARTNER, keycloak.token("caseworker"));

        assertThat(response.status()).as(response.toString()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode status = response.json();
        assertThat(status.get("code").asInt()).as("google.rpc.Code NOT_FOUND").isEqualTo(5);
        assertThat(status.get("message").asString()).isNotBlank();
    }

    @Test
    void aDemoPartnerIsFound(Http gateway, Keycloak keycloak) {
        Http.Response response = gateway.get("/api/v1/partners/" + DemoRealm.HARBOR_HOUSE, keycloak.token("caseworker"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.body()).contains("Harbor House Shelter");
    }

    @Test
    void withoutATokenTheApiAnswers401(Http gateway) {
        Http.Response response = gateway.get("/api/v1/partners/" + DemoRealm.UNKNOWN_PARTNER, null);

        assertThat(response.status()).as(response.toString()).isEqualTo(401);
    }
}

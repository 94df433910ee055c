package org.partnernet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** The realm gives every token what the services rely on: audience partnernet, org_id and the realm roles. */
@EndToEnd
class KeycloakTokensIT {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "caseworker, " + DemoRealm.BRIDGEWAY + ", caseworker",
            "intake, " + DemoRealm.HARBOR_HOUSE + ", intake",
            "coordinator, " + DemoRealm.METRO_COALITION + ", coordinator",
            "business-admin, " + DemoRealm.NORTHSIDE + ", partner-admin",
    })
    void aDemoUsersTokenCarriesAudienceOrganisationAndRole(String user, String orgId, String role, Keycloak keycloak) {
        Jwt token = Jwt.parse(keycloak.token(user));

        assertThat(audiences(token)).contains("partnernet");
        assertThat(token.claim("iss").asString()).isEqualTo(keycloak.issuer());
        assertThat(token.claim("org_id").asString()).isEqualTo(orgId);
        assertThat(roles(token)).containsExactly(role);
        assertThat(token.claim("exp").asLong() - token.claim("iat").asLong())
                .as("access tokens live minutes, not hours").isBetween(60L, 900L);
    }

    @Test
    void aTrainerHasBothOfItsRoles(Keycloak keycloak) {
        Jwt token = Jwt.parse(keycloak.token("trainer"));

        assertThat(roles(token)).containsExactlyInAnyOrder("trainer", "partner-admin");
        assertThat(token.claim("org_id").asString()).isEqualTo(DemoRealm.SAFE_PASSAGE);
    }

    @Test
    void thePasswordGrantAlsoReturnsARefreshToken(Keycloak keycloak) {
        JsonNode response = keycloak.passwordGrant("partnernet-cli", "caseworker");

        assertThat(response.get("refresh_token").asString()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"partner-directory", "resources-service", "referral-service"})
    void eachServiceGetsItsOwnClientCredentialsToken(String service, Keycloak keycloak) {
        Jwt token = Jwt.parse(keycloak.clientCredentials(service, "dev-" + service + "-secret").get("access_token").asString());

        assertThat(audiences(token)).contains("partnernet");
        assertThat(token.claim("azp").asString()).isEqualTo(service);
        assertThat(token.claim("org_id")).as("a service account belongs to no organisation").isNull();
    }

    static List<String> audiences(Jwt token) {
        JsonNode aud = token.claim("aud");
        List<String> values = new ArrayList<>();
        if (aud != null && aud.isArray()) {
            aud.forEach(a -> values.add(a.asString()));
        } else if (aud != null) {
            values.add(aud.asString());
        }
        return values;
    }

    static List<String> roles(Jwt token) {
        List<String> values = new ArrayList<>();
        token.claim("realm_access").get("roles").forEach(r -> values.add(r.asString()));
        return values;
    }
}

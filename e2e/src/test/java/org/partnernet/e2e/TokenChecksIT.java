package org.partnernet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway refuses every token that is not a current, correctly signed token of the realm for the audience
 * partnernet. Each bad token is made from a real one by changing one thing; the realm's own (test) key re-signs
 * it where the signature must stay valid, so the refusal has exactly the reason the test names.
 */
@EndToEnd
class TokenChecksIT {

    private static final String PATH = "/api/v1/partners/" + DemoRealm.UNKNOWN_PARTNER;

    @Test
    void aTokenReSignedWithTheRealmKeyIsAccepted(Http gateway, Keycloak keycloak) {
        // The control for the cases below: minting itself does not make a token invalid.
        Jwt real = Jwt.parse(keycloak.token("caseworker"));

        Http.Response response = gateway.get(PATH, keycloak.signAsRealm(real));

        assertThat(response.status()).as(response.toString()).isNotEqualTo(401);
    }

    @Nested
    class Refused {

        @Test
        void noToken(Http gateway) {
            assertRefused(gateway.get(PATH, null));
        }

        @Test
        void notAJwtAtAll(Http gateway) {
            assertRefused(gateway.get(PATH, "not-a-token"));
        }

        @Test
        void expired(Http gateway, Keycloak keycloak) {
            ObjectNode claims = Jwt.parse(keycloak.token("caseworker")).claimsCopy();
            long now = Instant.now().getEpochSecond();
            // well past any clock-skew allowance
            claims.put("iat", now - 3600);
            claims.put("exp", now - 1800);

            assertRefused(gateway.get(PATH, keycloak.signAsRealm(Jwt.parse(keycloak.token("caseworker")).withClaims(claims))));
        }

        @Test
        void tamperedClaims(Http gateway, Keycloak keycloak) {
            Jwt real = Jwt.parse(keycloak.token("caseworker"));
            ObjectNode claims = real.claimsCopy();
            claims.putObject("realm_access").putArray("roles").add("coordinator");

            assertRefused(gateway.get(PATH, real.withClaims(claims).compact()));
        }

        @Test
        void signatureOfAnotherKey(Http gateway, Keycloak keycloak) {
            Jwt real = Jwt.parse(keycloak.token("caseworker"));
            KeyPair stranger = Keycloak.newRsaKeyPair();

            assertRefused(gateway.get(PATH, real.signRs256(stranger.getPrivate())));
        }

        @Test
        void algNone(Http gateway, Keycloak keycloak) {
            Jwt real = Jwt.parse(keycloak.token("caseworker"));
            ObjectNode header = Jwt.object();
            header.put("alg", "none");
            header.put("typ", "JWT");
            String unsigned = real.withHeader(header).compact();
            String withoutSignature = unsigned.substring(0, unsigned.lastIndexOf('.') + 1);

            assertRefused(gateway.get(PATH, withoutSignature));
        }

        @Test
        void wrongAudience(Http gateway, Keycloak keycloak) {
            Jwt real = Jwt.parse(keycloak.token("caseworker"));
            ObjectNode claims = real.claimsCopy();
            claims.put("aud", "some-other-api");

            assertRefused(gateway.get(PATH, keycloak.signAsRealm(real.withClaims(claims))));
        }

        @Test
        void wrongIssuer(Http gateway, Keycloak keycloak) {
            Jwt real = Jwt.parse(keycloak.token("caseworker"));
            ObjectNode claims = real.claimsCopy();
            claims.put("iss", "http://localhost:1/realms/partnernet");

            assertRefused(gateway.get(PATH, keycloak.signAsRealm(real.withClaims(claims))));
        }

        private static void assertRefused(Http.Response response) {
            assertThat(response.status()).as(response.toString()).isEqualTo(401);
        }
    }
}

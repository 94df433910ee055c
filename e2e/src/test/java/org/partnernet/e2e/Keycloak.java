package org.partnernet.e2e;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Tokens from the real Keycloak of the run, and a realm signing key the tests know, for minting bad tokens. */
final class Keycloak {

    static final String PASSWORD = "demo";
    private static final String KEY_NAME = "e2e-test-signing-key";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Platform platform;
    private final Http http;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private volatile RealmKey realmKey;

    Keycloak(Platform platform) {
        this.platform = platform;
        this.http = new Http(platform.keycloak());
    }

    String issuer() {
        return platform.issuer();
    }

    /** An access token for a demo user (password grant through the development client partnernet-cli). */
    String token(String username) {
        String cached = tokens.get(username);
        if (cached != null && Instant.ofEpochSecond(Jwt.parse(cached).claim("exp").asLong()).isAfter(Instant.now().plusSeconds(60))) {
            return cached;
        }
        String token = passwordGrant("partnernet-cli", username).get("access_token").asString();
        tokens.put(username, token);
        return token;
    }

    JsonNode passwordGrant(String clientId, String username) {
        return tokenRequest("partnernet", Map.of("grant_type", "password", "client_id", clientId,
                "username", username, "password", PASSWORD, "scope", "openid"));
    }

    /** The password grant's answer as it is, for logins that may be refused (a disabled account: 400). */
    Http.Response tryPasswordGrant(String username, String password) {
        return http.send(http.request("/realms/partnernet/protocol/openid-connect/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(Map.of("grant_type", "password",
                        "client_id", "partnernet-cli", "username", username, "password", password,
                        "scope", "openid")))).build());
    }

    /** Keycloak's own HTTP endpoints (login pages, token endpoint), for tests that act as a browser would. */
    Http http() {
        return http;
    }

    /** A GET on the realm's admin API as the bootstrap admin: how a test sees what the services did in Keycloak. */
    JsonNode adminGet(String path) {
        String admin = tokenRequest("master", Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", "admin", "password", platform.keycloakAdminPassword())).get("access_token").asString();
        return adminCall(admin, http.request("/admin/realms/partnernet" + path).GET()).json();
    }

    JsonNode clientCredentials(String clientId, String secret) {
        return tokenRequest("partnernet", Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", secret));
    }

    private JsonNode tokenRequest(String realm, Map<String, String> form) {
        Http.Response response = http.send(http.request("/realms/" + realm + "/protocol/openid-connect/token")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(form))).build());
        if (response.status() != 200) {
            throw new IllegalStateException("token request for " + form.getOrDefault("username", form.get("client_id"))
                    + " failed: " + response);
        }
        return response.json();
    }

    /**
     * A signing key the tests hold, added to the realm with the highest priority: Keycloak then signs with it and
     * publishes it in its JWKS, so a token the tests re-sign with it is, to every verifier, signed by the realm.
     * That lets a test change exactly one thing (expiry, audience) and see it refused for that reason alone.
     */
    RealmKey realmKey() {
        RealmKey key = realmKey;
        if (key == null) {
            synchronized (this) {
                key = realmKey;
                if (key == null) {
                    key = installRealmKey();
                    realmKey = key;
                }
            }
        }
        return key;
    }

    /** Re-signs the given header and claims with the realm's key. */
    String signAsRealm(Jwt jwt) {
        RealmKey key = realmKey();
        ObjectNode header = jwt.headerCopy();
        header.put("alg", "RS256");
        header.put("kid", key.kid());
        return jwt.withHeader(header).signRs256(key.privateKey());
    }

    private RealmKey installRealmKey() {
        KeyPair pair = newRsaKeyPair();
        String admin = tokenRequest("master", Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", "admin", "password", platform.keycloakAdminPassword())).get("access_token").asString();
        String realmId = adminCall(admin, http.request("/admin/realms/partnernet").GET()).json().get("id").asString();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        // Keycloak's database outlives a run (it is reset only when the realm file changes): drop earlier test keys.
        for (JsonNode old : adminCall(admin, http.request("/admin/realms/partnernet/components?name=" + KEY_NAME
                + "&type=org.keycloak.keys.KeyProvider").GET()).json()) {
            adminCall(admin, http.request("/admin/realms/partnernet/components/" + old.get("id").asString()).DELETE());
        }
        ObjectNode component = JSON.createObjectNode();
        component.put("name", KEY_NAME);
        component.put("providerId", "rsa");
        component.put("providerType", "org.keycloak.keys.KeyProvider");
        component.put("parentId", realmId);
        ObjectNode config = component.putObject("config");
        // above the realm's generated keys (100), and above any key an earlier run may have left
        config.putArray("priority").add(String.valueOf(Instant.now().getEpochSecond()));
        config.putArray("enabled").add("true");
        config.putArray("active").add("true");
        config.putArray("algorithm").add("RS256");
        config.putArray("privateKey").add(pem);
        Http.Response created = adminCall(admin, http.request("/admin/realms/partnernet/components")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(component.toString())));
        if (created.status() != 201) {
            throw new IllegalStateException("adding the test signing key failed: " + created);
        }
        // Keycloak now signs with the new key: read its kid from a fresh token and check the signature is ours.
        String fresh = passwordGrant("partnernet-cli", "coordinator").get("access_token").asString();
        Jwt jwt = Jwt.parse(fresh);
        if (!verifies(fresh, pair.getPublic())) {
            throw new IllegalStateException("Keycloak did not switch to the test signing key (kid " + jwt.header().get("kid") + ")");
        }
        return new RealmKey(jwt.header().get("kid").asString(), pair.getPrivate());
    }

    private Http.Response adminCall(String adminToken, HttpRequest.Builder request) {
        Http.Response response = http.send(request.header("Authorization", "Bearer " + adminToken).build());
        if (response.status() >= 300) {
            throw new IllegalStateException("Keycloak admin call failed: " + response);
        }
        return response;
    }

    static boolean verifies(String token, PublicKey key) {
        int lastDot = token.lastIndexOf('.');
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update(token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
            return rsa.verify(Base64.getUrlDecoder().decode(token.substring(lastDot + 1)));
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static KeyPair newRsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String formEncode(Map<String, String> form) {
        return new LinkedHashMap<>(form).entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    record RealmKey(String kid, PrivateKey privateKey) {
    }
}

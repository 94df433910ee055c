package org.partnernet.e2e;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Just enough JWS to read a real token and mint variants of it; no library, so nothing hides what is sent. */
record Jwt(ObjectNode header, ObjectNode claims, String signature) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    static Jwt parse(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWS compact serialisation");
        }
        return new Jwt((ObjectNode) JSON.readTree(DECODER.decode(parts[0])),
                (ObjectNode) JSON.readTree(DECODER.decode(parts[1])), parts[2]);
    }

    Jwt withHeader(ObjectNode newHeader) {
        return new Jwt(newHeader, claims, signature);
    }

    Jwt withClaims(ObjectNode newClaims) {
        return new Jwt(header, newClaims, signature);
    }

    ObjectNode headerCopy() {
        return header.deepCopy();
    }

    ObjectNode claimsCopy() {
        return claims.deepCopy();
    }

    JsonNode claim(String name) {
        return claims.get(name);
    }

    /** The token as it stands, signature untouched (a tampered token when header or claims were changed). */
    String compact() {
        return encode(header) + "." + encode(claims) + "." + signature;
    }

    /** Signed afresh with RS256 and the given key. */
    String signRs256(PrivateKey key) {
        String signingInput = encode(header) + "." + encode(claims);
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + ENCODER.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private static String encode(JsonNode node) {
        return ENCODER.encodeToString(JSON.writeValueAsBytes(node));
    }
}

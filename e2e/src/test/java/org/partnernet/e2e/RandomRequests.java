package org.partnernet.e2e;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Random requests for an operation of the {@link RestSurface}: mostly the shape its schema describes, with values
 * near and past every edge (empty, huge, negative, out of range, wrong type, unknown field, injection strings,
 * broken JSON), so the transcoder and the services' validators see both plausible and hostile input. Everything
 * comes from one {@link Random}, so a seed replays a run.
 */
final class RandomRequests {

    /** Strings that must stay text: query syntax of MongoDB, Lucene, regex, SQL, HTML, paths. */
    static final List<String> INJECTIONS = List.of(".*", "$where", "{\"$gt\":\"\"}", "'; DROP TABLE partners; --",
            "<script>alert(1)</script>", "*", "?", "\\", "(", "[", "~", "a OR b", "\"", "%00", "../../etc/passwd",
            "${jndi:ldap://127.0.0.1/x}", "{{7*7}}", "^(a+)+$", "/.*/", "this.a == this.a", "1; sleep(10)");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 5;

    private final RestSurface surface;
    private final Random random;

    RandomRequests(RestSurface surface, Random random) {
        this.surface = surface;
        this.random = random;
    }

    record Request(String method, String path, String body) {

        @Override
        public String toString() {
            String shown = body == null ? "" : body.length() > 300 ? " " + body.substring(0, 300) + "…" : " " + body;
            return method + " " + path + shown;
        }
    }

    Request next(RestSurface.Operation operation) {
        String path = operation.concretePath(name -> encode(pathValue()));
        String query = query(operation);
        String body = operation.bodySchema() != null || chance(0.1) ? body(operation) : null;
        return new Request(operation.method(), query.isEmpty() ? path : path + "?" + query, body);
    }

    private String pathValue() {
        return switch (random.nextInt(10)) {
            case 0 -> pick(INJECTIONS);
            case 1 -> randomText(1 + random.nextInt(300));
            case 2 -> "-1";
            case 3 -> UUID.randomUUID().toString().toUpperCase();
            default -> UUID.randomUUID().toString();
        };
    }

    private String query(RestSurface.Operation operation) {
        List<String> pairs = new ArrayList<>();
        for (RestSurface.Parameter parameter : operation.queryParameters()) {
            if (chance(0.5)) {
                JsonNode value = value(parameter.schema(), MAX_DEPTH - 1);
                String text = value.isValueNode() ? value.asString() : value.toString();
                pairs.add(encode(parameter.name()) + "=" + encode(text));
            }
        }
        if (chance(0.1)) {
            pairs.add(encode(randomText(1 + random.nextInt(20))) + "=" + encode(pick(INJECTIONS)));
        }
        if (chance(0.05)) {
            pairs.add("pageSize=&&=&" + "a=".repeat(50));
        }
        return String.join("&", pairs);
    }

    private String body(RestSurface.Operation operation) {
        switch (random.nextInt(20)) {
            case 0:
                return pick(List.of("", "{", "[]", "null", "\"text\"", "42", "{\"a\":", "{}}", "{\"a\":1,\"a\":2}",
                        "\u0000", "{'single':'quotes'}", "[" .repeat(2000), "{\"x\":" + "[".repeat(600)));
            case 1:
                return randomText(random.nextInt(2000));
            default:
                JsonNode schema = operation.bodySchema() == null ? NODES.objectNode() : operation.bodySchema();
                return JSON.writeValueAsString(value(schema, 0));
        }
    }

    /** A value for the schema: usually of its shape, sometimes hostile. */
    JsonNode value(JsonNode schemaOrRef, int depth) {
        JsonNode schema = surface.resolve(schemaOrRef);
        if (schema == null || chance(0.08)) {
            return hostile(depth);
        }
        if (schema.has("enum")) {
            List<JsonNode> values = new ArrayList<>();
            schema.get("enum").forEach(values::add);
            return chance(0.8) ? pick(values) : NODES.stringNode(pick(List.of("NOT_A_VALUE", "", "0", "-1", "9999")));
        }
        String type = schema.path("type").asString("");
        String format = schema.path("format").asString("");
        return switch (type) {
            case "object" -> object(schema, depth);
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                int n = depth >= MAX_DEPTH ? 0 : random.nextInt(chance(0.05) ? 200 : 4);
                for (int i = 0; i < n; i++) {
                    array.add(value(schema.path("items"), depth + 1));
                }
                yield array;
            }
            case "string" -> switch (format) {
                case "date-time" -> NODES.stringNode(chance(0.7)
                        ? Instant.now().plusSeconds(random.nextLong(-400_000_000L, 400_000_000L)).toString()
                        : pick(List.of("yesterday", "0000-00-00T00:00:00Z", "9999-12-31T23:59:59Z",
                                "1970-01-01T00:00:00Z", "2026-13-45T25:61:61Z", "")));
                case "int64" -> NODES.stringNode(pick(List.of("0", "1", "-1", "9223372036854775807",
                        "-9223372036854775808", "9223372036854775808", "1e3", "x", String.valueOf(random.nextInt(1000)))));
                case "byte" -> NODES.stringNode(pick(List.of("", "AAAA", "not base64!", "////")));
                default -> NODES.stringNode(string());
            };
            case "integer" -> number(true);
            case "number" -> number(false);
            case "boolean" -> chance(0.9) ? NODES.booleanNode(random.nextBoolean()) : NODES.stringNode("yes");
            default -> hostile(depth);
        };
    }

    private JsonNode object(JsonNode schema, int depth) {
        ObjectNode object = NODES.objectNode();
        if (depth >= MAX_DEPTH) {
            return object;
        }
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            if (chance(0.6)) {
                object.set(property.getKey(), value(property.getValue(), depth + 1));
            }
        }
        if (chance(0.1)) {
            object.set(randomText(1 + random.nextInt(12)), hostile(depth + 1));
        }
        if (schema.path("additionalProperties").asBoolean(false) && chance(0.5)) {
            object.set(pick(INJECTIONS), hostile(depth + 1));
        }
        return object;
    }

    private JsonNode number(boolean integral) {
        if (chance(0.1)) {
            return NODES.stringNode(pick(List.of("NaN", "Infinity", "-Infinity", "1e999", "", "12abc")));
        }
        return switch (random.nextInt(integral ? 9 : 12)) {
            case 0 -> NODES.numberNode(0);
            case 1 -> NODES.numberNode(-1);
            case 2 -> NODES.numberNode(Integer.MAX_VALUE);
            case 3 -> NODES.numberNode(Integer.MIN_VALUE);
            case 4 -> NODES.numberNode(Long.MAX_VALUE);
            case 5 -> NODES.numberNode(new BigDecimal("1e400"));
            case 6 -> NODES.numberNode(2147483648L);
            case 7 -> NODES.numberNode(0.5);
            case 8 -> NODES.numberNode(random.nextInt(200));
            case 9 -> NODES.numberNode(-91.0);
            case 10 -> NODES.numberNode(181.0);
            default -> NODES.numberNode(random.nextDouble() * 360 - 180);
        };
    }

    /** A value of any type, unrelated to the schema. */
    private JsonNode hostile(int depth) {
        return switch (random.nextInt(9)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.stringNode(string());
            case 2 -> number(random.nextBoolean());
            case 3 -> NODES.booleanNode(random.nextBoolean());
            case 4 -> {
                ArrayNode nested = NODES.arrayNode();
                ArrayNode inner = nested;
                for (int i = 0; i < 40; i++) {
                    inner = inner.addArray();
                }
                yield nested;
            }
            case 5 -> {
                ObjectNode weird = NODES.objectNode();
                weird.put("$gt", "");
                weird.put("$where", "sleep(100)");
                yield weird;
            }
            case 6 -> NODES.stringNode("x".repeat(100_000 + random.nextInt(100_000)));
            case 7 -> depth < MAX_DEPTH ? NODES.arrayNode().add(hostile(depth + 1)) : NODES.nullNode();
            default -> NODES.objectNode();
        };
    }

    private String string() {
        return switch (random.nextInt(8)) {
            case 0, 1 -> pick(INJECTIONS);
            case 2 -> "";
            case 3 -> randomText(1 + random.nextInt(5000));
            case 4 -> "\u202e\u0000\ud83d\ude00\t\n" + randomText(10);
            case 5 -> UUID.randomUUID().toString();
            default -> randomText(1 + random.nextInt(30));
        };
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(random.nextInt(10) == 0 ? (char) (0x20 + random.nextInt(0x2000)) : (char) ('a' + random.nextInt(26)));
        }
        // a lone surrogate cannot be sent as UTF-8; keep the text encodable
        return text.toString().replaceAll("[\\ud800-\\udfff]", "?");
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

package org.partnernet.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Every REST operation the gateway serves, read from its own {@code /api/openapi.json}: the suites that walk the
 * API take their list from here, so a new RPC is covered without editing a test.
 */
record RestSurface(List<Operation> operations, JsonNode schemas) {

    static RestSurface of(Http gateway) {
        Http.Response response = gateway.get("/api/openapi.json", null);
        if (response.status() != 200) {
            throw new IllegalStateException("GET /api/openapi.json: " + response);
        }
        JsonNode document = response.json();
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
                operations.add(Operation.of(entry.getKey().toUpperCase(), path.getKey(), entry.getValue()));
            }
        }
        if (operations.size() < 40) {
            throw new IllegalStateException("only " + operations.size() + " operations in /api/openapi.json");
        }
        return new RestSurface(List.copyOf(operations), document.path("components").path("schemas"));
    }

    /** A schema with its {@code $ref} followed (one level; call again for nested ones). */
    JsonNode resolve(JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        return schemas.get(ref.asString().substring("#/components/schemas/".length()));
    }

    /** One operation: method, path template ({@code /api/v1/partners/{partner}}), its parameters and body. */
    record Operation(String method, String path, List<Parameter> pathParameters, List<Parameter> queryParameters,
                     JsonNode bodySchema, boolean streaming) {

        static Operation of(String method, String path, JsonNode operation) {
            List<Parameter> inPath = new ArrayList<>();
            List<Parameter> inQuery = new ArrayList<>();
            for (JsonNode parameter : operation.path("parameters")) {
                Parameter p = new Parameter(parameter.get("name").asString(), parameter.path("schema"));
                switch (parameter.get("in").asString()) {
                    case "path" -> inPath.add(p);
                    case "query" -> inQuery.add(p);
                    default -> { }
                }
            }
            JsonNode body = operation.path("requestBody").path("content").path("application/json").get("schema");
            boolean streaming = operation.path("responses").path("200").path("content").has("text/event-stream");
            return new Operation(method, path, inPath, inQuery, body, streaming);
        }

        /** The path with each variable filled by {@code value} (given the variable's name). */
        String concretePath(Function<String, String> value) {
            String concrete = path;
            for (Parameter p : pathParameters) {
                concrete = concrete.replace("{" + p.name() + "}", value.apply(p.name()));
            }
            return concrete;
        }

        /** The path with a fresh, well-formed id in every variable: an existing route, a resource nobody has. */
        String pathToNothing() {
            return concretePath(name -> UUID.randomUUID().toString());
        }

        boolean mutates() {
            return !method.equals("GET");
        }

        boolean hasQuery(String name) {
            return queryParameters.stream().anyMatch(p -> p.name().equals(name));
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    record Parameter(String name, JsonNode schema) {
    }
}

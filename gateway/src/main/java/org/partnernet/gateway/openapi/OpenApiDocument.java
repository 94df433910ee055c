package org.partnernet.gateway.openapi;

import com.google.gson.GsonBuilder;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.partnernet.gateway.transcoding.ApiDescriptors;
import org.partnernet.gateway.transcoding.HttpRoute;
import org.partnernet.gateway.transcoding.PathTemplate;
import org.partnernet.gateway.transcoding.RouteTable;

/**
 * The OpenAPI 3 document of the REST surface, derived from the same routes the gateway serves and
 * described with the proto comments. Built once; a new annotated RPC appears here with no code.
 */
final class OpenApiDocument {

  private static final String STATUS = "google.rpc.Status";

  private final Map<String, Object> schemas = new TreeMap<>();
  private final List<Descriptor> pendingMessages = new ArrayList<>();
  private final Set<String> seenTypes = new HashSet<>();

  static String build(RouteTable routes) {
    return new OpenApiDocument().render(routes);
  }

  private String render(RouteTable routes) {
    Map<String, Object> paths = new TreeMap<>();
    Set<String> operationIds = new HashSet<>();
    for (HttpRoute route : routes.routes()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(route.path().openApiPath(),
          p -> new LinkedHashMap<String, Object>());
      String method = route.httpMethod().toLowerCase();
      if (item.containsKey(method) || !Set.of("get", "put", "post", "delete", "patch", "head", "options")
          .contains(method)) {
        continue;
      }
      item.put(method, operation(route, operationIds));
    }
    message(com.google.rpc.Status.getDescriptor());
    drainMessages();

    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.0.3");
    doc.put("info", Map.of(
        "title", "PartnerNet API",
        "version", "v1",
        "description", "The REST/JSON surface of PartnerNet, transcoded by the gateway from the gRPC services."
            + " JSON follows protobuf's JSON mapping (lowerCamelCase fields, RFC 3339 timestamps, 64-bit"
            + " integers as strings). Errors carry the HTTP status of their gRPC code and a google.rpc.Status"
            + " body. Requests that create or change state take an Idempotency-Key header."));
    doc.put("servers", List.of(Map.of("url", "/")));
    doc.put("security", List.of(Map.of("bearer", List.of())));
    doc.put("paths", paths);
    doc.put("components", Map.of(
        "securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer", "bearerFormat", "JWT")),
        "schemas", schemas));
    return new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create().toJson(doc);
  }

  private Map<String, Object> operation(HttpRoute route, Set<String> operationIds) {
    Map<String, Object> op = new LinkedHashMap<>();
    String comment = ApiDescriptors.comments(route.method());
    String service = route.method().getService().getName();
    op.put("tags", List.of(service));
    op.put("summary", comment.isEmpty() ? route.method().getName() : comment.lines().findFirst().orElse(""));
    if (!comment.isEmpty()) {
      op.put("description", comment);
    }
    String id = service + "_" + route.method().getName();
    for (int n = 2; !operationIds.add(id); n++) {
      id = service + "_" + route.method().getName() + "_" + n;
    }
    op.put("operationId", id);

    List<Object> parameters = new ArrayList<>();
    for (PathTemplate.Variable variable : route.path().variables()) {
      List<FieldDescriptor> path = route.pathFields().get(variable.fieldPath());
      FieldDescriptor leaf = path.get(path.size() - 1);
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("name", variable.fieldPath());
      p.put("in", "path");
      p.put("required", true);
      String description = ApiDescriptors.comments(leaf);
      if (!"*".equals(variable.pattern())) {
        description = (description + "\n\nFormat: `" + variable.pattern() + "`.").strip();
      }
      if (!description.isEmpty()) {
        p.put("description", description);
      }
      p.put("schema", fieldSchema(leaf, false));
      parameters.add(p);
    }
    Set<List<FieldDescriptor>> queryDone = new HashSet<>();
    route.queryFields().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(entry -> {
          List<FieldDescriptor> path = entry.getValue();
          String jsonName = String.join(".", path.stream().map(FieldDescriptor::getJsonName).toList());
          if (!entry.getKey().equals(jsonName) || !queryDone.add(path)) {
            return;
          }
          FieldDescriptor leaf = path.get(path.size() - 1);
          Map<String, Object> p = new LinkedHashMap<>();
          p.put("name", jsonName);
          p.put("in", "query");
          String description = ApiDescriptors.comments(leaf);
          if (!description.isEmpty()) {
            p.put("description", description);
          }
          p.put("schema", fieldSchema(leaf, true));
          if (leaf.isRepeated()) {
            p.put("style", "form");
            p.put("explode", true);
          }
          parameters.add(p);
        });
    if (route.requestIdField() != null && !route.httpMethod().equals("GET")) {
      parameters.add(Map.of("name", "Idempotency-Key", "in", "header",
          "description", "Fills the request's request_id when the body has none; a retried request with the"
              + " same key returns the first result.",
          "schema", Map.of("type", "string")));
    }
    if (!parameters.isEmpty()) {
      op.put("parameters", parameters);
    }

    if (!route.body().isEmpty()) {
      Object schema = route.bodyField() == null
          ? ref(route.method().getInputType())
          : fieldSchema(route.bodyField(), true);
      op.put("requestBody", Map.of("required", true,
          "content", Map.of("application/json", Map.of("schema", schema))));
    }

    Object responseSchema = route.responseBodyField() == null
        ? ref(route.method().getOutputType())
        : fieldSchema(route.responseBodyField(), true);
    Map<String, Object> content = new LinkedHashMap<>();
    if (route.serverStreaming()) {
      content.put("text/event-stream", Map.of("schema", Map.of("type", "string",
          "description", "Server-Sent Events; each `data:` line is one " + route.method().getOutputType().getName()
              + " as JSON; a final `event: error` carries a google.rpc.Status.")));
      content.put("application/x-ndjson", Map.of("schema", responseSchema));
    } else {
      content.put("application/json", Map.of("schema", responseSchema));
    }
    Map<String, Object> responses = new LinkedHashMap<>();
    responses.put("200", Map.of("description", "OK", "content", content));
    responses.put("default", Map.of("description", "An error: the HTTP status of its gRPC code, and a google.rpc.Status",
        "content", Map.of("application/json", Map.of("schema", ref(com.google.rpc.Status.getDescriptor())))));
    op.put("responses", responses);
    return op;
  }

  private Map<String, Object> ref(Descriptor message) {
    Map<String, Object> wellKnown = wellKnown(message);
    if (wellKnown != null) {
      return wellKnown;
    }
    message(message);
    return Map.of("$ref", "#/components/schemas/" + message.getFullName());
  }

  private Map<String, Object> ref(EnumDescriptor type) {
    if (seenTypes.add(type.getFullName())) {
      Map<String, Object> schema = new LinkedHashMap<>();
      schema.put("type", "string");
      schema.put("enum", type.getValues().stream().map(EnumValueDescriptor::getName).toList());
      String description = ApiDescriptors.comments(type);
      if (!description.isEmpty()) {
        schema.put("description", description);
      }
      schemas.put(type.getFullName(), schema);
    }
    return Map.of("$ref", "#/components/schemas/" + type.getFullName());
  }

  private void message(Descriptor message) {
    if (seenTypes.add(message.getFullName())) {
      pendingMessages.add(message);
    }
  }

  private void drainMessages() {
    while (!pendingMessages.isEmpty()) {
      Descriptor message = pendingMessages.remove(pendingMessages.size() - 1);
      Map<String, Object> schema = new LinkedHashMap<>();
      schema.put("type", "object");
      String description = ApiDescriptors.comments(message);
      if (!description.isEmpty()) {
        schema.put("description", description);
      }
      Map<String, Object> properties = new LinkedHashMap<>();
      for (FieldDescriptor field : message.getFields()) {
        properties.put(field.getJsonName(), fieldSchema(field, true));
      }
      if (!properties.isEmpty()) {
        schema.put("properties", properties);
      }
      schemas.put(message.getFullName(), schema);
    }
  }

  /** The schema of a field's value; with {@code withRepetition}, a repeated field is an array. */
  private Object fieldSchema(FieldDescriptor field, boolean withRepetition) {
    if (field.isMapField()) {
      FieldDescriptor value = field.getMessageType().findFieldByName("value");
      return describe(Map.of("type", "object", "additionalProperties", fieldSchema(value, false)), field);
    }
    Map<String, Object> single = singleSchema(field);
    if (withRepetition && field.isRepeated()) {
      return describe(Map.of("type", "array", "items", single), field);
    }
    return single.containsKey("$ref") ? single : describe(single, field);
  }

  private Map<String, Object> describe(Map<String, Object> schema, FieldDescriptor field) {
    String description = ApiDescriptors.comments(field);
    if (description.isEmpty()) {
      return schema;
    }
    Map<String, Object> described = new LinkedHashMap<>(schema);
    described.put("description", description);
    return described;
  }

  private Map<String, Object> singleSchema(FieldDescriptor field) {
    return switch (field.getType()) {
      case STRING -> Map.of("type", "string");
      case BOOL -> Map.of("type", "boolean");
      case INT32, SINT32, SFIXED32 -> Map.of("type", "integer", "format", "int32");
      case UINT32, FIXED32 -> Map.of("type", "integer", "format", "int64", "minimum", 0);
      case INT64, SINT64, SFIXED64, UINT64, FIXED64 -> Map.of("type", "string", "format", "int64");
      case FLOAT -> Map.of("type", "number", "format", "float");
      case DOUBLE -> Map.of("type", "number", "format", "double");
      case BYTES -> Map.of("type", "string", "format", "byte");
      case ENUM -> ref(field.getEnumType());
      case MESSAGE, GROUP -> ref(field.getMessageType());
    };
  }

  private static Map<String, Object> wellKnown(Descriptor message) {
    return switch (message.getFullName()) {
      case "google.protobuf.Timestamp" -> Map.of("type", "string", "format", "date-time");
      case "google.protobuf.Duration" -> Map.of("type", "string", "example", "1.5s");
      case "google.protobuf.FieldMask" -> Map.of("type", "string",
          "description", "Comma-separated lowerCamelCase field paths.");
      case "google.protobuf.Empty" -> Map.of("type", "object");
      case "google.protobuf.Struct" -> Map.of("type", "object", "additionalProperties", true);
      case "google.protobuf.Value" -> Map.of("description", "Any JSON value.");
      case "google.protobuf.ListValue" -> Map.of("type", "array", "items", Map.of());
      case "google.protobuf.Any" -> Map.of("type", "object", "additionalProperties", true,
          "properties", Map.of("@type", Map.of("type", "string")));
      case "google.protobuf.StringValue" -> Map.of("type", "string");
      case "google.protobuf.BytesValue" -> Map.of("type", "string", "format", "byte");
      case "google.protobuf.BoolValue" -> Map.of("type", "boolean");
      case "google.protobuf.Int32Value", "google.protobuf.UInt32Value" -> Map.of("type", "integer");
      case "google.protobuf.Int64Value", "google.protobuf.UInt64Value" -> Map.of("type", "string", "format", "int64");
      case "google.protobuf.FloatValue", "google.protobuf.DoubleValue" -> Map.of("type", "number");
      default -> null;
    };
  }
}

package org.partnernet.gateway.transcoding;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import io.grpc.protobuf.ProtoUtils;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.partnernet.gateway.resilience.Backend;
import org.partnernet.gateway.resilience.Backends;
import org.partnernet.gateway.system.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.util.UriUtils;

/**
 * Every REST route of the API, derived once at start from the {@code google.api.http} annotations of
 * the descriptors. A new annotated RPC becomes a route here with no code change.
 */
public final class RouteTable {

  private static final Logger log = LoggerFactory.getLogger(RouteTable.class);
  private static final int MAX_QUERY_DEPTH = 4;

  /** A matched request: its route and the path variables bound by field path. */
  public record Match(HttpRoute route, Map<String, String> variables) {}

  private final List<HttpRoute> routes;
  private final Map<String, List<HttpRoute>> byHttpMethod;

  private RouteTable(List<HttpRoute> routes) {
    this.routes = List.copyOf(routes);
    Comparator<HttpRoute> specificFirst = Comparator
        .comparing((HttpRoute r) -> r.path().verb() == null)
        .thenComparing(r -> -r.path().literalCount())
        .thenComparing(r -> r.path().parts().size());
    this.byHttpMethod = routes.stream().collect(Collectors.groupingBy(HttpRoute::httpMethod,
        Collectors.collectingAndThen(Collectors.toList(),
            list -> list.stream().sorted(specificFirst).toList())));
  }

  public List<HttpRoute> routes() {
    return routes;
  }

  public static RouteTable build(ApiDescriptors api, Backends backends, GatewayProperties properties) {
    List<HttpRoute> routes = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (ServiceDescriptor service : api.services()) {
      Optional<Backend> backend = backends.forPackage(service.getFile().getPackage());
      for (MethodDescriptor method : service.getMethods()) {
        if (!method.getOptions().hasExtension(AnnotationsProto.http)) {
          continue;
        }
        if (backend.isEmpty()) {
          log.warn("no backend serves proto package {}: {} has no REST route",
              service.getFile().getPackage(), method.getFullName());
          break;
        }
        if (method.isClientStreaming()) {
          log.warn("{} is client-streaming: not served over REST", method.getFullName());
          continue;
        }
        HttpRule rule = method.getOptions().getExtension(AnnotationsProto.http);
        io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage> grpcMethod = grpcMethod(method);
        Duration deadline = properties.methodDeadlines().getOrDefault(
            grpcMethod.getFullMethodName(),
            method.isServerStreaming() ? properties.streamingDeadline() : properties.unaryDeadline());
        List<HttpRule> rules = new ArrayList<>();
        rules.add(rule);
        rules.addAll(rule.getAdditionalBindingsList());
        for (HttpRule binding : rules) {
          HttpRoute route = route(method, binding, rule.getResponseBody(), backend.get(), grpcMethod, deadline);
          if (route != null && seen.add(route.httpMethod() + " " + route.path().template())) {
            routes.add(route);
          } else if (route != null) {
            log.warn("duplicate REST route {} {} ignored for {}", route.httpMethod(), route.path().template(),
                method.getFullName());
          }
        }
      }
    }
    log.info("REST routes derived from the proto descriptors: {}", routes.size());
    return new RouteTable(routes);
  }

  private static HttpRoute route(MethodDescriptor method, HttpRule rule, String responseBody, Backend backend,
      io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage> grpcMethod, Duration deadline) {
    String verb;
    String template;
    switch (rule.getPatternCase()) {
      case GET -> { verb = "GET"; template = rule.getGet(); }
      case PUT -> { verb = "PUT"; template = rule.getPut(); }
      case POST -> { verb = "POST"; template = rule.getPost(); }
      case DELETE -> { verb = "DELETE"; template = rule.getDelete(); }
      case PATCH -> { verb = "PATCH"; template = rule.getPatch(); }
      case CUSTOM -> { verb = rule.getCustom().getKind().toUpperCase(); template = rule.getCustom().getPath(); }
      default -> {
        log.warn("{} has an HTTP rule without a pattern", method.getFullName());
        return null;
      }
    }
    try {
      Descriptor input = method.getInputType();
      PathTemplate path = PathTemplate.parse(template);
      Map<String, List<FieldDescriptor>> pathFields = new LinkedHashMap<>();
      for (PathTemplate.Variable v : path.variables()) {
        pathFields.put(v.fieldPath(), fieldPath(input, v.fieldPath()));
      }
      String body = rule.getBody();
      FieldDescriptor bodyField = null;
      if (!body.isEmpty() && !body.equals("*")) {
        bodyField = fieldPath(input, body).get(0);
      }
      Map<String, List<FieldDescriptor>> queryFields = new HashMap<>();
      if (!body.equals("*")) {
        Set<FieldDescriptor> bound = new java.util.HashSet<>();
        pathFields.values().forEach(p -> bound.add(p.get(p.size() - 1)));
        collectQueryFields(input, List.of(), "", "", bodyField, bound, queryFields, 0);
      }
      FieldDescriptor responseField = responseBody.isEmpty()
          ? null : fieldPath(method.getOutputType(), responseBody).get(0);
      FieldDescriptor requestId = input.findFieldByName("request_id");
      if (requestId != null && (requestId.isRepeated()
          || requestId.getJavaType() != FieldDescriptor.JavaType.STRING)) {
        requestId = null;
      }
      return new HttpRoute(verb, path, method, body, responseBody, backend, grpcMethod, deadline,
          Map.copyOf(pathFields), Map.copyOf(queryFields), bodyField, responseField, requestId);
    } catch (IllegalArgumentException e) {
      log.warn("{}: {} — no REST route", method.getFullName(), e.getMessage());
      return null;
    }
  }

  private static void collectQueryFields(Descriptor message, List<FieldDescriptor> parent, String protoPrefix,
      String jsonPrefix, FieldDescriptor bodyField, Set<FieldDescriptor> bound,
      Map<String, List<FieldDescriptor>> into, int depth) {
    for (FieldDescriptor field : message.getFields()) {
      if ((depth == 0 && field.equals(bodyField)) || bound.contains(field)) {
        continue;
      }
      List<FieldDescriptor> path = new ArrayList<>(parent);
      path.add(field);
      String protoName = protoPrefix + field.getName();
      String jsonName = jsonPrefix + field.getJsonName();
      if (FieldValues.isScalarLike(field)) {
        into.put(protoName, List.copyOf(path));
        into.put(jsonName, List.copyOf(path));
      } else if (!field.isRepeated() && !field.isMapField() && depth < MAX_QUERY_DEPTH
          && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
          && !field.getMessageType().getFullName().startsWith("google.protobuf.")) {
        collectQueryFields(field.getMessageType(), path, protoName + ".", jsonName + ".", bodyField, bound,
            into, depth + 1);
      }
    }
  }

  /** Resolves {@code a.b.c} (proto field names) against a message type. */
  static List<FieldDescriptor> fieldPath(Descriptor message, String dotted) {
    List<FieldDescriptor> path = new ArrayList<>();
    Descriptor current = message;
    for (String name : dotted.split("\\.")) {
      if (current == null) {
        throw new IllegalArgumentException("field path " + dotted + " goes through a non-message field");
      }
      FieldDescriptor field = current.findFieldByName(name);
      if (field == null) {
        throw new IllegalArgumentException("no field " + name + " in " + current.getFullName());
      }
      path.add(field);
      current = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? field.getMessageType() : null;
    }
    return List.copyOf(path);
  }

  private static io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage> grpcMethod(MethodDescriptor method) {
    return io.grpc.MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
        .setType(method.isServerStreaming()
            ? io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING : io.grpc.MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(io.grpc.MethodDescriptor.generateFullMethodName(
            method.getService().getFullName(), method.getName()))
        .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(method.getInputType())))
        .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(method.getOutputType())))
        .setIdempotent(false)
        .build();
  }

  /** The route for a request, or null. {@code rawPath} is the request path as sent (percent-encoded). */
  public Match match(String httpMethod, String rawPath) {
    List<HttpRoute> candidates = byHttpMethod.get(httpMethod);
    if (candidates == null || rawPath.length() < 2 || rawPath.charAt(0) != '/') {
      return null;
    }
    String[] raw = rawPath.substring(1).split("/", -1);
    List<String> plain = null;
    for (HttpRoute route : candidates) {
      List<String> segments;
      String verb = route.path().verb();
      if (verb != null) {
        String last = raw[raw.length - 1];
        if (last.length() <= verb.length() || !last.endsWith(verb)
            || last.charAt(last.length() - verb.length() - 1) != ':') {
          continue;
        }
        segments = decode(raw, last.substring(0, last.length() - verb.length() - 1));
      } else {
        if (plain == null) {
          plain = decode(raw, null);
        }
        segments = plain;
      }
      Map<String, String> bound = route.path().match(segments);
      if (bound != null) {
        return new Match(route, bound);
      }
    }
    return null;
  }

  /** Whether any route (of any HTTP method) has this path: tells 405 from 404. */
  boolean pathExists(String rawPath) {
    for (String method : byHttpMethod.keySet()) {
      if (match(method, rawPath) != null) {
        return true;
      }
    }
    return false;
  }

  private static List<String> decode(String[] raw, String lastReplacement) {
    List<String> out = new ArrayList<>(raw.length);
    for (int i = 0; i < raw.length; i++) {
      String s = i == raw.length - 1 && lastReplacement != null ? lastReplacement : raw[i];
      out.add(s.indexOf('%') < 0 ? s : UriUtils.decode(s, StandardCharsets.UTF_8));
    }
    return out;
  }
}

package org.partnernet.gateway.transcoding;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.util.MultiValueMap;

/**
 * Builds the request message of a route from path variables, query parameters and the JSON body. Public only so that
 * the bench module can measure this very transcoding.
 */
public final class RequestMessages {

  private static final Pattern JAVA_CLASS_PREFIX = Pattern.compile("\\b(?:[a-z]\\w*\\.)+[A-Z]\\w*(?:Exception|Error): ");
  private static final Pattern UNKNOWN_FIELD = Pattern.compile("Cannot find field: (\\S+) in message (\\S+)");

  private final JsonFormat.Parser parser;
  private final JsonBodyCheck bodyCheck = new JsonBodyCheck();

  public RequestMessages(JsonFormat.Parser parser) {
    this.parser = parser;
  }

  public DynamicMessage build(RouteTable.Match match, MultiValueMap<String, String> query, String body,
      String idempotencyKey) {
    HttpRoute route = match.route();
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(route.method().getInputType());
    if (body != null && !body.isBlank()) {
      mergeBody(route, builder, body);
    }
    for (Map.Entry<String, String> variable : match.variables().entrySet()) {
      List<FieldDescriptor> path = route.pathFields().get(variable.getKey());
      FieldDescriptor leaf = path.get(path.size() - 1);
      FieldValues.set(builder, path, FieldValues.convert(leaf, variable.getValue(), parser, variable.getKey()));
    }
    if (!query.isEmpty()) {
      if (route.body().equals("*")) {
        String name = query.keySet().iterator().next();
        throw new FieldValues.BadRequest(name, "query parameter " + name
            + " is not accepted here: send every field in the JSON body");
      }
      for (Map.Entry<String, List<String>> param : query.entrySet()) {
        List<FieldDescriptor> path = route.queryFields().get(param.getKey());
        if (path == null) {
          throw new FieldValues.BadRequest(param.getKey(), "unknown query parameter " + param.getKey());
        }
        FieldDescriptor leaf = path.get(path.size() - 1);
        List<String> values = param.getValue();
        if (!leaf.isRepeated() && values.size() > 1) {
          throw new FieldValues.BadRequest(param.getKey(), "query parameter " + param.getKey()
              + " is not repeated: give it once");
        }
        for (String value : values) {
          FieldValues.set(builder, path, FieldValues.convert(leaf, value, parser, param.getKey()));
        }
      }
    }
    FieldDescriptor requestId = route.requestIdField();
    if (requestId != null && idempotencyKey != null && !idempotencyKey.isBlank()
        && ((String) builder.getField(requestId)).isEmpty()) {
      builder.setField(requestId, idempotencyKey);
    }
    return builder.build();
  }

  private void mergeBody(HttpRoute route, DynamicMessage.Builder builder, String body) {
    FieldDescriptor field = route.bodyField();
    boolean wholeMessage = field == null
        || field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated();
    if (wholeMessage) {
      bodyCheck.check(body, field == null ? route.method().getInputType() : field.getMessageType());
    } else {
      bodyCheck.check(body, field);
    }
    try {
      if (field == null) {
        parser.merge(body, builder);
      } else if (wholeMessage) {
        // parsed on its own, not spliced into {"field": ...}: a body such as `{...}, "requestId": "x"` is
        // not one JSON value and must not reach the sibling fields of the request
        DynamicMessage.Builder value = DynamicMessage.newBuilder(field.getMessageType());
        parser.merge(body, value);
        builder.setField(field, value.build());
      } else {
        parser.merge("{\"" + field.getJsonName() + "\":" + body + "}", builder);
      }
    } catch (InvalidProtocolBufferException e) {
      String message = e.getMessage() == null ? "invalid JSON" : e.getMessage();
      Matcher unknown = UNKNOWN_FIELD.matcher(message);
      if (unknown.find()) {
        throw new FieldValues.BadRequest(unknown.group(1),
            "unknown field '" + unknown.group(1) + "' in " + unknown.group(2));
      }
      throw new FieldValues.BadRequest("body", "invalid JSON body: " + withoutClassNames(firstLine(message)));
    } catch (RuntimeException e) {
      // JsonFormat lets some Gson errors through unwrapped
      throw new FieldValues.BadRequest("body", "invalid JSON body");
    }
  }

  /** The parser's words without the Java exception class it prefixes them with: internals stay inside. */
  private static String withoutClassNames(String message) {
    return JAVA_CLASS_PREFIX.matcher(message).replaceAll("");
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}

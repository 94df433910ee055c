package org.partnernet.gateway.transcoding;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code google.api.http} path template ({@code /v1/{name=shelves/*}/books:verb}), compiled once.
 * Matching works on the request path already split into percent-decoded segments, with the
 * {@code :verb} suffix removed from the last one when the template has a verb.
 */
public final class PathTemplate {

  /** One path segment of the template: a literal, {@code *} (one segment) or {@code **} (the rest). */
  public sealed interface Part permits Literal, Wildcard {}

  public record Literal(String text) implements Part {}

  public record Wildcard(boolean rest) implements Part {}

  /** A variable bound to a request field, covering parts {@code [from, to)}. */
  public record Variable(String fieldPath, int from, int to, String pattern) {}

  private final String template;
  private final List<Part> parts;
  private final List<Variable> variables;
  private final String verb;
  private final int literalCount;

  private PathTemplate(String template, List<Part> parts, List<Variable> variables, String verb) {
    this.template = template;
    this.parts = List.copyOf(parts);
    this.variables = List.copyOf(variables);
    this.verb = verb;
    this.literalCount = (int) parts.stream().filter(Literal.class::isInstance).count();
  }

  public static PathTemplate parse(String template) {
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("path template must start with '/': " + template);
    }
    String body = template.substring(1);
    String verb = null;
    int lastSlash = body.lastIndexOf('/');
    int lastBrace = body.lastIndexOf('}');
    int colon = body.lastIndexOf(':');
    if (colon > lastSlash && colon > lastBrace) {
      verb = body.substring(colon + 1);
      body = body.substring(0, colon);
    }
    List<Part> parts = new ArrayList<>();
    List<Variable> variables = new ArrayList<>();
    int i = 0;
    while (i <= body.length()) {
      int end = nextSlash(body, i);
      String segment = body.substring(i, end);
      if (segment.startsWith("{")) {
        if (!segment.endsWith("}")) {
          throw new IllegalArgumentException("unclosed variable in " + template);
        }
        String inner = segment.substring(1, segment.length() - 1);
        int eq = inner.indexOf('=');
        String field = eq < 0 ? inner : inner.substring(0, eq);
        String pattern = eq < 0 ? "*" : inner.substring(eq + 1);
        int from = parts.size();
        for (String p : pattern.split("/", -1)) {
          parts.add(simplePart(p, template));
        }
        variables.add(new Variable(field, from, parts.size(), pattern));
      } else {
        parts.add(simplePart(segment, template));
      }
      i = end + 1;
    }
    for (int p = 0; p < parts.size() - 1; p++) {
      if (parts.get(p) instanceof Wildcard w && w.rest()) {
        throw new IllegalArgumentException("'**' must be last in " + template);
      }
    }
    return new PathTemplate(template, parts, variables, verb);
  }

  private static int nextSlash(String body, int from) {
    int depth = 0;
    for (int i = from; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
      } else if (c == '/' && depth == 0) {
        return i;
      }
    }
    return body.length();
  }

  private static Part simplePart(String text, String template) {
    return switch (text) {
      case "*" -> new Wildcard(false);
      case "**" -> new Wildcard(true);
      case "" -> throw new IllegalArgumentException("empty segment in " + template);
      default -> new Literal(text);
    };
  }

  /**
   * Binds the variables, or returns null when the path does not fit.
   *
   * @param segments the percent-decoded path segments with the verb (if any) removed
   */
  Map<String, String> match(List<String> segments) {
    int n = parts.size();
    boolean rest = n > 0 && parts.get(n - 1) instanceof Wildcard w && w.rest();
    if (rest ? segments.size() < n - 1 : segments.size() != n) {
      return null;
    }
    for (int i = 0; i < n; i++) {
      Part part = parts.get(i);
      if (part instanceof Literal literal && !literal.text().equals(segments.get(i))) {
        return null;
      }
    }
    if (variables.isEmpty()) {
      return Collections.emptyMap();
    }
    Map<String, String> bound = new LinkedHashMap<>(variables.size() * 2);
    for (Variable v : variables) {
      int to = v.to() == n && rest ? segments.size() : v.to();
      bound.put(v.fieldPath(), v.to() - v.from() == 1 && to == v.to()
          ? segments.get(v.from())
          : String.join("/", segments.subList(v.from(), to)));
    }
    return bound;
  }

  public String template() {
    return template;
  }

  public List<Part> parts() {
    return parts;
  }

  public List<Variable> variables() {
    return variables;
  }

  /** The custom verb without its colon, or null. */
  public String verb() {
    return verb;
  }

  int literalCount() {
    return literalCount;
  }

  /** The template as an OpenAPI path: each variable becomes {@code {fieldPath}}. */
  public String openApiPath() {
    StringBuilder path = new StringBuilder();
    int i = 0;
    while (i < parts.size()) {
      Variable variable = variableAt(i);
      path.append('/');
      if (variable != null) {
        path.append('{').append(variable.fieldPath()).append('}');
        i = variable.to();
      } else {
        path.append(parts.get(i) instanceof Literal l ? l.text() : "{" + "segment" + i + "}");
        i++;
      }
    }
    if (verb != null) {
      path.append(':').append(verb);
    }
    return path.toString();
  }

  private Variable variableAt(int index) {
    for (Variable v : variables) {
      if (v.from() == index) {
        return v;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return template;
  }
}

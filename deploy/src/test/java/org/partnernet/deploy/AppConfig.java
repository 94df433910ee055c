package org.partnernet.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an app really reads and where it listens, taken from its own configuration files (not from a list kept
 * here), so a manifest naming a setting the app ignores, or a port it does not open, fails.
 */
record AppConfig(String app, Set<String> environment, int grpcPort, int httpPort, boolean tracing) {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
  /** Spring Boot binds these environment variables to properties (relaxed binding). */
  private static final Set<String> BOOT_PREFIXES = Set.of("SPRING_", "MANAGEMENT_", "SERVER_", "LOGGING_");
  /** The team brief's runtime contract: the gateway's gRPC pass-through for native clients. */
  static final int GATEWAY_GRPC_PORT = 8443;

  static AppConfig of(String app) {
    Set<String> environment = new TreeSet<>();
    environment.add("JAVA_TOOL_OPTIONS");
    boolean tracing;
    int grpc;
    int http;
    String ownConfig = config(Repo.ROOT.resolve(app));
    environment.addAll(placeholders(ownConfig));
    environment.addAll(boundVariables(Repo.ROOT.resolve(app)));
    if (app.equals("gateway")) {
      http = defaultOf(ownConfig, "GATEWAY_PORT");
      grpc = GATEWAY_GRPC_PORT;
      environment.add("GATEWAY_GRPC_PORT");
      tracing = Repo.read(Repo.ROOT.resolve("gateway/pom.xml")).contains("opentelemetry");
    } else {
      String kit = config(Repo.ROOT.resolve("service-kit"));
      environment.addAll(placeholders(kit));
      environment.addAll(boundVariables(Repo.ROOT.resolve("service-kit")));
      grpc = property(ownConfig, "grpc-port");
      http = property(ownConfig, "http-port");
      tracing = Repo.read(Repo.ROOT.resolve("service-kit/pom.xml")).contains("spring-boot-starter-opentelemetry");
    }
    return new AppConfig(app, environment, grpc, http, tracing);
  }

  /** Whether the app reads this environment variable. */
  boolean reads(String variable) {
    if (environment.contains(variable)) {
      return true;
    }
    if (BOOT_PREFIXES.stream().anyMatch(variable::startsWith)) {
      return true;
    }
    // Spring Boot maps the OpenTelemetry SDK variables when its OpenTelemetry module is present
    return tracing && variable.startsWith("OTEL_");
  }

  private static String config(Path module) {
    Path resources = module.resolve("src/main/resources");
    if (!Files.isDirectory(resources)) {
      throw new AssertionError(module + " has no src/main/resources: cannot tell what it reads");
    }
    StringBuilder text = new StringBuilder();
    Repo.files(resources, "yml", "yaml", "properties").forEach(f -> text.append(Repo.read(f)).append('\n'));
    return text.toString();
  }

  /**
   * Environment variables Spring Boot binds to the properties the app's configuration files declare (relaxed
   * binding: dots become underscores, dashes are dropped, or, the legacy form, become underscores too).
   */
  private static Set<String> boundVariables(Path module) {
    Set<String> names = new TreeSet<>();
    for (Path file : Repo.files(module.resolve("src/main/resources"), "yml", "yaml")) {
      for (Object document : Yamls.loadAll(file)) {
        flatten("", document, names);
      }
    }
    return names;
  }

  private static void flatten(String prefix, Object node, Set<String> names) {
    if (node instanceof java.util.Map<?, ?> map && !map.isEmpty()) {
      for (var entry : map.entrySet()) {
        String key = String.valueOf(entry.getKey());
        if (key.startsWith("[")) {
          continue;
        }
        flatten(prefix.isEmpty() ? key : prefix + "." + key, entry.getValue(), names);
      }
      return;
    }
    String upper = prefix.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
    names.add(upper.replace("-", ""));
    names.add(upper.replace('-', '_'));
  }

  private static Set<String> placeholders(String text) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = PLACEHOLDER.matcher(text);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  private static int defaultOf(String text, String variable) {
    Matcher matcher = Pattern.compile("\\$\\{" + variable + ":(\\d+)}").matcher(text);
    if (!matcher.find()) {
      throw new AssertionError("no default for " + variable + " in the app's configuration");
    }
    return Integer.parseInt(matcher.group(1));
  }

  /** partnernet.grpc-port / http-port: the defaults each service's application.yml sets. */
  private static int property(String text, String key) {
    Matcher matcher = Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + ":\\s*(\\d+)\\s*$").matcher(text);
    if (!matcher.find()) {
      throw new AssertionError("no partnernet." + key + " in the app's configuration");
    }
    return Integer.parseInt(matcher.group(1));
  }
}

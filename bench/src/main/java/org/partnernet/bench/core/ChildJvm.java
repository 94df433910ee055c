package org.partnernet.bench.core;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service jar started as its own JVM, as it runs in production: its own heap ({@code -Xmx256m}, the §6 budget),
 * its own JIT and GC, so none of that is charged to the load generator or hidden in it. Its output goes to
 * {@code <output>/<name>.log}. Closing it stops it (TERM, then KILL after 20 s).
 */
public final class ChildJvm implements AutoCloseable {

  /** Variables a developer's shell may carry that would point a child somewhere else than where we say. */
  private static final List<String> SCRUBBED = List.of("MONGODB_URI", "GRPC_PORT", "HTTP_PORT", "KEYCLOAK_ISSUER",
      "GATEWAY_PORT", "GATEWAY_GRPC_PORT", "DIRECTORY_TARGET", "RESOURCES_TARGET", "REFERRAL_TARGET",
      "PARTNERNET_DATA_DIR", "PARTNERNET_NETWORK_ID", "PARTNERNET_DEMO_DATA", "JAVA_TOOL_OPTIONS",
      "JDK_JAVA_OPTIONS", "SPRING_PROFILES_ACTIVE", "SPRING_APPLICATION_JSON", "GATEWAY_RATE_USER",
      "GATEWAY_BURST_USER", "GATEWAY_RATE_ORG", "GATEWAY_BURST_ORG", "GATEWAY_PARTNER_STATUS_CHECK");

  private final String name;
  private final Process process;
  private final Path log;
  /** A benchmark stopped with Ctrl-C must not leave its services running. */
  private final Thread stopOnExit;

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.stopOnExit = new Thread(process::destroyForcibly, "stop " + name);
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /**
   * Starts {@code java -Xms256m -Xmx256m -XX:+UseSerialGC [bench.childJvmArgs] -jar jar} with {@code env} on top of a
   * scrubbed copy of ours: the heap and collector the images run with (their Dockerfiles, and {@code ./partnernet}).
   * {@code -Dbench.childJvmArgs="-XX:-UseSerialGC -XX:+UseG1GC ..."} adds options to every child (to try another
   * collector, a JFR recording).
   */
  public static ChildJvm start(String name, Path jar, Map<String, String> env) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms256m", "-Xmx256m", "-XX:+UseSerialGC"));
    String extra = System.getProperty("bench.childJvmArgs", "").trim();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    SCRUBBED.forEach(builder.environment()::remove);
    builder.environment().putAll(env);
    Path log = Workspace.output().resolve(name + ".log");
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    return new ChildJvm(name, builder.start(), log);
  }

  /** Waits until {@code url} answers 200 (a readiness endpoint); fails early if the process dies. */
  public ChildJvm awaitReady(String url, Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long until = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < until) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s; see " + log);
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  /**
   * CPU time (user + system) the process has used so far, from {@code /proc/<pid>/stat}; -1 where there is none.
   * On a shared machine this moves far less with other load than latency does, so it is the steadier figure.
   */
  public long cpuNanos() {
    try {
      String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
      return TimeUnit.MILLISECONDS.toNanos(cpuTicks(stat) * 10);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * CPU time the process's JIT compiler threads have used so far ({@code C1/C2 CompilerThread*} in
   * {@code /proc/<pid>/task}); a JVM is warm when this stops growing.
   */
  public long compilerCpuNanos() {
    long ticks = 0;
    try (var tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            ticks += cpuTicks(stat);
          }
        } catch (IOException | RuntimeException threadEnded) {
          // a compiler thread that ended in between
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return TimeUnit.MILLISECONDS.toNanos(ticks * 10);
  }

  /** User + system time in a {@code /proc} stat line, in clock ticks (USER_HZ, 100 a second on Linux). */
  private static long cpuTicks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  @Override
  public void close() throws InterruptedException {
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook stops it
    }
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}

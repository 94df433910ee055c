package org.partnernet.bench.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things are: the repository's root (the benchmarks run from it or from {@code bench/}), the jars the build
 * made, and {@code bench/target}, where every scenario writes its logs and data and the runner its report.
 */
public final class Workspace {

  private Workspace() {}

  /** The repository root: the first directory upwards from here that holds {@code bench/} and {@code mvnw}. */
  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("bench")) && Files.exists(d.resolve("mvnw"))) {
        return d;
      }
    }
    return dir;
  }

  /** A file of the build, e.g. {@code jar("gateway/target/gateway.jar")}; says how to build it when missing. */
  public static Path jar(String relative) {
    Path jar = root().resolve(relative);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build it first (bench/run does)");
    }
    return jar;
  }

  /** {@code bench/target} (or {@code -Dbench.out}), created if needed. */
  public static Path output() {
    Path out = Path.of(System.getProperty("bench.out", root().resolve("bench/target").toString()));
    try {
      return Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A port nobody listens on right now, on 127.0.0.1. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package org.partnernet.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where things are: the deploy module, the repository root, the apps' modules. */
final class Repo {

  static final Path DEPLOY = Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
  static final Path ROOT = DEPLOY.getParent();
  static final Path KUBERNETES = DEPLOY.resolve("kubernetes");
  static final Path COMPOSE = DEPLOY.resolve("compose/compose.yaml");
  static final Path OBSERVABILITY = DEPLOY.resolve("observability");
  static final Path REALM = DEPLOY.resolve("keycloak/partnernet-realm.json");

  /** The gRPC services; the gateway is the fourth app. */
  static final List<String> SERVICES = List.of("partner-directory", "resources-service", "referral-service");
  static final List<String> APPS = List.of("partner-directory", "resources-service", "referral-service", "gateway");

  private Repo() {}

  /** Every file of ours under deploy/ with one of the extensions (build output left out). */
  static List<Path> files(Path under, String... extensions) {
    try (Stream<Path> walk = Files.walk(under)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !DEPLOY.relativize(p.toAbsolutePath()).startsWith("target"))
          .filter(p -> {
            String name = p.getFileName().toString();
            for (String extension : extensions) {
              if (name.endsWith("." + extension)) {
                return true;
              }
            }
            return false;
          })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

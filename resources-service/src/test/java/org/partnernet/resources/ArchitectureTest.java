package org.partnernet.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The arrows of CONVENTIONS.md, checked on the sources: the domain knows neither Spring, nor the MongoDB driver, nor
 * the generated API; only the Mongo* stores touch the driver and only api/ and the
 * partner-directory client in directory/ touch generated classes.
 */
class ArchitectureTest {

  private static final Path MAIN = Path.of("src/main/java/org/partnernet/resources");

  @Test
  void theDomainImportsNoFrameworkDriverOrWireTypes() throws IOException {
    for (String feature : List.of("exchange", "training", "event", "geo", "page", "idempotency")) {
      try (Stream<Path> files = Files.list(MAIN.resolve(feature))) {
        for (Path file : files.filter(f -> !f.getFileName().toString().startsWith("Mongo")).toList()) {
          assertThat(Files.readString(file)).as(file.toString())
              .doesNotContain("import org.springframework", "import com.mongodb", "import org.bson",
                  "import org.partnernet.api.");
        }
      }
    }
  }

  @Test
  void generatedApiClassesAppearOnlyInTheApiPackageAndTheDirectoryClient() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      // api/ translates, directory/ is the client of partner-directory
      for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(MAIN.resolve("api"))
          && !f.startsWith(MAIN.resolve("directory"))).toList()) {
        assertThat(Files.readString(file)).as(file.toString()).doesNotContain("org.partnernet.api.");
      }
    }
  }
}

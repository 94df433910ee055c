package org.partnernet.servicekit.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Prometheus metric names that {@code deploy/observability}'s alert rules and dashboards query, so a service's
 * test can prove it exposes every one of them (a renamed meter would otherwise silence an alert without a sound).
 */
public final class DeployedMetricNames {

  private static final Path OBSERVABILITY = Path.of("..", "deploy", "observability");

  private DeployedMetricNames() {}

  /** Every name starting with {@code prefix} (e.g. {@code partnernet_referrals_}), as written in the queries. */
  public static Set<String> startingWith(String prefix) {
    Set<String> names = new TreeSet<>();
    Pattern name = Pattern.compile(Pattern.quote(prefix) + "[a-z_]+");
    try (Stream<Path> files = Files.walk(OBSERVABILITY)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Matcher m = name.matcher(Files.readString(file));
        while (m.find()) {
          names.add(m.group());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + OBSERVABILITY.toAbsolutePath().normalize(), e);
    }
    if (names.isEmpty()) {
      throw new IllegalStateException("no " + prefix + "* metric in " + OBSERVABILITY.toAbsolutePath().normalize());
    }
    return names;
  }
}

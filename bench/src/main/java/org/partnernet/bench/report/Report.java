package org.partnernet.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a run's report into a directory: {@code results.json}, {@code report.md} and one SVG chart per scenario. */
public final class Report {

  private Report() {}

  /** Returns the Markdown file. */
  public static Path write(BenchmarkRun run, Path directory) throws IOException {
    Files.createDirectories(directory);
    Files.writeString(directory.resolve("results.json"), JsonReport.of(run));
    for (ScenarioRun scenario : run.scenarios()) {
      if (!scenario.hasFailed() && !scenario.result().rows().isEmpty()) {
        Files.writeString(directory.resolve(MarkdownReport.chartFile(scenario.name())),
            PercentileChart.svg(scenario.name(), scenario.result().rows()));
      }
    }
    Path markdown = directory.resolve("report.md");
    Files.writeString(markdown, MarkdownReport.of(run));
    return markdown;
  }
}

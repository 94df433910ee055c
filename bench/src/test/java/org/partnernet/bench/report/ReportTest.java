package org.partnernet.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnernet.bench.core.Conditions;
import org.partnernet.bench.core.Machine;
import org.partnernet.bench.core.Mode;
import org.partnernet.bench.core.ScenarioResult;
import org.partnernet.bench.core.ScenarioResult.Check;
import org.partnernet.bench.core.ScenarioResult.Row;
import org.w3c.dom.Document;

class ReportTest {

  private static final Instant START = Instant.parse("2026-11-28T17:00:00Z");

  /** 1,000 requests at 1 ms … 1,000 ms: the p-th percentile is p × 10 ms, the maximum 1,000 ms. */
  private static Histogram evenlySpread() {
    Histogram h = new Histogram(60_000_000_000L, 3);
    for (int ms = 1; ms <= 1000; ms++) {
      h.recordValue(ms * 1_000_000L);
    }
    return h;
  }

  /** 1,000 requests all at 2 ms. */
  private static Histogram constant() {
    Histogram h = new Histogram(60_000_000_000L, 3);
    h.recordValueWithCount(2_000_000L, 1000);
    return h;
  }

  private static BenchmarkRun run() {
    ScenarioResult paths = new ScenarioResult("gateway-paths", "Two paths.",
        List.of(new Row("REST via gateway", evenlySpread(), 500, 498.5, 3), new Row("gRPC direct", constant(), 500,
            500, 0)),
        List.of(new Check("gateway REST adds ≤ 1 ms at p50", "+0.400 ms", true),
            new Check("gateway REST adds ≤ 3 ms at p99", "+7.000 ms", false)),
        List.of("load generator on the same cores"));
    return new BenchmarkRun(Mode.QUICK, new Machine("Test CPU", 2, 2048, "Linux", "17"), START,
        START.plusSeconds(120), List.of(
            ScenarioRun.measured("gateway-paths", START, START.plusSeconds(90),
                new Conditions("1.00 0.50 0.25", 71.24), new Conditions("2.00 1.00 0.50", 80.5), paths),
            ScenarioRun.failed("search-scale", START.plusSeconds(90), START.plusSeconds(120),
                new Conditions("2.00 1.00 0.50", 80.5), new Conditions("2.10 1.10 0.60", 79),
                "IllegalStateException: partner-directory.jar is missing")));
  }

  @Test
  void the_table_shows_each_rows_percentiles_in_ms_rates_and_errors() {
    String md = MarkdownReport.of(run());

    // 1..1000 ms: p50 500, p90 900, p99 990, p99.9 999, max 1000 (HdrHistogram keeps 3 significant digits)
    List<String> rest = cells(md, "REST via gateway");
    assertFigures(rest, 500, 900, 990, 999, 1000);
    assertThat(rest.subList(6, 10)).containsExactly("500/s", "499/s", "1000", "3");
    List<String> direct = cells(md, "gRPC direct");
    assertFigures(direct, 2, 2, 2, 2, 2);
    assertThat(direct.subList(6, 10)).containsExactly("500/s", "500/s", "1000", "0");
  }

  /** The cells of the table row labelled {@code label}, label first. */
  private static List<String> cells(String md, String label) {
    String line = md.lines().filter(l -> l.startsWith("| " + label + " |")).findFirst().orElseThrow();
    return Arrays.stream(line.substring(2, line.length() - 2).split(" \\| ")).map(String::trim).toList();
  }

  /** p50, p90, p99, p99.9 and max of a row, each as expected to HdrHistogram's precision (3 significant digits). */
  private static void assertFigures(List<String> cells, double... expectedMs) {
    for (int i = 0; i < expectedMs.length; i++) {
      assertThat(Double.parseDouble(cells.get(1 + i))).isCloseTo(expectedMs[i], withinPercentage(0.1));
    }
  }

  @Test
  void every_budget_is_summarised_at_the_top_with_its_verdict_and_a_failed_scenario_counts_as_failed() {
    String md = MarkdownReport.of(run());
    String summary = md.substring(md.indexOf("## Budgets"), md.indexOf("## Machine"));

    assertThat(summary).contains("| gateway-paths | gateway REST adds ≤ 1 ms at p50 | +0.400 ms | ✅ |");
    assertThat(summary).contains("| gateway-paths | gateway REST adds ≤ 3 ms at p99 | +7.000 ms | ❌ |");
    assertThat(summary).contains("| search-scale | (scenario failed) | IllegalStateException: partner-directory.jar is"
        + " missing | ❌ |");
    assertThat(md).contains("- ❌ gateway REST adds ≤ 3 ms at p99: **+7.000 ms**");
  }

  @Test
  void the_machine_and_the_load_around_each_scenario_are_reported() {
    String md = MarkdownReport.of(run());

    assertThat(md).contains("| CPU | Test CPU |", "| cores | 2 |", "| memory | 2048 MiB |");
    assertThat(md).contains("| gateway-paths | 1.00 0.50 0.25 | 2.00 1.00 0.50 | 71.2 ms | 80.5 ms | 90 s |");
    assertThat(md).contains("![gateway-paths latency by percentile](gateway-paths.svg)");
  }

  @Test
  void the_chart_is_well_formed_svg_with_one_line_per_row() throws Exception {
    String svg = PercentileChart.svg("gateway-paths", run().scenarios().get(0).result().rows());

    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(2);
    assertThat(svg).contains(">REST via gateway<", ">gRPC direct<", ">99.99%<", ">percentile<", ">latency (ms)<");
  }

  @Test
  void the_percentile_axis_is_logarithmic_in_the_tail() {
    assertThat(PercentileChart.percentile(0)).isEqualTo(0);
    assertThat(PercentileChart.percentile(1)).isCloseTo(90, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(PercentileChart.percentile(3)).isCloseTo(99.9, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void all_three_files_are_written_and_the_json_carries_every_figure(@TempDir Path dir) throws Exception {
    Report.write(run(), dir);

    assertThat(dir.resolve("report.md")).exists();
    assertThat(dir.resolve("gateway-paths.svg")).exists();
    assertThat(dir.resolve("search-scale.svg")).doesNotExist();
    JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("results.json"))).getAsJsonObject();
    assertThat(json.get("mode").getAsString()).isEqualTo("quick");
    assertThat(json.get("started").getAsString()).isEqualTo("2026-11-28T17:00:00Z");
    JsonObject paths = json.getAsJsonArray("scenarios").get(0).getAsJsonObject();
    assertThat(paths.get("loadAverageBefore").getAsString()).isEqualTo("1.00 0.50 0.25");
    assertThat(paths.get("sortMillisBefore").getAsDouble()).isEqualTo(71.24);
    JsonObject rest = paths.getAsJsonArray("rows").get(0).getAsJsonObject();
    assertThat(rest.get("p50Ms").getAsDouble()).isCloseTo(500, withinPercentage(0.1));
    assertThat(rest.get("p90Ms").getAsDouble()).isCloseTo(900, withinPercentage(0.1));
    assertThat(rest.get("p99Ms").getAsDouble()).isCloseTo(990, withinPercentage(0.1));
    assertThat(rest.get("p999Ms").getAsDouble()).isCloseTo(999, withinPercentage(0.1));
    assertThat(rest.get("maxMs").getAsDouble()).isCloseTo(1000, withinPercentage(0.1));
    assertThat(rest.get("achievedRate").getAsDouble()).isEqualTo(498.5);
    assertThat(rest.get("errors").getAsLong()).isEqualTo(3);
    assertThat(paths.getAsJsonArray("checks").get(1).getAsJsonObject().get("pass").getAsBoolean()).isFalse();
    JsonObject failed = json.getAsJsonArray("scenarios").get(1).getAsJsonObject();
    assertThat(failed.get("failure").getAsString())
        .isEqualTo("IllegalStateException: partner-directory.jar is missing");
  }
}

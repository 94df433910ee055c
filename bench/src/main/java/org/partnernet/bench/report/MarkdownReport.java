package org.partnernet.bench.report;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.partnernet.bench.core.Machine;
import org.partnernet.bench.core.ScenarioResult;
import org.partnernet.bench.core.ScenarioResult.Check;
import org.partnernet.bench.core.ScenarioResult.Row;

/**
 * {@code report.md}: for a reader deciding whether the budgets hold. Every budget with its figure and ✅/❌ first,
 * then the machine (figures from a loaded or different machine do not compare), then each scenario: its table,
 * its checks, its chart and its notes.
 */
final class MarkdownReport {

  private MarkdownReport() {}

  /** The Markdown for {@code run}; each scenario's chart is expected beside it as {@code chartFile(name)}. */
  static String of(BenchmarkRun run) {
    StringBuilder md = new StringBuilder();
    md.append("# PartnerNet benchmarks\n\n");
    md.append(String.format(Locale.ROOT, "%s mode · started %s · took %d s · latency from each request's intended"
            + " send time (HdrHistogram, no coordinated omission)%n%n", run.mode().name().toLowerCase(Locale.ROOT),
        DateTimeFormatter.ISO_INSTANT.format(run.started().truncatedTo(ChronoUnit.SECONDS)),
        java.time.Duration.between(run.started(), run.finished()).toSeconds()));
    budgets(md, run.scenarios());
    machine(md, run.machine(), run.scenarios());
    for (ScenarioRun scenario : run.scenarios()) {
      scenario(md, scenario);
    }
    return md.toString();
  }

  static String chartFile(String scenario) {
    return scenario + ".svg";
  }

  static String verdict(boolean pass) {
    return pass ? "✅" : "❌";
  }

  private static void budgets(StringBuilder md, List<ScenarioRun> scenarios) {
    md.append("## Budgets (DESIGN.md §6)\n\n| scenario | budget | measured | |\n|---|---|---|---|\n");
    for (ScenarioRun scenario : scenarios) {
      if (scenario.hasFailed()) {
        md.append(String.format("| %s | (scenario failed) | %s | ❌ |%n", scenario.name(), cell(scenario.failure())));
        continue;
      }
      for (Check check : scenario.result().checks()) {
        md.append(String.format("| %s | %s | %s | %s |%n", scenario.name(), cell(check.budget()),
            cell(check.measured()), verdict(check.pass())));
      }
    }
    md.append('\n');
  }

  private static void machine(StringBuilder md, Machine machine, List<ScenarioRun> scenarios) {
    md.append("## Machine\n\n")
        .append("| | |\n|---|---|\n")
        .append("| CPU | ").append(cell(machine.cpu())).append(" |\n")
        .append("| cores | ").append(machine.cores()).append(" |\n")
        .append("| memory | ").append(machine.memoryMiB()).append(" MiB |\n")
        .append("| OS | ").append(cell(machine.os())).append(" |\n")
        .append("| Java | ").append(cell(machine.java())).append(" |\n\n");
    md.append("Load average (1/5/15 min) around each scenario; the load generator, the services under test and"
        + " anything else on the machine share these cores, so a high load inflates the tails. A core's speed: the"
        + " time to sort the same million ints (ms, lower is faster); it moves with what the host under this machine"
        + " is doing, which the load average does not show, so compare runs at a similar speed.\n\n"
        + "| scenario | load before | load after | core before | core after | took |\n|---|---|---|---|---|---|\n");
    for (ScenarioRun scenario : scenarios) {
      md.append(String.format("| %s | %s | %s | %.1f ms | %.1f ms | %d s |%n", scenario.name(),
          scenario.before().loadAverage(), scenario.after().loadAverage(), scenario.before().sortMillis(),
          scenario.after().sortMillis(), scenario.duration().toSeconds()));
    }
    md.append('\n');
  }

  private static void scenario(StringBuilder md, ScenarioRun run) {
    md.append("## ").append(run.name()).append("\n\n");
    if (run.hasFailed()) {
      md.append("❌ **failed**: ").append(run.failure()).append("\n\n");
      return;
    }
    ScenarioResult result = run.result();
    md.append(result.description()).append("\n\n");
    md.append("| | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | offered | achieved | requests | errors |\n"
        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row row : result.rows()) {
      md.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %d | %d |%n", cell(row.label()),
          Figures.format(Figures.ms(row.latency(), 50)), Figures.format(Figures.ms(row.latency(), 90)),
          Figures.format(Figures.ms(row.latency(), 99)), Figures.format(Figures.ms(row.latency(), 99.9)),
          Figures.format(Figures.maxMs(row.latency())), Figures.rate(row.offeredRate()),
          Figures.rate(row.achievedRate()), row.latency().getTotalCount(), row.errors()));
    }
    md.append('\n');
    if (!result.checks().isEmpty()) {
      for (Check check : result.checks()) {
        md.append("- ").append(verdict(check.pass())).append(' ').append(check.budget()).append(": **")
            .append(check.measured()).append("**\n");
      }
      md.append('\n');
    }
    if (!result.rows().isEmpty()) {
      md.append("![").append(run.name()).append(" latency by percentile](").append(chartFile(run.name()))
          .append(")\n\n");
    }
    for (String note : result.notes()) {
      md.append("- ").append(note).append('\n');
    }
    md.append('\n');
  }

  /** A table cell: a pipe or a line break would end the cell or the row early. */
  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}

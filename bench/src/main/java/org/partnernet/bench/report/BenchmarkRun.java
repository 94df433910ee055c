package org.partnernet.bench.report;

import java.time.Instant;
import java.util.List;
import org.partnernet.bench.core.Machine;
import org.partnernet.bench.core.Mode;

/** A whole run of the benchmark command: what the report is written from. */
public record BenchmarkRun(Mode mode, Machine machine, Instant started, Instant finished, List<ScenarioRun> scenarios) {

  public BenchmarkRun {
    scenarios = List.copyOf(scenarios);
  }
}

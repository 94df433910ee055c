package org.partnernet.bench.core;

/**
 * One benchmark scenario of DESIGN.md §6 / issue 10. It starts what it needs (processes, data), measures, stops
 * everything it started, and returns its figures; the runner writes them side by side into one report.
 */
public interface Scenario {

  /** Short, stable name: the key in the result file and the section heading of the report. */
  String name();

  ScenarioResult run(Mode mode) throws Exception;
}

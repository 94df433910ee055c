package org.partnernet.bench.core;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What a scenario measured.
 *
 * @param scenario     {@link Scenario#name()}
 * @param description  one or two sentences: what is sent where, at which rate, over which data
 * @param rows         the figures compared side by side (one per path, data size, …)
 * @param checks       the DESIGN.md §6 budgets this scenario speaks to, each with pass/fail
 * @param notes        anything a reader needs to judge the figures (CPU per request, load average, caveats)
 */
public record ScenarioResult(String scenario, String description, List<Row> rows, List<Check> checks,
                             List<String> notes) {

  /**
   * One measured series.
   *
   * @param label        what was measured, e.g. "REST via gateway" or "100,000 services"
   * @param latency      latency in nanoseconds (from the intended send time for open-model runs)
   * @param offeredRate  requests per second offered (0 for a closed-model run)
   * @param achievedRate requests per second answered
   * @param errors       requests that failed or were never answered
   */
  public record Row(String label, Histogram latency, double offeredRate, double achievedRate, long errors) {}

  /**
   * A budget beside the figure that decides it.
   *
   * @param budget   the budget as DESIGN.md states it, e.g. "gateway REST adds ≤ 1 ms at p50"
   * @param measured the figure, e.g. "+0.62 ms"
   * @param pass     whether the budget holds
   */
  public record Check(String budget, String measured, boolean pass) {}
}

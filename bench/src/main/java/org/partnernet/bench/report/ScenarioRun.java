package org.partnernet.bench.report;

import java.time.Duration;
import java.time.Instant;
import org.partnernet.bench.core.Conditions;
import org.partnernet.bench.core.ScenarioResult;

/**
 * One scenario as the runner saw it: when, under what machine load, and either its figures or why it failed
 * (a failed scenario is reported, and the others still run).
 *
 * @param name       the scenario's name
 * @param started    when it began
 * @param finished   when it ended
 * @param before     the machine's load and speed just before it started
 * @param after      the same just after it ended
 * @param result     its figures; null when it failed
 * @param failure    what went wrong; null when it measured
 */
public record ScenarioRun(String name, Instant started, Instant finished, Conditions before, Conditions after,
                          ScenarioResult result, String failure) {

  public ScenarioRun {
    if ((result == null) == (failure == null)) {
      throw new IllegalArgumentException("a scenario run has either a result or a failure");
    }
  }

  public static ScenarioRun measured(String name, Instant started, Instant finished, Conditions before,
      Conditions after, ScenarioResult result) {
    return new ScenarioRun(name, started, finished, before, after, result, null);
  }

  public static ScenarioRun failed(String name, Instant started, Instant finished, Conditions before,
      Conditions after, String failure) {
    return new ScenarioRun(name, started, finished, before, after, null, failure);
  }

  public boolean hasFailed() {
    return failure != null;
  }

  public Duration duration() {
    return Duration.between(started, finished);
  }
}

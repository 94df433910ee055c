package org.partnernet.bench.report;

import com.google.gson.GsonBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.partnernet.bench.core.ScenarioResult.Check;
import org.partnernet.bench.core.ScenarioResult.Row;

/**
 * {@code results.json}: the same figures for machines (a CI job comparing runs, a dashboard). Latencies in ms
 * with microsecond precision; timestamps ISO-8601 UTC.
 */
final class JsonReport {

  private JsonReport() {}

  static String of(BenchmarkRun run) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("mode", run.mode().name().toLowerCase(java.util.Locale.ROOT));
    json.put("started", run.started().toString());
    json.put("finished", run.finished().toString());
    json.put("machine", run.machine());
    List<Map<String, Object>> scenarios = new ArrayList<>();
    for (ScenarioRun scenario : run.scenarios()) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("name", scenario.name());
      s.put("started", scenario.started().toString());
      s.put("finished", scenario.finished().toString());
      s.put("loadAverageBefore", scenario.before().loadAverage());
      s.put("loadAverageAfter", scenario.after().loadAverage());
      s.put("sortMillisBefore", scenario.before().sortMillis());
      s.put("sortMillisAfter", scenario.after().sortMillis());
      if (scenario.hasFailed()) {
        s.put("failure", scenario.failure());
      } else {
        s.put("description", scenario.result().description());
        s.put("rows", scenario.result().rows().stream().map(JsonReport::row).toList());
        s.put("checks", scenario.result().checks().stream().map(JsonReport::check).toList());
        s.put("notes", scenario.result().notes());
      }
      scenarios.add(s);
    }
    json.put("scenarios", scenarios);
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json);
  }

  private static Map<String, Object> row(Row row) {
    Histogram h = row.latency();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("label", row.label());
    r.put("requests", h.getTotalCount());
    r.put("errors", row.errors());
    r.put("offeredRate", round(row.offeredRate()));
    r.put("achievedRate", round(row.achievedRate()));
    r.put("p50Ms", round(Figures.ms(h, 50)));
    r.put("p90Ms", round(Figures.ms(h, 90)));
    r.put("p99Ms", round(Figures.ms(h, 99)));
    r.put("p999Ms", round(Figures.ms(h, 99.9)));
    r.put("maxMs", round(Figures.maxMs(h)));
    return r;
  }

  private static Map<String, Object> check(Check check) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("budget", check.budget());
    c.put("measured", check.measured());
    c.put("pass", check.pass());
    return c;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}

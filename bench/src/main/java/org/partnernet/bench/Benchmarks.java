package org.partnernet.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.partnernet.bench.core.Conditions;
import org.partnernet.bench.core.Machine;
import org.partnernet.bench.core.Mode;
import org.partnernet.bench.core.Scenario;
import org.partnernet.bench.core.ScenarioResult;
import org.partnernet.bench.core.Workspace;
import org.partnernet.bench.gateway.AuthCost;
import org.partnernet.bench.gateway.Flood;
import org.partnernet.bench.gateway.GatewayPaths;
import org.partnernet.bench.referral.ReferralCreate;
import org.partnernet.bench.report.BenchmarkRun;
import org.partnernet.bench.report.Report;
import org.partnernet.bench.report.ScenarioRun;
import org.partnernet.bench.search.SearchScale;

/**
 * The benchmark command (DESIGN.md §6, issue 10): runs every scenario one after the other, so they do not compete
 * for the cores, and writes one report of all of them into {@code bench/target}.
 * <pre>
 * bench/run                          all scenarios, quick mode (a few minutes on 2 cores)
 * bench/run --long                   long mode (-Dbench.mode=long): larger data, longer phases
 * bench/run --only gateway-paths,x   only these (-Dbench.only=...)
 * </pre>
 * A scenario that throws is reported as failed and the others still run; the exit status is 1 then.
 */
public final class Benchmarks {

  /** Every scenario, in the order they run. A new one is one more line here. */
  static List<Scenario> all() {
    return List.of(
        new GatewayPaths(),
        new AuthCost(),
        new SearchScale(),
        new ReferralCreate(),
        new Flood());
  }

  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    List<String> arguments = Arrays.asList(args);
    Mode mode = arguments.contains("--long") || "long".equalsIgnoreCase(System.getProperty("bench.mode"))
        ? Mode.LONG : Mode.QUICK;
    Set<String> only = only(arguments);
    List<Scenario> chosen = all().stream().filter(s -> only.isEmpty() || only.contains(s.name())).toList();
    Set<String> known = all().stream().map(Scenario::name).collect(Collectors.toSet());
    List<String> unknown = only.stream().filter(name -> !known.contains(name)).toList();
    if (!unknown.isEmpty()) {
      System.err.println("unknown scenario(s) " + unknown + "; known: " + known);
      System.exit(2);
    }

    Instant started = Instant.now();
    List<ScenarioRun> runs = new ArrayList<>();
    for (Scenario scenario : chosen) {
      runs.add(run(scenario, mode));
    }
    BenchmarkRun run = new BenchmarkRun(mode, Machine.current(), started, Instant.now(), runs);
    Path report = Report.write(run, Workspace.output());
    System.out.println("report: " + report + " (and results.json, one SVG chart per scenario beside it)");
    // child processes are stopped; gRPC and Netty threads of the clients would keep the JVM up
    System.exit(runs.stream().anyMatch(ScenarioRun::hasFailed) ? 1 : 0);
  }

  private static ScenarioRun run(Scenario scenario, Mode mode) {
    Conditions before = Conditions.now();
    Instant started = Instant.now();
    System.out.printf("== %s (%s mode), load average %s, a core sorts 1M ints in %.1f ms%n", scenario.name(),
        mode.name().toLowerCase(Locale.ROOT), before.loadAverage(), before.sortMillis());
    try {
      ScenarioResult result = scenario.run(mode);
      return ScenarioRun.measured(scenario.name(), started, Instant.now(), before, Conditions.now(), result);
    } catch (Exception | Error e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      System.err.printf("== %s failed:%n%s", scenario.name(), trace);
      return ScenarioRun.failed(scenario.name(), started, Instant.now(), before, Conditions.now(),
          e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** {@code --only a,b} or {@code -Dbench.only=a,b}. */
  private static Set<String> only(List<String> arguments) {
    int flag = arguments.indexOf("--only");
    String names = flag >= 0 && flag + 1 < arguments.size() ? arguments.get(flag + 1)
        : System.getProperty("bench.only", "");
    return Arrays.stream(names.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
  }
}

package org.partnernet.bench.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.partnernet.bench.core.ChildJvm;
import org.partnernet.bench.core.JitWarmup;
import org.partnernet.bench.core.OpenLoad;
import org.partnernet.bench.core.ScenarioResult;

/**
 * Measures several paths that are to be compared, alike: each is warmed up, then in every round each path runs
 * once for the same time at the same rate, the order rotated so each path runs first, in the middle and last
 * equally often. Drift on a shared machine (a build starting, a GC in a neighbour) then hits all paths alike instead
 * of whichever ran last. The CPU time of the processes under test is taken around each path's runs, so the report
 * can give CPU per request, which other load moves far less than latency.
 */
final class InterleavedRounds {

  /** One path under comparison. */
  record Path(String label, OpenLoad.Call call) {}

  /**
   * A path's figures over all rounds.
   *
   * @param cpuNanos each watched process's CPU time during this path's runs, by name
   * @param perRound each round's latency, in round order
   * @param warmupSeconds how long the path was warmed up before the rounds
   */
  record Measured(Path path, Histogram latency, long errors, double achievedRate, Map<String, Long> cpuNanos,
                  List<Histogram> perRound, int warmupSeconds) {

    ScenarioResult.Row row(int rate) {
      return new ScenarioResult.Row(path.label(), latency, rate, achievedRate, errors);
    }

    double ms(double percentile) {
      return latency.getValueAtPercentile(percentile) / 1e6;
    }

    /** A watched process's CPU µs per request on this path, its background work during the runs included. */
    double cpuMicrosPerRequest(String process) {
      return latency.getTotalCount() == 0 ? 0 : cpuNanos.get(process) / 1e3 / latency.getTotalCount();
    }
  }

  private InterleavedRounds() {}

  /**
   * {@code processes}: the child JVMs whose CPU time to take around each path's runs, by name. Each path is warmed
   * up for at least {@code warmupSeconds} and then until the processes' JIT compilers are quiet (under 5% of a core
   * over a 5 s window), at most {@code maxWarmupSeconds}: on two cores a gateway's compiler takes minutes at a few
   * hundred requests a second to settle, and until then the rounds would measure the compiler.
   */
  static List<Measured> run(List<Path> paths, int rate, int warmupSeconds, int maxWarmupSeconds, int rounds,
      int secondsPerRound, Map<String, ChildJvm> processes) throws Exception {
    int n = paths.size();
    int[] warmedUp = new int[n];
    for (int i = 0; i < n; i++) {
      OpenLoad.Call call = paths.get(i).call();
      warmedUp[i] = JitWarmup.run(seconds -> OpenLoad.run(call, rate, seconds), warmupSeconds, maxWarmupSeconds,
          processes.values());
      System.out.printf("  warm-up %s: %d s at %d/s%n", paths.get(i).label(), warmedUp[i], rate);
    }
    List<Histogram> latency = new ArrayList<>();
    List<List<Histogram>> perRound = new ArrayList<>();
    long[] errors = new long[n];
    List<Map<String, Long>> cpu = new ArrayList<>();
    double[] achievedSum = new double[n];
    for (int i = 0; i < n; i++) {
      latency.add(new Histogram(OpenLoad.MAX_LATENCY_NANOS, 3));
      perRound.add(new ArrayList<>());
      cpu.add(new LinkedHashMap<>());
    }
    for (int round = 0; round < rounds; round++) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  round %d:", round + 1));
      for (int k = 0; k < n; k++) {
        int i = (round + k) % n;
        Map<String, Long> cpuBefore = new LinkedHashMap<>();
        processes.forEach((name, jvm) -> cpuBefore.put(name, jvm.cpuNanos()));
        OpenLoad.Run run = OpenLoad.run(paths.get(i).call(), rate, secondsPerRound);
        Map<String, Long> used = cpu.get(i);
        processes.forEach((name, jvm) -> used.merge(name, jvm.cpuNanos() - cpuBefore.get(name), Long::sum));
        latency.get(i).add(run.latency());
        perRound.get(i).add(run.latency());
        errors[i] += run.errors();
        achievedSum[i] += run.achievedRate();
        line.append(String.format(Locale.ROOT, " | %s p50 %.3f p99 %.3f ms (%d errors)", paths.get(i).label(),
            run.latency().getValueAtPercentile(50) / 1e6, run.latency().getValueAtPercentile(99) / 1e6,
            run.errors()));
      }
      System.out.println(line);
    }
    List<Measured> measured = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // every run lasts the same time, so the mean of their rates is the rate over all of them
      measured.add(new Measured(paths.get(i), latency.get(i), errors[i], achievedSum[i] / rounds, cpu.get(i),
          perRound.get(i), warmedUp[i]));
    }
    return measured;
  }

  /** "warm-up: REST 95 s, …": how long each path took to warm up. */
  static String warmupNote(List<Measured> measured) {
    StringBuilder note = new StringBuilder("Warm-up taken:");
    for (Measured m : measured) {
      note.append(String.format(Locale.ROOT, " %s %d s;", m.path().label(), m.warmupSeconds()));
    }
    return note.substring(0, note.length() - 1) + ".";
  }

  /** "round 1: REST p50/p99 0.8/2.1 ms · …": whether the rounds agree tells how far to trust the totals. */
  static List<String> roundNotes(List<Measured> measured, int rounds) {
    List<String> notes = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      StringBuilder note = new StringBuilder("round " + (round + 1) + " p50/p99 ms:");
      for (Measured m : measured) {
        Histogram h = m.perRound().get(round);
        note.append(String.format(Locale.ROOT, " %s %.3f/%.3f;", m.path().label(),
            h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6));
      }
      notes.add(note.substring(0, note.length() - 1));
    }
    return notes;
  }
}

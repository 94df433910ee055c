package org.partnernet.bench.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;
import org.partnernet.bench.core.Mode;
import org.partnernet.bench.core.Scenario;
import org.partnernet.bench.core.ScenarioResult;
import org.partnernet.directory.search.SearchQuery;
import org.partnernet.directory.search.SearchResult;
import org.partnernet.directory.search.ServiceIndex;
import org.partnernet.directory.taxonomy.Taxonomy;

/**
 * DESIGN.md §6 "directory search over 100,000 services (text + taxonomy + radius + capacity): p99 ≤ 10 ms service
 * time", and issue 10's cost growth: the same searches over 10,000 and 100,000 services (and 1,000,000 in the long
 * mode), side by side.
 *
 * <p>Service time is measured around partner-directory's own {@link ServiceIndex#search}, in this process, one query
 * at a time (closed loop): what one search costs the service, without the gRPC hop, which the gateway scenarios
 * measure. The index is built the way the service builds it ({@link ServiceIndex#put} per partner, then a refresh)
 * from a {@link SyntheticNetwork}, in memory like the service's default; at 1,000,000 services in memory-mapped files,
 * as the service is configured for very large networks ({@code partnernet.directory.search.index-dir}). The thread's
 * CPU time is recorded beside the wall time: on a shared machine the wall time also holds the wait for a core.
 *
 * <p>Options: {@code -Dbench.search.warmup=} and {@code -Dbench.search.queries=} (per size),
 * {@code -Dbench.search.sizes=10000,100000}. Standalone: {@code main} runs it and prints the rows.
 */
public final class SearchScale implements Scenario {

  static final long SEED = 42;
  private static final long BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final int BUDGET_SIZE = 100_000;
  private static final int MAPPED_FROM = 1_000_000;

  @Override
  public String name() {
    return "search-scale";
  }

  @Override
  public ScenarioResult run(Mode mode) throws IOException {
    List<Integer> sizes = sizes(mode);
    int warmup = Integer.getInteger("bench.search.warmup", mode == Mode.LONG ? 20_000 : 2_000);
    int queries = Integer.getInteger("bench.search.queries", mode == Mode.LONG ? 50_000 : 5_000);
    List<ScenarioResult.Row> rows = new ArrayList<>();
    List<ScenarioResult.Check> checks = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (int size : sizes) {
      Measured m = measure(size, warmup, queries);
      String label = String.format(Locale.ROOT, "%,d services", size);
      rows.add(new ScenarioResult.Row(label, m.wall(), 0, m.rate(), 0));
      notes.add(String.format(Locale.ROOT,
          "%s: index built in %,d ms (%s), %,d MiB heap after GC for it; CPU time per search p50 %.2f ms, "
              + "p99 %.2f ms; %.0f matches per search on average, %.0f%% of searches found nothing; "
              + "highest mean CPU time: %s; load average %s after",
          label, m.buildMillis(), size >= MAPPED_FROM ? "memory-mapped files" : "in memory",
          m.heapBytes() / (1024 * 1024), ms(m.cpu().getValueAtPercentile(50)), ms(m.cpu().getValueAtPercentile(99)),
          m.meanMatches(), 100 * m.emptyShare(), m.costliest(), m.loadAverage()));
      if (size == BUDGET_SIZE) {
        long p99 = m.wall().getValueAtPercentile(99);
        checks.add(new ScenarioResult.Check("directory search over 100,000 services: p99 ≤ 10 ms service time",
            String.format(Locale.ROOT, "p99 %.2f ms", ms(p99)), p99 <= BUDGET_NANOS));
      }
    }
    notes.add(String.format(Locale.ROOT, "each size: %,d searches of warm-up, then %,d measured, one thread, closed "
        + "loop; the JVM's heap maximum was %,d MiB", warmup, queries, Runtime.getRuntime().maxMemory() >> 20));
    String description = "partner-directory's own Lucene index (ServiceIndex) searched in process, one query at a "
        + "time, with rotating searches of free text (synonyms, typos), one to three taxonomy codes, a 10-50 km "
        + "radius around the region's towns and has-capacity, over a deterministic synthetic network of "
        + sizes.stream().map(s -> String.format(Locale.ROOT, "%,d", s)).reduce((a, b) -> a + ", " + b).orElse("")
        + " services (5 per partner on average).";
    return new ScenarioResult(name(), description, rows, checks, notes);
  }

  private static List<Integer> sizes(Mode mode) {
    String configured = System.getProperty("bench.search.sizes");
    if (configured != null && !configured.isBlank()) {
      return java.util.Arrays.stream(configured.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }
    return mode == Mode.LONG ? List.of(10_000, 100_000, 1_000_000) : List.of(10_000, 100_000);
  }

  /**
   * @param wall        service time of each measured search
   * @param cpu         CPU time of the searching thread for each
   * @param rate        searches per second the one thread achieved
   * @param heapBytes   heap the index holds after a full GC
   * @param emptyShare  share of searches that found nothing (a sanity check of the queries against the data)
   * @param costliest   the kinds of search (text and order) with the highest mean CPU time: where the tail comes from
   */
  record Measured(Histogram wall, Histogram cpu, double rate, long buildMillis, long heapBytes, double meanMatches,
                  double emptyShare, String costliest, String loadAverage) {}

  static Measured measure(int services, int warmup, int queries) throws IOException {
    long heapBefore = heapAfterGc();
    Path mapped = services >= MAPPED_FROM ? Files.createTempDirectory("search-scale") : null;
    Directory directory = mapped == null ? new ByteBuffersDirectory() : new MMapDirectory(mapped);
    try (ServiceIndex index = new ServiceIndex(directory, new Taxonomy())) {
      long buildStart = System.nanoTime();
      build(index, services);
      long buildMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - buildStart);
      long heap = heapAfterGc() - heapBefore;
      SearchQueries rotation = new SearchQueries(SEED, 1024);
      for (int i = 0; i < warmup; i++) {
        index.search(rotation.next());
      }
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      Histogram wall = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      Histogram cpu = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      long matches = 0;
      long empty = 0;
      Map<String, long[]> cpuByKind = new HashMap<>();
      long started = System.nanoTime();
      for (int i = 0; i < queries; i++) {
        SearchQuery query = rotation.next();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        SearchResult result = index.search(query);
        long took = System.nanoTime() - start;
        long cpuTook = threads.getCurrentThreadCpuTime() - cpuStart;
        wall.recordValue(Math.min(took, wall.getHighestTrackableValue()));
        cpu.recordValue(Math.max(0, Math.min(cpuTook, cpu.getHighestTrackableValue())));
        matches += result.total();
        empty += result.total() == 0 ? 1 : 0;
        long[] kind = cpuByKind.computeIfAbsent("\"" + query.text() + "\" by " + query.order().name().toLowerCase(
            Locale.ROOT), k -> new long[2]);
        kind[0] += Math.max(0, cpuTook);
        kind[1]++;
      }
      String costliest = cpuByKind.entrySet().stream()
          .sorted(Comparator.comparingDouble((Map.Entry<String, long[]> e) -> -e.getValue()[0] / e.getValue()[1]))
          .limit(3).map(e -> String.format(Locale.ROOT, "%s %.1f ms", e.getKey(),
              ms(e.getValue()[0] / e.getValue()[1]))).collect(Collectors.joining(", "));
      double seconds = (System.nanoTime() - started) / 1e9;
      return new Measured(wall, cpu, queries / seconds, buildMillis, heap, (double) matches / queries,
          (double) empty / queries, costliest, loadAverage());
    } finally {
      if (mapped != null) {
        delete(mapped);
      }
    }
  }

  /** Indexes a synthetic network of {@code services} services, partner by partner, as the service's indexer does. */
  public static void build(ServiceIndex index, int services) throws IOException {
    try {
      new SyntheticNetwork(SEED).forEachPartner(services, partner -> {
        try {
          index.put(partner.id(), partner);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    index.refresh();
    if (index.size() != services) {
      throw new IllegalStateException("indexed " + index.size() + " services of " + services);
    }
  }

  private static void delete(Path directory) throws IOException {
    try (var files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  private static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }

  /** Runs the scenario on its own ({@code long} as the first argument for the long mode) and prints its figures. */
  public static void main(String[] args) throws IOException {
    Mode mode = args.length > 0 && args[0].equalsIgnoreCase("long") ? Mode.LONG : Mode.QUICK;
    ScenarioResult result = new SearchScale().run(mode);
    System.out.println(result.description());
    for (ScenarioResult.Row row : result.rows()) {
      Histogram h = row.latency();
      System.out.printf(Locale.ROOT, "%-18s p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %7.2f ms  %,8.0f/s%n",
          row.label(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
          ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()), row.achievedRate());
    }
    result.checks().forEach(c -> System.out.printf("%s: %s %s%n", c.budget(), c.measured(),
        c.pass() ? "PASS" : "FAIL"));
    result.notes().forEach(n -> System.out.println("- " + n));
  }
}

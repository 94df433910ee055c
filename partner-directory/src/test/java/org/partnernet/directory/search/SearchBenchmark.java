package org.partnernet.directory.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.partnernet.directory.partner.Address;
import org.partnernet.directory.partner.Capacity;
import org.partnernet.directory.partner.Eligibility;
import org.partnernet.directory.partner.GeoPoint;
import org.partnernet.directory.partner.Location;
import org.partnernet.directory.partner.Partner;
import org.partnernet.directory.partner.PartnerKind;
import org.partnernet.directory.partner.Profile;
import org.partnernet.directory.partner.ReferralIntake;
import org.partnernet.directory.partner.Service;
import org.partnernet.directory.taxonomy.Taxonomy;
import org.partnernet.directory.taxonomy.TaxonomyTerm;
import org.partnernet.servicekit.id.Ids;

/**
 * DESIGN.md §6: directory search over 100,000 services (text + taxonomy + radius + has-capacity), service time p50/p99.
 * Not a test (no timed assertions): run it with
 * {@code ./mvnw -B -q -pl partner-directory test-compile org.codehaus.mojo:exec-maven-plugin:3.6.4:java
 * -Dexec.classpathScope=test -Dexec.mainClass=org.partnernet.directory.search.SearchBenchmark}
 * (options: {@code -Dbench.services=100000 -Dbench.queries=20000 -Dbench.warmup=5000}).
 *
 * <p>Service time is measured around the index search itself, in process, one query at a time (closed loop), so it is
 * what one search costs the service; the gRPC hop is the gateway benchmark's business. Synthetic data: 20,000 partners
 * with 5 services each, spread over a 200 km square, random codes, languages, ages and capacity.
 */
public final class SearchBenchmark {

  private SearchBenchmark() {}

  public static void main(String[] args) throws Exception {
    int services = Integer.getInteger("bench.services", 100_000);
    int queries = Integer.getInteger("bench.queries", 20_000);
    int warmup = Integer.getInteger("bench.warmup", 5_000);
    Random random = new Random(42);
    Taxonomy taxonomy = new Taxonomy();
    List<String> codes = taxonomy.terms().stream().map(TaxonomyTerm::code).filter(c -> c.contains(".")).toList();
    List<String> tops = taxonomy.terms().stream().filter(t -> t.parentCode() == null).map(TaxonomyTerm::code).toList();
    String[] words = {"safe", "women", "youth", "family", "legal", "clinic", "community", "support", "recovery",
        "housing", "help", "centre", "night", "language", "jobs", "training", "mentors", "refuge", "care", "justice"};
    String[] languages = {"en", "es", "ti", "ar", "vi", "zh", "uk", "fr", "so", "pt"};

    try (ServiceIndex index = new ServiceIndex(new ByteBuffersDirectory(), taxonomy)) {
      long buildStart = System.nanoTime();
      int perPartner = 5;
      for (int p = 0; p < services / perPartner; p++) {
        Partner partner = partner(random, codes, words, languages, perPartner);
        index.put(partner.id(), partner);
      }
      index.refresh();
      long buildMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - buildStart);

      String[] texts = {"bed", "shelter tonight", "lawyer", "visa", "trauma counselling", "job training",
          "interpreter", "sheltr", "safe house youth", "legal help"};
      Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      // CPU time of the searching thread as well: on a shared, oversubscribed machine wall time mostly measures the
      // wait for a core, CPU time what the search itself costs
      Histogram cpu = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long found = 0;
      for (int i = 0; i < warmup + queries; i++) {
        SearchQuery q = new SearchQuery(texts[i % texts.length], List.of(tops.get(random.nextInt(tops.size()))),
            null, new GeoPoint(41.5 + (random.nextDouble() - 0.5) * 1.2, -81.7 + (random.nextDouble() - 0.5) * 1.6),
            25, null, null, List.of(), true, false, SearchQuery.Order.RELEVANCE, 0, 20);
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        SearchResult result = index.search(q);
        long took = System.nanoTime() - start;
        long cpuTook = threads.getCurrentThreadCpuTime() - cpuStart;
        if (i >= warmup) {
          histogram.recordValue(took);
          cpu.recordValue(Math.max(0, cpuTook));
          found += result.total();
        }
      }
      Runtime rt = Runtime.getRuntime();
      System.gc();
      System.out.printf("""
          directory search benchmark (in-process service time, closed loop, 1 thread)
            services indexed      %,d (built in %,d ms)
            queries measured      %,d after %,d warm-up (text + taxonomy + 25 km radius + has-capacity)
            mean matches/query    %.1f
            wall  p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  max %.3f ms
            cpu   p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  max %.3f ms
            heap used after GC    %,d MiB
            load average          %.1f on %d cores
          """, services, buildMs, queries, warmup, (double) found / queries,
          ms(histogram.getValueAtPercentile(50)), ms(histogram.getValueAtPercentile(90)),
          ms(histogram.getValueAtPercentile(99)), ms(histogram.getValueAtPercentile(99.9)),
          ms(histogram.getMaxValue()),
          ms(cpu.getValueAtPercentile(50)), ms(cpu.getValueAtPercentile(90)), ms(cpu.getValueAtPercentile(99)),
          ms(cpu.getValueAtPercentile(99.9)), ms(cpu.getMaxValue()),
          (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024),
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
          rt.availableProcessors());
    }
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }

  private static Partner partner(Random random, List<String> codes, String[] words, String[] languages, int count) {
    double lat = 41.5 + (random.nextDouble() - 0.5) * 1.8;
    double lng = -81.7 + (random.nextDouble() - 0.5) * 2.4;
    Location location = new Location(Ids.newId(), "Site", new Address(List.of("1 Main St"), "Riverton", "RV", "44100",
        "US"), new GeoPoint(lat, lng), random.nextInt(5) == 0, false);
    List<Service> services = new ArrayList<>();
    for (int s = 0; s < count; s++) {
      String code = codes.get(random.nextInt(codes.size()));
      String name = words[random.nextInt(words.length)] + " " + words[random.nextInt(words.length)] + " services";
      Capacity capacity = random.nextBoolean() ? new Capacity("places", 20, random.nextInt(4),
          0, Capacity.Status.AVAILABLE, Instant.now()) : null;
      services.add(new Service(Ids.newId(), name, name + " for survivors in the " + words[random.nextInt(words.length)]
          + " programme", List.of(code), new Eligibility(random.nextBoolean() ? 18 : null, null, List.of(), List.of()),
          List.of(languages[random.nextInt(languages.length)]), null, null, capacity, true, List.of()));
    }
    Profile profile = new Profile(words[random.nextInt(words.length)] + " partner " + random.nextInt(100_000),
        List.of(), PartnerKind.values()[random.nextInt(PartnerKind.values().length)], null, null, null, List.of(),
        new ReferralIntake(false, List.of(), null), List.of(location), services, List.of(), List.of("en"));
    return Partner.registered(Ids.newId(), "bench", profile, null, Instant.now()).approvedBy("bench", Instant.now());
  }
}

package org.partnernet.bench.jmh;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.partnernet.bench.search.SearchQueries;
import org.partnernet.bench.search.SearchScale;
import org.partnernet.directory.search.SearchResult;
import org.partnernet.directory.search.ServiceIndex;
import org.partnernet.directory.taxonomy.Taxonomy;

/**
 * One directory search on partner-directory's own {@link ServiceIndex} over 10,000 services: the same synthetic
 * network and rotating searches (text + taxonomy + radius + has-capacity, with synonyms and typos) as the
 * search-scale scenario, so this is its mean per search under JMH's control of warm-up and forks, and the figure to
 * watch when changing the index.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public class SearchBenchmark {

  private ServiceIndex index;
  private SearchQueries queries;

  @Setup
  public void setUp() throws IOException {
    index = new ServiceIndex(new ByteBuffersDirectory(), new Taxonomy());
    SearchScale.build(index, 10_000);
    queries = new SearchQueries(42, 1024);
  }

  @TearDown
  public void tearDown() throws IOException {
    index.close();
  }

  @Benchmark
  public SearchResult searchTenThousandServices() throws IOException {
    return index.search(queries.next());
  }
}

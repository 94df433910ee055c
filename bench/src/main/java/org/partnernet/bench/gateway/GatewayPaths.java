package org.partnernet.bench.gateway;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.partnernet.api.directory.v1.GetPartnerRequest;
import org.partnernet.api.directory.v1.PartnerDirectoryServiceGrpc;
import org.partnernet.api.directory.v1.PartnerDirectoryServiceGrpc.PartnerDirectoryServiceFutureStub;
import org.partnernet.api.directory.v1.SearchServicesRequest;
import org.partnernet.bench.core.ChildJvm;
import org.partnernet.bench.core.LocalIdentity;
import org.partnernet.bench.core.Mode;
import org.partnernet.bench.core.Scenario;
import org.partnernet.bench.core.ScenarioResult;
import org.partnernet.bench.core.ScenarioResult.Check;

/**
 * DESIGN.md §6, first budget, issue 10 scenario 1: what the gateway adds to a directory search over calling the
 * service's gRPC port directly. The same searches go three ways at a steady open-model 500 requests/s, a JWT on
 * every request: REST through the gateway (JSON → gRPC transcoding), native gRPC through the gateway's TLS
 * pass-through, and gRPC straight to partner-directory. The gateway and the directory each run as their own JVM
 * (-Xmx256m); the directory is the real one, on its embedded database with its demo network.
 */
public final class GatewayPaths implements Scenario {

  /** §6 states the budget at 500 requests/s; {@code -Dbench.rate} tries another rate. */
  static final int RATE = Integer.getInteger("bench.rate", 500);
  /**
   * Searches cost the directory about 2 ms of CPU each, so at 500/s the directory alone would need a core and the
   * gateway's REST work most of the other: two cores saturate whatever the gateway adds. The §6 check therefore runs
   * on a one-partner read at 500/s, and the searches, issue 10's comparison, at a rate the machine sustains.
   */
  static final int SEARCH_RATE = Integer.getInteger("bench.searchRate", 150);
  private static final String GATEWAY = "gateway";
  private static final String DIRECTORY = "partner-directory";
  static final double BUDGET_P50_MS = 1;
  static final double BUDGET_P99_MS = 3;

  /** One search, as REST query string and as the gRPC request it transcodes to. */
  record Search(String rest, SearchServicesRequest grpc) {}

  /** A handful of searches a caseworker makes, rotated request by request, the same rotation on every path. */
  static final List<Search> SEARCHES = List.of(
      new Search("/api/v1/services:search?query=shelter",
          SearchServicesRequest.newBuilder().setQuery("shelter").build()),
      new Search("/api/v1/services:search?taxonomy=housing&hasCapacity=true",
          SearchServicesRequest.newBuilder().addTaxonomy("housing").setHasCapacity(true).build()),
      new Search("/api/v1/services:search?query=counselling&lat=41.4993&lng=-81.6944&radiusKm=25",
          SearchServicesRequest.newBuilder().setQuery("counselling").setLat(41.4993).setLng(-81.6944)
              .setRadiusKm(25).build()),
      new Search("/api/v1/services:search?taxonomy=legal&language=en",
          SearchServicesRequest.newBuilder().addTaxonomy("legal").setLanguage("en").build()),
      new Search("/api/v1/services:search?acceptingReferrals=true&lat=41.4993&lng=-81.6944&orderBy=distance",
          SearchServicesRequest.newBuilder().setAcceptingReferrals(true).setLat(41.4993).setLng(-81.6944)
              .setOrderBy("distance").build()));

  @Override
  public String name() {
    return "gateway-paths";
  }

  @Override
  public ScenarioResult run(Mode mode) throws Exception {
    int warmup = mode == Mode.LONG ? 60 : 10;
    int maxWarmup = mode == Mode.LONG ? 300 : 180;
    int rounds = mode == Mode.LONG ? 6 : 3;
    int seconds = mode == Mode.LONG ? 20 : 5;
    try (LocalIdentity identity = LocalIdentity.start();
         DirectoryProcess directory = DirectoryProcess.start(identity.issuer());
         GatewayProcess gateway = GatewayProcess.start(directory.target(), identity.issuer());
         RestClient rest = new RestClient(gateway.restBase())) {
      String token = identity.caseworkerToken();
      ManagedChannel directChannel = NettyChannelBuilder.forTarget(directory.target()).usePlaintext().build();
      ManagedChannel passThroughChannel = gateway.passThroughChannel();
      try {
        PartnerDirectoryServiceFutureStub direct = stub(directChannel, token);
        PartnerDirectoryServiceFutureStub passThrough = stub(passThroughChannel, token);
        int matches = awaitSearchable(direct);
        AtomicInteger restNext = new AtomicInteger();
        AtomicInteger passNext = new AtomicInteger();
        AtomicInteger directNext = new AtomicInteger();
        List<InterleavedRounds.Path> searches = List.of(
            new InterleavedRounds.Path("search, REST via gateway",
                () -> rest.get(next(restNext).rest(), token)),
            new InterleavedRounds.Path("search, gRPC via gateway pass-through (TLS)",
                () -> ok(passThrough.withDeadlineAfter(30, TimeUnit.SECONDS).searchServices(next(passNext).grpc()))),
            new InterleavedRounds.Path("search, gRPC direct",
                () -> ok(direct.withDeadlineAfter(30, TimeUnit.SECONDS).searchServices(next(directNext).grpc()))));
        GetPartnerRequest read = GetPartnerRequest.newBuilder().setPartner(LocalIdentity.DEMO_ORGANISATION).build();
        String readPath = "/api/v1/partners/" + LocalIdentity.DEMO_ORGANISATION;
        List<InterleavedRounds.Path> reads = List.of(
            new InterleavedRounds.Path("get partner, REST via gateway", () -> rest.get(readPath, token)),
            new InterleavedRounds.Path("get partner, gRPC via gateway pass-through (TLS)",
                () -> ok(passThrough.withDeadlineAfter(30, TimeUnit.SECONDS).getPartner(read))),
            new InterleavedRounds.Path("get partner, gRPC direct",
                () -> ok(direct.withDeadlineAfter(30, TimeUnit.SECONDS).getPartner(read))));
        for (InterleavedRounds.Path path : concat(searches, reads)) {
          if (!path.call().call().get(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(path.label() + " does not answer; see " + gateway.jvm().log());
          }
        }
        List<Integer> sizes = new ArrayList<>();
        for (Search search : SEARCHES) {
          sizes.add(rest.bodySize(search.rest(), token).get(30, TimeUnit.SECONDS));
        }
        Map<String, ChildJvm> watched = Map.of(GATEWAY, gateway.jvm(), DIRECTORY, directory.jvm());
        List<InterleavedRounds.Measured> measured = concat(
            InterleavedRounds.run(searches, SEARCH_RATE, warmup, maxWarmup, rounds, seconds, watched),
            InterleavedRounds.run(reads, RATE, warmup, maxWarmup, rounds, seconds, watched));
        return result(measured, warmup, maxWarmup, rounds, seconds, matches, sizes);
      } finally {
        directChannel.shutdownNow();
        passThroughChannel.shutdownNow();
      }
    }
  }

  private static ScenarioResult result(List<InterleavedRounds.Measured> measured, int warmup, int maxWarmup,
      int rounds, int seconds, int matches, List<Integer> restBodySizes) {
    InterleavedRounds.Measured searchRest = measured.get(0);
    InterleavedRounds.Measured searchPassThrough = measured.get(1);
    InterleavedRounds.Measured searchDirect = measured.get(2);
    InterleavedRounds.Measured rest = measured.get(3);
    InterleavedRounds.Measured passThrough = measured.get(4);
    InterleavedRounds.Measured direct = measured.get(5);
    List<Check> checks = List.of(
        added("gateway REST adds ≤ 1 ms at p50 over gRPC direct", rest, direct, 50, BUDGET_P50_MS),
        added("gateway REST adds ≤ 3 ms at p99 over gRPC direct", rest, direct, 99, BUDGET_P99_MS),
        added("gateway gRPC pass-through adds ≤ 1 ms at p50 over gRPC direct", passThrough, direct, 50,
            BUDGET_P50_MS),
        added("gateway gRPC pass-through adds ≤ 3 ms at p99 over gRPC direct", passThrough, direct, 99,
            BUDGET_P99_MS));
    List<String> notes = new ArrayList<>();
    notes.add(String.format(Locale.ROOT, "The §6 checks are on the one-partner read at %d/s. Searches at %d/s: REST"
            + " adds %+.3f ms at p50 and %+.3f ms at p99 over gRPC direct, the pass-through %+.3f and %+.3f ms.",
        RATE, SEARCH_RATE, searchRest.ms(50) - searchDirect.ms(50), searchRest.ms(99) - searchDirect.ms(99),
        searchPassThrough.ms(50) - searchDirect.ms(50), searchPassThrough.ms(99) - searchDirect.ms(99)));
    notes.add(String.format(Locale.ROOT, "Searches: CPU per request, gateway / partner-directory: REST %.0f / %.0f"
            + " µs, pass-through %.0f / %.0f µs, direct %.0f / %.0f µs.",
        searchRest.cpuMicrosPerRequest(GATEWAY), searchRest.cpuMicrosPerRequest(DIRECTORY),
        searchPassThrough.cpuMicrosPerRequest(GATEWAY), searchPassThrough.cpuMicrosPerRequest(DIRECTORY),
        searchDirect.cpuMicrosPerRequest(GATEWAY), searchDirect.cpuMicrosPerRequest(DIRECTORY)));
    notes.add(String.format(Locale.ROOT, "Partner reads: CPU per request (user + system from /proc, the JVMs'"
            + " background work during the runs included), gateway / partner-directory: REST %.0f / %.0f µs, pass-through"
            + " %.0f / %.0f µs, direct %.0f / %.0f µs (the gateway's figure on the direct path is its idle"
            + " background, the floor to subtract). Gateway plus directory CPU × %d/s is the number of cores a"
            + " path needs, beside the load generator's, out of %d.",
        rest.cpuMicrosPerRequest(GATEWAY), rest.cpuMicrosPerRequest(DIRECTORY),
        passThrough.cpuMicrosPerRequest(GATEWAY), passThrough.cpuMicrosPerRequest(DIRECTORY),
        direct.cpuMicrosPerRequest(GATEWAY), direct.cpuMicrosPerRequest(DIRECTORY), RATE,
        Runtime.getRuntime().availableProcessors()));
    notes.add("Searches rotated request by request, the same on every path: " + String.join(", ",
        SEARCHES.stream().map(s -> "`" + s.rest().substring(s.rest().indexOf('?') + 1) + "`").toList())
        + " (page size 20, the default). The first of them matched " + matches + " services; the REST answers are "
        + restBodySizes.stream().map(b -> String.format(Locale.ROOT, "%.1f", b / 1024.0)).toList()
        + " KiB of JSON.");
    notes.add("The directory is the real partner-directory.jar on its embedded durable database with its synthetic"
        + " demo network (about 45 partners), not a stand-in: the search work is the same on every path, so the"
        + " differences are the gateway's.");
    notes.add("One caseworker token on every request: the gateway and the directory verify it once and reuse the"
        + " result until it expires (see auth-cost for the price of a token seen for the first time).");
    notes.add(String.format(Locale.ROOT, "Warm-up per path: at least %d s, then until the JIT compilers of the"
        + " gateway and the directory used under 5%% of a core over a 5 s window (at most %d s; a gateway's compiler on"
        + " two cores takes minutes to settle, and a shorter warm-up measured the compiler). Then %d interleaved"
        + " rounds × %d s per path, the order rotated each round. The load generator runs in the benchmark JVM on"
        + " the same cores.", warmup, maxWarmup, rounds, seconds));
    notes.add(InterleavedRounds.warmupNote(measured));
    notes.addAll(InterleavedRounds.roundNotes(measured, rounds));
    return new ScenarioResult("gateway-paths", String.format(Locale.ROOT, "Directory searches (SearchServices) at"
            + " %d requests/s and one partner read (GetPartner) at %d/s, each three ways, open model, a JWT on every"
            + " request: REST through the gateway, native gRPC through the gateway's TLS pass-through, and gRPC"
            + " straight to partner-directory.", SEARCH_RATE, RATE),
        List.of(searchRest.row(SEARCH_RATE), searchPassThrough.row(SEARCH_RATE), searchDirect.row(SEARCH_RATE),
            rest.row(RATE), passThrough.row(RATE), direct.row(RATE)), checks, notes);
  }

  private static Check added(String budget, InterleavedRounds.Measured path, InterleavedRounds.Measured direct,
      double percentile, double limitMs) {
    double added = path.ms(percentile) - direct.ms(percentile);
    return new Check(budget, String.format(Locale.ROOT, "%+.3f ms (%.3f vs %.3f)", added, path.ms(percentile),
        direct.ms(percentile)), added <= limitMs);
  }

  private static <T> List<T> concat(List<T> first, List<T> second) {
    List<T> both = new ArrayList<>(first);
    both.addAll(second);
    return both;
  }

  private static PartnerDirectoryServiceFutureStub stub(ManagedChannel channel, String token) {
    Metadata auth = new Metadata();
    auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return PartnerDirectoryServiceGrpc.newFutureStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
  }

  /** The demo network is indexed shortly after the directory is ready; waits until a search finds it. */
  private static int awaitSearchable(PartnerDirectoryServiceFutureStub direct) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    Exception last = null;
    while (System.nanoTime() < until) {
      try {
        int total = direct.withDeadlineAfter(10, TimeUnit.SECONDS).searchServices(SEARCHES.get(0).grpc())
            .get().getTotalSize();
        if (total > 0) {
          return total;
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("partner-directory's search finds nothing after 120 s", last);
  }

  private static Search next(AtomicInteger counter) {
    return SEARCHES.get(Math.floorMod(counter.getAndIncrement(), SEARCHES.size()));
  }

  static CompletableFuture<Boolean> ok(ListenableFuture<?> future) {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    future.addListener(() -> {
      try {
        future.get();
        done.complete(true);
      } catch (Exception e) {
        done.complete(false);
      }
    }, Runnable::run);
    return done;
  }
}

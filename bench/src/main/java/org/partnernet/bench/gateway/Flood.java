package org.partnernet.bench.gateway;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.partnernet.bench.core.LocalIdentity;
import org.partnernet.bench.core.Machine;
import org.partnernet.bench.core.Mode;
import org.partnernet.bench.core.OpenLoad;
import org.partnernet.bench.core.Scenario;
import org.partnernet.bench.core.ScenarioResult;
import org.partnernet.bench.core.ScenarioResult.Row;

/**
 * Issue 10's flood: one organisation floods the gateway, another keeps working. The gateway runs with the rate
 * limits it ships with (per user and per organisation token buckets), in front of the real partner-directory.
 *
 * <p>First the other organisation alone, searching at a steady {@value #STEADY}/s (the baseline); then the same
 * while {@value #FLOODERS} users of the flooding organisation send {@value #FLOOD}/s between them, far over their
 * organisation's allowance. The flooder's surplus must be refused (429) and the other organisation's latency should
 * stay near its baseline: both are reported side by side. Not a budget with a pass/fail: a p99 ratio on two shared
 * cores is too noisy to gate on, so the ratio goes in the notes.
 */
public final class Flood implements Scenario {

  static final int STEADY = 10;
  static final int FLOOD = 600;
  static final int FLOODERS = 30;
  private static final String FLOODING_ORGANISATION = "01900000-0000-7000-8000-000000000002";

  @Override
  public String name() {
    return "flood";
  }

  @Override
  public ScenarioResult run(Mode mode) throws Exception {
    int seconds = mode == Mode.LONG ? 60 : 20;
    Map<String, String> shippedLimits = new HashMap<>();
    for (String limit : List.of("GATEWAY_RATE_USER", "GATEWAY_BURST_USER", "GATEWAY_RATE_ORG", "GATEWAY_BURST_ORG")) {
      shippedLimits.put(limit, null); // the defaults in the gateway's application.yaml
    }
    try (LocalIdentity identity = LocalIdentity.start();
         DirectoryProcess directory = DirectoryProcess.start(identity.issuer());
         GatewayProcess gateway = GatewayProcess.start(directory.target(), identity.issuer(), shippedLimits);
         RestClient rest = new RestClient(gateway.restBase())) {
      String caseworker = identity.caseworkerToken();
      List<String> flooders = new ArrayList<>();
      for (int i = 0; i < FLOODERS; i++) {
        flooders.add(identity.token("flooder-" + i, FLOODING_ORGANISATION, List.of("caseworker")));
      }
      AtomicInteger next = new AtomicInteger();
      OpenLoad.Call steady = () -> rest.get(search(next), caseworker);
      OpenLoad.run(steady, STEADY, 10); // warm-up, inside the caseworker's own allowance

      OpenLoad.Run baseline = OpenLoad.run(steady, STEADY, seconds);
      String loadBaseline = Machine.loadAverage();

      AtomicLong refused = new AtomicLong();
      AtomicLong otherFailures = new AtomicLong();
      AtomicInteger flooder = new AtomicInteger();
      OpenLoad.Call flood = () -> rest.status(search(next), flooders.get(flooder.getAndIncrement() % FLOODERS))
          .thenApply(status -> {
            if (status == 429) {
              refused.incrementAndGet();
            } else if (status != 200) {
              otherFailures.incrementAndGet();
            }
            return status == 200;
          });
      CompletableFuture<OpenLoad.Run> flooding = CompletableFuture.supplyAsync(() -> {
        try {
          return OpenLoad.run(flood, FLOOD, seconds + 4);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      });
      Thread.sleep(2000); // the flood's burst allowance is spent before the steady organisation is measured
      OpenLoad.Run during = OpenLoad.run(steady, STEADY, seconds);
      OpenLoad.Run flooded = flooding.get();

      List<Row> rows = List.of(
          new Row("other organisation, alone (baseline)", baseline.latency(), STEADY, baseline.achievedRate(),
              baseline.errors()),
          new Row("other organisation, during the flood", during.latency(), STEADY, during.achievedRate(),
              during.errors()),
          new Row("flooding organisation (answered 200)", flooded.latency(), FLOOD, flooded.achievedRate(),
              flooded.errors()));
      double p99Ratio = (double) during.latency().getValueAtPercentile(99)
          / Math.max(1, baseline.latency().getValueAtPercentile(99));
      List<String> notes = List.of(
          String.format("p99 of the other organisation during the flood / alone: %.2f (p50 %.2f)", p99Ratio,
              (double) during.latency().getValueAtPercentile(50)
                  / Math.max(1, baseline.latency().getValueAtPercentile(50))),
          String.format("flood: %d requests, %d refused with 429, %d failed otherwise; the organisation's allowance "
              + "is 100/s with a burst of 200 (the gateway's defaults)", flooded.requests(), refused.get(),
              otherFailures.get()),
          "load average after the baseline " + loadBaseline + ", after the flood " + Machine.loadAverage());
      return new ScenarioResult(name(), """
          Searches through the gateway (REST, real partner-directory) with the shipped rate limits: one organisation \
          at %d/s alone, then again while %d users of another organisation send %d/s.""".formatted(STEADY, FLOODERS,
          FLOOD), rows, List.of(), notes);
    }
  }

  private static String search(AtomicInteger next) {
    return GatewayPaths.SEARCHES.get(Math.floorMod(next.getAndIncrement(), GatewayPaths.SEARCHES.size())).rest();
  }
}

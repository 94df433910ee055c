package org.partnernet.bench.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.partnernet.bench.core.LocalIdentity;
import org.partnernet.bench.core.Mode;
import org.partnernet.bench.core.Scenario;
import org.partnernet.bench.core.ScenarioResult;

/**
 * Issue 10 scenario 4: what checking the JWT costs at the gateway. {@code GET /api/status} is public and answered
 * by the gateway itself from what it already knows, so the work behind it is identical with or without a token;
 * sent with a token, the gateway still verifies it (an invalid one gets 401). Three ways, interleaved, at 500
 * requests/s: without a token; with one token (verified once, then found in the gateway's cache of verified
 * tokens, as for a user sending the same token for minutes); and with a new token on every request (signature,
 * issuer, audience and expiry checked each time, as when many users arrive at once).
 */
public final class AuthCost implements Scenario {

  /** §6 states the budget at 500 requests/s; {@code -Dbench.rate} tries another rate. */
  static final int RATE = Integer.getInteger("bench.rate", 500);
  private static final String ROUTE = "/api/status";
  private static final String GATEWAY = "gateway";

  @Override
  public String name() {
    return "auth-cost";
  }

  @Override
  public ScenarioResult run(Mode mode) throws Exception {
    int warmup = mode == Mode.LONG ? 30 : 10;
    int rounds = mode == Mode.LONG ? 5 : 3;
    int seconds = mode == Mode.LONG ? 15 : 5;
    try (LocalIdentity identity = LocalIdentity.start();
         ActiveDirectory directory = new ActiveDirectory();
         GatewayProcess gateway = GatewayProcess.start(directory.target(), identity.issuer());
         RestClient rest = new RestClient(gateway.restBase())) {
      String token = identity.caseworkerToken();
      // minted up front, one per request of that path plus slack for the drain, so minting never competes with
      // the measurement and no token is sent twice
      int needed = RATE * (warmup + rounds * seconds) + RATE;
      System.out.printf("  minting %d tokens%n", needed);
      String[] fresh = IntStream.range(0, needed).parallel().mapToObj(i -> identity.caseworkerToken())
          .toArray(String[]::new);
      AtomicInteger nextFresh = new AtomicInteger();
      List<InterleavedRounds.Path> paths = List.of(
          new InterleavedRounds.Path("no token", () -> rest.get(ROUTE, null)),
          new InterleavedRounds.Path("one token (cached after first check)", () -> rest.get(ROUTE, token)),
          new InterleavedRounds.Path("new token every request (first sight)",
              () -> rest.get(ROUTE, fresh[Math.floorMod(nextFresh.getAndIncrement(), fresh.length)])));
      for (InterleavedRounds.Path path : paths) {
        if (!path.call().call().get()) {
          throw new IllegalStateException(path.label() + ": " + ROUTE + " does not answer 200; see "
              + gateway.jvm().log());
        }
      }
      List<InterleavedRounds.Measured> measured =
          InterleavedRounds.run(paths, RATE, warmup, warmup, rounds, seconds, Map.of(GATEWAY, gateway.jvm()));
      if (nextFresh.get() > fresh.length) {
        throw new IllegalStateException("sent more first-sight requests than tokens minted: some were reused");
      }
      return result(measured, warmup, rounds, seconds);
    }
  }

  private static ScenarioResult result(List<InterleavedRounds.Measured> measured, int warmup, int rounds,
      int seconds) {
    InterleavedRounds.Measured anonymous = measured.get(0);
    InterleavedRounds.Measured cached = measured.get(1);
    InterleavedRounds.Measured firstSight = measured.get(2);
    List<String> notes = new ArrayList<>();
    notes.add(String.format(Locale.ROOT, "JWT validation cost over no token, first sight: %+.3f ms at p50, %+.3f ms"
            + " at p99; cached token: %+.3f ms at p50, %+.3f ms at p99.",
        firstSight.ms(50) - anonymous.ms(50), firstSight.ms(99) - anonymous.ms(99),
        cached.ms(50) - anonymous.ms(50), cached.ms(99) - anonymous.ms(99)));
    notes.add(String.format(Locale.ROOT, "Gateway CPU per request (user + system from /proc, the JVM's background"
            + " work included): no token %.0f µs, cached token %.0f µs, first-sight token %.0f µs. First sight minus"
            + " cached (parsing and checking an RS256 token): %+.0f µs; cached minus no token (the bearer chain and"
            + " the cache look-up, against the browser chain): %+.0f µs.",
        anonymous.cpuMicrosPerRequest(GATEWAY), cached.cpuMicrosPerRequest(GATEWAY),
        firstSight.cpuMicrosPerRequest(GATEWAY),
        firstSight.cpuMicrosPerRequest(GATEWAY) - cached.cpuMicrosPerRequest(GATEWAY),
        cached.cpuMicrosPerRequest(GATEWAY) - anonymous.cpuMicrosPerRequest(GATEWAY)));
    notes.add("Tokens are RS256 with a 2048-bit key from a local JWKS, shaped like the realm's (issuer, audience,"
        + " org_id, roles); all of one organisation, whose ACTIVE standing the gateway asks a stand-in directory"
        + " once and then caches, as it does per organisation in production.");
    notes.add("Not exactly the same path apart from the token: a request without Authorization takes the browser"
        + " filter chain (session and CSRF cookie machinery), one with a bearer token the lean API chain, as in"
        + " production; so the cached case can come out cheaper than no token at all.");
    notes.add(String.format(Locale.ROOT, "%d s warm-up per path, then %d interleaved rounds × %d s per path, the"
        + " order rotated each round; the gateway's cache of verified tokens holds 10,000, so most first-sight"
        + " tokens also evict an older one, as under a real burst of new users.", warmup, rounds, seconds));
    notes.addAll(InterleavedRounds.roundNotes(measured, rounds));
    return new ScenarioResult("auth-cost", String.format(Locale.ROOT, "`GET %s` through the gateway at %d"
            + " requests/s open model: without a token, with one repeated token, and with a new token on every"
            + " request. Same route and same work behind it; the difference is the authentication.", ROUTE, RATE),
        measured.stream().map(m -> m.row(RATE)).toList(), List.of(), notes);
  }
}

package org.partnernet.bench;

import com.google.gson.GsonBuilder;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.partnernet.api.directory.v1.GetPartnerRequest;
import org.partnernet.api.directory.v1.GetPartnerResponse;
import org.partnernet.api.directory.v1.Partner;
import org.partnernet.api.directory.v1.PartnerDirectoryServiceGrpc;

/**
 * DESIGN.md §6, first budget: what the gateway adds over calling the service's gRPC port directly,
 * for the same unary call (GetPartner), at a steady open-model rate, JWT included.
 *
 * <p>Open model: request i is due at {@code start + i/rate}; it is sent then (or as soon as the sender
 * can, if it fell behind) and its latency is measured from that due time, so a stall shows as latency
 * and is never hidden (no coordinated omission). Paths alternate in rounds so drift on a shared machine
 * hits both alike. The gateway runs as its own process from {@code gateway/target/gateway.jar}; the
 * stand-in service and the JWKS endpoint run here, in this JVM, for both paths.
 */
public final class GatewayOverhead {

  private static final long MAX_LATENCY = TimeUnit.SECONDS.toNanos(30);
  private static final String LOAD_AT_START = loadAverage();

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  public static void main(String[] args) throws Exception {
    int rate = Integer.getInteger("bench.rate", 500);
    int rounds = Integer.getInteger("bench.rounds", 6);
    int seconds = Integer.getInteger("bench.seconds", 10);
    int warmup = Integer.getInteger("bench.warmup", 60);
    Path out = Path.of(System.getProperty("bench.out", locate("bench/target")));
    Files.createDirectories(out);

    RSAKey key = new RSAKeyGenerator(2048).keyID("bench").generate();
    HttpServer jwks = jwks(key);
    String issuer = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/realms/bench";
    String token = token(key, issuer);

    Server service = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new Directory())
        .build().start();
    int gatewayPort = freePort();
    int gatewayGrpcPort = freePort();
    Process gateway = startGateway(out, gatewayPort, gatewayGrpcPort, service.getPort(), issuer);
    try {
      awaitReady(gatewayPort, gateway);
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", service.getPort()).usePlaintext().build();
      Metadata auth = new Metadata();
      auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
      var grpc = PartnerDirectoryServiceGrpc.newFutureStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
      ManagedChannel tlsChannel = NettyChannelBuilder.forAddress("localhost", gatewayGrpcPort)
          .sslContext(io.grpc.netty.GrpcSslContexts.forClient().trustManager(devCertificate(out)).build())
          .build();
      var passThrough = PartnerDirectoryServiceGrpc.newFutureStub(tlsChannel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
      reactor.netty.http.client.HttpClient http = reactor.netty.http.client.HttpClient.create(
              reactor.netty.resources.ConnectionProvider.builder("bench")
                  .maxConnections(256)
                  .pendingAcquireMaxCount(-1)
                  .pendingAcquireTimeout(Duration.ofSeconds(60))
                  .build())
          .baseUrl("http://127.0.0.1:" + gatewayPort)
          .headers(h -> h.set("Authorization", "Bearer " + token))
          .responseTimeout(Duration.ofSeconds(30));
      String restPath = "/api/v1/partners/01900000-0000-7000-8000-000000000001";
      GetPartnerRequest request = GetPartnerRequest.newBuilder().setPartner("01900000-0000-7000-8000-000000000001").build();

      Call viaGateway = () -> http.get().uri(restPath)
          .responseSingle((response, body) -> body.asByteArray().defaultIfEmpty(new byte[0])
              .map(bytes -> response.status().code() == 200))
          .onErrorReturn(false)
          .toFuture();
      Call direct = () -> unary(grpc.getPartner(request));
      Call viaPassThrough = () -> unary(passThrough.getPartner(request));
      // sanity: every path answers
      if (!viaGateway.call().get(10, TimeUnit.SECONDS) || !direct.call().get(10, TimeUnit.SECONDS)
          || !viaPassThrough.call().get(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("a path does not answer 200/OK; see " + out.resolve("gateway.log"));
      }
      System.out.printf("warm-up %d s per path at %d req/s%n", warmup, rate);
      run(viaGateway, rate, warmup);
      run(viaPassThrough, rate, warmup);
      run(direct, rate, warmup);

      long restCpu = 0;
      long restCount = 0;
      Histogram restAll = new Histogram(MAX_LATENCY, 3);
      Histogram grpcAll = new Histogram(MAX_LATENCY, 3);
      Histogram passAll = new Histogram(MAX_LATENCY, 3);
      List<Map<String, Object>> perRound = new ArrayList<>();
      long errors = 0;
      for (int round = 1; round <= rounds; round++) {
        // rotate the order so each path runs first, second and last equally often
        Call[] order = switch (round % 3) {
          case 1 -> new Call[] {viaGateway, direct, viaPassThrough};
          case 2 -> new Call[] {direct, viaPassThrough, viaGateway};
          default -> new Call[] {viaPassThrough, viaGateway, direct};
        };
        Result r = null;
        Result g = null;
        Result p = null;
        for (Call path : order) {
          long cpu0 = path == viaGateway ? cpuMillis(gateway.pid()) : 0;
          Result result = run(path, rate, seconds);
          if (path == viaGateway) {
            r = result;
            restCpu += cpuMillis(gateway.pid()) - cpu0;
          } else if (path == direct) {
            g = result;
          } else {
            p = result;
          }
        }
        restAll.add(r.histogram);
        restCount += r.histogram.getTotalCount();
        grpcAll.add(g.histogram);
        passAll.add(p.histogram);
        errors += r.errors + g.errors + p.errors;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("round", round);
        row.put("rest", summary(r.histogram));
        row.put("grpc", summary(g.histogram));
        row.put("passThrough", summary(p.histogram));
        row.put("errors", r.errors + g.errors + p.errors);
        perRound.add(row);
        System.out.printf("round %d: REST p50 %.3f p99 %.3f | pass-through p50 %.3f p99 %.3f | gRPC p50 %.3f p99 %.3f ms"
            + " (errors %d)%n", round,
            ms(r.histogram.getValueAtPercentile(50)), ms(r.histogram.getValueAtPercentile(99)),
            ms(p.histogram.getValueAtPercentile(50)), ms(p.histogram.getValueAtPercentile(99)),
            ms(g.histogram.getValueAtPercentile(50)), ms(g.histogram.getValueAtPercentile(99)),
            r.errors + g.errors + p.errors);
      }
      double cpuMicrosPerRequest = restCount == 0 ? -1 : restCpu * 1000.0 / restCount;
      channel.shutdownNow();
      tlsChannel.shutdownNow();
      report(out, rate, rounds, seconds, warmup, restAll, grpcAll, passAll, perRound, errors, cpuMicrosPerRequest);
    } finally {
      gateway.destroy();
      gateway.waitFor(10, TimeUnit.SECONDS);
      service.shutdownNow();
      jwks.stop(0);
    }
    System.exit(0);
  }

  @FunctionalInterface
  interface Call {
    CompletableFuture<Boolean> call();
  }

  record Result(Histogram histogram, long errors) {}

  /** Sends at a fixed schedule for {@code seconds}; latency from each request's due time. */
  static Result run(Call call, int rate, int seconds) throws InterruptedException {
    Recorder recorder = new Recorder(MAX_LATENCY, 3);
    AtomicLong errors = new AtomicLong();
    AtomicLong outstanding = new AtomicLong();
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    long total = (long) rate * seconds;
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    for (long i = 0; i < total; i++) {
      long due = start + i * interval;
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      outstanding.incrementAndGet();
      call.call().whenComplete((ok, failure) -> {
        recorder.recordValue(Math.min(MAX_LATENCY, System.nanoTime() - due));
        if (failure != null || !Boolean.TRUE.equals(ok)) {
          errors.incrementAndGet();
        }
        outstanding.decrementAndGet();
      });
    }
    long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (outstanding.get() > 0 && System.nanoTime() < drainUntil) {
      Thread.sleep(5);
    }
    errors.addAndGet(outstanding.get());
    return new Result(recorder.getIntervalHistogram(), errors.get());
  }

  private static void report(Path out, int rate, int rounds, int seconds, int warmup, Histogram rest,
      Histogram grpc, Histogram pass, List<Map<String, Object>> perRound, long errors, double cpuMicrosPerRequest)
      throws IOException {
    double addedP50 = ms(rest.getValueAtPercentile(50)) - ms(grpc.getValueAtPercentile(50));
    double addedP99 = ms(rest.getValueAtPercentile(99)) - ms(grpc.getValueAtPercentile(99));
    boolean withinP50 = addedP50 <= 1.0;
    boolean withinP99 = addedP99 <= 3.0;
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", "gateway-overhead");
    json.put("time", Instant.now().toString());
    json.put("call", "GET /api/v1/partners/{partner} (REST via gateway) vs PartnerDirectoryService/GetPartner (gRPC direct)");
    json.put("ratePerSecond", rate);
    json.put("rounds", rounds);
    json.put("secondsPerPathPerRound", seconds);
    json.put("warmupSecondsPerPath", warmup);
    json.put("cores", Runtime.getRuntime().availableProcessors());
    json.put("loadAverageAtStart", LOAD_AT_START);
    json.put("loadAverageAtEnd", loadAverage());
    json.put("rest", summary(rest));
    json.put("grpc", summary(grpc));
    json.put("passThrough", summary(pass));
    json.put("passThroughAddedMsP50", round(ms(pass.getValueAtPercentile(50)) - ms(grpc.getValueAtPercentile(50))));
    json.put("passThroughAddedMsP99", round(ms(pass.getValueAtPercentile(99)) - ms(grpc.getValueAtPercentile(99))));
    json.put("addedMsP50", round(addedP50));
    json.put("addedMsP99", round(addedP99));
    json.put("budgetMsP50", 1.0);
    json.put("budgetMsP99", 3.0);
    json.put("withinBudget", withinP50 && withinP99);
    json.put("errors", errors);
    json.put("gatewayCpuMicrosPerRequest", round(cpuMicrosPerRequest));
    json.put("perRound", perRound);
    Files.writeString(out.resolve("gateway-overhead.json"),
        new GsonBuilder().setPrettyPrinting().create().toJson(json));

    StringBuilder md = new StringBuilder();
    md.append("# Gateway overhead (DESIGN.md §6)\n\n")
        .append(String.format("%s · %d req/s open model · %d interleaved rounds × %d s per path · %d s warm-up · %d cores · JWT on every request%n%n",
            json.get("time"), rate, rounds, seconds, warmup, Runtime.getRuntime().availableProcessors()))
        .append("Same unary call: `GET /api/v1/partners/{partner}` through the gateway (REST/JSON → gRPC) vs ")
        .append("`PartnerDirectoryService/GetPartner` straight to the service's gRPC port. Latency from each ")
        .append("request's intended send time (HdrHistogram, no coordinated omission).\n\n")
        .append("| path | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | count |\n|---|---|---|---|---|---|---|\n")
        .append(row("REST via gateway", rest)).append(row("gRPC via gateway pass-through (TLS)", pass))
        .append(row("gRPC direct", grpc))
        .append(String.format("%n| added by the gateway | p50 | p99 |%n|---|---|---|%n| measured | %+.3f ms | %+.3f ms |%n"
            + "| budget | ≤ +1 ms | ≤ +3 ms |%n| verdict | %s | %s |%n%n", addedP50, addedP99,
            withinP50 ? "within" : "OVER", withinP99 ? "within" : "OVER"))
        .append(String.format("gRPC pass-through (TLS, token check, relay) adds %+.3f ms at p50 and %+.3f ms at p99.%n%n",
            ms(pass.getValueAtPercentile(50)) - ms(grpc.getValueAtPercentile(50)),
            ms(pass.getValueAtPercentile(99)) - ms(grpc.getValueAtPercentile(99))))
        .append("Errors (non-200 / failed / unfinished): ").append(errors).append("\n\n")
        .append(String.format("Gateway process CPU (user+system) during the REST rounds, divided by their requests:"
            + " %.0f µs. It includes the JVM's background work in that time (JIT compilation, GC, health polls),"
            + " so it falls as the rate rises and the JVM settles; an upper bound on the per-request cost.%n%n",
            cpuMicrosPerRequest))
        .append("Machine load average (1/5/15 min) at start: ").append(LOAD_AT_START).append("; at end: ")
        .append(loadAverage()).append(" (other work on the machine inflates both paths' tails alike).\n\n")
        .append("## Per round (ms)\n\n| round | REST p50 | REST p99 | pass-through p50 | pass-through p99 | gRPC p50 | gRPC p99 |\n"
            + "|---|---|---|---|---|---|---|\n");
    for (Map<String, Object> r : perRound) {
      @SuppressWarnings("unchecked") Map<String, Object> a = (Map<String, Object>) r.get("rest");
      @SuppressWarnings("unchecked") Map<String, Object> b = (Map<String, Object>) r.get("grpc");
      @SuppressWarnings("unchecked") Map<String, Object> c = (Map<String, Object>) r.get("passThrough");
      md.append(String.format("| %s | %s | %s | %s | %s | %s | %s |%n", r.get("round"), a.get("p50"), a.get("p99"),
          c.get("p50"), c.get("p99"), b.get("p50"), b.get("p99")));
    }
    md.append("\nNotes: the stand-in service and the JWKS endpoint run in the benchmark JVM and serve both paths;"
        + " the gateway runs as its own JVM (-Xmx256m). The REST client is reactor-netty (pooled HTTP/1.1 keep-alive),"
        + " whose own cost counts against the gateway. The same token is sent on every request: the gateway"
        + " verifies it once and reuses the result until it expires.\n");
    Files.writeString(out.resolve("gateway-overhead.md"), md);
    System.out.print(md);
  }

  private static String row(String name, Histogram h) {
    return String.format("| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %d |%n", name, ms(h.getValueAtPercentile(50)),
        ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
        ms(h.getMaxValue()), h.getTotalCount());
  }

  private static Map<String, Object> summary(Histogram h) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("count", h.getTotalCount());
    s.put("p50", round(ms(h.getValueAtPercentile(50))));
    s.put("p90", round(ms(h.getValueAtPercentile(90))));
    s.put("p99", round(ms(h.getValueAtPercentile(99))));
    s.put("p999", round(ms(h.getValueAtPercentile(99.9))));
    s.put("max", round(ms(h.getMaxValue())));
    return s;
  }

  private static CompletableFuture<Boolean> unary(com.google.common.util.concurrent.ListenableFuture<?> future) {
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

  private static java.security.cert.X509Certificate devCertificate(Path out) throws Exception {
    Path file = out.resolve("data").resolve("gateway-tls-dev.p12");
    java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(file)) {
      store.load(in, "partnernet-dev".toCharArray());
    }
    return (java.security.cert.X509Certificate) store.getCertificate("gateway");
  }

  /** utime + stime of a process, in ms, from /proc (Linux); -1 elsewhere. */
  private static long cpuMillis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks * 10; // USER_HZ is 100 on Linux
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static Process startGateway(Path out, int port, int grpcPort, int servicePort, String issuer)
      throws IOException {
    String jar = System.getProperty("bench.gatewayJar", locate("gateway/target/gateway.jar"));
    if (!new File(jar).isFile()) {
      throw new IllegalStateException(jar + " is missing: build it first (bench/run does)");
    }
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-jar", jar);
    Map<String, String> env = pb.environment();
    env.put("GATEWAY_PORT", Integer.toString(port));
    env.put("GATEWAY_GRPC_PORT", Integer.toString(grpcPort));
    env.put("PARTNERNET_DATA_DIR", out.resolve("data").toString());
    env.put("DIRECTORY_TARGET", "127.0.0.1:" + servicePort);
    env.put("KEYCLOAK_ISSUER", issuer);
    // one user at 500 req/s: lift the per-user/organisation limits for the measurement
    env.put("GATEWAY_RATE_USER", "1000000");
    env.put("GATEWAY_BURST_USER", "1000000");
    env.put("GATEWAY_RATE_ORG", "1000000");
    env.put("GATEWAY_BURST_ORG", "1000000");
    env.put("LOGGING_LEVEL_ROOT", "WARN");
    pb.redirectErrorStream(true);
    pb.redirectOutput(out.resolve("gateway.log").toFile());
    return pb.start();
  }

  private static void awaitReady(int port, Process gateway) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (System.nanoTime() < until) {
      if (!gateway.isAlive()) {
        throw new IllegalStateException("gateway exited with " + gateway.exitValue());
      }
      try {
        var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("gateway not ready after 300 s");
  }

  private static String locate(String relative) {
    File here = new File(relative);
    if (here.exists() || new File("bench").isDirectory()) {
      return here.getPath();
    }
    return new File("..", relative).getPath();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static HttpServer jwks(RSAKey key) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    server.createContext("/realms/bench/protocol/openid-connect/certs", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream o = exchange.getResponseBody()) {
        o.write(body);
      }
    });
    server.start();
    return server;
  }

  private static String token(RSAKey key, String issuer) throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer).subject("bench-user").audience(List.of("partnernet"))
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)))
        .claim("org_id", "01900000-0000-7000-8000-000000000001")
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  /** A stand-in partner-directory: a fixed answer, so only the paths differ. */
  static final class Directory extends PartnerDirectoryServiceGrpc.PartnerDirectoryServiceImplBase {
    private final GetPartnerResponse answer = GetPartnerResponse.newBuilder()
        .setPartner(Partner.newBuilder().setId("01900000-0000-7000-8000-000000000001").setNetworkId("demo")
            .setName("Harbor House Shelter"))
        .build();

    @Override
    public void getPartner(GetPartnerRequest request, StreamObserver<GetPartnerResponse> response) {
      response.onNext(answer);
      response.onCompleted();
    }
  }
}

package org.partnernet.bench;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.partnernet.api.directory.v1.CheckReferralRecipientRequest;
import org.partnernet.api.directory.v1.CheckReferralRecipientResponse;
import org.partnernet.api.directory.v1.PartnerDirectoryServiceGrpc;
import org.partnernet.api.directory.v1.PartnerStatus;
import org.partnernet.api.referral.v1.AgeRange;
import org.partnernet.api.referral.v1.Consent;
import org.partnernet.api.referral.v1.ConsentMethod;
import org.partnernet.api.referral.v1.CreateConsentRequest;
import org.partnernet.api.referral.v1.CreateReferralRequest;
import org.partnernet.api.referral.v1.DataCategory;
import org.partnernet.api.referral.v1.Disclosure;
import org.partnernet.api.referral.v1.Referral;
import org.partnernet.api.referral.v1.ReferralServiceGrpc;
import org.partnernet.api.referral.v1.ReferralSummary;
import org.partnernet.api.referral.v1.Urgency;

/**
 * DESIGN.md §6, referral create: validate, directory check (gRPC, caller token forwarded), Tink encrypt + wrap,
 * key-vault insert, persist, audit; ≥ 500/s on 2 cores. The referral-service runs as its own process from
 * {@code referral-service/target/referral-service.jar} on its default, durable embedded database (a file under a
 * fresh data directory); the JWKS endpoint and a stand-in partner-directory run in this JVM.
 * <pre>
 * ./mvnw -B -q -pl proto,referral-service,bench -am install -DskipTests
 * ./mvnw -B -q -pl bench exec:java -Dbench.main=org.partnernet.bench.ReferralCreate [-Dbench.seconds=20 -Dbench.rates=250,500]
 * </pre>
 * Phase 1, closed model: {@code bench.concurrency} requests in flight, as fast as it goes (throughput).
 * Phase 2, open model at each of {@code bench.rates} in turn: request i is due at start + i/rate and its latency is
 * measured from then (no coordinated omission). Every phase notes the load average at its end, since the machine is
 * shared, and the service's CPU time per create (closed phase), which other load barely moves.
 * {@code bench.serviceJvmArgs} adds JVM options to the service; {@code bench.jfr=<file>} records the closed phase
 * with JFR's profile settings.
 * Writes bench/target/referral-create.md.
 */
public final class ReferralCreate {

  private static final String SENDER = "01900000-0000-7000-8000-000000000002";
  private static final String RECIPIENT = "01900000-0000-7000-8000-000000000001";
  private static final long MAX_LATENCY = TimeUnit.SECONDS.toNanos(60);

  public static void main(String[] args) throws Exception {
    List<Integer> rates = java.util.Arrays.stream(System.getProperty("bench.rates",
        System.getProperty("bench.rate", "250,500")).split(",")).map(String::trim).map(Integer::valueOf).toList();
    int seconds = Integer.getInteger("bench.seconds", 20);
    int warmup = Integer.getInteger("bench.warmup", 15);
    int concurrency = Integer.getInteger("bench.concurrency", 32);
    Path out = Path.of(System.getProperty("bench.out", locate("bench/target")));
    Files.createDirectories(out);
    String loadAtStart = loadAverage();

    RSAKey key = new RSAKeyGenerator(2048).keyID("bench").generate();
    HttpServer jwks = jwks(key);
    String issuer = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/realms/bench";
    String token = token(key, issuer);
    Server directory = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new Directory()).build().start();
    int grpcPort = freePort();
    int httpPort = freePort();
    Path data = Files.createTempDirectory(out, "referral-data");
    Process service = start(out, data, grpcPort, httpPort, directory.getPort(), issuer);
    try {
      awaitReady(httpPort, service);
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
      Metadata auth = new Metadata();
      auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
      var blocking = ReferralServiceGrpc.newBlockingStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
      var async = ReferralServiceGrpc.newFutureStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
      Consent consent = firstCall(() -> blocking.createConsent(CreateConsentRequest.newBuilder().setRequestId(id())
          .setConsent(Consent.newBuilder().setClientId("bench-client").setMethod(ConsentMethod.CONSENT_METHOD_WRITTEN)
              .addRecipientPartners(RECIPIENT).addPurposes("emergency-shelter")
              .addCategories(DataCategory.DATA_CATEGORY_IDENTITY).addCategories(DataCategory.DATA_CATEGORY_CONTACT)
              .addCategories(DataCategory.DATA_CATEGORY_NEEDS)
              .setExpireTime(com.google.protobuf.Timestamp.newBuilder()
                  .setSeconds(Instant.now().plus(Duration.ofDays(30)).getEpochSecond()))).build()).getConsent());
      Call create = () -> {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        var future = async.withDeadlineAfter(30, TimeUnit.SECONDS).createReferral(request(consent));
        future.addListener(() -> {
          try {
            future.get();
            done.complete(true);
          } catch (Exception e) {
            done.complete(false);
          }
        }, Runnable::run);
        return done;
      };
      if (!create.call().get(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("a referral create fails; see " + out.resolve("referral-service.log"));
      }
      System.out.printf("warm-up %d s (closed, %d in flight)%n", warmup, concurrency);
      closed(create, concurrency, warmup);
      String jfr = System.getProperty("bench.jfr", "");
      if (!jfr.isEmpty()) {
        jcmd(service, "JFR.start", "name=bench", "settings=profile", "filename=" + Path.of(jfr).toAbsolutePath());
      }
      StringBuilder rows = new StringBuilder();
      long cpuBefore = cpuNanos(service);
      Result closed = closed(create, concurrency, seconds);
      long cpuPerCreate = (cpuNanos(service) - cpuBefore) / Math.max(1, Math.round(closed.perSecond * seconds));
      if (!jfr.isEmpty()) {
        jcmd(service, "JFR.stop", "name=bench");
      }
      rows.append(row("closed, " + concurrency + " in flight", "-", closed));
      for (int rate : rates) {
        Result open = open(create, rate, seconds);
        rows.append(row("open", rate + "/s", open));
      }
      String report = String.format("""
          # Referral create (DESIGN.md §6: >= 500/s on 2 cores)

          referral-service as its own process (-Xmx256m) on its durable embedded database (H2 file, no write
          acknowledged before a commit covering it); a stand-in partner-directory; JWT verified on every call.
          Latency from the due time (open model) or the send time (closed model), HdrHistogram.
          %d cores; load average (1/5/15 min) at start %s (a shared machine: read the figures with that in mind).
          The service's own CPU time per create in the closed phase: %.2f ms (2 cores / that = its ceiling here,
          whatever else runs; the load generator and the stand-in directory use the same cores).

          | phase | offered | achieved | p50 ms | p90 ms | p99 ms | max ms | errors | load avg at end |
          |---|---|---|---|---|---|---|---|---|
          %s""", Runtime.getRuntime().availableProcessors(), loadAtStart, cpuPerCreate / 1e6, rows);
      Files.writeString(out.resolve("referral-create.md"), report);
      System.out.println(report);
      channel.shutdownNow();
    } finally {
      service.destroy();
      service.waitFor(20, TimeUnit.SECONDS);
      directory.shutdownNow();
      jwks.stop(0);
    }
    System.exit(0);
  }

  /** The service fetches the JWKS on the first call; on a loaded machine that can time out once. */
  private static <T> T firstCall(java.util.function.Supplier<T> call) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (io.grpc.StatusRuntimeException e) {
        if (attempt == 20) {
          throw e;
        }
        Thread.sleep(1000);
      }
    }
  }

  @FunctionalInterface
  interface Call {
    CompletableFuture<Boolean> call();
  }

  record Result(Histogram histogram, double perSecond, long errors) {}

  static Result closed(Call call, int concurrency, int seconds) throws InterruptedException {
    Recorder recorder = new Recorder(MAX_LATENCY, 3);
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    Semaphore inFlight = new Semaphore(concurrency);
    long begin = System.nanoTime();
    long end = begin + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end) {
      inFlight.acquire();
      long start = System.nanoTime();
      call.call().whenComplete((success, failure) -> {
        recorder.recordValue(Math.min(System.nanoTime() - start, MAX_LATENCY));
        (Boolean.TRUE.equals(success) ? ok : errors).incrementAndGet();
        inFlight.release();
      });
    }
    inFlight.acquire(concurrency);
    double elapsed = (System.nanoTime() - begin) / 1e9;
    return new Result(recorder.getIntervalHistogram(), ok.get() / elapsed, errors.get());
  }

  static Result open(Call call, int rate, int seconds) throws Exception {
    Recorder recorder = new Recorder(MAX_LATENCY, 3);
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    long total = (long) rate * seconds;
    long begin = System.nanoTime();
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (long i = 0; i < total; i++) {
      long due = begin + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      all.add(call.call().whenComplete((success, failure) -> {
        recorder.recordValue(Math.min(System.nanoTime() - due, MAX_LATENCY));
        (Boolean.TRUE.equals(success) ? ok : errors).incrementAndGet();
      }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
    double elapsed = (System.nanoTime() - begin) / 1e9;
    return new Result(recorder.getIntervalHistogram(), ok.get() / elapsed, errors.get());
  }

  private static String row(String phase, String offered, Result r) throws IOException {
    Histogram h = r.histogram;
    String line = String.format("| %s | %s | %.0f/s | %.2f | %.2f | %.2f | %.2f | %d | %s |%n", phase, offered,
        r.perSecond, ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
        ms(h.getMaxValue()), r.errors, loadAverage());
    System.out.print(line);
    return line;
  }

  /** User + system CPU time of a process so far, from /proc (clock ticks of 10 ms on Linux). */
  private static long cpuNanos(Process process) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
  }

  private static void jcmd(Process service, String... command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(service.pid())));
    line.addAll(List.of(command));
    new ProcessBuilder(line).inheritIO().start().waitFor(60, TimeUnit.SECONDS);
  }

  private static String loadAverage() throws IOException {
    String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
    return fields[0] + " " + fields[1] + " " + fields[2];
  }

  private static CreateReferralRequest request(Consent consent) {
    return CreateReferralRequest.newBuilder().setRequestId(id())
        .setReferral(Referral.newBuilder().setRecipientPartner(RECIPIENT).addRequestedServices("emergency-shelter")
            .setUrgency(Urgency.URGENCY_URGENT).setConsent(consent.getName())
            .setSummary(ReferralSummary.newBuilder().setAgeRange(AgeRange.newBuilder().setMinAge(16).setMaxAge(17))
                .addLanguages("ti").addNeeds("emergency-shelter")))
        .setDisclosure(Disclosure.newBuilder()
            .setIdentity(Disclosure.Identity.newBuilder().setGivenName("Bench").setFamilyName("Person")
                .setDateOfBirth("2009-01-01"))
            .setContact(Disclosure.Contact.newBuilder().setPhone("+44 7700 900000").setAddress("1 Bench Street"))
            .setNeeds(Disclosure.Needs.newBuilder().setNotes("needs a bed tonight and an interpreter")))
        .build();
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }

  private static Process start(Path out, Path data, int grpcPort, int httpPort, int directoryPort, String issuer)
      throws IOException {
    String jar = System.getProperty("bench.referralJar", locate("referral-service/target/referral-service.jar"));
    if (!new File(jar).isFile()) {
      throw new IllegalStateException(jar + " is missing: build it first");
    }
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m"));
    String extra = System.getProperty("bench.serviceJvmArgs", "").trim();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.addAll(List.of("-jar", jar));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.put("GRPC_PORT", Integer.toString(grpcPort));
    env.put("HTTP_PORT", Integer.toString(httpPort));
    env.put("PARTNERNET_DATA_DIR", data.toString());
    env.remove("MONGODB_URI");
    env.put("DIRECTORY_TARGET", "static://127.0.0.1:" + directoryPort);
    env.put("KEYCLOAK_ISSUER", issuer);
    env.put("LOGGING_LEVEL_ROOT", "WARN");
    pb.redirectErrorStream(true);
    pb.redirectOutput(out.resolve("referral-service.log").toFile());
    return pb.start();
  }

  private static void awaitReady(int port, Process service) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < until) {
      if (!service.isAlive()) {
        throw new IllegalStateException("referral-service exited with " + service.exitValue());
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
    throw new IllegalStateException("referral-service not ready after 180 s");
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
        .issuer(issuer).subject("bench-caseworker").audience(List.of("partnernet"))
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)))
        .claim("org_id", SENDER)
        .claim("realm_access", Map.of("roles", List.of("caseworker")))
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  /** A stand-in partner-directory: every recipient is active and accepts referrals. */
  static final class Directory extends PartnerDirectoryServiceGrpc.PartnerDirectoryServiceImplBase {
    @Override
    public void checkReferralRecipient(CheckReferralRecipientRequest request,
                                       StreamObserver<CheckReferralRecipientResponse> response) {
      response.onNext(CheckReferralRecipientResponse.newBuilder().setStatus(PartnerStatus.PARTNER_STATUS_ACTIVE)
          .setAcceptsReferrals(true).setNetworkId("demo").build());
      response.onCompleted();
    }
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
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
}

package org.partnernet.bench.referral;

import com.google.protobuf.Timestamp;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
import org.partnernet.api.referral.v1.InboxEventType;
import org.partnernet.api.referral.v1.Referral;
import org.partnernet.api.referral.v1.ReferralServiceGrpc;
import org.partnernet.api.referral.v1.ReferralSummary;
import org.partnernet.api.referral.v1.Urgency;
import org.partnernet.api.referral.v1.WatchInboxRequest;
import org.partnernet.api.referral.v1.WatchInboxResponse;
import org.partnernet.bench.core.ChildJvm;
import org.partnernet.bench.core.JitWarmup;
import org.partnernet.bench.core.LocalIdentity;
import org.partnernet.bench.core.Machine;
import org.partnernet.bench.core.Mode;
import org.partnernet.bench.core.OpenLoad;
import org.partnernet.bench.core.Scenario;
import org.partnernet.bench.core.ScenarioResult;
import org.partnernet.bench.core.ScenarioResult.Check;
import org.partnernet.bench.core.ScenarioResult.Row;
import org.partnernet.bench.core.Workspace;

/**
 * DESIGN.md §6: referral create (validate, directory check, encrypt, audit, persist, notify) at ≥ 500/s on 2 cores,
 * and the recipient's open inbox sees each new referral within 1 s at p99; issue 10: the same with 10k and (long
 * mode) 1M referrals already stored.
 *
 * <p>As the platform runs it: the embedded database as its own JVM ({@code embedded-mongo-exec.jar}, durable: no
 * write acknowledged before a commit covers it), the referral-service as its own JVM on it, both at -Xmx256m; the
 * JWKS and a stand-in partner-directory (every recipient active) in this JVM. Stored referrals are written straight
 * into the database first ({@link StoredReferrals}).
 *
 * <p>Per data size: a closed phase ({@value #IN_FLIGHT} creates in flight, as fast as they go) gives the throughput
 * and the CPU time per create of the service and the database together, read from /proc: the figure other load on
 * the machine moves least. Then open-model phases (OpenLoad: latency from each request's due time) at 500/s and at
 * about two thirds of the closed throughput, each with an inbox watch open as the recipient's intake: the time from
 * a create's send (its due time, unless the sender fell behind) to its REFERRAL_CREATED event is the inbox latency.
 */
public final class ReferralCreate implements Scenario {

  private static final int IN_FLIGHT = 32;
  private static final String SENDER = "01900000-0000-7000-8000-000000000002";
  private static final String RECIPIENT = LocalIdentity.DEMO_ORGANISATION;
  private static final int BUDGET_RATE = 500;
  private static final long INBOX_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(1);

  @Override
  public String name() {
    return "referral-create";
  }

  @Override
  public ScenarioResult run(Mode mode) throws Exception {
    List<Integer> sizes = mode == Mode.LONG ? List.of(10_000, 1_000_000) : List.of(10_000);
    int seconds = mode == Mode.LONG ? 30 : 15;
    int maxWarmup = mode == Mode.LONG ? 300 : 180;
    List<Row> rows = new ArrayList<>();
    List<Check> checks = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    try (LocalIdentity identity = LocalIdentity.start()) {
      Server directory = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .addService(new AlwaysAccepting()).build().start();
      try {
        for (int stored : sizes) {
          measure(identity, directory.getPort(), stored, seconds, maxWarmup, rows, checks, notes);
        }
      } finally {
        directory.shutdownNow();
      }
    }
    return new ScenarioResult(name(), """
        gRPC CreateReferral with a full disclosure under consent, straight to the referral-service (its own JVM, \
        on the embedded database in its own JVM); closed phase with %d in flight, then open model at 500/s and at \
        two thirds of the closed rate, with the recipient's inbox watched.""".formatted(IN_FLIGHT),
        rows, checks, notes);
  }

  private void measure(LocalIdentity identity, int directoryPort, int stored, int seconds, int maxWarmup,
                       List<Row> rows, List<Check> checks, List<String> notes) throws Exception {
    String label = String.format("%,d stored", stored);
    Path data = Files.createTempDirectory(Workspace.output(), "referral-create-");
    int mongoPort = Workspace.freePort();
    int grpcPort = Workspace.freePort();
    int httpPort = Workspace.freePort();
    String mongoUri = "mongodb://127.0.0.1:" + mongoPort;
    try (ChildJvm database = ChildJvm.start("referral-create-mongo", Workspace.jar("embedded-mongo/target/embedded-mongo-exec.jar"),
            Map.of("MONGO_PORT", Integer.toString(mongoPort), "MONGO_FILE", data.resolve("bench.mv").toString()));
         MongoClient mongo = MongoClients.create(mongoUri)) {
      awaitDatabase(mongo, database);
      try (ChildJvm service = ChildJvm.start("referral-create-service", Workspace.jar("referral-service/target/referral-service.jar"),
          Map.of("MONGODB_URI", mongoUri, "GRPC_PORT", Integer.toString(grpcPort),
              "HTTP_PORT", Integer.toString(httpPort), "DIRECTORY_TARGET", "static://127.0.0.1:" + directoryPort,
              "KEYCLOAK_ISSUER", identity.issuer(), "PARTNERNET_DATA_DIR", data.toString(),
              "LOGGING_LEVEL_ROOT", "WARN"))) {
        service.awaitReady("http://127.0.0.1:" + httpPort + "/actuator/health/readiness", Duration.ofMinutes(3));
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        try {
          Client client = new Client(channel, identity);
          Consent consent = client.consent();
          // the first create makes the service's key-encryption key wrap a data key: the stored ones use its id
          if (!client.create(consent, null).get(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("a referral create fails; see " + service.log());
          }
          long seedStart = System.nanoTime();
          StoredReferrals.seed(mongo, stored, partners());
          notes.add(String.format("%s: seeded in %.0f s", label, (System.nanoTime() - seedStart) / 1e9));
          // warm-up: pools, caches, and the JIT compilers of both JVMs until they are quiet, in closed and open
          // windows in turn with the inbox watched, as the phases run (the open load's sender, the watch's polls and
          // stream are code to compile too, not to measure)
          Inbox warming = client.watchInbox();
          AtomicInteger windows = new AtomicInteger();
          int warmup = JitWarmup.run(window -> {
            if (windows.getAndIncrement() % 2 == 0) {
              closed(client.creates(consent), IN_FLIGHT, window);
            } else {
              OpenLoad.run(() -> client.create(consent, null), BUDGET_RATE, window);
            }
          }, 15, maxWarmup, List.of(service, database));
          warming.close();

          long serviceBefore = service.cpuNanos();
          long databaseBefore = database.cpuNanos();
          Closed closed = closed(client.creates(consent), IN_FLIGHT, seconds);
          double serviceCpu = (service.cpuNanos() - serviceBefore) / 1e6 / Math.max(1, closed.ok);
          double databaseCpu = (database.cpuNanos() - databaseBefore) / 1e6 / Math.max(1, closed.ok);
          double cpuPerCreate = serviceCpu + databaseCpu;
          rows.add(new Row("closed, " + IN_FLIGHT + " in flight, " + label, closed.latency, 0, closed.rate,
              closed.errors));
          notes.add(String.format("%s: warmed up for %d s (until the JIT compilers of both JVMs were quiet)", label,
              warmup));
          notes.add(String.format("%s: CPU per create, service and database together: %.2f ms (service %.2f, "
              + "database %.2f; 2 cores / that = %.0f/s at most on this machine, whatever else runs); load average "
              + "after the closed phase: %s", label, cpuPerCreate, serviceCpu, databaseCpu, 2000 / cpuPerCreate,
              Machine.loadAverage()));
          if (stored == 10_000) {
            checks.add(new Check("referral create ≥ 500/s on 2 cores (10,000 stored, closed)",
                String.format("%.0f/s", closed.rate), closed.rate >= BUDGET_RATE));
          }

          int sustainable = Math.max(10, (int) (closed.rate * 2 / 3));
          for (int rate : List.of(BUDGET_RATE, sustainable)) {
            Inbox inbox = client.watchInbox();
            Map<String, Long> due = new ConcurrentHashMap<>();
            OpenLoad.Run run = OpenLoad.run(() -> client.create(consent, due), rate, seconds);
            Histogram toInbox = inbox.latencies(due, Duration.ofSeconds(10));
            inbox.close();
            rows.add(new Row("open " + rate + "/s, " + label, run.latency(), rate, run.achievedRate(), run.errors()));
            long missed = due.size() - toInbox.getTotalCount();
            rows.add(new Row("inbox event at " + rate + "/s, " + label, toInbox, rate, toInbox.getTotalCount()
                / (double) seconds, missed));
            if (stored == 10_000 && rate == BUDGET_RATE) {
              long p99 = toInbox.getTotalCount() == 0 ? Long.MAX_VALUE : toInbox.getValueAtPercentile(99);
              checks.add(new Check("recipient's inbox sees a create within 1 s at p99 (500/s offered)",
                  toInbox.getTotalCount() == 0 ? "no events" : String.format("%.0f ms, %d never seen", p99 / 1e6, missed),
                  p99 <= INBOX_BUDGET_NANOS && missed == 0));
            }
          }
        } finally {
          channel.shutdownNow();
        }
      }
    }
  }

  /** The demo network's partners, as senders and recipients of the stored referrals. */
  private static List<String> partners() {
    List<String> partners = new ArrayList<>();
    for (int i = 1; i <= 42; i++) {
      partners.add(String.format("01900000-0000-7000-8000-%012d", i));
    }
    return partners;
  }

  private static void awaitDatabase(MongoClient mongo, ChildJvm database) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (true) {
      try {
        mongo.getDatabase("admin").runCommand(new org.bson.Document("ping", 1));
        return;
      } catch (RuntimeException notYet) {
        if (System.nanoTime() > until) {
          throw new IllegalStateException("the database did not start; see " + database.log(), notYet);
        }
        Thread.sleep(250);
      }
    }
  }

  record Closed(Histogram latency, double rate, long ok, long errors) {}

  /** {@code concurrency} calls in flight for {@code seconds}; latency from each call's send. */
  private static Closed closed(OpenLoad.Call call, int concurrency, int seconds) throws InterruptedException {
    Recorder recorder = new Recorder(OpenLoad.MAX_LATENCY_NANOS, 3);
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    Semaphore inFlight = new Semaphore(concurrency);
    long begin = System.nanoTime();
    long end = begin + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end) {
      inFlight.acquire();
      long start = System.nanoTime();
      call.call().whenComplete((success, failure) -> {
        recorder.recordValue(Math.min(System.nanoTime() - start, OpenLoad.MAX_LATENCY_NANOS));
        (Boolean.TRUE.equals(success) ? ok : errors).incrementAndGet();
        inFlight.release();
      });
    }
    inFlight.acquire(concurrency);
    double elapsed = (System.nanoTime() - begin) / 1e9;
    return new Closed(recorder.getIntervalHistogram(), ok.get() / elapsed, ok.get(), errors.get());
  }

  /** The sender's caseworker and the recipient's intake, over one channel. */
  private static final class Client {

    private final ReferralServiceGrpc.ReferralServiceFutureStub caseworker;
    private final ReferralServiceGrpc.ReferralServiceStub intake;
    private final ReferralServiceGrpc.ReferralServiceBlockingStub caseworkerBlocking;

    Client(ManagedChannel channel, LocalIdentity identity) {
      Metadata sender = bearer(identity.token("bench-caseworker", SENDER, List.of("caseworker")));
      Metadata recipient = bearer(identity.token("bench-intake", RECIPIENT, List.of("intake")));
      caseworker = ReferralServiceGrpc.newFutureStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(sender));
      caseworkerBlocking = ReferralServiceGrpc.newBlockingStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(sender));
      intake = ReferralServiceGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(recipient));
    }

    private static Metadata bearer(String token) {
      Metadata metadata = new Metadata();
      metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
      return metadata;
    }

    /** The service fetches the JWKS on its first call; on a loaded machine that can time out once. */
    Consent consent() throws InterruptedException {
      for (int attempt = 1; ; attempt++) {
        try {
          return caseworkerBlocking.withDeadlineAfter(30, TimeUnit.SECONDS).createConsent(CreateConsentRequest
              .newBuilder().setRequestId(UUID.randomUUID().toString())
              .setConsent(Consent.newBuilder().setClientId("bench-client").setMethod(ConsentMethod.CONSENT_METHOD_WRITTEN)
                  .addRecipientPartners(RECIPIENT).addPurposes("emergency-shelter")
                  .addCategories(DataCategory.DATA_CATEGORY_IDENTITY).addCategories(DataCategory.DATA_CATEGORY_CONTACT)
                  .addCategories(DataCategory.DATA_CATEGORY_NEEDS)
                  .setExpireTime(Timestamp.newBuilder().setSeconds(Instant.now().plus(Duration.ofDays(30)).getEpochSecond())))
              .build()).getConsent();
        } catch (StatusRuntimeException e) {
          if (attempt == 20) {
            throw e;
          }
          Thread.sleep(1000);
        }
      }
    }

    OpenLoad.Call creates(Consent consent) {
      return () -> create(consent, null);
    }

    /** One create; with {@code due}, the referral's name is noted with the time it was due (now, for OpenLoad). */
    CompletableFuture<Boolean> create(Consent consent, Map<String, Long> due) {
      long dueAt = System.nanoTime();
      CompletableFuture<Boolean> done = new CompletableFuture<>();
      var future = caseworker.withDeadlineAfter(30, TimeUnit.SECONDS).createReferral(request(consent));
      future.addListener(() -> {
        try {
          Referral created = future.get().getReferral();
          if (due != null) {
            due.put(created.getName(), dueAt);
          }
          done.complete(true);
        } catch (Exception e) {
          done.complete(false);
        }
      }, Runnable::run);
      return done;
    }

    Inbox watchInbox() throws InterruptedException {
      Inbox inbox = new Inbox();
      intake.watchInbox(WatchInboxRequest.getDefaultInstance(), inbox);
      Thread.sleep(500); // the watch is open before the first create
      return inbox;
    }

    private static CreateReferralRequest request(Consent consent) {
      return CreateReferralRequest.newBuilder().setRequestId(UUID.randomUUID().toString())
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
  }

  /** The recipient's open inbox: when each REFERRAL_CREATED event arrived, by referral name. */
  private static final class Inbox implements ClientResponseObserver<WatchInboxRequest, WatchInboxResponse> {

    private final Map<String, Long> arrived = new ConcurrentHashMap<>();
    private volatile ClientCallStreamObserver<WatchInboxRequest> call;

    @Override
    public void beforeStart(ClientCallStreamObserver<WatchInboxRequest> call) {
      this.call = call;
    }

    @Override
    public void onNext(WatchInboxResponse response) {
      if (response.getEvent().getType() == InboxEventType.INBOX_EVENT_TYPE_REFERRAL_CREATED) {
        arrived.putIfAbsent(response.getEvent().getReferral(), System.nanoTime());
      }
    }

    @Override
    public void onError(Throwable t) {
      // closed by us, or the service went away: the missing events show as "never seen"
    }

    @Override
    public void onCompleted() {}

    /** Latency from each create's send to its event; waits up to {@code grace} for stragglers. */
    Histogram latencies(Map<String, Long> due, Duration grace) throws InterruptedException {
      long until = System.nanoTime() + grace.toNanos();
      while (!arrived.keySet().containsAll(due.keySet()) && System.nanoTime() < until) {
        Thread.sleep(50);
      }
      Histogram histogram = new Histogram(OpenLoad.MAX_LATENCY_NANOS, 3);
      due.forEach((name, dueAt) -> {
        Long at = arrived.get(name);
        if (at != null) {
          histogram.recordValue(Math.max(0, Math.min(OpenLoad.MAX_LATENCY_NANOS, at - dueAt)));
        }
      });
      return histogram;
    }

    void close() {
      call.cancel("the phase is over", null);
    }
  }

  /** A stand-in partner-directory: every recipient is active and accepts referrals. */
  private static final class AlwaysAccepting extends PartnerDirectoryServiceGrpc.PartnerDirectoryServiceImplBase {
    @Override
    public void checkReferralRecipient(CheckReferralRecipientRequest request,
                                       StreamObserver<CheckReferralRecipientResponse> response) {
      response.onNext(CheckReferralRecipientResponse.newBuilder().setStatus(PartnerStatus.PARTNER_STATUS_ACTIVE)
          .setAcceptsReferrals(true).setNetworkId("demo").build());
      response.onCompleted();
    }
  }
}

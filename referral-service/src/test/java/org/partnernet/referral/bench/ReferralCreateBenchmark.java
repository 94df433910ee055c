package org.partnernet.referral.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.partnernet.api.referral.v1.Consent;
import org.partnernet.api.referral.v1.DataCategory;
import org.partnernet.api.referral.v1.ReferralServiceGrpc;
import org.partnernet.api.referral.v1.Urgency;
import org.partnernet.referral.Fixtures;
import org.partnernet.referral.ReferralHarness;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.caller.TestTokens;

/**
 * Referral create (validate, directory check over gRPC, Tink encrypt + wrap, key vault insert, persist, audit) against
 * the durable embedded database on a file, over real sockets with a verified JWT. Not a test: run it by hand,
 * <pre>
 * ./mvnw -B -q -pl referral-service test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=org.partnernet.referral.bench.ReferralCreateBenchmark [-Dbench.seconds=20 -Dbench.rate=500]
 * </pre>
 * Two phases: a closed model (N callers back to back) for throughput, then an open model at a fixed rate with
 * latency measured from each request's intended send time (no coordinated omission).
 */
public final class ReferralCreateBenchmark {

  public static void main(String[] args) throws Exception {
    int seconds = Integer.getInteger("bench.seconds", 15);
    int warmup = Integer.getInteger("bench.warmup", 10);
    int callers = Integer.getInteger("bench.callers", 16);
    int rate = Integer.getInteger("bench.rate", 500);
    Path dir = Files.createTempDirectory("referral-bench");
    try (ReferralHarness service = ReferralHarness.start(dir, "logging.level.org.partnernet=INFO")) {
      var caseworker = service.as(TestTokens.token("bench-caseworker", ReferralHarness.NGO, Role.CASEWORKER));
      Consent consent = caseworker.createConsent(Fixtures.consent(service.clock.instant(),
          List.of(ReferralHarness.SHELTER), DataCategory.DATA_CATEGORY_IDENTITY, DataCategory.DATA_CATEGORY_CONTACT,
          DataCategory.DATA_CATEGORY_NEEDS, DataCategory.DATA_CATEGORY_SAFETY)).getConsent();

      closed(caseworker, consent, callers, warmup, false);
      Result closed = closed(caseworker, consent, callers, seconds, true);
      Result open = open(caseworker, consent, rate, seconds);

      System.out.printf("%nreferral create, durable embedded MongoDB (H2 file, commit before ack), %d cores%n",
          Runtime.getRuntime().availableProcessors());
      System.out.printf("closed model, %d callers: %.0f creates/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d ok, %d failed)%n",
          callers, closed.perSecond, closed.p50, closed.p99, closed.max, closed.ok, closed.failed);
      System.out.printf("open model at %d/s: achieved %.0f/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d ok, %d failed)%n",
          rate, open.perSecond, open.p50, open.p99, open.max, open.ok, open.failed);
    }
  }

  record Result(double perSecond, double p50, double p99, double max, long ok, long failed) {}

  static Result closed(ReferralServiceGrpc.ReferralServiceBlockingStub stub, Consent consent, int callers, int seconds,
                       boolean report) throws Exception {
    Recorder recorder = new Recorder(3);
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    List<Future<?>> workers = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      workers.add(pool.submit(() -> {
        while (System.nanoTime() < end) {
          long start = System.nanoTime();
          if (create(stub, consent)) {
            ok.incrementAndGet();
          } else {
            failed.incrementAndGet();
          }
          recorder.recordValue(System.nanoTime() - start);
        }
      }));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
    pool.shutdown();
    Histogram h = recorder.getIntervalHistogram();
    if (!report) {
      return null;
    }
    return new Result(ok.get() / (double) seconds, ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)),
        ms(h.getMaxValue()), ok.get(), failed.get());
  }

  static Result open(ReferralServiceGrpc.ReferralServiceBlockingStub stub, Consent consent, int rate, int seconds)
      throws Exception {
    Recorder recorder = new Recorder(3);
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(64);
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    long begin = System.nanoTime();
    long total = (long) rate * seconds;
    List<Future<?>> sent = new ArrayList<>();
    for (long i = 0; i < total; i++) {
      long intended = begin + i * interval;
      long wait = intended - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      sent.add(pool.submit(() -> {
        if (create(stub, consent)) {
          ok.incrementAndGet();
        } else {
          failed.incrementAndGet();
        }
        recorder.recordValue(System.nanoTime() - intended);
      }));
    }
    for (Future<?> f : sent) {
      f.get();
    }
    double elapsed = (System.nanoTime() - begin) / 1e9;
    pool.shutdown();
    Histogram h = recorder.getIntervalHistogram();
    return new Result(ok.get() / elapsed, ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)),
        ms(h.getMaxValue()), ok.get(), failed.get());
  }

  static boolean create(ReferralServiceGrpc.ReferralServiceBlockingStub stub, Consent consent) {
    try {
      stub.withDeadlineAfter(10, TimeUnit.SECONDS).createReferral(Fixtures.referral(ReferralHarness.SHELTER,
          Urgency.URGENCY_URGENT, consent.getName(), Fixtures.fullDisclosure()));
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  static double ms(long nanos) {
    return nanos / 1e6;
  }
}

package org.partnernet.bench.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The open-model load generator every scenario uses: request i is due at start + i/rate whatever happened to the
 * ones before it, and its latency is measured from that due time into an HdrHistogram, so a stall shows up in the
 * percentiles instead of silently slowing the sender down (no coordinated omission).
 */
public final class OpenLoad {

  /** Latencies above this are recorded as this (a request this late has failed anyway). */
  public static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(30);

  /** One asynchronous request; completes with true when the answer was the expected one. */
  @FunctionalInterface
  public interface Call {
    CompletableFuture<Boolean> call();
  }

  /**
   * Latency in nanoseconds from each request's due time, errors (failed or never answered), and the rate of
   * successful answers: a service that fails fast must not look as if it kept up.
   */
  public record Run(Histogram latency, long requests, long errors, double achievedRate) {}

  private OpenLoad() {}

  /** Sends at {@code rate} requests a second for {@code seconds}, then waits up to 30 s for the answers. */
  public static Run run(Call call, int rate, int seconds) throws InterruptedException {
    Recorder recorder = new Recorder(MAX_LATENCY_NANOS, 3);
    AtomicLong errors = new AtomicLong();
    AtomicLong outstanding = new AtomicLong();
    AtomicLong lastAnswer = new AtomicLong();
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
      CompletableFuture<Boolean> answer;
      try {
        answer = call.call();
      } catch (RuntimeException e) {
        answer = CompletableFuture.failedFuture(e);
      }
      answer.whenComplete((ok, failure) -> {
        long now = System.nanoTime();
        recorder.recordValue(Math.min(MAX_LATENCY_NANOS, now - due));
        if (failure != null || !Boolean.TRUE.equals(ok)) {
          errors.incrementAndGet();
        }
        lastAnswer.accumulateAndGet(now, Math::max);
        outstanding.decrementAndGet();
      });
    }
    long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (outstanding.get() > 0 && System.nanoTime() < drainUntil) {
      Thread.sleep(5);
    }
    long failed = errors.get() + outstanding.get();
    double elapsed = Math.max(1, lastAnswer.get() - start) / 1e9;
    return new Run(recorder.getIntervalHistogram(), total, failed, (total - failed) / elapsed);
  }
}

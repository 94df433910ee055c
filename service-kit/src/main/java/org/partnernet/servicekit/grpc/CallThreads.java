package org.partnernet.servicekit.grpc;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a service's gRPC calls run on: a fixed number, the calls beyond it waiting in line.
 *
 * <p>grpc-java's default is an unbounded cached pool, one thread per call in progress. Past its capacity a service
 * then ran a thread for every waiting call: in bench referral-create at 500 creates/s over a thousand threads
 * queued on the MongoDB driver's pool of 100 connections, timed out after its 2 s wait, and the work done before the
 * timeout was thrown away, so throughput fell to half and never recovered. With a fixed number (below the
 * connection pool's size) the extra calls wait in this queue, cheaply, and are served in order as threads come free.
 * Server-streaming watches do not hold a thread while they stream (their polling has threads of its own).
 */
public final class CallThreads extends ThreadPoolExecutor {

  public CallThreads(int threads) {
    super(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), named());
  }

  private static ThreadFactory named() {
    AtomicInteger n = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "grpc-call-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}

package org.partnernet.resources.support;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.partnernet.api.resources.v1.ResourceEvent;
import org.partnernet.api.resources.v1.WatchResourceEventsRequest;
import org.partnernet.api.resources.v1.WatchResourceEventsResponse;
import org.partnernet.servicekit.event.EventWatches;

/** An open WatchResourceEvents call whose events a test can wait for. */
public final class EventStream implements AutoCloseable {

  private final BlockingQueue<ResourceEvent> events = new LinkedBlockingQueue<>();
  private volatile ClientCallStreamObserver<WatchResourceEventsRequest> call;
  private volatile Throwable error;
  private volatile boolean completed;

  /**
   * Opens a watch and returns once the server has it in place (so a test's next write is an event "from now on").
   */
  public static EventStream open(ResourcesApp app, String token, Long afterSequence) throws InterruptedException {
    EventWatches<?> watches = app.bean(EventWatches.class);
    long before = watches.watchesStarted();
    EventStream stream = start(app, token, afterSequence);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (watches.watchesStarted() == before && stream.error == null && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return stream;
  }

  private static EventStream start(ResourcesApp app, String token, Long afterSequence) {
    EventStream stream = new EventStream();
    WatchResourceEventsRequest.Builder request = WatchResourceEventsRequest.newBuilder();
    if (afterSequence != null) {
      request.setAfterSequence(afterSequence);
    }
    app.asyncAs(token).watchResourceEvents(request.build(),
        new ClientResponseObserver<WatchResourceEventsRequest, WatchResourceEventsResponse>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<WatchResourceEventsRequest> requestStream) {
            stream.call = requestStream;
          }

          @Override
          public void onNext(WatchResourceEventsResponse value) {
            stream.events.add(value.getEvent());
          }

          @Override
          public void onError(Throwable t) {
            stream.error = t;
          }

          @Override
          public void onCompleted() {
            stream.completed = true;
          }
        });
    return stream;
  }

  /** The next event that satisfies the predicate (earlier ones are dropped), or an assertion failure. */
  public ResourceEvent next(Predicate<ResourceEvent> wanted, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      ResourceEvent event = events.poll(50, TimeUnit.MILLISECONDS);
      if (event != null && wanted.test(event)) {
        return event;
      }
      if (error != null) {
        throw new AssertionError("stream failed: " + Status.fromThrowable(error));
      }
    }
    throw new AssertionError("no such event within " + within);
  }

  /** Everything received within the time. */
  public List<ResourceEvent> drain(Duration within) throws InterruptedException {
    Thread.sleep(within.toMillis());
    List<ResourceEvent> all = new ArrayList<>();
    events.drainTo(all);
    return all;
  }

  public Throwable awaitError(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (error == null && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return error;
  }

  public boolean completed() {
    return completed;
  }

  @Override
  public void close() {
    if (call != null) {
      call.cancel("test done", null);
    }
  }
}

package org.partnernet.gateway.passthrough;

import io.grpc.ServerCall;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A call's listener while the gateway has not yet decided to admit it (a token or a partner's standing it must first
 * ask about). What the call hears meanwhile (its cancellation, mostly: it asks for no message before it starts) is
 * kept, and passed on in order once it starts. A call cancelled meanwhile never starts.
 */
final class PendingListener<Q> extends ServerCall.Listener<Q> {

  private final List<Consumer<ServerCall.Listener<Q>>> early = new ArrayList<>();
  private ServerCall.Listener<Q> started;
  private boolean cancelled;

  /** Starts the call, and tells it what it missed; nothing when its caller has gone already. */
  synchronized void start(Supplier<ServerCall.Listener<Q>> start) {
    if (cancelled) {
      return;
    }
    started = start.get();
    early.forEach(event -> event.accept(started));
    early.clear();
  }

  @Override
  public void onMessage(Q message) {
    pass(listener -> listener.onMessage(message));
  }

  @Override
  public void onHalfClose() {
    pass(ServerCall.Listener::onHalfClose);
  }

  @Override
  public void onCancel() {
    synchronized (this) {
      cancelled = true;
    }
    pass(ServerCall.Listener::onCancel);
  }

  @Override
  public void onComplete() {
    pass(ServerCall.Listener::onComplete);
  }

  @Override
  public void onReady() {
    pass(ServerCall.Listener::onReady);
  }

  private void pass(Consumer<ServerCall.Listener<Q>> event) {
    ServerCall.Listener<Q> listener;
    synchronized (this) {
      listener = started;
      if (listener == null) {
        early.add(event);
        return;
      }
    }
    event.accept(listener);
  }
}

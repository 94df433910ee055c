package org.partnernet.gateway.resilience;

import io.grpc.Channel;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The long-lived channels to one service: one per event loop of the gateway's HTTP server, each bound to that loop.
 * A call started on a loop goes out on that loop's channel, so its request is written, its answer read and the HTTP
 * response written by the one thread that took the request: no hand-off to another thread and back, each of which
 * can wait for a core when the machine is busy. A call started on any other thread takes the channels in turn.
 * Without loops (tests, tools) there is one channel on gRPC's own loops.
 */
final class LoopChannels {

  private final List<ManagedChannel> channels;
  /** The loop of each channel, in the same order; empty without loops. */
  private final List<EventLoop> loops;
  /** The channels as calls use them (intercepted), in the same order. */
  private final Channel[] calls;
  private final AtomicInteger turn = new AtomicInteger();

  LoopChannels(List<ManagedChannel> channels, List<EventLoop> loops, ClientInterceptor interceptor) {
    if (!loops.isEmpty() && loops.size() != channels.size()) {
      throw new IllegalArgumentException("one channel per loop");
    }
    this.channels = List.copyOf(channels);
    this.loops = List.copyOf(loops);
    this.calls = channels.stream().map(c -> ClientInterceptors.intercept(c, interceptor)).toArray(Channel[]::new);
  }

  /** The channel for a call started on the current thread. */
  Channel here() {
    for (int i = 0; i < loops.size(); i++) {
      if (loops.get(i).inEventLoop()) {
        return calls[i];
      }
    }
    return calls.length == 1 ? calls[0] : calls[Math.floorMod(turn.getAndIncrement(), calls.length)];
  }

  /** One of the channels, unintercepted: for the health poll. */
  ManagedChannel first() {
    return channels.get(0);
  }

  /** The best state among the channels: READY when any of them can carry a call at once. */
  ConnectivityState state() {
    ConnectivityState best = ConnectivityState.SHUTDOWN;
    for (ManagedChannel channel : channels) {
      ConnectivityState state = channel.getState(false);
      if (rank(state) < rank(best)) {
        best = state;
      }
    }
    return best;
  }

  private static int rank(ConnectivityState state) {
    return switch (state) {
      case READY -> 0;
      case CONNECTING -> 1;
      case IDLE -> 2;
      case TRANSIENT_FAILURE -> 3;
      case SHUTDOWN -> 4;
    };
  }

  /** Every channel sleeping in reconnect back-off tries again now. */
  void resetConnectBackoff() {
    channels.forEach(ManagedChannel::resetConnectBackoff);
  }

  boolean isShutdown() {
    return channels.get(0).isShutdown();
  }

  void shutdown() {
    channels.forEach(ManagedChannel::shutdown);
  }

  /** Waits for the channels to close until {@code deadline} ({@link System#nanoTime()}) at most. */
  void awaitTermination(long deadline) throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
  }
}

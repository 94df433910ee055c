package org.partnernet.gateway.passthrough;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ServerCall;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A call whose admission is still being decided: what it hears meanwhile, and its cancellation. */
class PendingListenerTest {

  private final List<String> heard = new ArrayList<>();

  @Test
  void passesWhatTheCallHeardMeanwhileInOrderOnceItStartsThenEverythingAtOnce() {
    PendingListener<String> pending = new PendingListener<>();
    pending.onReady();
    pending.onHalfClose();
    pending.start(() -> {
      heard.add("started");
      return recorder();
    });
    pending.onComplete();
    assertThat(heard).containsExactly("started", "ready", "half-close", "complete");
  }

  @Test
  void aCallCancelledBeforeItIsAdmittedNeverStarts() {
    PendingListener<String> pending = new PendingListener<>();
    pending.onCancel();
    pending.start(() -> {
      heard.add("started");
      return recorder();
    });
    assertThat(heard).isEmpty();
  }

  @Test
  void aStartedCallHearsItsCancellation() {
    PendingListener<String> pending = new PendingListener<>();
    pending.start(this::recorder);
    pending.onMessage("m");
    pending.onCancel();
    assertThat(heard).containsExactly("message m", "cancel");
  }

  private ServerCall.Listener<String> recorder() {
    return new ServerCall.Listener<>() {
      @Override
      public void onMessage(String message) {
        heard.add("message " + message);
      }

      @Override
      public void onHalfClose() {
        heard.add("half-close");
      }

      @Override
      public void onCancel() {
        heard.add("cancel");
      }

      @Override
      public void onComplete() {
        heard.add("complete");
      }

      @Override
      public void onReady() {
        heard.add("ready");
      }
    };
  }
}

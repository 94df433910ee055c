package org.partnernet.gateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.micrometer.observation.ObservationRegistry;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.partnernet.gateway.support.ThingServer;
import org.partnernet.gateway.system.GatewayProperties;
import org.partnernet.gateway.testapi.v1.GetThingRequest;
import org.partnernet.gateway.testapi.v1.Thing;
import org.partnernet.gateway.testapi.v1.ThingServiceGrpc;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * A call the HTTP server's event loop starts is answered on that same loop, over a real socket: the gateway hands a
 * REST call to no other thread, and back, on its way to the service.
 */
class LoopChannelsTest {

  private static final ThingServer SERVICE = ThingServer.started();
  private static final LoopResources LOOPS = LoopResources.create("test-http", 2, true);

  @AfterAll
  static void stop() {
    SERVICE.stop();
    LOOPS.dispose();
  }

  @Test
  void aCallStartedOnAnEventLoopIsAnsweredOnThatLoopOverAChannelOfItsOwn() throws Exception {
    Backends backends = backends(LOOPS);
    try {
      Backend things = backends.all().get("things");
      List<Thread> loopThreads = new ArrayList<>();
      List<Thread> answeredOn = new ArrayList<>();
      for (EventExecutor loop : LOOPS.onServer(LoopResources.DEFAULT_NATIVE)) {
        loopThreads.add(loop.submit(Thread::currentThread).get(5, TimeUnit.SECONDS));
        CompletableFuture<Thread> answered = new CompletableFuture<>();
        loop.execute(() -> get(things).subscribe(thing -> answered.complete(Thread.currentThread()),
            answered::completeExceptionally));
        answeredOn.add(answered.get(5, TimeUnit.SECONDS));
      }
      assertThat(loopThreads).hasSize(2).doesNotHaveDuplicates();
      assertThat(answeredOn).containsExactlyElementsOf(loopThreads);
    } finally {
      backends.destroy();
    }
  }

  @Test
  void aCallFromAnyOtherThreadTakesTheLoopsChannelsInTurn() throws Exception {
    Backends backends = backends(LOOPS);
    try {
      Backend things = backends.all().get("things");
      Set<String> answeredOn = new HashSet<>();
      for (int i = 0; i < 4; i++) {
        answeredOn.add(get(things).map(thing -> Thread.currentThread().getName()).block());
      }
      assertThat(answeredOn).hasSize(2).allMatch(name -> name.startsWith("test-http"));
      assertThat(things.channelState().name()).isEqualTo("READY");
    } finally {
      backends.destroy();
    }
  }

  @Test
  void withoutLoopsOneChannelCarriesEveryCall() throws Exception {
    Backends backends = backends(null);
    try {
      assertThat(get(backends.all().get("things")).block().getName()).isEqualTo("things/a");
    } finally {
      backends.destroy();
    }
  }

  private static Mono<Thing> get(Backend things) {
    return things.unary(ThingServiceGrpc.getGetThingMethod(), GetThingRequest.newBuilder().setThing("a").build(),
        CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), new Metadata());
  }

  private static Backends backends(LoopResources loops) {
    GatewayProperties properties = new GatewayProperties(null,
        Map.of("things", new GatewayProperties.Backend(SERVICE.target(), List.of("partnernet.gatewaytest.v1"), null)),
        null, null, null, null, null, null, null, null, null, null);
    return new Backends(properties, ObservationRegistry.NOOP, new DefaultSslBundleRegistry(), () -> loops);
  }
}

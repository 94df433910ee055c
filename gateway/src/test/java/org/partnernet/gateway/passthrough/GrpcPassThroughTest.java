package org.partnernet.gateway.passthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnernet.gateway.support.GatewayTestSupport;
import org.partnernet.gateway.testapi.v1.GetThingRequest;
import org.partnernet.gateway.testapi.v1.Thing;
import org.partnernet.gateway.testapi.v1.ThingServiceGrpc;
import org.partnernet.gateway.testapi.v1.WatchThingsRequest;
import org.springframework.beans.factory.annotation.Autowired;

/** Native gRPC through the gateway's TLS port, trusting the generated development certificate. */
class GrpcPassThroughTest extends GatewayTestSupport {

  @Autowired
  GrpcPassThrough passThrough;

  PassThroughClient grpc;

  @BeforeEach
  void connect() {
    grpc = new PassThroughClient(passThrough);
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    grpc.close();
  }

  private ThingServiceGrpc.ThingServiceBlockingStub stub(String authorization) {
    return grpc.things(authorization);
  }

  @Test
  void relaysAUnaryCallWithTheCallersToken() {
    Thing thing = stub(bearer()).getThing(GetThingRequest.newBuilder().setThing("native").build());
    assertThat(thing.getName()).isEqualTo("things/native");
    assertThat(thing.getSeenAuth()).isEqualTo("Bearer");
    assertThat(thing.getSeenRequestId()).isNotEmpty();
  }

  @Test
  void carriesANativeCallersTraceToTheService() {
    String traceId = "0af7651916cd43dd8448eb211c80319c";
    Thing thing = grpc.things(bearer(), "00-" + traceId + "-b7ad6b7169203331-01")
        .getThing(GetThingRequest.newBuilder().setThing("traced").build());
    // the same trace, with the gateway's span as the service's parent
    assertThat(thing.getSeenTraceparent()).matches("00-" + traceId + "-[0-9a-f]{16}-01")
        .doesNotContain("b7ad6b7169203331");
  }

  @Test
  void relaysEvenRpcsThatHaveNoRestMapping() {
    Thing thing = stub(bearer()).hidden(GetThingRequest.newBuilder().setThing("h").build());
    assertThat(thing.getName()).isEqualTo("hidden/h");
  }

  @Test
  void relaysAServerStream() {
    List<Integer> sequence = new ArrayList<>();
    stub(bearer()).watchThings(WatchThingsRequest.newBuilder().setCount(4).build())
        .forEachRemaining(e -> sequence.add(e.getSequence()));
    assertThat(sequence).containsExactly(1, 2, 3, 4);
  }

  @Test
  void answersUnimplementedForAMethodTheApiDoesNotHave() {
    MethodDescriptor<GetThingRequest, Thing> madeUp = ThingServiceGrpc.getGetThingMethod().toBuilder()
        .setFullMethodName("partnernet.gatewaytest.v1.ThingService/MadeUp")
        .build();
    // sent without a token: a method the gateway relayed would be refused UNAUTHENTICATED first
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> ClientCalls.blockingUnaryCall(grpc.channel(), madeUp,
            CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), GetThingRequest.getDefaultInstance()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
  }

  @Test
  void passesTheServicesErrorsThrough() {
    StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
        () -> stub(bearer()).getThing(GetThingRequest.newBuilder().setThing("missing").build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void refusesCallsWithoutAValidToken() {
    for (String authorization : new String[] {null, "Bearer " + JWKS.expired(), "Bearer " + JWKS.algNone(),
        "Bearer " + JWKS.wrongAudience(), "Bearer " + JWKS.tampered()}) {
      StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
          () -> stub(authorization).getThing(GetThingRequest.newBuilder().setThing("x").build()));
      assertThat(e.getStatus().getCode()).as(String.valueOf(authorization)).isEqualTo(Status.Code.UNAUTHENTICATED);
    }
  }
}

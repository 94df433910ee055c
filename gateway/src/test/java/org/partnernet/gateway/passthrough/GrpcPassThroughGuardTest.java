package org.partnernet.gateway.passthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnernet.gateway.support.GatewayTestSupport;
import org.partnernet.gateway.support.TestJwks;
import org.partnernet.gateway.support.ThingServer;
import org.partnernet.gateway.testapi.v1.GetThingRequest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Native gRPC callers meet the same partner-status check and the same rate limits as REST callers. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GrpcPassThroughGuardTest {

  private static final TestJwks JWKS = TestJwks.shared();
  private static final ThingServer THINGS = ThingServer.started();
  private static final GetThingRequest GET = GetThingRequest.newBuilder().setThing("g").build();

  @Autowired
  GrpcPassThrough passThrough;

  @LocalServerPort
  int port;

  PassThroughClient grpc;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    GatewayTestSupport.common(registry, THINGS);
    registry.add("partnernet.gateway.partner-status.enabled", () -> "true");
    registry.add("partnernet.gateway.partner-status.method", () -> "partnernet.gatewaytest.v1.ThingService/GetOrgStatus");
    registry.add("partnernet.gateway.partner-status.request-field", () -> "org");
    registry.add("partnernet.gateway.partner-status.status-field", () -> "org.status");
    // slow refills: a loaded machine's pauses must not add a token between a flood and the check
    registry.add("partnernet.gateway.rate-limit.user.rate-per-second", () -> "0.1");
    registry.add("partnernet.gateway.rate-limit.user.burst", () -> "3");
    registry.add("partnernet.gateway.rate-limit.organisation.rate-per-second", () -> "0.1");
    registry.add("partnernet.gateway.rate-limit.organisation.burst", () -> "5");
  }

  @BeforeEach
  void connect() {
    grpc = new PassThroughClient(passThrough);
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    grpc.close();
  }

  private static String bearer(String user, String org) {
    return "Bearer " + JWKS.token(user, org);
  }

  private StatusRuntimeException refusal(String authorization) {
    return catchThrowableOfType(StatusRuntimeException.class, () -> grpc.things(authorization).getThing(GET));
  }

  @Test
  void refusesASuspendedPartnersUsersAtOnceEvenWithAValidToken() {
    StatusRuntimeException e = refusal(bearer("g-suspended", "suspended-org-g"));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(reason(e)).isEqualTo("PARTNER_SUSPENDED");
    assertThat(grpc.things(bearer("g-active", "active-org-g")).getThing(GET).getName()).isEqualTo("things/g");
  }

  @Test
  void refusesAFloodWithResourceExhaustedAndWhenToRetry() {
    String token = bearer("g-flooder", "org-g-flood");
    for (int i = 0; i < 3; i++) {
      grpc.things(token).getThing(GET);
    }
    StatusRuntimeException e = refusal(token);
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(reason(e)).isEqualTo("RATE_LIMITED");
    RetryInfo retry = detail(e, RetryInfo.class);
    assertThat(retry.getRetryDelay().getSeconds()).isBetween(1L, 10L);
  }

  @Test
  void spendsTheSameBucketsAsRestCalls() {
    String token = bearer("g-both", "org-g-both");
    var rest = GatewayTestSupport.clientFor(port);
    for (int i = 0; i < 2; i++) {
      rest.get().uri("/api/v1/things/a").header(HttpHeaders.AUTHORIZATION, token).exchange()
          .expectStatus().isOk();
    }
    grpc.things(token).getThing(GET);
    assertThat(refusal(token).getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    rest.get().uri("/api/v1/things/a").header(HttpHeaders.AUTHORIZATION, token).exchange()
        .expectStatus().isEqualTo(429);
  }

  @Test
  void keepsOneOrganisationsFloodFromAnotherOrganisation() {
    for (int user = 0; user < 5; user++) {
      grpc.things(bearer("g-busy-" + user, "org-g-busy")).getThing(GET);
    }
    assertThat(refusal(bearer("g-busy-9", "org-g-busy")).getStatus().getCode())
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(grpc.things(bearer("g-calm", "org-g-calm")).getThing(GET).getName()).isEqualTo("things/g");
  }

  private static String reason(StatusRuntimeException e) {
    return detail(e, ErrorInfo.class).getReason();
  }

  private static <T extends com.google.protobuf.Message> T detail(StatusRuntimeException e, Class<T> type) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    assertThat(status).as("google.rpc.Status in the trailers").isNotNull();
    try {
      for (com.google.protobuf.Any any : status.getDetailsList()) {
        if (any.is(type)) {
          return any.unpack(type);
        }
      }
    } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
      throw new AssertionError(ex);
    }
    throw new AssertionError("no " + type.getSimpleName() + " in " + status);
  }
}

package org.partnernet.servicekit.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.partnernet.api.directory.v1.GetPartnerRequest;
import org.partnernet.api.directory.v1.GetPartnerResponse;
import org.partnernet.api.directory.v1.Partner;
import org.partnernet.api.directory.v1.PartnerDirectoryServiceGrpc;

class CallerInterceptorTest {

  private static final String ORG = "01900000-0000-7000-8000-000000000001";

  private Server server;
  private ManagedChannel channel;
  private PartnerDirectoryServiceGrpc.PartnerDirectoryServiceBlockingStub stub;

  /** Echoes the caller it sees, so a test can tell what the interceptor put in the context. */
  static class EchoCaller extends PartnerDirectoryServiceGrpc.PartnerDirectoryServiceImplBase {
    @Override
    public void getPartner(GetPartnerRequest request, StreamObserver<GetPartnerResponse> response) {
      Caller caller = Caller.current();
      response.onNext(GetPartnerResponse.newBuilder().setPartner(Partner.newBuilder()
          .setId(caller.userId()).setNetworkId(caller.organisationId())
          .setName(String.join(",", new java.util.TreeSet<>(caller.roles())))).build());
      response.onCompleted();
    }
  }

  @BeforeEach
  void start() throws Exception {
    String name = UUID.randomUUID().toString();
    SecurityProperties properties = new SecurityProperties(
        URI.create(TestTokens.ISSUER), null, null, null, null, null);
    CallerInterceptor interceptor = new CallerInterceptor(new TokenVerifier(TestTokens.keys(), properties));
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(ServerInterceptors.intercept(new EchoCaller(), interceptor))
        .addService(ServerInterceptors.intercept(new HealthStatusManager().getHealthService(), interceptor))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    stub = PartnerDirectoryServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  private Status.Code codeWith(String token) {
    try {
      stub.withCallCredentials(BearerCredentials.of(token)).getPartner(GetPartnerRequest.getDefaultInstance());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  @Nested
  class AValidToken {
    @Test
    void exposesUserOrganisationAndRoles() {
      String token = TestTokens.token("user-1", ORG, Role.INTAKE, Role.PARTNER_ADMIN);
      Partner seen = stub.withCallCredentials(BearerCredentials.of(token))
          .getPartner(GetPartnerRequest.getDefaultInstance()).getPartner();
      assertThat(seen.getId()).isEqualTo("user-1");
      assertThat(seen.getNetworkId()).isEqualTo(ORG);
      assertThat(seen.getName()).isEqualTo("intake,partner-admin");
    }
  }

  @Nested
  class IsRefusedWithUnauthenticated {
    @Test
    void withoutAToken() {
      assertThatThrownBy(() -> stub.getPartner(GetPartnerRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }

    @Test
    void whenExpired() {
      assertThat(codeWith(TestTokens.expired(ORG, Role.INTAKE))).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void whenFromAnotherIssuer() {
      assertThat(codeWith(TestTokens.wrongIssuer(ORG, Role.INTAKE))).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void whenForAnotherAudience() {
      assertThat(codeWith(TestTokens.wrongAudience(ORG, Role.INTAKE))).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void whenSignedByAnotherKey() {
      assertThat(codeWith(TestTokens.signedByStranger(ORG, Role.COORDINATOR))).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void whenUnsigned() {
      assertThat(codeWith(TestTokens.unsigned(ORG))).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void whenTamperedAfterTheGenuineTokenWasVerifiedAndReused() {
      String token = TestTokens.token("user-1", ORG, Role.CASEWORKER);
      assertThat(codeWith(token)).isEqualTo(Status.Code.OK);
      assertThat(codeWith(token)).as("the reused verification").isEqualTo(Status.Code.OK);
      String[] parts = token.split("\\.");
      String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]))
          .replace("caseworker", "coordinator");
      String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
          .encodeToString(payload.getBytes()) + "." + parts[2];
      assertThat(codeWith(forged)).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void whenTampered() {
      String token = TestTokens.token("user-1", ORG, Role.CASEWORKER);
      String[] parts = token.split("\\.");
      String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]))
          .replace("caseworker", "coordinator");
      String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
          .encodeToString(payload.getBytes()) + "." + parts[2];
      assertThat(codeWith(forged)).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void whenGarbage() {
      assertThat(codeWith("not-a-jwt")).isEqualTo(Status.Code.UNAUTHENTICATED);
    }
  }

  @Test
  void healthAnswersWithoutAToken() {
    var health = HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance());
    assertThat(health.getStatus()).isNotNull();
  }
}

package org.partnernet.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnernet.api.directory.v1.GetPartnerRequest;
import org.partnernet.api.directory.v1.PartnerDirectoryServiceGrpc;
import org.partnernet.mongo.EmbeddedMongo;
import org.partnernet.servicekit.caller.BearerCredentials;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.caller.TestSecurityConfiguration;
import org.partnernet.servicekit.caller.TestTokens;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * The platform promises of a service, over real sockets: gRPC health and reflection without a token, UNAUTHENTICATED
 * without one elsewhere, readiness and gRPC health that follow the database (and come back without a restart),
 * liveness that does not.
 */
class DirectoryPlatformTest {

  @TempDir
  static Path data;

  private EmbeddedMongo database;
  private ConfigurableApplicationContext app;
  private ManagedChannel channel;
  private final HttpClient http = HttpClient.newHttpClient();
  private int grpcPort;
  private int mongoPort;

  @BeforeEach
  void start() {
    database = EmbeddedMongo.start(data.resolve("db.mv"), "127.0.0.1", 0);
    mongoPort = database.address().getPort();
    app = new SpringApplicationBuilder(DirectoryApplication.class, TestSecurityConfiguration.class)
        .properties("GRPC_PORT=0", "HTTP_PORT=0", "MONGODB_URI=" + database.connectionString(),
            "spring.grpc.server.health.schedule.period=200ms", "spring.grpc.server.health.schedule.delay=0s")
        .run();
    Environment env = app.getEnvironment();
    grpcPort = Integer.parseInt(env.getProperty("local.grpc.server.port", env.getProperty("local.grpc.port", "0")));
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    app.close();
    database.close();
  }

  @Test
  void refusesCallsWithoutAToken() {
    var stub = PartnerDirectoryServiceGrpc.newBlockingStub(channel);
    assertThatThrownBy(() -> stub.getPartner(GetPartnerRequest.newBuilder().setPartner("x").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  @Test
  void answersAnAuthenticatedCaller() {
    var stub = PartnerDirectoryServiceGrpc.newBlockingStub(channel)
        .withCallCredentials(BearerCredentials.of(TestTokens.forOrg("org-1", Role.CASEWORKER)));
    assertThatThrownBy(() -> stub.getPartner(GetPartnerRequest.newBuilder().setPartner("x").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void readinessFollowsTheDatabaseAndLivenessDoesNot() throws Exception {
    awaitHealth(HealthCheckResponse.ServingStatus.SERVING);
    assertThat(probe("readiness")).isEqualTo(200);

    database.close();
    awaitHealth(HealthCheckResponse.ServingStatus.NOT_SERVING);
    assertThat(probe("readiness")).isEqualTo(503);
    assertThat(probe("liveness")).isEqualTo(200);

    database = EmbeddedMongo.start(data.resolve("db.mv"), "127.0.0.1", mongoPort);
    awaitHealth(HealthCheckResponse.ServingStatus.SERVING);
    assertThat(probe("readiness")).isEqualTo(200);
  }

  private void awaitHealth(HealthCheckResponse.ServingStatus wanted) throws InterruptedException {
    var health = HealthGrpc.newBlockingStub(channel);
    HealthCheckResponse.ServingStatus seen = null;
    for (int i = 0; i < 100 && seen != wanted; i++) {
      seen = health.check(HealthCheckRequest.getDefaultInstance()).getStatus();
      if (seen != wanted) {
        Thread.sleep(100);
      }
    }
    assertThat(seen).isEqualTo(wanted);
  }

  private int probe(String group) throws Exception {
    String port = app.getEnvironment().getProperty("local.server.port");
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/" + group)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}

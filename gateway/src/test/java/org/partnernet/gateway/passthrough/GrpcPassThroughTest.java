package org.partnernet.gateway.passthrough;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
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

  ManagedChannel channel;

  @BeforeEach
  void connect() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(Path.of("target/test-data/gateway-tls-dev.p12"))) {
      store.load(in, DevCertificate.PASSWORD.toCharArray());
    }
    X509Certificate certificate = (X509Certificate) store.getCertificate("gateway");
    channel = NettyChannelBuilder.forAddress("localhost", passThrough.port())
        .sslContext(GrpcSslContexts.forClient().trustManager(certificate).build())
        .build();
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private ThingServiceGrpc.ThingServiceBlockingStub stub(String authorization) {
    Metadata headers = new Metadata();
    if (authorization != null) {
      headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
    }
    return ThingServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @Test
  void relaysAUnaryCallWithTheCallersToken() {
    Thing thing = stub(bearer()).getThing(GetThingRequest.newBuilder().setThing("native").build());
    assertThat(thing.getName()).isEqualTo("things/native");
    assertThat(thing.getSeenAuth()).isEqualTo("Bearer");
    assertThat(thing.getSeenRequestId()).isNotEmpty();
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

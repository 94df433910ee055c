package org.partnernet.gateway.passthrough;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import org.partnernet.gateway.testapi.v1.ThingServiceGrpc;

/** A native gRPC client of the gateway's TLS port, trusting the generated development certificate or a given one. */
final class PassThroughClient implements AutoCloseable {

  private final ManagedChannel channel;

  PassThroughClient(GrpcPassThrough passThrough) {
    this(passThrough, developmentCertificate());
  }

  /** A client that trusts only {@code certificate}. */
  PassThroughClient(GrpcPassThrough passThrough, X509Certificate certificate) {
    try {
      channel = NettyChannelBuilder.forAddress("localhost", passThrough.port())
          .sslContext(GrpcSslContexts.forClient().trustManager(certificate).build())
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static X509Certificate developmentCertificate() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(Path.of("target/test-data/gateway-tls-dev.p12"))) {
        store.load(in, DevCertificate.PASSWORD.toCharArray());
      }
      return (X509Certificate) store.getCertificate("gateway");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A stub sending this authorization value (none when null), with a deadline. */
  ThingServiceGrpc.ThingServiceBlockingStub things(String authorization) {
    return things(authorization, null);
  }

  /** A stub sending this authorization and this W3C traceparent (each left out when null). */
  ThingServiceGrpc.ThingServiceBlockingStub things(String authorization, String traceparent) {
    Metadata headers = new Metadata();
    if (authorization != null) {
      headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
    }
    if (traceparent != null) {
      headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER), traceparent);
    }
    return ThingServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  ManagedChannel channel() {
    return channel;
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}

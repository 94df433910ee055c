package org.partnernet.bench.gateway;

import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.partnernet.bench.core.ChildJvm;
import org.partnernet.bench.core.Workspace;

/**
 * The gateway under test: {@code gateway/target/gateway.jar} as its own JVM (-Xmx256m) on free ports, in front of
 * the given partner-directory, trusting the given issuer. Only the per-user and per-organisation rate limits are
 * lifted (one benchmark user sends 500 requests a second); everything else, the JWT check included, is the
 * product's configuration.
 */
final class GatewayProcess implements AutoCloseable {

  private final ChildJvm jvm;
  private final int port;
  private final int grpcPort;
  private final Path dataDir;

  private GatewayProcess(ChildJvm jvm, int port, int grpcPort, Path dataDir) {
    this.jvm = jvm;
    this.port = port;
    this.grpcPort = grpcPort;
    this.dataDir = dataDir;
  }

  static GatewayProcess start(String directoryTarget, String issuer) throws IOException, InterruptedException {
    return start(directoryTarget, issuer, Map.of());
  }

  /** As above, with {@code overrides} on top of the environment; a null value removes a variable. */
  static GatewayProcess start(String directoryTarget, String issuer, Map<String, String> overrides)
      throws IOException, InterruptedException {
    int port = Workspace.freePort();
    int grpcPort = Workspace.freePort();
    Path dataDir = Files.createTempDirectory(Workspace.output(), "gateway-data-");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GATEWAY_PORT", Integer.toString(port));
    env.put("GATEWAY_GRPC_PORT", Integer.toString(grpcPort));
    env.put("PARTNERNET_DATA_DIR", dataDir.toString());
    env.put("KEYCLOAK_ISSUER", issuer);
    env.put("DIRECTORY_TARGET", directoryTarget);
    // nothing listens there: the other services are not part of these paths (and a local platform's must not be)
    env.put("RESOURCES_TARGET", "127.0.0.1:" + Workspace.freePort());
    env.put("REFERRAL_TARGET", "127.0.0.1:" + Workspace.freePort());
    env.put("GATEWAY_RATE_USER", "1000000");
    env.put("GATEWAY_BURST_USER", "1000000");
    env.put("GATEWAY_RATE_ORG", "1000000");
    env.put("GATEWAY_BURST_ORG", "1000000");
    env.put("LOGGING_LEVEL_ROOT", "WARN");
    overrides.forEach((name, value) -> {
      if (value == null) {
        env.remove(name);
      } else {
        env.put(name, value);
      }
    });
    ChildJvm jvm = ChildJvm.start("gateway", Workspace.jar("gateway/target/gateway.jar"), env);
    try {
      jvm.awaitReady("http://127.0.0.1:" + port + "/actuator/health/readiness", Duration.ofMinutes(5));
    } catch (RuntimeException | InterruptedException e) {
      jvm.close();
      throw e;
    }
    return new GatewayProcess(jvm, port, grpcPort, dataDir);
  }

  String restBase() {
    return "http://127.0.0.1:" + port;
  }

  ChildJvm jvm() {
    return jvm;
  }

  /** A native gRPC client of the gateway's TLS port, trusting the development certificate it made itself. */
  ManagedChannel passThroughChannel() throws IOException, GeneralSecurityException {
    return NettyChannelBuilder.forAddress("localhost", grpcPort)
        .sslContext(GrpcSslContexts.forClient().trustManager(devCertificate()).build())
        .build();
  }

  private X509Certificate devCertificate() throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dataDir.resolve("gateway-tls-dev.p12"))) {
      store.load(in, "partnernet-dev".toCharArray());
    }
    return (X509Certificate) store.getCertificate("gateway");
  }

  @Override
  public void close() throws InterruptedException {
    jvm.close();
  }
}

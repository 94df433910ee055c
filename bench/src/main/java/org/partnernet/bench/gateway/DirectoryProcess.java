package org.partnernet.bench.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.partnernet.bench.core.ChildJvm;
import org.partnernet.bench.core.Workspace;

/**
 * The real partner-directory as its own JVM (-Xmx256m) on its default durable embedded database in a fresh data
 * directory, which it fills with its synthetic demo network (the Riverton partners) at first start, trusting the
 * given issuer. The searches the benchmark sends are then answered by the production search code over real data.
 */
final class DirectoryProcess implements AutoCloseable {

  private final ChildJvm jvm;
  private final int grpcPort;

  private DirectoryProcess(ChildJvm jvm, int grpcPort) {
    this.jvm = jvm;
    this.grpcPort = grpcPort;
  }

  static DirectoryProcess start(String issuer) throws IOException, InterruptedException {
    int grpcPort = Workspace.freePort();
    int httpPort = Workspace.freePort();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GRPC_PORT", Integer.toString(grpcPort));
    env.put("HTTP_PORT", Integer.toString(httpPort));
    env.put("PARTNERNET_DATA_DIR", Files.createTempDirectory(Workspace.output(), "directory-data-").toString());
    env.put("PARTNERNET_NETWORK_ID", "demo");
    env.put("PARTNERNET_DEMO_DATA", "true");
    env.put("KEYCLOAK_ISSUER", issuer);
    env.put("LOGGING_LEVEL_ROOT", "WARN");
    ChildJvm jvm = ChildJvm.start("partner-directory", Workspace.jar("partner-directory/target/partner-directory.jar"),
        env);
    try {
      jvm.awaitReady("http://127.0.0.1:" + httpPort + "/actuator/health/readiness", Duration.ofMinutes(5));
    } catch (RuntimeException | InterruptedException e) {
      jvm.close();
      throw e;
    }
    return new DirectoryProcess(jvm, grpcPort);
  }

  /** host:port of its gRPC server. */
  String target() {
    return "127.0.0.1:" + grpcPort;
  }

  ChildJvm jvm() {
    return jvm;
  }

  @Override
  public void close() throws InterruptedException {
    jvm.close();
  }
}

package org.partnernet.directory;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.partnernet.api.directory.v1.PartnerDirectoryServiceGrpc;
import org.partnernet.api.directory.v1.PartnerDirectoryServiceGrpc.PartnerDirectoryServiceBlockingStub;
import org.partnernet.mongo.EmbeddedMongo;
import org.partnernet.servicekit.caller.BearerCredentials;
import org.partnernet.servicekit.caller.TestSecurityConfiguration;
import org.partnernet.servicekit.caller.TestTokens;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * The directory running for a test class over real sockets, on an embedded MongoDB in a temp file, trusting
 * {@link TestTokens}. Start once per class ({@code @BeforeAll}); a second instance can share the database to act as
 * another replica.
 */
public final class RunningDirectory implements AutoCloseable {

  public final EmbeddedMongo database;
  private final boolean ownsDatabase;
  public final ConfigurableApplicationContext app;
  private final ManagedChannel channel;

  private RunningDirectory(EmbeddedMongo database, boolean ownsDatabase, String... properties) {
    this.database = database;
    this.ownsDatabase = ownsDatabase;
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
    for (String property : List.of("GRPC_PORT=0", "HTTP_PORT=0", "MONGODB_URI=" + database.connectionString(),
        "PARTNERNET_DEMO_DATA=false", "spring.grpc.server.health.schedule.delay=0s", "logging.level.root=WARN")) {
      settings.put(property.substring(0, property.indexOf('=')), property);
    }
    for (String property : properties) {
      settings.put(property.substring(0, property.indexOf('=')), property);
    }
    // as command-line arguments: they win over application.yml (default properties would not)
    List<String> args = new ArrayList<>();
    settings.values().forEach(p -> args.add("--" + p));
    this.app = new SpringApplicationBuilder(DirectoryApplication.class, TestSecurityConfiguration.class)
        .run(args.toArray(String[]::new));
    Environment env = app.getEnvironment();
    int port = Integer.parseInt(env.getProperty("local.grpc.server.port", env.getProperty("local.grpc.port", "0")));
    this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  public static RunningDirectory start(Path dataDir, String... properties) {
    return new RunningDirectory(EmbeddedMongo.start(dataDir.resolve("db.mv"), "127.0.0.1", 0), true, properties);
  }

  /** Another replica on the same database. */
  public RunningDirectory replica(String... properties) {
    return new RunningDirectory(database, false, properties);
  }

  /** A stub calling as a user of {@code org} with {@code roles}. */
  public PartnerDirectoryServiceBlockingStub as(String org, String... roles) {
    return PartnerDirectoryServiceGrpc.newBlockingStub(channel)
        .withCallCredentials(BearerCredentials.of(TestTokens.forOrg(org, roles)));
  }

  /** A stub calling without a token. */
  public PartnerDirectoryServiceBlockingStub anonymous() {
    return PartnerDirectoryServiceGrpc.newBlockingStub(channel);
  }

  /** A stub calling as a given user. */
  public PartnerDirectoryServiceBlockingStub asUser(String userId, String org, String... roles) {
    return PartnerDirectoryServiceGrpc.newBlockingStub(channel)
        .withCallCredentials(BearerCredentials.of(TestTokens.token(userId, org, roles)));
  }

  public <T> T bean(Class<T> type) {
    return app.getBean(type);
  }

  /** The status code a call ends with (OK if it succeeds). */
  public static Status.Code codeOf(Runnable call) {
    try {
      call.run();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  /** Waits until the condition holds, failing after {@code limit}. */
  public static void within(java.time.Duration limit, java.util.function.Supplier<Boolean> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + limit);
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
    app.close();
    if (ownsDatabase) {
      database.close();
    }
  }
}

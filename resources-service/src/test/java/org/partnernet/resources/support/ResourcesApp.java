package org.partnernet.resources.support;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.partnernet.api.resources.v1.ResourcesServiceGrpc;
import org.partnernet.mongo.EmbeddedMongo;
import org.partnernet.resources.ResourcesApplication;
import org.partnernet.servicekit.caller.BearerCredentials;
import org.partnernet.servicekit.caller.TestSecurityConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * resources-service started for real (gRPC over a socket, JWTs checked against {@code TestTokens}' key), on an
 * embedded MongoDB file. {@link #shared()} is one instance for the whole test JVM, so test classes do not each pay
 * for a Spring start; tests keep apart by using fresh organisation ids.
 */
public final class ResourcesApp implements AutoCloseable {

  private static ResourcesApp shared;

  public final EmbeddedMongo database;
  private final boolean ownsDatabase;
  /** partner-directory as this app sees it; shared with its replicas. */
  public final FakeDirectory directory;
  public final ConfigurableApplicationContext context;
  public final MutableClock clock;
  public final ManagedChannel channel;

  private ResourcesApp(EmbeddedMongo database, boolean ownsDatabase, FakeDirectory directory, MutableClock clock,
                       String... properties) {
    this.database = database;
    this.ownsDatabase = ownsDatabase;
    this.directory = directory;
    this.clock = clock;
    List<String> props = new ArrayList<>(List.of("GRPC_PORT=0", "HTTP_PORT=0",
        "MONGODB_URI=" + database.connectionString(), "partnernet.demo-data=false",
        "spring.grpc.client.channel.directory.target=" + directory.target(),
        "partnernet.resources.directory-deadline=1s",
        "partnernet.resources.event-poll-interval=50ms", "partnernet.resources.event-gap-wait=1s",
        "partnernet.resources.expiry-sweep-interval=300ms",
        "spring.grpc.server.shutdown.grace-period=1s", "logging.level.root=WARN"));
    props.addAll(List.of(properties));
    // one value per name, the caller's last (a repeated command-line option would be read as "a,b")
    java.util.Map<String, String> byName = new java.util.LinkedHashMap<>();
    for (String p : props) {
      byName.put(p.substring(0, p.indexOf('=')), p);
    }
    this.context = new SpringApplicationBuilder(ResourcesApplication.class, TestSecurityConfiguration.class)
        .initializers(ctx -> ctx.getBeanFactory().registerSingleton("testClock", clock))
        // command-line arguments outrank application.yml (default properties would not)
        .run(byName.values().stream().map(p -> "--" + p).toArray(String[]::new));
    var env = context.getEnvironment();
    int port = Integer.parseInt(env.getProperty("local.grpc.server.port", env.getProperty("local.grpc.port", "0")));
    this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  /** The JVM-wide instance (demo data off). */
  public static synchronized ResourcesApp shared() {
    if (shared == null) {
      shared = new ResourcesApp(EmbeddedMongo.start(tempFile(), "127.0.0.1", 0), true, FakeDirectory.started(),
          new MutableClock());
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /** A new app on its own new database. */
  public static ResourcesApp fresh(String... properties) {
    return new ResourcesApp(EmbeddedMongo.start(tempFile(), "127.0.0.1", 0), true, FakeDirectory.started(),
        new MutableClock(), properties);
  }

  /** A second replica on the same database as this one. */
  public ResourcesApp replica(String... properties) {
    return new ResourcesApp(database, false, directory, clock, properties);
  }

  public ResourcesServiceGrpc.ResourcesServiceBlockingStub as(String token) {
    return ResourcesServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerCredentials.of(token))
        .withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  public ResourcesServiceGrpc.ResourcesServiceStub asyncAs(String token) {
    return ResourcesServiceGrpc.newStub(channel).withCallCredentials(BearerCredentials.of(token));
  }

  public ResourcesServiceGrpc.ResourcesServiceBlockingStub anonymous() {
    return ResourcesServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  @Override
  public synchronized void close() {
    channel.shutdownNow();
    if (context.isActive()) {
      context.close();
    }
    if (ownsDatabase) {
      database.close();
      directory.close();
    }
  }

  private static Path tempFile() {
    try {
      Path dir = Files.createTempDirectory("resources-test");
      dir.toFile().deleteOnExit();
      return dir.resolve("db.mv");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package org.partnernet.referral;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.partnernet.api.directory.v1.PartnerStatus;
import org.partnernet.api.referral.v1.ReferralServiceGrpc;
import org.partnernet.mongo.EmbeddedMongo;
import org.partnernet.servicekit.caller.BearerCredentials;
import org.partnernet.servicekit.caller.TestSecurityConfiguration;
import org.partnernet.servicekit.caller.TestTokens;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * The referral-service under test, over real sockets: an embedded MongoDB on a temp file, a fake partner-directory,
 * the app trusting {@link TestTokens}, a clock the test moves. One per test class.
 */
public final class ReferralHarness implements AutoCloseable {

  public static final String SHELTER = "01900000-0000-7000-8000-000000000001";
  public static final String NGO = "01900000-0000-7000-8000-000000000002";
  public static final String SCHOOL = "01900000-0000-7000-8000-000000000003";
  public static final String BUSINESS = "01900000-0000-7000-8000-000000000004";
  public static final String CHURCH = "01900000-0000-7000-8000-000000000005";
  public static final String COALITION = "01900000-0000-7000-8000-000000000006";
  public static final String TRAINERS = "01900000-0000-7000-8000-000000000007";
  /** A partner the directory knows but that is suspended. */
  public static final String SUSPENDED = "01900000-0000-7000-8000-0000000000a1";
  /** An active partner that does not accept referrals. */
  public static final String NOT_ACCEPTING = "01900000-0000-7000-8000-0000000000a2";

  public final Path dataDir;
  public final MutableClock clock = new MutableClock();
  public final FakeDirectory directory;
  private final String[] extraProperties;
  private EmbeddedMongo mongo;
  private MongoClient rawClient;
  private ConfigurableApplicationContext app;
  private ManagedChannel channel;
  private boolean replica;

  private ReferralHarness(Path dataDir, String... extraProperties) {
    this.dataDir = dataDir;
    this.extraProperties = extraProperties;
    this.directory = new FakeDirectory().start()
        .partner(SHELTER, PartnerStatus.PARTNER_STATUS_ACTIVE, true)
        .partner(NGO, PartnerStatus.PARTNER_STATUS_ACTIVE, true)
        .partner(SCHOOL, PartnerStatus.PARTNER_STATUS_ACTIVE, true)
        .partner(BUSINESS, PartnerStatus.PARTNER_STATUS_ACTIVE, true)
        .partner(CHURCH, PartnerStatus.PARTNER_STATUS_ACTIVE, true)
        .partner(SUSPENDED, PartnerStatus.PARTNER_STATUS_SUSPENDED, false)
        .partner(NOT_ACCEPTING, PartnerStatus.PARTNER_STATUS_ACTIVE, false);
  }

  public static ReferralHarness start(Path dataDir, String... extraProperties) {
    ReferralHarness harness = new ReferralHarness(dataDir, extraProperties);
    harness.mongo = EmbeddedMongo.start(dataDir.resolve("mongo.mv"), "127.0.0.1", 0);
    harness.rawClient = MongoClients.create(harness.mongo.connectionString());
    harness.startApp();
    return harness;
  }

  /**
   * A second referral-service process on the same database (another replica): its own Spring context, ports and
   * directory fake; closing it leaves the database to this harness.
   */
  public ReferralHarness replica() {
    ReferralHarness other = new ReferralHarness(dataDir, extraProperties);
    other.mongo = mongo;
    other.rawClient = rawClient;
    other.replica = true;
    other.startApp();
    return other;
  }

  /** Starts (again) the service on the same database and data directory. */
  public void startApp() {
    List<String> properties = new ArrayList<>(List.of(
        "GRPC_PORT=0", "HTTP_PORT=0",
        "MONGODB_URI=" + mongo.connectionString(),
        "PARTNERNET_DATA_DIR=" + dataDir,
        "spring.grpc.client.channel.directory.target=" + directory.target(),
        "partnernet.referral.directory-deadline=PT1S",
        "partnernet.referral.sweep-interval=PT1H",
        "spring.main.banner-mode=off"));
    properties.addAll(List.of(extraProperties));
    app = new SpringApplicationBuilder(TestAuditConfiguration.class, ReferralApplication.class,
        TestSecurityConfiguration.class)
        .initializers(context -> context.getBeanFactory().registerSingleton("clock", (Clock) clock))
        // command-line arguments: they win over application.yml, as a deployment's environment would
        .run(properties.stream().map(p -> "--" + p).toArray(String[]::new));
    Environment env = app.getEnvironment();
    int port = Integer.parseInt(env.getProperty("local.grpc.server.port", env.getProperty("local.grpc.port", "0")));
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  public void stopApp() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    app.close();
  }

  /** The actuator's HTTP port. */
  public int httpPort() {
    return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
  }

  public <T> T bean(Class<T> type) {
    return app.getBean(type);
  }

  /** A stub calling as a user with these roles in this organisation. */
  public ReferralServiceGrpc.ReferralServiceBlockingStub as(String organisation, String... roles) {
    return as(TestTokens.token("u-" + UUID.randomUUID(), organisation, roles));
  }

  public ReferralServiceGrpc.ReferralServiceBlockingStub as(String token) {
    return ReferralServiceGrpc.newBlockingStub(channel).withCallCredentials(BearerCredentials.of(token));
  }

  /** An asynchronous stub (for streams) calling with this token. */
  public ReferralServiceGrpc.ReferralServiceStub async(String token) {
    return ReferralServiceGrpc.newStub(channel).withCallCredentials(BearerCredentials.of(token));
  }

  /** The service's own database, read raw. */
  public MongoDatabase serviceDatabase() {
    return rawClient.getDatabase("referral-service");
  }

  /** The key vault's database, read raw. */
  public MongoDatabase vaultDatabase() {
    return rawClient.getDatabase("referral-keyvault");
  }

  public Path kekFile() {
    return dataDir.resolve("referral-service/kek-keyset.json");
  }

  @Override
  public void close() {
    stopApp();
    if (!replica) {
      rawClient.close();
      mongo.close();
    }
    directory.close();
  }
}

package org.partnernet.directory.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnernet.mongo.EmbeddedMongo;

/** Old change records and request ids go, recent ones stay, and the change log says how far it pruned. */
class RetentionTest {

  @TempDir
  Path data;
  EmbeddedMongo mongo;
  MongoClient client;
  MongoDatabase database;
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-10T12:00:00Z"));

  @BeforeEach
  void start() {
    mongo = EmbeddedMongo.start(data.resolve("db.mv"), "127.0.0.1", 0);
    client = MongoClients.create(mongo.connectionString());
    database = client.getDatabase("retention-test");
  }

  @AfterEach
  void stop() {
    client.close();
    mongo.close();
  }

  @Test
  void changesOlderThanTheRetentionArePrunedAndTheWatermarkSaysHowFar() {
    ChangeLog changes = new ChangeLog(database, clock);
    IdempotentRequests requests = new IdempotentRequests(database, clock);
    Retention retention = new Retention(changes, requests, clock, Duration.ofDays(7), Duration.ofDays(1),
        Duration.ofHours(1));
    changes.record(changes.next(), "old-1");
    changes.record(changes.next(), "old-2");
    clock.advance(Duration.ofDays(6));
    changes.record(changes.next(), "recent");
    clock.advance(Duration.ofDays(2)); // old-1 and old-2 are 8 days old, "recent" 2 days
    assertThat(changes.prunedThrough()).isZero();

    retention.prune();

    assertThat(changes.after(0, 10)).extracting(ChangeLog.Change::partnerId).containsExactly("recent");
    assertThat(changes.prunedThrough()).isEqualTo(2);
    assertThat(changes.current()).isEqualTo(3);
    // again: nothing more to do, the watermark never goes back
    retention.prune();
    assertThat(changes.prunedThrough()).isEqualTo(2);
    assertThat(changes.after(0, 10)).hasSize(1);
  }

  @Test
  void requestIdsOlderThanTheirRetentionAreForgottenRecentOnesStillAnswerRetries() {
    ChangeLog changes = new ChangeLog(database, clock);
    IdempotentRequests requests = new IdempotentRequests(database, clock);
    Retention retention = new Retention(changes, requests, clock, Duration.ofDays(7), Duration.ofDays(1),
        Duration.ofHours(1));
    requests.claim("RegisterPartner|u|old", "partner-1");
    clock.advance(Duration.ofHours(20));
    requests.claim("RegisterPartner|u|recent", "partner-2");
    clock.advance(Duration.ofHours(5));

    retention.prune();

    assertThat(requests.claim("RegisterPartner|u|recent", "other")).contains("partner-2");
    assertThat(requests.claim("RegisterPartner|u|old", "partner-3")).as("forgotten: a new request").isEmpty();
  }

  @Test
  void retentionsMustBePositive() {
    ChangeLog changes = new ChangeLog(database, clock);
    IdempotentRequests requests = new IdempotentRequests(database, clock);
    assertThatThrownBy(() -> new Retention(changes, requests, clock, Duration.ZERO, Duration.ofDays(1),
        Duration.ofHours(1))).hasMessageContaining("partnernet.directory.retention");
  }

  @Test
  void theRunningServicePrunesOnItsScheduleAndSearchStaysRight() throws Exception {
    try (var directory = org.partnernet.directory.RunningDirectory.start(data.resolve("scheduled"),
        "partnernet.directory.retention.interval=200ms", "partnernet.directory.retention.changes=1ms",
        "partnernet.directory.retention.request-ids=1ms")) {
      var stub = directory.as(org.partnernet.directory.Fixtures.newOrg(),
          org.partnernet.servicekit.caller.Role.PARTNER_ADMIN);
      stub.registerPartner(org.partnernet.api.directory.v1.RegisterPartnerRequest.newBuilder()
          .setPartner(org.partnernet.directory.Fixtures.legalAid("Pruned Soon")).setRequestId("pruned-soon").build());
      MongoDatabase db = directory.bean(MongoDatabase.class);
      org.partnernet.directory.RunningDirectory.within(Duration.ofSeconds(10),
          () -> db.getCollection("partner_changes").countDocuments() == 0
              && db.getCollection("requests").countDocuments() == 0);
      assertThat(directory.bean(ChangeLog.class).prunedThrough()).isGreaterThan(0);
    }
  }

  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}

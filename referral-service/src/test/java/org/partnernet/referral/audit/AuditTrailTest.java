package org.partnernet.referral.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnernet.mongo.EmbeddedMongo;

/** Appending finds a chain's last record by id, past one window of ids, and in chains written before such ids. */
class AuditTrailTest {

  @TempDir
  Path dir;

  static final AuditTrail.Entry READ = new AuditTrail.Entry("user", "org", "DISCLOSURE_READ", Set.of(), "");

  @Test
  void aLongChainKeepsCountingPastOneWindowOfIds() {
    try (EmbeddedMongo mongo = EmbeddedMongo.start(dir.resolve("audit.mv"), "127.0.0.1", 0);
         MongoClient client = MongoClients.create(mongo.connectionString())) {
      AuditTrail trail = new AuditTrail(client.getDatabase("referrals"), Clock.systemUTC());
      trail.start("referrals/long", READ);
      for (int i = 2; i <= 70; i++) {
        assertThat(trail.append("referrals/long", READ).sequence()).isEqualTo(i);
      }
      assertThat(trail.verify("referrals/long").intact()).isTrue();
      assertThat(trail.verify("referrals/long").recordsChecked()).isEqualTo(70);
    }
  }

  @Test
  void aChainWrittenBeforeRecordsHadTheseIdsGoesOn() {
    try (EmbeddedMongo mongo = EmbeddedMongo.start(dir.resolve("audit.mv"), "127.0.0.1", 0);
         MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoDatabase database = client.getDatabase("referrals");
      AuditTrail trail = new AuditTrail(database, Clock.systemUTC());
      String previous = "";
      for (long sequence = 1; sequence <= 3; sequence++) {
        AuditRecord record = AuditRecord.next("referrals/old", sequence, Clock.systemUTC().instant(), "user", "org",
            "SENT", Set.of(), "", previous);
        Document stored = AuditTrail.toDocument(record);
        stored.remove("_id"); // as records were stored before: the driver gives them an ObjectId
        database.getCollection(AuditTrail.COLLECTION).insertOne(stored);
        previous = record.hash();
      }

      assertThat(trail.append("referrals/old", READ).sequence()).isEqualTo(4);
      assertThat(trail.append("referrals/old", READ).sequence()).isEqualTo(5);
      assertThat(trail.verify("referrals/old").intact()).isTrue();
      assertThat(trail.verify("referrals/old").recordsChecked()).isEqualTo(5);
    }
  }
}

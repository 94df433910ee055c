package org.partnernet.resources.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnernet.mongo.EmbeddedMongo;

/** The per-organisation sequence stays gapless and unique when many writers append at once. */
class MongoEventLogTest {

  @TempDir
  Path dir;

  @Test
  void concurrentAppendsGetEveryNumberExactlyOnce() throws Exception {
    try (EmbeddedMongo server = EmbeddedMongo.start(dir.resolve("db.mv"), "127.0.0.1", 0);
         MongoClient client = MongoClients.create(server.connectionString())) {
      MongoEventLog log = new MongoEventLog(client.getDatabase("events-test"), Clock.systemUTC());
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < 120; i++) {
        String org = i % 3 == 0 ? "org-b" : "org-a";
        writes.add(pool.submit(() -> log.append(org, EventType.CLAIM_RECEIVED,
            ResourceEvent.Subject.claim("offer", "claim"))));
      }
      for (Future<?> write : writes) {
        write.get();
      }
      pool.shutdown();
      assertThat(log.after("org-a", 0, 1000)).extracting(ResourceEvent::sequence)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 80).boxed().toList());
      assertThat(log.after("org-b", 0, 1000)).extracting(ResourceEvent::sequence)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 40).boxed().toList());
      assertThat(log.latest("org-a")).isEqualTo(80);
      assertThat(log.after("org-a", 78, 10)).extracting(ResourceEvent::sequence).containsExactly(79L, 80L);

      assertThat(log.deleteBefore(java.time.Instant.now().minusSeconds(3600))).isZero();
      assertThat(log.deleteBefore(java.time.Instant.now().plusSeconds(1))).isEqualTo(120);
      assertThat(log.after("org-a", 0, 10)).isEmpty();
      assertThat(log.latest("org-a")).as("numbering continues after a purge").isEqualTo(80);
    }
  }

  @Test
  void pagesByIdAndStepsOverNumbersNeverWritten() {
    try (EmbeddedMongo server = EmbeddedMongo.start(dir.resolve("db.mv"), "127.0.0.1", 0);
         MongoClient client = MongoClients.create(server.connectionString())) {
      MongoEventLog log = new MongoEventLog(client.getDatabase("events-test"), Clock.systemUTC());
      for (int i = 0; i < 30; i++) {
        log.append("org-a", EventType.CLAIM_RECEIVED, ResourceEvent.Subject.claim("offer", "claim-" + i));
        log.append("org-b", EventType.CLAIM_RECEIVED, ResourceEvent.Subject.claim("offer", "claim-" + i));
      }
      // org-a's 5 and 11..22 were handed out but never written
      client.getDatabase("events-test").getCollection("events").deleteMany(Filters.and(Filters.eq("org", "org-a"),
          Filters.or(Filters.eq("seq", 5L), Filters.and(Filters.gte("seq", 11L), Filters.lte("seq", 22L)))));

      assertThat(log.after("org-a", 0, 8)).extracting(ResourceEvent::sequence)
          .containsExactly(1L, 2L, 3L, 4L, 6L, 7L, 8L);
      assertThat(log.after("org-a", 10, 8)).as("past a whole page never written").extracting(ResourceEvent::sequence)
          .containsExactly(23L, 24L, 25L, 26L, 27L, 28L, 29L, 30L);
      assertThat(log.after("org-a", 30, 8)).isEmpty();
      assertThat(log.after("org-b", 10, 3)).extracting(ResourceEvent::organisation, ResourceEvent::sequence)
          .containsExactly(tuple("org-b", 11L), tuple("org-b", 12L), tuple("org-b", 13L));
    }
  }
}

package org.partnernet.referral.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnernet.mongo.EmbeddedMongo;

/** The network's event numbering under concurrency, on the durable embedded server over the real driver. */
class InboxEventsTest {

  @TempDir
  Path data;

  @Test
  void concurrentPublishersGetEveryNumberOnceWithoutGaps() throws Exception {
    try (EmbeddedMongo mongo = EmbeddedMongo.start(data.resolve("inbox.mv"), "127.0.0.1", 0);
         MongoClient client = MongoClients.create(mongo.connectionString())) {
      InboxEvents events = new InboxEvents(client.getDatabase("referrals"), "demo", Clock.systemUTC());
      int threads = 16;
      int each = 25;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Callable<Void>> publishers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          publishers.add(() -> {
            for (int i = 0; i < each; i++) {
              events.publish(InboxEvent.Type.REFERRAL_CREATED, "r", "SENT", "URGENT", "a", "b");
            }
            return null;
          });
        }
        for (var done : pool.invokeAll(publishers)) {
          done.get();
        }
      } finally {
        pool.shutdownNow();
      }
      long total = (long) threads * each;
      assertThat(events.latest()).isEqualTo(total);
      assertThat(events.after(0, (int) total + 10)).extracting(InboxEvent::sequence)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
    }
  }

  /**
   * Pages through the sequence by id, steps over numbers never written (a failed publish leaves one), and past a
   * whole page of them.
   */
  @Test
  void readsPagesInOrderAndStepsOverNumbersNeverWritten() {
    try (EmbeddedMongo mongo = EmbeddedMongo.start(data.resolve("inbox.mv"), "127.0.0.1", 0);
         MongoClient client = MongoClients.create(mongo.connectionString())) {
      InboxEvents events = new InboxEvents(client.getDatabase("referrals"), "demo", Clock.systemUTC());
      for (int i = 1; i <= 30; i++) {
        events.publish(InboxEvent.Type.REFERRAL_CREATED, "r" + i, "SENT", "URGENT", "a", "b");
      }
      // 5 and 11..22 handed out, never written
      client.getDatabase("referrals").getCollection("inboxEvents").deleteMany(Filters.or(Filters.eq("seq", 5L),
          Filters.and(Filters.gte("seq", 11L), Filters.lte("seq", 22L))));

      assertThat(events.after(0, 8)).extracting(InboxEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 6L, 7L, 8L);
      assertThat(events.after(10, 8)).as("a whole page never written").extracting(InboxEvent::sequence)
          .containsExactly(23L, 24L, 25L, 26L, 27L, 28L, 29L, 30L);
      assertThat(events.after(28, 8)).extracting(InboxEvent::sequence).containsExactly(29L, 30L);
      assertThat(events.after(30, 8)).isEmpty();
      assertThat(events.after(2, 1)).singleElement().extracting(InboxEvent::referral).isEqualTo("r3");
    }
  }
}

package org.partnernet.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;

/** A pass over a large collection lets writers in as it goes ({@link ReadYield}) instead of holding them off. */
class ReadYieldTest {

    @TempDir
    Path dir;

    @Test
    void writesGoOnWhileAnAggregationReadsAWholeCollection() throws Exception {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(dir.resolve("yield.mv"), "127.0.0.1", 0);
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> things = client.getDatabase("db").getCollection("things");
            List<Document> batch = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) { // a pass of a few hundred milliseconds
                batch.add(new Document("_id", i).append("state", i % 3 == 0 ? "OPEN" : "DONE")
                        .append("note", "n".repeat(200)));
                if (batch.size() == 5_000) {
                    things.insertMany(batch);
                    batch = new ArrayList<>();
                }
            }
            MongoCollection<Document> other = client.getDatabase("db").getCollection("other");
            List<long[]> writes = new CopyOnWriteArrayList<>(); // when each insert began and ended
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService writer = Executors.newSingleThreadExecutor();
            try {
                Future<?> writing = writer.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        long began = System.nanoTime();
                        other.insertOne(new Document("_id", i));
                        writes.add(new long[] {began, System.nanoTime()});
                    }
                });
                while (writes.size() < 20) {
                    Thread.onSpinWait();
                }

                long start = System.nanoTime();
                Document counted = things.aggregate(List.of(Aggregates.match(Filters.eq("state", "OPEN")),
                        Aggregates.group(null, Accumulators.sum("n", 1)))).first();
                long end = System.nanoTime();
                stop.set(true);
                writing.get();

                assertThat(counted.getInteger("n")).isEqualTo(33_334);
                // held off, the writer waits from the pass's first document to its last: the longest wait between
                // two of its writes is about the whole pass. Yielding, writes go on all through it.
                long longestWait = 0;
                long previous = start;
                for (long[] write : writes) {
                    if (write[1] > start && write[1] < end) {
                        longestWait = Math.max(longestWait, write[1] - previous);
                        previous = write[1];
                    }
                }
                longestWait = Math.max(longestWait, end - previous);
                assertThat(longestWait).isLessThan((end - start) / 3);
            } finally {
                writer.shutdownNow();
            }
        }
    }
}

package org.partnernet.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

class EmbeddedMongoTest {

    @TempDir
    Path dir;

    Path file;
    EmbeddedMongo mongo;
    MongoClient client;

    @BeforeEach
    void start() {
        file = dir.resolve("nested/dirs/test.mv"); // parent directories do not exist yet
        mongo = EmbeddedMongo.start(file, "127.0.0.1", 0);
        client = MongoClients.create(mongo.connectionString());
    }

    @AfterEach
    void stop() {
        client.close();
        mongo.close();
    }

    MongoCollection<Document> partners() {
        return client.getDatabase("directory").getCollection("partners");
    }

    @Nested
    class Serving {

        @Test
        void listensOnAnEphemeralPortOfLoopback() {
            assertThat(mongo.address().getPort()).isPositive();
            assertThat(mongo.connectionString()).isEqualTo("mongodb://127.0.0.1:" + mongo.address().getPort());
        }

        @Test
        void roundTripsADocument() {
            partners().insertOne(new Document("_id", "p1").append("name", "Harbor House").append("beds", 12));

            Document found = partners().find(Filters.eq("_id", "p1")).first();

            assertThat(found).isEqualTo(new Document("_id", "p1").append("name", "Harbor House").append("beds", 12));
        }

        @Test
        void refusesADuplicateKeyOfAUniqueIndex() {
            partners().createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
            partners().insertOne(new Document("_id", "p1").append("email", "a@example.org"));

            assertThatThrownBy(() -> partners().insertOne(new Document("_id", "p2").append("email", "a@example.org")))
                    .isInstanceOfSatisfying(MongoWriteException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(11000);
                        assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY);
                    });
        }

        @Test
        void updatesOnlyTheExpectedVersion() {
            partners().insertOne(new Document("_id", "p1").append("version", 1).append("name", "old"));

            Document updated = partners().findOneAndUpdate(Filters.and(Filters.eq("_id", "p1"), Filters.eq("version", 1)),
                    Updates.combine(Updates.set("name", "new"), Updates.inc("version", 1)),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            Document stale = partners().findOneAndUpdate(Filters.and(Filters.eq("_id", "p1"), Filters.eq("version", 1)),
                    Updates.combine(Updates.set("name", "lost update"), Updates.inc("version", 1)));

            assertThat(updated).containsEntry("version", 2).containsEntry("name", "new");
            assertThat(stale).isNull();
            assertThat(partners().find().first()).containsEntry("name", "new");
        }

        @Test
        void answersAFailedCommandWithItsErrorCode() {
            // findAndModify that upserts into a unique key: the error travels as a command error, which
            // DurableH2Backend answers itself instead of letting the wire handler log the command document
            partners().createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
            partners().insertOne(new Document("_id", "p1").append("email", "a@example.org"));

            assertThatThrownBy(() -> partners().findOneAndUpdate(Filters.eq("_id", "p2"),
                    Updates.set("email", "a@example.org"), new FindOneAndUpdateOptions().upsert(true)))
                    .isInstanceOfSatisfying(MongoCommandException.class, e -> assertThat(e.getCode()).isEqualTo(11000));
        }

        @Test
        void refusesASecondServerOnTheSameFile() {
            assertThatThrownBy(() -> EmbeddedMongo.start(file, "127.0.0.1", 0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another process");
        }
    }

    @Nested
    class WithConcurrentClients {

        static final int THREADS = 8;

        @Test
        void incrementsHandEachCallerItsOwnValue() throws Exception {
            // mongo-java-server returns the stored document object itself and mutates it on the next update, so
            // without DurableH2Backend's snapshot-under-lock two callers could read the same "new" value
            MongoCollection<Document> counters = client.getDatabase("directory").getCollection("counters");
            counters.insertOne(new Document("_id", "seq").append("value", 0L));
            ConcurrentLinkedQueue<Long> handedOut = new ConcurrentLinkedQueue<>();

            inParallel(() -> {
                for (int i = 0; i < 40; i++) {
                    Document after = counters.findOneAndUpdate(Filters.eq("_id", "seq"), Updates.inc("value", 1L),
                            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
                    handedOut.add(after.getLong("value"));
                }
                return null;
            });

            assertThat(new HashSet<>(handedOut)).hasSize(THREADS * 40);
            assertThat(counters.find().first()).containsEntry("value", (long) THREADS * 40);
        }

        @Test
        void letsExactlyOneUpdateWinPerVersion() throws Exception {
            partners().insertOne(new Document("_id", "p1").append("version", 1));

            List<Boolean> won = inParallel(() -> partners().findOneAndUpdate(
                    Filters.and(Filters.eq("_id", "p1"), Filters.eq("version", 1)), Updates.inc("version", 1)) != null);

            assertThat(won).containsOnlyOnce(true);
            assertThat(partners().find().first()).containsEntry("version", 2);
        }

        private <T> List<T> inParallel(Callable<T> task) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<T>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    futures.add(pool.submit(task));
                }
                List<T> results = new ArrayList<>();
                for (Future<T> future : futures) {
                    results.add(future.get(60, TimeUnit.SECONDS));
                }
                return results;
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    class AfterACleanRestart {

        @Test
        void keepsDocumentsUpdatesDeletesAndIndexes() {
            partners().createIndex(Indexes.ascending("email"), new IndexOptions().unique(true).name("email_unique"));
            for (int i = 0; i < 50; i++) {
                partners().insertOne(new Document("_id", "p" + i).append("email", i + "@example.org"));
            }
            partners().updateOne(Filters.eq("_id", "p0"), Updates.set("name", "renamed"));
            partners().deleteOne(Filters.eq("_id", "p1"));

            restart();

            assertThat(partners().countDocuments()).isEqualTo(49);
            assertThat(partners().find(Filters.eq("_id", "p0")).first()).containsEntry("name", "renamed");
            assertThat(partners().find(Filters.eq("_id", "p1")).first()).isNull();
            List<String> indexNames = new ArrayList<>();
            partners().listIndexes().forEach(index -> indexNames.add(index.getString("name")));
            assertThat(indexNames).contains("_id_", "email_unique");
            assertThatThrownBy(() -> partners().insertOne(new Document("_id", "dup").append("email", "2@example.org")))
                    .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getCode()).isEqualTo(11000));
        }

        @Test
        void forgetsADroppedCollection() {
            partners().insertOne(new Document("_id", "p1"));
            client.getDatabase("directory").getCollection("scratch").insertOne(new Document("_id", "s1"));
            client.getDatabase("directory").getCollection("scratch").drop();

            restart();

            List<String> names = new ArrayList<>();
            client.getDatabase("directory").listCollectionNames().forEach(names::add);
            assertThat(names).containsExactly("partners");
        }

        private void restart() {
            client.close();
            mongo.close();
            mongo.close(); // closing twice is harmless
            mongo = EmbeddedMongo.start(file, "127.0.0.1", 0);
            client = MongoClients.create(mongo.connectionString());
        }
    }
}

package org.partnernet.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

/**
 * Queries that pin a unique index's fields and name more ({@link NarrowingH2Collection}) find exactly what a full
 * pass would: the optimistic update on {@code {_id, version}}, a unique field with more conditions, deletes.
 */
class NarrowingQueryTest {

    @TempDir
    Path dir;

    EmbeddedMongo mongo;
    MongoClient client;
    MongoCollection<Document> things;

    @BeforeEach
    void start() {
        mongo = EmbeddedMongo.start(dir.resolve("narrowing.mv"), "127.0.0.1", 0);
        client = MongoClients.create(mongo.connectionString());
        things = client.getDatabase("db").getCollection("things");
        things.createIndex(Indexes.ascending("code"), new IndexOptions().unique(true));
        things.createIndex(Indexes.ascending("pair", "rank"), new IndexOptions().unique(true));
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            documents.add(new Document("_id", "t" + i).append("version", 1).append("code", "c" + i)
                    .append("pair", "p" + (i % 5)).append("rank", i).append("state", i % 2 == 0 ? "OPEN" : "DONE"));
        }
        things.insertMany(documents);
    }

    @AfterEach
    void stop() {
        client.close();
        mongo.close();
    }

    @Test
    void anOptimisticUpdateChangesTheDocumentOnceAndAStaleOneNothing() {
        FindOneAndUpdateOptions after = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

        Document updated = things.findOneAndUpdate(Filters.and(Filters.eq("_id", "t7"), Filters.eq("version", 1)),
                Updates.inc("version", 1), after);
        Document stale = things.findOneAndUpdate(Filters.and(Filters.eq("_id", "t7"), Filters.eq("version", 1)),
                Updates.inc("version", 1), after);

        assertThat(updated.getInteger("version")).isEqualTo(2);
        assertThat(stale).isNull();
        assertThat(things.find(Filters.eq("_id", "t7")).first().getInteger("version")).isEqualTo(2);
        assertThat(things.countDocuments(Filters.eq("version", 2))).isEqualTo(1);
    }

    @Test
    void theDriversAndOfEqualitiesIsAnsweredFromTheIndexNotAFullPass() {
        ListAppender<ILoggingEvent> passes = fullPasses();
        try {
            // Filters.and renders {$and: [{_id: ...}, {version: ...}]}, as every optimistic replace sends it
            things.replaceOne(Filters.and(Filters.eq("_id", "t4"), Filters.eq("version", 1)),
                    new Document("version", 2).append("code", "c4").append("pair", "p4").append("rank", 4));
            things.find(Filters.and(Filters.eq("pair", "p2"), Filters.eq("rank", 12), Filters.eq("state", "OPEN")))
                    .first();
            assertThat(passes.list).isEmpty();

            things.find(Filters.eq("state", "OPEN")).into(new ArrayList<>()); // no index on state: a full pass, logged
            assertThat(passes.list).extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly("full pass over things for a query on [state]");
        } finally {
            stopWatching(passes);
        }
        assertThat(things.find(Filters.eq("_id", "t4")).first().getInteger("version")).isEqualTo(2);
    }

    @Test
    void anAggregationStreamsTheCollectionInsteadOfCollectingItFirst() {
        ListAppender<ILoggingEvent> passes = fullPasses();
        List<Document> counts;
        try {
            counts = things.aggregate(List.of(Aggregates.match(Filters.in("pair", "p1", "p2")),
                    Aggregates.group("$state", Accumulators.sum("count", 1)), Aggregates.sort(Sorts.ascending("_id"))))
                    .into(new ArrayList<>());
            assertThat(passes.list).isEmpty(); // the stock collection collected all 50 documents first
        } finally {
            stopWatching(passes);
        }
        assertThat(counts).extracting(d -> d.getString("_id") + "=" + d.get("count")).containsExactly("DONE=10", "OPEN=10");
    }

    /** Records the collection's "full pass" debug lines: a query that read every document into a list. */
    private static ListAppender<ILoggingEvent> fullPasses() {
        ListAppender<ILoggingEvent> passes = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(NarrowingH2Collection.class);
        logger.setLevel(Level.DEBUG);
        logger.addAppender(passes);
        passes.start();
        return passes;
    }

    private static void stopWatching(ListAppender<ILoggingEvent> passes) {
        Logger logger = (Logger) LoggerFactory.getLogger(NarrowingH2Collection.class);
        logger.detachAppender(passes);
        logger.setLevel(null);
    }

    @Test
    void aUniqueFieldWithMoreConditionsMatchesOnlyWhenAllHold() {
        assertThat(things.find(Filters.and(Filters.eq("code", "c8"), Filters.eq("state", "OPEN"))).into(new ArrayList<>()))
                .extracting(d -> d.getString("_id")).containsExactly("t8");
        assertThat(things.find(Filters.and(Filters.eq("code", "c9"), Filters.eq("state", "OPEN"))).first()).isNull();
        assertThat(things.find(Filters.and(Filters.eq("code", "nope"), Filters.eq("state", "OPEN"))).first()).isNull();
    }

    @Test
    void conditionsThatDoNotPinTheIndexStillMatchEverything() {
        // an operator on the _id, and only half of a compound index: no narrowing, the same answers
        assertThat(things.countDocuments(Filters.and(Filters.in("_id", "t1", "t2", "t3"), Filters.eq("state", "DONE"))))
                .isEqualTo(2);
        assertThat(things.countDocuments(Filters.and(Filters.eq("pair", "p1"), Filters.eq("state", "DONE"))))
                .isEqualTo(5);
        assertThat(things.find(Filters.and(Filters.eq("pair", "p2"), Filters.eq("rank", 12), Filters.eq("state", "OPEN")))
                .first().getString("_id")).isEqualTo("t12");
    }

    @Test
    void deletesRemoveOnlyWhatTheWholeFilterMatches() {
        assertThat(things.deleteOne(Filters.and(Filters.eq("_id", "t3"), Filters.eq("version", 2))).getDeletedCount())
                .isZero();
        assertThat(things.deleteOne(Filters.and(Filters.eq("_id", "t3"), Filters.eq("version", 1))).getDeletedCount())
                .isEqualTo(1);
        assertThat(things.countDocuments()).isEqualTo(49);
    }
}

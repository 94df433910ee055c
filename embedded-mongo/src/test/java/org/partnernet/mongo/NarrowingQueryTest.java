package org.partnernet.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
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

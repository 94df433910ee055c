package org.partnernet.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.bson.Document;
import org.bson.UuidRepresentation;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoWriteException;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * Documents and index keys are stored as BSON ({@link BsonDocumentType}, {@link KeyValueType}), and files the stock
 * backend wrote (Java serialization) still open, indexes included.
 */
class BsonStorageTest {

    @TempDir
    Path dir;

    @Test
    void everyBsonTypeSurvivesAReopen() {
        Path file = dir.resolve("types.mv");
        Document stored = everyType("t1");
        try (EmbeddedMongo mongo = EmbeddedMongo.start(file, "127.0.0.1", 0); MongoClient client = client(mongo)) {
            things(client).insertOne(stored);
        }
        try (EmbeddedMongo mongo = EmbeddedMongo.start(file, "127.0.0.1", 0); MongoClient client = client(mongo)) {
            assertThat(things(client).find(Filters.eq("_id", "t1")).first()).isEqualTo(stored);
        }
    }

    @Test
    void writesBsonAndReadsItBack() {
        de.bwaldvogel.mongo.bson.Document document = new de.bwaldvogel.mongo.bson.Document("_id", "x")
                .append("n", 12L).append("nested", new de.bwaldvogel.mongo.bson.Document("a", List.of(1, "two")));
        WriteBuffer buffer = new WriteBuffer();

        BsonDocumentType.INSTANCE.write(buffer, document);
        ByteBuffer written = buffer.getBuffer().flip();

        assertThat(written.get(0)).as("tag").isEqualTo(BsonDocumentType.TAG);
        assertThat(BsonDocumentType.INSTANCE.read(written)).isEqualTo(document);
        assertThat(written.hasRemaining()).as("the read consumed exactly the value").isFalse();
    }

    @Test
    void indexKeysRoundTripAndCompareByValue() {
        KeyValue bson = new KeyValue("harbor", 2.0, new de.bwaldvogel.mongo.bson.Document("a", List.of(1.0, "b")), null);
        KeyValue other = new KeyValue(UUID.randomUUID(), 2.0); // not storable as BSON as is: written the old way
        for (KeyValue key : List.of(bson, other)) {
            WriteBuffer buffer = new WriteBuffer();
            KeyValueType.INSTANCE.write(buffer, key);
            ByteBuffer written = buffer.getBuffer().flip();
            assertThat(written.get(0) == BsonDocumentType.TAG).isEqualTo(key == bson);
            assertThat(KeyValueType.INSTANCE.read(written)).isEqualTo(key);
        }
        assertThat(KeyValueType.INSTANCE.compare(new KeyValue("a"), new KeyValue("b"))).isNegative();
        assertThat(KeyValueType.INSTANCE.compare(new KeyValue(10.0), new KeyValue(9.0))).isPositive();
        assertThat(KeyValueType.INSTANCE.compare(new KeyValue("a", 1.0), new KeyValue("a", 1.0))).isZero();
        // equal in MongoDB's order, yet different keys
        assertThat(KeyValueType.INSTANCE.compare(new KeyValue(9007199254740993L), new KeyValue(9007199254740992.0)))
                .isNotZero();
    }

    /** A file the stock backend wrote (Java serialization) opens, takes new writes, and opens again. */
    @Test
    void opensAFileWrittenWithJavaSerialization() {
        Path file = dir.resolve("legacy.mv");
        List<Document> written = new ArrayList<>();
        MongoServer stock = new MongoServer(new H2Backend(file.toString()));
        String address = stock.bindAndGetConnectionString();
        try (MongoClient client = MongoClients.create(settings(address))) {
            for (int i = 0; i < 300; i++) {
                written.add(everyType("legacy-" + i));
            }
            things(client).insertMany(written);
            things(client).createIndex(Indexes.ascending("code"), new IndexOptions().unique(true));
        } finally {
            stock.shutdown();
        }

        try (EmbeddedMongo mongo = EmbeddedMongo.start(file, "127.0.0.1", 0); MongoClient client = client(mongo)) {
            assertThat(things(client).find().sort(Sorts.ascending("_id")).into(new ArrayList<>()))
                    .containsExactlyInAnyOrderElementsOf(written);
            things(client).updateOne(Filters.eq("_id", "legacy-7"), Updates.set("note", "rewritten as BSON"));
            things(client).insertOne(everyType("new-1"));
            // the unique index the stock backend wrote was carried over, entries and all
            assertThatThrownBy(() -> things(client).insertOne(new Document("_id", "other").append("code", "legacy-9/code")))
                    .isInstanceOfSatisfying(MongoWriteException.class,
                            e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
            assertThat(things(client).find(Filters.eq("code", "legacy-11/code")).first()).isEqualTo(written.get(11));
        }
        try (EmbeddedMongo mongo = EmbeddedMongo.start(file, "127.0.0.1", 0); MongoClient client = client(mongo)) {
            assertThat(things(client).countDocuments()).isEqualTo(301);
            assertThat(things(client).find(Filters.eq("_id", "legacy-7")).first().getString("note"))
                    .isEqualTo("rewritten as BSON");
            assertThat(things(client).find(Filters.eq("_id", "legacy-8")).first()).isEqualTo(written.get(8));
            assertThat(things(client).find(Filters.eq("_id", "new-1")).first()).isEqualTo(everyType("new-1"));
            assertThatThrownBy(() -> things(client).insertOne(new Document("_id", "other").append("code", "new-1/code")))
                    .isInstanceOf(MongoWriteException.class);
            things(client).dropIndex("code_1");
            things(client).insertOne(new Document("_id", "other").append("code", "new-1/code"));
        }
    }

    private static Document everyType(String id) {
        return new Document("_id", id)
                .append("code", id + "/code")
                .append("string", "Harbor House – ünïcødé")
                .append("int", 42)
                .append("long", 1L << 40)
                .append("double", 2.5)
                .append("decimal", Decimal128.parse("12.345"))
                .append("bool", true)
                .append("null", null)
                .append("date", new Date(1_700_000_000_000L))
                .append("objectId", new ObjectId("65a1b2c3d4e5f60718293a4b"))
                .append("uuid", UUID.fromString("01900000-0000-7000-8000-000000000001"))
                .append("binary", new Binary(new byte[] {0, 1, 2, (byte) 0xff}))
                .append("array", List.of(1, "two", new Document("three", 3)))
                .append("nested", new Document("deeper", new Document("deepest", List.of())));
    }

    private static MongoCollection<Document> things(MongoClient client) {
        return client.getDatabase("db").getCollection("things");
    }

    private static MongoClient client(EmbeddedMongo mongo) {
        return MongoClients.create(settings(mongo.connectionString()));
    }

    private static MongoClientSettings settings(String address) {
        return MongoClientSettings.builder().applyConnectionString(new ConnectionString(address))
                .uuidRepresentation(UuidRepresentation.STANDARD).build();
    }
}

package org.partnernet.mongo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * The child JVM of {@link DurabilityTest}: serves a database file and inserts into it until it is killed, printing
 * {@code ACKED <id>} only after the driver has the acknowledgement for that document.
 *
 * <p>Arguments: {@code <file> <durable|stock> <writer threads>}. {@code stock} runs mongo-java-server's own file
 * backend (auto-commit in the background), to show what the durable backend fixes.
 */
public final class AckingWriter {

    public static void main(String[] args) throws InterruptedException {
        Path file = Path.of(args[0]);
        boolean durable = args[1].equals("durable");
        int threads = Integer.parseInt(args[2]);

        String uri;
        if (durable) {
            uri = EmbeddedMongo.start(file, "127.0.0.1", 0).connectionString();
        } else {
            MongoServer stock = new MongoServer(new H2Backend(file.toString()));
            uri = stock.bindAndGetConnectionString();
        }

        try (MongoClient client = MongoClients.create(uri)) {
            MongoCollection<Document> docs = client.getDatabase("durability").getCollection("docs");
            docs.insertOne(new Document("_id", "warm-up")); // collection and _id index exist before the first ACK
            say("READY");
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String prefix = "w" + t + "-";
                Thread writer = new Thread(() -> {
                    for (int i = 0; ; i++) {
                        String id = prefix + i;
                        docs.insertOne(new Document("_id", id).append("payload", "x".repeat(200)));
                        say("ACKED " + id);
                    }
                }, "writer-" + t);
                writer.start();
                writers.add(writer);
            }
            for (Thread writer : writers) {
                writer.join(); // never returns: the parent kills this JVM
            }
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private AckingWriter() {
    }
}

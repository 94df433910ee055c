package org.partnernet.mongo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * Not a test: measures what the commit before each reply costs, against the stock H2 backend (background commit
 * once a second). Rounds alternate between the two so that load from other processes hits both alike.
 *
 * <pre>java -cp &lt;test classpath&gt; org.partnernet.mongo.WriteThroughput [seconds per run] [rounds]</pre>
 */
public final class WriteThroughput {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("mongo-throughput");
        for (int round = 1; round <= rounds; round++) {
            for (String mode : List.of("stock", "durable")) {
                Path file = dir.resolve(mode + "-" + round + ".mv");
                run(mode, file, seconds);
            }
        }
    }

    private static void run(String mode, Path file, int seconds) throws Exception {
        AutoCloseable server;
        String uri;
        if (mode.equals("durable")) {
            EmbeddedMongo mongo = EmbeddedMongo.start(file, "127.0.0.1", 0);
            server = mongo;
            uri = mongo.connectionString();
        } else {
            MongoServer stock = new MongoServer(new H2Backend(file.toString()));
            uri = stock.bindAndGetConnectionString();
            server = stock::shutdownNow;
        }
        try (server; MongoClient client = MongoClients.create(uri + "/?maxPoolSize=16")) {
            MongoCollection<Document> docs = client.getDatabase("bench").getCollection("docs");
            AtomicLong ids = new AtomicLong();
            Function<Long, Document> doc = id -> new Document("_id", "d" + id)
                    .append("name", "Partner " + id).append("kind", "SHELTER").append("payload", "x".repeat(200));
            rate(1, 1, () -> docs.insertOne(doc.apply(ids.incrementAndGet()))); // warm-up
            double insert1 = rate(1, seconds, () -> docs.insertOne(doc.apply(ids.incrementAndGet())));
            double insert8 = rate(8, seconds, () -> docs.insertOne(doc.apply(ids.incrementAndGet())));
            long written = ids.get();
            double read1 = rate(1, seconds, () -> docs.find(Filters.eq("_id", "d" + (1 + (System.nanoTime() % written)))).first());
            System.out.printf("%-8s inserts/s 1 thread %7.0f | 8 threads %7.0f | find-by-id/s 1 thread %7.0f | file %d KiB%n",
                    mode, insert1, insert8, read1, Files.size(file) / 1024);
        }
    }

    private static double rate(int threads, int seconds, Runnable op) throws InterruptedException {
        AtomicLong count = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < end) {
                    op.run();
                    count.incrementAndGet();
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return count.get() / (double) seconds;
    }

    private WriteThroughput() {
    }
}

package org.partnernet.mongo;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * Not a test: measures what the commit before each reply (and one writer at a time) costs, against the stock H2
 * backend, which commits in the background once a second. Rounds alternate between the two so that load from
 * other processes hits both alike; besides operations per second it prints the process CPU time per operation
 * (driver and server together), which a busy machine disturbs less.
 *
 * <pre>java -cp &lt;test classpath&gt; org.partnernet.mongo.WriteThroughput [seconds per measurement] [rounds]</pre>
 */
public final class WriteThroughput {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("mongo-throughput");
        for (int round = 1; round <= rounds; round++) {
            for (String mode : List.of("stock", "durable")) {
                run(mode, dir.resolve(mode + "-" + round + ".mv"), seconds);
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
            Runnable insert = () -> docs.insertOne(new Document("_id", "d" + ids.incrementAndGet())
                    .append("name", "Partner").append("kind", "SHELTER").append("version", 1)
                    .append("payload", "x".repeat(200)));
            Runnable update = () -> docs.findOneAndUpdate(
                    Filters.eq("_id", "d" + (1 + Math.floorMod(System.nanoTime(), ids.get()))), Updates.inc("version", 1));
            Runnable read = () -> docs.find(Filters.eq("_id", "d" + (1 + Math.floorMod(System.nanoTime(), ids.get())))).first();

            measure(1, 1, insert); // warm-up
            StringBuilder line = new StringBuilder(String.format("%-8s", mode));
            line.append(" insert x1 ").append(measure(1, seconds, insert));
            line.append(" | insert x8 ").append(measure(8, seconds, insert));
            line.append(" | findOneAndUpdate x8 ").append(measure(8, seconds, update));
            line.append(" | find _id x1 ").append(measure(1, seconds, read));
            line.append(" | find _id x8 ").append(measure(8, seconds, read));
            line.append(" | file ").append(Files.size(file) / 1024).append(" KiB");
            System.out.println(line);
        }
    }

    /** "ops/s (CPU µs/op)" for {@code threads} threads running {@code op} for {@code seconds}. */
    private static String measure(int threads, int seconds, Runnable op) throws InterruptedException {
        AtomicLong count = new AtomicLong();
        long cpuBefore = OS.getProcessCpuTime();
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
        long cpuMicros = (OS.getProcessCpuTime() - cpuBefore) / 1000;
        return String.format("%5.0f/s (%4d µs)", count.get() / (double) seconds, cpuMicros / Math.max(1, count.get()));
    }

    private WriteThroughput() {
    }
}

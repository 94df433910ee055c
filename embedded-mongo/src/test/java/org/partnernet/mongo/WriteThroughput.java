package org.partnernet.mongo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.bson.Document;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * Not a test: what the durable backend (one writer at a time, no reply before a commit covers it, concurrent writes
 * sharing a commit) costs against the stock H2 backend (background commit once a second). Both servers run side by side and the measurement alternates between
 * them in short slices, so that load from other processes on a shared machine hits both alike; it prints the
 * median rate of each and the median of the per-slice ratios.
 *
 * <pre>java -cp &lt;test classpath&gt; org.partnernet.mongo.WriteThroughput [slices per workload] [ms per slice]</pre>
 */
public final class WriteThroughput {

    public static void main(String[] args) throws Exception {
        int slices = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int sliceMillis = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path dir = Files.createTempDirectory("mongo-throughput");

        MongoServer stockServer = new MongoServer(new H2Backend(dir.resolve("stock.mv").toString()));
        String stockUri = stockServer.bindAndGetConnectionString();
        try (EmbeddedMongo durableServer = EmbeddedMongo.start(dir.resolve("durable.mv"), "127.0.0.1", 0);
             MongoClient stockClient = MongoClients.create(stockUri + "/?maxPoolSize=64");
             MongoClient durableClient = MongoClients.create(durableServer.connectionString() + "/?maxPoolSize=64")) {
            Workload stock = new Workload(stockClient.getDatabase("bench").getCollection("docs"));
            Workload durable = new Workload(durableClient.getDatabase("bench").getCollection("docs"));
            for (Workload w : List.of(stock, durable)) {
                w.rate(1, 2000, Workload::insert); // 2 s warm-up, which also leaves documents to update and read
            }
            for (int threads : new int[] {1, 16, 64}) {
                compare("insert, " + threads + " client threads", threads, Workload::insert, stock, durable, slices,
                        sliceMillis);
            }
            for (int threads : new int[] {1, 16, 64}) {
                compare("findOneAndUpdate $inc, " + threads + " threads", threads, Workload::update, stock, durable,
                        slices, sliceMillis);
            }
            compare("find by _id, 1 thread", 1, Workload::read, stock, durable, slices, sliceMillis);
            compare("find by _id, 16 threads", 16, Workload::read, stock, durable, slices, sliceMillis);
            System.out.printf("file size: stock %d KiB, durable %d KiB%n",
                    Files.size(dir.resolve("stock.mv")) / 1024, Files.size(dir.resolve("durable.mv")) / 1024);
        } finally {
            stockServer.shutdownNow();
        }
    }

    private static void compare(String name, int threads, Function<Workload, Runnable> op, Workload stock,
                                Workload durable, int slices, int sliceMillis) throws InterruptedException {
        double[] stockRates = new double[slices];
        double[] durableRates = new double[slices];
        double[] ratios = new double[slices];
        for (int i = 0; i < slices; i++) {
            stockRates[i] = stock.rate(threads, sliceMillis, op);
            durableRates[i] = durable.rate(threads, sliceMillis, op);
            ratios[i] = durableRates[i] / stockRates[i];
        }
        System.out.printf("%-38s stock %6.0f/s   durable %6.0f/s   durable/stock %.2f%n",
                name, median(stockRates), median(durableRates), median(ratios));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static final class Workload {

        private final MongoCollection<Document> docs;
        private final AtomicLong ids = new AtomicLong();

        Workload(MongoCollection<Document> docs) {
            this.docs = docs;
        }

        Runnable insert() {
            return () -> docs.insertOne(new Document("_id", "d" + ids.incrementAndGet())
                    .append("name", "Partner").append("kind", "SHELTER").append("version", 1)
                    .append("payload", "x".repeat(200)));
        }

        Runnable update() {
            return () -> docs.findOneAndUpdate(Filters.eq("_id", anyId()), Updates.inc("version", 1));
        }

        Runnable read() {
            return () -> docs.find(Filters.eq("_id", anyId())).first();
        }

        private String anyId() {
            return "d" + (1 + Math.floorMod(System.nanoTime(), ids.get()));
        }

        double rate(int threads, int millis, Function<Workload, Runnable> op) throws InterruptedException {
            Runnable action = op.apply(this);
            AtomicLong count = new AtomicLong();
            long end = System.nanoTime() + millis * 1_000_000L;
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> {
                    while (System.nanoTime() < end) {
                        action.run();
                        count.incrementAndGet();
                    }
                });
                worker.start();
                workers.add(worker);
            }
            for (Thread worker : workers) {
                worker.join();
            }
            return count.get() * 1000.0 / millis;
        }
    }

    private WriteThroughput() {
    }
}

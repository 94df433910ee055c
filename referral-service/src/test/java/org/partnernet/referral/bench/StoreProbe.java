package org.partnernet.referral.bench;

import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.nio.file.Files;
import org.bson.Document;
import org.partnernet.mongo.EmbeddedMongo;

/** How fast the durable embedded database answers the operations a referral create needs (by hand, not a test). */
public final class StoreProbe {

  public static void main(String[] args) throws Exception {
    var dir = Files.createTempDirectory("probe");
    try (EmbeddedMongo mongo = EmbeddedMongo.start(dir.resolve("db.mv"), "127.0.0.1", 0);
         var client = MongoClients.create(mongo.connectionString())) {
      var c = client.getDatabase("p").getCollection("c");
      c.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true));
      int n = Integer.getInteger("n", 2000);
      long t = System.nanoTime();
      for (int i = 0; i < n; i++) {
        c.insertOne(new Document("_id", "id-" + i).append("key", "k-" + i).append("plain", "p-" + i)
            .append("payload", "x".repeat(1500)));
      }
      report("insert", n, t);
      t = System.nanoTime();
      for (int i = 0; i < 500; i++) {
        c.find(Filters.eq("_id", "id-" + i)).first();
      }
      report("find by _id", 500, t);
      t = System.nanoTime();
      for (int i = 0; i < 500; i++) {
        c.find(Filters.eq("key", "k-" + i)).first();
      }
      report("find by unique index", 500, t);
      t = System.nanoTime();
      for (int i = 0; i < 50; i++) {
        c.find(Filters.eq("plain", "p-" + i)).first();
      }
      report("find by unindexed field (" + n + " docs)", 50, t);
    }
  }

  static void report(String what, int count, long start) {
    double ms = (System.nanoTime() - start) / 1e6;
    System.out.printf("%-40s %6.0f/s  (%.2f ms each)%n", what, count / (ms / 1000), ms / count);
  }
}

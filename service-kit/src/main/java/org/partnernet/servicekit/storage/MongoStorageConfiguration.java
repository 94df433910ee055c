package org.partnernet.servicekit.storage;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.partnernet.mongo.EmbeddedMongo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service's own database. {@code MONGODB_URI} set: that server (production: a replica set). Unset: a durable
 * embedded MongoDB-wire server in this process, on a file under the data directory (single-machine mode).
 * Timeouts are short on purpose: when the database is gone, calls fail fast and readiness says so.
 */
@Configuration(proxyBeanMethods = false)
public class MongoStorageConfiguration {

  private static final String CONFIGURED = "!'${partnernet.mongodb.uri:}'.isBlank()";

  private static final Logger log = LoggerFactory.getLogger(MongoStorageConfiguration.class);

  @Bean
  MongoClientSettingsBuilderCustomizer failFastMongoSettings() {
    return settings -> settings
        .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(2, TimeUnit.SECONDS))
        .applyToSocketSettings(socket -> socket.connectTimeout(2, TimeUnit.SECONDS).readTimeout(15, TimeUnit.SECONDS))
        .applyToConnectionPoolSettings(pool -> pool.maxWaitTime(2, TimeUnit.SECONDS));
  }

  @Bean
  MongoDatabase mongoDatabase(MongoClient client, @Value("${partnernet.mongodb.database:${spring.application.name}}") String name) {
    return client.getDatabase(name);
  }

  @Bean
  DatabaseHealth database(MongoDatabase database) {
    return new DatabaseHealth(database);
  }

  @Bean
  @ConditionalOnExpression(CONFIGURED)
  MongoConnectionDetails configuredMongo(@Value("${partnernet.mongodb.uri}") String uri) {
    ConnectionString connection = new ConnectionString(uri);
    return () -> connection;
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnExpression("!(" + CONFIGURED + ")")
  static class EmbeddedMongoConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedMongo embeddedMongo(@Value("${partnernet.data-dir:./data}") Path dataDir,
                                @Value("${spring.application.name}") String application) {
      Path file = dataDir.resolve(application).resolve("mongo.mv");
      log.warn("MONGODB_URI is not set: using an embedded single-machine database at {}. "
          + "Not for production: set MONGODB_URI to a MongoDB replica set.", file);
      return EmbeddedMongo.start(file, "127.0.0.1", 0);
    }

    @Bean
    MongoConnectionDetails embeddedMongoConnection(EmbeddedMongo server) {
      ConnectionString connection = new ConnectionString(server.connectionString());
      return () -> connection;
    }
  }
}

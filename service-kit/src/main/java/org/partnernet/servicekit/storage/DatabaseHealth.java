package org.partnernet.servicekit.storage;

import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Is this service's own database answering? A {@code ping} both MongoDB and the embedded server understand
 * (Boot's indicator sends {@code hello}, which the embedded server does not know). Readiness and gRPC health follow it.
 */
class DatabaseHealth implements HealthIndicator {

  private final MongoDatabase database;

  DatabaseHealth(MongoDatabase database) {
    this.database = database;
  }

  @Override
  public Health health() {
    try {
      database.runCommand(new Document("ping", 1));
      return Health.up().build();
    } catch (RuntimeException e) {
      // the exception type only: driver messages name hosts and can grow with the request
      return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
    }
  }
}

package org.partnernet.resources.system;

import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.partnernet.resources.directory.DirectorySchools;
import org.partnernet.resources.event.EventLog;
import org.partnernet.resources.event.MongoEventLog;
import org.partnernet.resources.event.ResourceEvent;
import org.partnernet.resources.exchange.Exchange;
import org.partnernet.resources.exchange.MongoPostings;
import org.partnernet.resources.exchange.Side;
import org.partnernet.resources.training.MongoBookings;
import org.partnernet.resources.training.MongoTrainings;
import org.partnernet.resources.training.Schools;
import org.partnernet.resources.training.TrainingDesk;
import org.partnernet.servicekit.caller.ForwardCallerToken;
import org.partnernet.servicekit.event.EventWatches;
import org.partnernet.servicekit.id.NetworkId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.grpc.client.ChannelBuilderOptions;
import org.springframework.grpc.client.GrpcChannelFactory;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Wires the use cases to their MongoDB stores; the domain itself knows neither Spring nor the driver. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ResourcesConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ResourcesConfiguration.class);

  @Bean
  EventLog eventLog(MongoDatabase database, Clock clock) {
    return new MongoEventLog(database, clock);
  }

  @Bean(destroyMethod = "close")
  EventWatches<ResourceEvent> eventWatches(EventLog events,
                            @Value("${partnernet.resources.event-poll-interval:200ms}") Duration interval,
                            @Value("${partnernet.resources.event-gap-wait:5s}") Duration gapWait) {
    return new EventWatches<>("resource-events", events, interval, gapWait);
  }

  @Bean
  Exchange exchange(MongoDatabase database, EventLog events, Clock clock, NetworkId network, MeterRegistry meters) {
    return new Exchange(new MongoPostings(database, Side.OFFER), new MongoPostings(database, Side.NEED), events, clock,
        network.value(), meters);
  }

  /** partner-directory says which organisations are active schools; the caller's token travels with the question. */
  @Bean
  Schools schools(GrpcChannelFactory channels, ForwardCallerToken forwardCallerToken,
                  @Value("${partnernet.resources.directory-deadline:2s}") Duration deadline) {
    return new DirectorySchools(channels.createChannel("directory",
        ChannelBuilderOptions.defaults().withInterceptors(List.of(forwardCallerToken))), deadline);
  }

  @Bean
  TrainingDesk trainingDesk(MongoDatabase database, Schools schools, EventLog events, Clock clock, NetworkId network,
                            MeterRegistry meters) {
    return new TrainingDesk(new MongoTrainings(database), new MongoBookings(database), schools, events, clock,
        network.value(), meters);
  }

  @Bean
  ExpirySweep expirySweep(Exchange exchange, EventLog events, Clock clock,
                          @Value("${partnernet.resources.event-retention:30d}") Duration eventRetention) {
    return new ExpirySweep(exchange, events, clock, eventRetention);
  }

  /** Open event streams end first, so the gRPC server's graceful shutdown does not wait on them. */
  @EventListener(ContextClosedEvent.class)
  void endStreams(ContextClosedEvent event) {
    event.getApplicationContext().getBeanProvider(EventWatches.class).ifAvailable(EventWatches::endAll);
  }

  /**
   * Offers and needs whose window ended become EXPIRED, and events older than the retention are dropped; on every
   * replica (both updates are idempotent).
   */
  static final class ExpirySweep {
    private final Exchange exchange;
    private final EventLog events;
    private final Clock clock;
    private final Duration eventRetention;

    ExpirySweep(Exchange exchange, EventLog events, Clock clock, Duration eventRetention) {
      this.exchange = exchange;
      this.events = events;
      this.clock = clock;
      this.eventRetention = eventRetention;
    }

    @Scheduled(fixedDelayString = "${partnernet.resources.expiry-sweep-interval:60s}",
        initialDelayString = "${partnernet.resources.expiry-sweep-interval:60s}")
    void sweep() {
      try {
        long expired = exchange.expireEnded();
        if (expired > 0) {
          log.info("expired {} offers and needs whose window ended", expired);
        }
        events.deleteBefore(clock.instant().minus(eventRetention));
      } catch (RuntimeException e) {
        log.warn("expiry sweep failed, retrying at the next interval: {}", e.getClass().getName());
      }
    }
  }
}

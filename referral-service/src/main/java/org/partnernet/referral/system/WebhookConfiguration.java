package org.partnernet.referral.system;

import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.partnernet.referral.crypto.DisclosureCipher;
import org.partnernet.referral.inbox.InboxEvents;
import org.partnernet.referral.webhook.ManagingWebhooks;
import org.partnernet.referral.webhook.TargetPolicy;
import org.partnernet.referral.webhook.WebhookClient;
import org.partnernet.referral.webhook.WebhookDeliveries;
import org.partnernet.referral.webhook.WebhookSecrets;
import org.partnernet.referral.webhook.Webhooks;
import org.partnernet.servicekit.id.NetworkId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires partner webhooks (README: Webhooks); settings under {@code partnernet.referral.webhook}. */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

  @Bean
  TargetPolicy webhookTargetPolicy(
      @Value("${partnernet.referral.webhook.allow-http:false}") boolean allowHttp,
      @Value("${partnernet.referral.webhook.allowed-networks:}") List<String> allowedNetworks) {
    return new TargetPolicy(allowHttp, allowedNetworks);
  }

  @Bean(destroyMethod = "close")
  WebhookClient webhookClient(TargetPolicy policy,
                              @Value("${partnernet.referral.webhook.connect-timeout:PT3S}") Duration connectTimeout,
                              @Value("${partnernet.referral.webhook.timeout:PT5S}") Duration timeout) {
    return new WebhookClient(policy, connectTimeout, timeout);
  }

  @Bean
  Webhooks webhooks(MongoDatabase database) {
    return new Webhooks(database);
  }

  @Bean
  WebhookSecrets webhookSecrets(DisclosureCipher cipher) {
    return new WebhookSecrets(cipher);
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  WebhookDeliveries webhookDeliveries(Webhooks webhooks, InboxEvents inbox, WebhookSecrets secrets,
                                      WebhookClient client, NetworkId network, MeterRegistry meters,
                                      @Value("${partnernet.referral.webhook.poll-interval:PT1S}") Duration poll,
                                      @Value("${partnernet.referral.webhook.max-attempts:8}") int maxAttempts,
                                      @Value("${partnernet.referral.webhook.backoff-initial:PT10S}") Duration initial,
                                      @Value("${partnernet.referral.webhook.backoff-max:PT1H}") Duration max,
                                      @Value("${partnernet.referral.inbox.gap-wait:PT5S}") Duration gapWait,
                                      @Value("${partnernet.referral.webhook.threads:4}") int threads,
                                      @Value("${partnernet.referral.webhook.timeout:PT5S}") Duration timeout) {
    // retries and leases run on the wall clock, not the business clock tests move
    return new WebhookDeliveries(webhooks, inbox, secrets, client, network.value(),
        new WebhookDeliveries.Settings(poll, maxAttempts, initial, max, gapWait, threads, timeout),
        Clock.systemUTC(), meters);
  }

  @Bean
  ManagingWebhooks managingWebhooks(Webhooks webhooks, WebhookSecrets secrets, TargetPolicy policy,
                                    WebhookDeliveries deliveries, InboxEvents inbox, NetworkId network, Clock clock) {
    return new ManagingWebhooks(webhooks, secrets, policy, deliveries, inbox, network.value(), clock);
  }
}

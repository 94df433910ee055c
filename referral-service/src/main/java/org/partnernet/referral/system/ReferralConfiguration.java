package org.partnernet.referral.system;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.partnernet.referral.analytics.NetworkAnalytics;
import org.partnernet.referral.audit.AuditTrail;
import org.partnernet.referral.capacity.CapacityChecks;
import org.partnernet.referral.capacity.CapacityDesk;
import org.partnernet.referral.consent.Consents;
import org.partnernet.referral.consent.RecordingConsent;
import org.partnernet.referral.crypto.DisclosureCipher;
import org.partnernet.referral.crypto.KeyEncryptionKey;
import org.partnernet.referral.crypto.KeyVault;
import org.partnernet.referral.directory.PartnerSuggestions;
import org.partnernet.referral.directory.RecipientCheck;
import org.partnernet.referral.inbox.InboxEvent;
import org.partnernet.referral.inbox.InboxEvents;
import org.partnernet.referral.lifecycle.ReferralMessages;
import org.partnernet.referral.lifecycle.ReferralMessaging;
import org.partnernet.referral.lifecycle.ReferralSweep;
import org.partnernet.referral.lifecycle.ReferralWorkflow;
import org.partnernet.referral.lifecycle.Referrals;
import org.partnernet.referral.lifecycle.Shredding;
import org.partnernet.referral.lifecycle.SuggestingAlternatives;
import org.partnernet.referral.survivor.ShowingSurvivorView;
import org.partnernet.servicekit.caller.ForwardCallerToken;
import org.partnernet.servicekit.event.EventWatches;
import org.partnernet.servicekit.id.NetworkId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.grpc.client.ChannelBuilderOptions;
import org.springframework.grpc.client.GrpcChannelFactory;

/** Wires the referral-service: its stores, the key vault and KEK, the directory client, the use cases. */
@Configuration(proxyBeanMethods = false)
class ReferralConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ReferralConfiguration.class);

  @Bean
  Referrals referrals(MongoDatabase database) {
    return new Referrals(database);
  }

  @Bean
  Consents consents(MongoDatabase database) {
    return new Consents(database);
  }

  @Bean
  @ConditionalOnMissingBean
  AuditTrail auditTrail(MongoDatabase database, Clock clock) {
    return new AuditTrail(database, clock);
  }

  /** A database of its own on the same server: separate backups with a short retention (KEY-CUSTODY.md). */
  @Bean
  KeyVault keyVault(MongoClient client, ReferralProperties properties, MongoDatabase serviceDatabase) {
    if (properties.keyVaultDatabase().equals(serviceDatabase.getName())) {
      throw new IllegalStateException("the key vault must not share the service's database");
    }
    return new KeyVault(client.getDatabase(properties.keyVaultDatabase()));
  }

  @Bean
  KeyEncryptionKey keyEncryptionKey(ReferralProperties properties, KeyVault vault) {
    KeyEncryptionKey kek = KeyEncryptionKey.open(properties.kek().keysetFile(), properties.kek().createIfMissing(),
        vault.size());
    Set<Integer> missing = new HashSet<>(vault.kekKeyIdsInUse());
    missing.removeAll(kek.keyIds());
    if (!missing.isEmpty()) {
      throw new IllegalStateException("the KEK keyset " + properties.kek().keysetFile() + " lacks key ids " + missing
          + " that wrap data keys in the vault: it is the wrong keyset or an old backup (KEY-CUSTODY.md)");
    }
    if (properties.kek().createIfMissing()) {
      log.warn("The KEK is a local keyset file that is created when missing ({}): fine for single-machine mode; in "
          + "production mount it read-only from a secret store and set KEK_CREATE_IF_MISSING=false (KEY-CUSTODY.md)",
          properties.kek().keysetFile());
    }
    log.info("key-encryption key loaded: {} key(s), primary {}, fingerprint {}", kek.keyIds().size(),
        kek.primaryKeyId(), kek.fingerprint());
    return kek;
  }

  @Bean
  DisclosureCipher disclosureCipher(KeyEncryptionKey kek, KeyVault vault, Clock clock) {
    return new DisclosureCipher(kek, vault, clock);
  }

  @Bean
  RecipientCheck recipientCheck(GrpcChannelFactory channels, ForwardCallerToken forwardCallerToken,
                                ReferralProperties properties) {
    return new RecipientCheck(channels.createChannel("directory",
        ChannelBuilderOptions.defaults().withInterceptors(List.of(forwardCallerToken))),
        properties.directoryDeadline());
  }

  @Bean
  SuggestingAlternatives suggestingAlternatives(Referrals referrals, GrpcChannelFactory channels,
                                                ForwardCallerToken forwardCallerToken, ReferralProperties properties) {
    return new SuggestingAlternatives(referrals, new PartnerSuggestions(channels.createChannel("directory",
        ChannelBuilderOptions.defaults().withInterceptors(List.of(forwardCallerToken))),
        properties.directoryDeadline()));
  }

  @Bean
  ReferralMessages referralMessages(MongoDatabase database) {
    return new ReferralMessages(database);
  }

  @Bean
  ReferralMessaging referralMessaging(Referrals referrals, ReferralMessages messages, Consents consents,
                                      DisclosureCipher cipher, AuditTrail audit, InboxEvents inbox, Clock clock) {
    return new ReferralMessaging(referrals, messages, consents, cipher, audit, inbox, clock);
  }

  @Bean
  ReferralMetrics referralMetrics(MeterRegistry registry) {
    return new ReferralMetrics(registry);
  }

  @Bean
  RecordingConsent recordingConsent(Consents consents, AuditTrail audit, NetworkId network, Clock clock,
                                    ReferralProperties properties) {
    return new RecordingConsent(consents, audit, network, clock, properties.consentMaxDuration());
  }

  @Bean
  ReferralWorkflow referralWorkflow(Referrals referrals, Consents consents, DisclosureCipher cipher, AuditTrail audit,
                                    RecipientCheck recipients, ReferralMetrics metrics, ReferralProperties properties,
                                    NetworkId network, Clock clock, InboxEvents inbox) {
    return new ReferralWorkflow(referrals, consents, cipher, audit, recipients, metrics, properties, network, clock,
        inbox);
  }

  @Bean
  Shredding shredding(Referrals referrals, ReferralMessages messages, Consents consents, DisclosureCipher cipher,
                      AuditTrail audit, ReferralMetrics metrics, RecordingConsent recording, Clock clock,
                      InboxEvents inbox) {
    return new Shredding(referrals, messages, consents, cipher, audit, metrics, recording, clock, inbox);
  }

  @Bean
  InboxEvents inboxEvents(MongoDatabase database, NetworkId network, Clock clock) {
    return new InboxEvents(database, network.value(), clock);
  }

  /** Polls every ~200 ms per open stream; events are kept {@code inbox.history} (default 7 days, see the sweep). */
  @Bean(destroyMethod = "close")
  EventWatches<InboxEvent> inboxWatches(InboxEvents events,
                            @Value("${partnernet.referral.inbox.poll-interval:PT0.2S}") Duration interval,
                            @Value("${partnernet.referral.inbox.gap-wait:PT5S}") Duration gapWait) {
    return new EventWatches<>("inbox-watch", events, interval, gapWait);
  }

  @Bean
  CapacityChecks capacityChecks(MongoDatabase database) {
    return new CapacityChecks(database);
  }

  @Bean
  CapacityDesk capacityDesk(CapacityChecks checks, InboxEvents inbox, ReferralMetrics metrics, NetworkId network,
                            Clock clock,
                            @Value("${partnernet.referral.capacity-check-lifetime:P2D}") Duration lifetime) {
    return new CapacityDesk(checks, inbox, metrics, network, clock, lifetime);
  }

  @Bean
  ShowingSurvivorView showingSurvivorView(Consents consents, Referrals referrals, AuditTrail audit) {
    return new ShowingSurvivorView(consents, referrals, audit);
  }

  @Bean
  NetworkAnalytics networkAnalytics(Referrals referrals, CapacityChecks checks) {
    return new NetworkAnalytics(referrals, checks);
  }

  /** Open inbox streams end first, so the gRPC server's graceful shutdown does not wait on them. */
  @EventListener(ContextClosedEvent.class)
  void endInboxStreams(ContextClosedEvent event) {
    event.getApplicationContext().getBeanProvider(EventWatches.class).ifAvailable(EventWatches::endAll);
  }

  @Bean(initMethod = "start", destroyMethod = "stop")
  ReferralSweep referralSweep(Referrals referrals, ReferralWorkflow workflow, Shredding shredding,
                              InboxEvents inbox, ReferralMetrics metrics, Clock clock, ReferralProperties properties,
                              @Value("${partnernet.referral.inbox.history:P7D}") Duration inboxHistory) {
    return new ReferralSweep(referrals, workflow, shredding, inbox, metrics, clock, properties.sweepInterval(),
        properties.housekeepingInterval(), properties.retentionAfterClosure(), inboxHistory);
  }
}

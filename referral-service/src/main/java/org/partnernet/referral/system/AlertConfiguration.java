package org.partnernet.referral.system;

import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.partnernet.referral.alert.Alerting;
import org.partnernet.referral.alert.Alerts;
import org.partnernet.referral.alert.MailChannel;
import org.partnernet.referral.alert.SmsChannel;
import org.partnernet.referral.directory.PartnerContacts;
import org.partnernet.referral.inbox.InboxEvents;
import org.partnernet.referral.lifecycle.Referrals;
import org.partnernet.servicekit.caller.ForwardCallerToken;
import org.partnernet.servicekit.caller.ServiceAccount;
import org.partnernet.servicekit.id.NetworkId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.client.ChannelBuilderOptions;
import org.springframework.grpc.client.GrpcChannelFactory;

/**
 * Wires EMERGENCY alerts (README: Alerts), only when {@code partnernet.referral.alert.enabled} is true; settings
 * under {@code partnernet.referral.alert}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "partnernet.referral.alert.enabled", havingValue = "true")
class AlertConfiguration {

  /**
   * Alerting is work on nobody's behalf: partner-directory is asked with this service's own account (the tests
   * put a bean of this name in its place).
   */
  @Bean
  @ConditionalOnMissingBean
  PartnerContacts.Credentials alertDirectoryCredentials(ServiceAccount account) {
    return account::token;
  }

  @Bean
  PartnerContacts partnerContacts(GrpcChannelFactory channels, PartnerContacts.Credentials credentials,
                                ReferralProperties properties) {
    return new PartnerContacts(channels.createChannel("directory",
        ChannelBuilderOptions.defaults().withInterceptors(List.of(new ForwardCallerToken(credentials)))),
        properties.directoryDeadline());
  }

  @Bean
  MailChannel alertMail(@Value("${partnernet.referral.alert.mail.host:}") String host,
                        @Value("${partnernet.referral.alert.mail.port:25}") int port,
                        @Value("${partnernet.referral.alert.mail.username:}") String username,
                        @Value("${partnernet.referral.alert.mail.password:}") String password,
                        @Value("${partnernet.referral.alert.mail.start-tls:true}") boolean startTls,
                        @Value("${partnernet.referral.alert.mail.from:}") String from,
                        @Value("${partnernet.referral.alert.mail.timeout:PT10S}") Duration timeout) {
    return new MailChannel(new MailChannel.Settings(host, port, username, password, startTls, from, timeout));
  }

  @Bean
  Alerts alerts(MongoDatabase database, NetworkId network) {
    return new Alerts(database, network.value());
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  Alerting alerting(Alerts alerts, InboxEvents inbox, Referrals referrals, PartnerContacts directory,
                    MailChannel mail, Clock clock, MeterRegistry meters,
                    @Value("${partnernet.referral.alert.sms.url:}") String smsUrl,
                    @Value("${partnernet.referral.alert.sms.token:}") String smsToken,
                    @Value("${partnernet.referral.alert.sms.timeout:PT10S}") Duration smsTimeout,
                    @Value("${partnernet.referral.alert.public-url:}") String webUi,
                    @Value("${partnernet.referral.alert.escalate-after:PT15M}") Duration escalateAfter,
                    @Value("${partnernet.referral.alert.coordinators:}") List<String> coordinators,
                    @Value("${partnernet.referral.alert.poll-interval:PT30S}") Duration poll,
                    @Value("${partnernet.referral.alert.max-attempts:5}") int maxAttempts,
                    @Value("${partnernet.referral.alert.backoff-initial:PT30S}") Duration initial,
                    @Value("${partnernet.referral.alert.backoff-max:PT10M}") Duration max,
                    @Value("${partnernet.referral.inbox.gap-wait:PT5S}") Duration gapWait) {
    Optional<SmsChannel> sms = smsUrl.isBlank() ? Optional.empty()
        : Optional.of(new SmsChannel(new SmsChannel.Settings(URI.create(smsUrl), smsToken, smsTimeout)));
    return new Alerting(alerts, inbox, referrals, directory, mail, sms,
        new Alerting.Settings(webUi, escalateAfter, coordinators.stream().filter(a -> !a.isBlank()).toList(), poll,
            maxAttempts, initial, max, gapWait),
        clock, meters);
  }
}

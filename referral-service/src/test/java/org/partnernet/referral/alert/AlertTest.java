package org.partnernet.referral.alert;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.referral.ReferralHarness.NGO;
import static org.partnernet.referral.ReferralHarness.SCHOOL;
import static org.partnernet.referral.ReferralHarness.SHELTER;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnernet.api.directory.v1.Contact;
import org.partnernet.api.directory.v1.ContactPurpose;
import org.partnernet.api.referral.v1.AcceptReferralRequest;
import org.partnernet.api.referral.v1.AgeRange;
import org.partnernet.api.referral.v1.AnswerCapacityCheckRequest;
import org.partnernet.api.referral.v1.CapacityAnswerKind;
import org.partnernet.api.referral.v1.CapacityCheck;
import org.partnernet.api.referral.v1.CreateCapacityCheckRequest;
import org.partnernet.api.referral.v1.DataCategory;
import org.partnernet.api.referral.v1.GetReferralRequest;
import org.partnernet.api.referral.v1.Referral;
import org.partnernet.api.referral.v1.Urgency;
import org.partnernet.referral.FakeDirectory;
import org.partnernet.referral.directory.PartnerContacts;
import org.partnernet.referral.Fixtures;
import org.partnernet.referral.ReferralHarness;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.caller.TestTokens;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * EMERGENCY alerts through the real gRPC API: e-mails to a real SMTP server (GreenMail), texts to an SMS provider
 * played by WireMock over real HTTP, contacts from the fake partner-directory's GetPartner. Time is the harness's
 * clock; the test runs the sweep itself (the service's own runs once an hour here).
 */
class AlertTest {

  static final String WEB_UI = "https://partnernet.example.org/app";
  static final String SMS_TOKEN = "sms-provider-token-7f3a";
  static final String SERVICE_TOKEN = TestTokens.token("service-account-referral-service", null);
  static final String SHELTER_ON_CALL = "night.desk@shelter.example.org";
  static final String SHELTER_ON_CALL_PHONE = "+44 7700 900555";
  static final String SHELTER_INTAKE = "intake@shelter.example.org";
  static final String SHELTER_OFFICE = "office@shelter.example.org";
  static final String SCHOOL_ON_CALL = "duty@school.example.org";
  static final String NGO_OFFICE = "casework@ngo.example.org";
  static final String COORDINATOR = "coordinators@coalition.example.org";
  static final List<String> ADDRESSES = List.of(SHELTER_ON_CALL, SHELTER_ON_CALL_PHONE, SHELTER_INTAKE,
      SHELTER_OFFICE, SCHOOL_ON_CALL, NGO_OFFICE, COORDINATOR, SMS_TOKEN);

  @TempDir
  static Path dir;
  static ReferralHarness service;
  static GreenMail smtp;
  static WireMockServer smsProvider;
  static final List<String> logLines = Collections.synchronizedList(new ArrayList<>());
  static AppenderBase<ILoggingEvent> appender;

  /**
   * The token partner-directory is called with, in place of the service account's (there is no Keycloak here):
   * a source added after the application's own, so it replaces the bean of the same name.
   */
  @TestConfiguration(proxyBeanMethods = false)
  public static class ServiceToken {
    @Bean
    PartnerContacts.Credentials alertDirectoryCredentials() {
      return () -> SERVICE_TOKEN;
    }
  }

  @BeforeAll
  static void start() {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    smsProvider = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    smsProvider.start();
    service = ReferralHarness.start(dir,
        "partnernet.referral.alert.enabled=true",
        "partnernet.referral.alert.public-url=" + WEB_UI,
        "partnernet.referral.alert.escalate-after=PT15M",
        "partnernet.referral.alert.coordinators=" + COORDINATOR,
        "partnernet.referral.alert.poll-interval=PT1H",
        "partnernet.referral.alert.max-attempts=3",
        "partnernet.referral.alert.backoff-initial=PT1M",
        "partnernet.referral.alert.backoff-max=PT2M",
        "partnernet.referral.alert.mail.host=127.0.0.1",
        "partnernet.referral.alert.mail.port=" + smtp.getSmtp().getPort(),
        "partnernet.referral.alert.mail.start-tls=false",
        "partnernet.referral.alert.mail.from=alerts@partnernet.example.org",
        "partnernet.referral.alert.mail.timeout=PT5S",
        "partnernet.referral.alert.sms.url=http://127.0.0.1:" + smsProvider.port() + "/v1/messages",
        "partnernet.referral.alert.sms.token=" + SMS_TOKEN,
        "spring.main.sources=" + ServiceToken.class.getName(),
        "spring.main.allow-bean-definition-overriding=true");
    contacts(service.directory);
    appender = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent event) {
        // the service's lines, not the test's SMTP server and SMS provider, which log addresses by design
        if (!event.getLoggerName().startsWith("com.icegreen") && !event.getLoggerName().contains("wiremock")) {
          logLines.add(event.getLoggerName() + " " + event.getFormattedMessage());
        }
      }
    };
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    appender.setContext(context);
    appender.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
  }

  static void contacts(FakeDirectory directory) {
    directory
        .contacts(SHELTER,
            contact(ContactPurpose.CONTACT_PURPOSE_GENERAL, SHELTER_OFFICE, ""),
            contact(ContactPurpose.CONTACT_PURPOSE_REFERRAL_INTAKE, SHELTER_INTAKE, ""),
            contact(ContactPurpose.CONTACT_PURPOSE_EMERGENCY, SHELTER_ON_CALL, SHELTER_ON_CALL_PHONE))
        .contacts(SCHOOL, contact(ContactPurpose.CONTACT_PURPOSE_EMERGENCY, SCHOOL_ON_CALL, ""))
        .contacts(NGO, contact(ContactPurpose.CONTACT_PURPOSE_GENERAL, NGO_OFFICE, ""));
  }

  static Contact contact(ContactPurpose purpose, String email, String phone) {
    return Contact.newBuilder().setPurpose(purpose).setName("Desk").setEmail(email).setPhone(phone).build();
  }

  @AfterAll
  static void stop() {
    ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
    if (service != null) {
      service.close();
    }
    smsProvider.stop();
    smtp.stop();
  }

  /** Each test sees only its own alerts: those left by an earlier test are closed. */
  @BeforeEach
  void fresh() throws Exception {
    service.serviceDatabase().getCollection("alerts").updateMany(new Document(),
        new Document("$set", new Document("done", true)));
    smtp.purgeEmailFromAllMailboxes();
    smsProvider.resetAll();
    smsProvider.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(202)));
  }

  static Referral sendEmergencyReferral() {
    var caseworker = service.as(NGO, Role.CASEWORKER);
    String consent = caseworker.createConsent(Fixtures.consent(service.clock.instant(), List.of(SHELTER),
        DataCategory.DATA_CATEGORY_IDENTITY, DataCategory.DATA_CATEGORY_CONTACT, DataCategory.DATA_CATEGORY_NEEDS,
        DataCategory.DATA_CATEGORY_SAFETY)).getConsent().getName();
    return caseworker.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_EMERGENCY, consent,
        Fixtures.fullDisclosure())).getReferral();
  }

  static void sweep() {
    service.bean(Alerting.class).sweep();
  }

  static void later(Duration by) {
    service.clock.advance(by);
  }

  /** Every recipient of every e-mail received, one entry per message and recipient. */
  static List<String> mailedTo() {
    List<String> to = new ArrayList<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      try {
        Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Object::toString).forEach(to::add);
      } catch (MessagingException e) {
        throw new AssertionError(e);
      }
    }
    return to;
  }

  static List<LoggedRequest> texts() {
    return smsProvider.findAll(postRequestedFor(urlEqualTo("/v1/messages")));
  }

  static double counter(String name, String... tags) {
    Counter c = service.bean(MeterRegistry.class).find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void anEmergencyReferralAlertsTheOnCallContactByMailAndSmsWithNoPersonalData() throws Exception {
    double sentBefore = counter("partnernet.alerts.sent", "channel", "email", "step", "on_call");
    Referral referral = sendEmergencyReferral();
    service.as(NGO, Role.CASEWORKER).createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_ROUTINE, null, null));

    sweep();

    assertThat(mailedTo()).containsExactly(SHELTER_ON_CALL);
    MimeMessage mail = smtp.getReceivedMessages()[0];
    String subject = mail.getSubject();
    String body = GreenMailUtil.getBody(mail);
    assertThat(subject).contains("EMERGENCY referral");
    assertThat(body).contains(WEB_UI);
    assertThat(texts()).hasSize(1);
    LoggedRequest text = texts().get(0);
    assertThat(text.getHeader("Authorization")).isEqualTo("Bearer " + SMS_TOKEN);
    assertThat(text.getBodyAsString()).contains("\"to\":\"" + SHELTER_ON_CALL_PHONE + "\"").contains(WEB_UI);
    assertThat(service.directory.lastAuthorization()).isEqualTo("Bearer " + SERVICE_TOKEN);

    // nothing about the person, the summary, or even which referral: the link is all
    List<String> forbidden = new ArrayList<>(Fixtures.PERSONAL_DATA);
    forbidden.addAll(List.of(referral.getId(), NGO, SHELTER, "female", "16", Fixtures.SHELTER_SERVICE));
    for (String value : forbidden) {
      assertThat(subject).doesNotContain(value);
      assertThat(body).doesNotContain(value);
      assertThat(text.getBodyAsString()).doesNotContain(value);
    }
    assertThat(counter("partnernet.alerts.sent", "channel", "email", "step", "on_call")).isEqualTo(sentBefore + 1);
    assertThat(counter("partnernet.alerts.sent", "channel", "sms", "step", "on_call")).isPositive();
    assertNoAddressLogged();
  }

  @Test
  void unansweredItEscalatesStepByStepAfterTheConfiguredTimeEachStepOnce() {
    sendEmergencyReferral();
    sweep();
    assertThat(mailedTo()).containsExactly(SHELTER_ON_CALL);

    later(Duration.ofMinutes(14));
    sweep();
    assertThat(mailedTo()).containsExactly(SHELTER_ON_CALL);

    later(Duration.ofMinutes(2));
    sweep();
    sweep();
    assertThat(mailedTo()).containsExactly(SHELTER_ON_CALL, SHELTER_INTAKE);

    later(Duration.ofMinutes(16));
    sweep();
    assertThat(mailedTo()).containsExactlyInAnyOrder(SHELTER_ON_CALL, SHELTER_INTAKE, NGO_OFFICE, COORDINATOR);
    MimeMessage toCoordinators = Arrays.stream(smtp.getReceivedMessages()).filter(m -> recipient(m).equals(COORDINATOR))
        .findFirst().orElseThrow();
    assertThat(GreenMailUtil.getBody(toCoordinators)).contains("has not been answered").contains(WEB_UI);

    later(Duration.ofHours(2));
    sweep();
    assertThat(mailedTo()).hasSize(4);
    assertThat(texts()).hasSize(1);
    assertThat(counter("partnernet.alerts.sent", "channel", "email", "step", "sender_and_coordinators"))
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void receivedIsNotAnAnswerButAcceptingStopsTheEscalation() {
    Referral referral = sendEmergencyReferral();
    sweep();
    var intake = service.as(SHELTER, Role.INTAKE);
    intake.getReferral(GetReferralRequest.newBuilder().setReferral(referral.getId()).build());
    later(Duration.ofMinutes(16));
    sweep();
    assertThat(mailedTo()).containsExactly(SHELTER_ON_CALL, SHELTER_INTAKE);

    intake.acceptReferral(AcceptReferralRequest.newBuilder().setReferral(referral.getId())
        .setRequestId(Fixtures.requestId()).build());
    later(Duration.ofMinutes(16));
    sweep();
    later(Duration.ofMinutes(16));
    sweep();
    assertThat(mailedTo()).containsExactly(SHELTER_ON_CALL, SHELTER_INTAKE);
  }

  @Test
  void anEmergencyCapacityQuestionAlertsEachAskedPartnerAndAnAnswerStopsOnlyThatOne() throws Exception {
    var caseworker = service.as(NGO, Role.CASEWORKER);
    CapacityCheck check = caseworker.createCapacityCheck(question(Urgency.URGENCY_EMERGENCY)).getCapacityCheck();
    caseworker.createCapacityCheck(question(Urgency.URGENCY_URGENT));
    sweep();
    assertThat(mailedTo()).containsExactlyInAnyOrder(SHELTER_ON_CALL, SCHOOL_ON_CALL);
    assertThat(smtp.getReceivedMessages()[0].getSubject()).contains("EMERGENCY capacity question");

    service.as(SHELTER, Role.INTAKE).answerCapacityCheck(AnswerCapacityCheckRequest.newBuilder()
        .setCheck(check.getName()).setAnswer(CapacityAnswerKind.CAPACITY_ANSWER_KIND_CAPACITY).setNote("one bed")
        .setRequestId(Fixtures.requestId()).build());
    later(Duration.ofMinutes(16));
    sweep();
    // the school has one on-call contact only: next come the sender and the coordinators
    assertThat(mailedTo()).containsExactlyInAnyOrder(SHELTER_ON_CALL, SCHOOL_ON_CALL, NGO_OFFICE, COORDINATOR);
    for (MimeMessage m : smtp.getReceivedMessages()) {
      assertThat(GreenMailUtil.getBody(m)).doesNotContain("one bed").doesNotContain("Tigrinya")
          .doesNotContain(check.getName());
    }
  }

  static CreateCapacityCheckRequest question(Urgency urgency) {
    return CreateCapacityCheckRequest.newBuilder().setRequestId(Fixtures.requestId())
        .setCapacityCheck(CapacityCheck.newBuilder().addNeeds(Fixtures.SHELTER_SERVICE)
            .setAgeRange(AgeRange.newBuilder().setMinAge(16).setMaxAge(17)).setGender("female").addLanguages("ti")
            .setUrgency(urgency).setTimeframe("tonight").addAskedPartners(SHELTER).addAskedPartners(SCHOOL))
        .build();
  }

  @Test
  void aRestartNeitherLosesNorRepeatsAStep() {
    sendEmergencyReferral();
    sweep();
    assertThat(mailedTo()).containsExactly(SHELTER_ON_CALL);

    service.stopApp();
    service.startApp();
    sweep();
    assertThat(mailedTo()).containsExactly(SHELTER_ON_CALL);
    assertThat(texts()).hasSize(1);

    later(Duration.ofMinutes(16));
    sweep();
    assertThat(mailedTo()).containsExactly(SHELTER_ON_CALL, SHELTER_INTAKE);
  }

  @Test
  void anEventStoredBeforeEventsNamedTheirUrgencyIsAlertedFromItsReferral() {
    Referral referral = sendEmergencyReferral();
    assertThat(service.serviceDatabase().getCollection("inboxEvents").updateMany(
        new Document("referral", referral.getId()), new Document("$unset", new Document("urgency", "")))
        .getModifiedCount()).isEqualTo(1);

    sweep();

    assertThat(mailedTo()).containsExactly(SHELTER_ON_CALL);
  }

  @Test
  void anEventWrittenWhileTheServiceWasDownIsAlertedAfterTheRestart() {
    service.stopApp();
    // a second replica sends while this one is down; the cursor is in the database
    try (ReferralHarness other = service.replica()) {
      contacts(other.directory);
      other.clock.advance(Duration.between(other.clock.instant(), service.clock.instant()));
      other.as(NGO, Role.CASEWORKER).createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_EMERGENCY, null,
          null));
    }
    service.startApp();
    sweep();
    assertThat(mailedTo()).containsExactly(SHELTER_ON_CALL);
  }

  @Test
  void twoReplicasSweepingTogetherSendEachStepOnce() throws Exception {
    try (ReferralHarness other = service.replica()) {
      contacts(other.directory);
      other.clock.advance(Duration.between(other.clock.instant(), service.clock.instant()));
      sendEmergencyReferral();
      for (int round = 0; round < 3; round++) {
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> {
          await(together);
          service.bean(Alerting.class).sweep();
        });
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> {
          await(together);
          other.bean(Alerting.class).sweep();
        });
        a.get();
        b.get();
        later(Duration.ofMinutes(16));
        other.clock.advance(Duration.ofMinutes(16));
      }
    }
    assertThat(mailedTo()).containsExactlyInAnyOrder(SHELTER_ON_CALL, SHELTER_INTAKE, NGO_OFFICE, COORDINATOR);
    assertThat(texts()).hasSize(1);
  }

  @Test
  void aFailedDeliveryIsRetriedWithBackOffWithoutRepeatingWhatWentOut() {
    double failedBefore = counter("partnernet.alerts.failed", "channel", "sms");
    smsProvider.resetAll();
    smsProvider.stubFor(post(urlEqualTo("/v1/messages")).inScenario("flaky").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
    smsProvider.stubFor(post(urlEqualTo("/v1/messages")).inScenario("flaky").whenScenarioStateIs("up")
        .withHeader("Authorization", equalTo("Bearer " + SMS_TOKEN)).willReturn(aResponse().withStatus(200)));
    sendEmergencyReferral();
    sweep();
    assertThat(mailedTo()).containsExactly(SHELTER_ON_CALL);
    assertThat(texts()).hasSize(1);
    assertThat(counter("partnernet.alerts.failed", "channel", "sms")).isEqualTo(failedBefore + 1);

    sweep(); // the retry waits for its back-off
    assertThat(texts()).hasSize(1);
    later(Duration.ofSeconds(80));
    sweep();
    assertThat(texts()).hasSize(2);
    assertThat(mailedTo()).as("the e-mail already sent is not sent again").containsExactly(SHELTER_ON_CALL);

    // the retry did not delay the escalation's clock past the step after
    later(Duration.ofMinutes(16));
    sweep();
    assertThat(mailedTo()).containsExactly(SHELTER_ON_CALL, SHELTER_INTAKE);
    assertNoAddressLogged();
  }

  @Test
  void aProviderThatKeepsFailingIsGivenUpAfterTheLastTryAndTheEscalationGoesOn() {
    smsProvider.resetAll();
    smsProvider.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(500)));
    sendEmergencyReferral();
    sweep();
    later(Duration.ofMinutes(3));
    sweep();
    later(Duration.ofMinutes(3));
    sweep();
    assertThat(texts()).hasSize(3);
    later(Duration.ofMinutes(3));
    sweep();
    assertThat(texts()).as("max-attempts=3").hasSize(3);
    later(Duration.ofMinutes(16));
    sweep();
    assertThat(mailedTo()).containsExactly(SHELTER_ON_CALL, SHELTER_INTAKE);
    assertNoAddressLogged();
  }

  static void assertNoAddressLogged() {
    assertThat(logLines).isNotEmpty();
    for (String line : List.copyOf(logLines)) {
      for (String secret : ADDRESSES) {
        assertThat(line).doesNotContain(secret);
      }
      assertThat(line).doesNotContain(WEB_UI).doesNotContain("is waiting");
    }
  }

  static String recipient(MimeMessage m) {
    try {
      return m.getRecipients(Message.RecipientType.TO)[0].toString();
    } catch (MessagingException e) {
      throw new AssertionError(e);
    }
  }

  static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

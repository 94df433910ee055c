package org.partnernet.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.referral.ReferralHarness.NGO;
import static org.partnernet.referral.ReferralHarness.SCHOOL;
import static org.partnernet.referral.ReferralHarness.SHELTER;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.partnernet.api.referral.v1.AcceptReferralRequest;
import org.partnernet.api.referral.v1.AnswerCapacityCheckRequest;
import org.partnernet.api.referral.v1.CapacityAnswerKind;
import org.partnernet.api.referral.v1.CompleteReferralRequest;
import org.partnernet.api.referral.v1.Consent;
import org.partnernet.api.referral.v1.CreateCapacityCheckRequest;
import org.partnernet.api.referral.v1.CreateConsentRequest;
import org.partnernet.api.referral.v1.CreateReferralMessageRequest;
import org.partnernet.api.referral.v1.CreateReferralRequest;
import org.partnernet.api.referral.v1.DataCategory;
import org.partnernet.api.referral.v1.DeclineReferralRequest;
import org.partnernet.api.referral.v1.ForwardReferralRequest;
import org.partnernet.api.referral.v1.GetReferralDisclosureRequest;
import org.partnernet.api.referral.v1.GetReferralRequest;
import org.partnernet.api.referral.v1.ListReferralMessagesRequest;
import org.partnernet.api.referral.v1.Referral;
import org.partnernet.api.referral.v1.ReferralMessage;
import org.partnernet.api.referral.v1.RevokeConsentRequest;
import org.partnernet.api.referral.v1.StartReferralRequest;
import org.partnernet.api.referral.v1.Urgency;
import org.partnernet.referral.lifecycle.ReferralSweep;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.caller.TestTokens;
import org.partnernet.servicekit.metrics.DeployedMetricNames;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A whole referral journey with recognisable personal data, including failures and error paths that carry it in the
 * request; then every captured log line (with stack traces), everything written to stdout/stderr, every error the
 * API returned (message and details) and every metric is searched for it. Bearer tokens must not appear either.
 */
@ExtendWith(OutputCaptureExtension.class)
class NoPersonalDataTest {

  static final String CLIENT_ID = "CLIENT-QX7741";
  static final String MESSAGE_TEXT = "Her brother Ozymandrilo waits at Blackthistle Pier";

  @TempDir
  static Path data;
  static ReferralHarness service;
  static final List<String> logLines = Collections.synchronizedList(new ArrayList<>());
  static AppenderBase<ILoggingEvent> appender;

  @BeforeAll
  static void start() {
    appender = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
        event.getMDCPropertyMap().forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        if (event.getThrowableProxy() != null) {
          line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        logLines.add(line.toString());
      }
    };
    service = ReferralHarness.start(data);
    // after the start: Spring Boot re-initialises logging and would drop an appender added before
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    appender.setContext(context);
    appender.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
  }

  @AfterAll
  static void stop() {
    service.close();
    ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
  }

  @Test
  void appearsNowhereOutsideTheEncryptedDisclosure(CapturedOutput output) throws Exception {
    String caseworkerToken = TestTokens.token("caseworker-p", NGO, Role.CASEWORKER);
    String intakeToken = TestTokens.token("intake-p", SHELTER, Role.INTAKE);
    var caseworker = service.as(caseworkerToken);
    var intake = service.as(intakeToken);
    List<String> errors = new ArrayList<>();

    CreateConsentRequest consentRequest = Fixtures.consent(service.clock.instant(), List.of(SHELTER, SCHOOL),
        DataCategory.DATA_CATEGORY_IDENTITY, DataCategory.DATA_CATEGORY_CONTACT, DataCategory.DATA_CATEGORY_NEEDS,
        DataCategory.DATA_CATEGORY_SAFETY);
    Consent consent = caseworker.createConsent(consentRequest.toBuilder()
        .setConsent(consentRequest.getConsent().toBuilder().setClientId(CLIENT_ID)).build()).getConsent();

    // the happy path, with every category of personal data
    Referral referral = caseworker.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_EMERGENCY,
        consent.getName(), Fixtures.fullDisclosure())).getReferral();
    intake.getReferral(GetReferralRequest.newBuilder().setReferral(referral.getId()).build());
    intake.acceptReferral(AcceptReferralRequest.newBuilder().setReferral(referral.getId())
        .setRequestId(Fixtures.requestId()).build());
    assertThat(intake.getReferralDisclosure(GetReferralDisclosureRequest.newBuilder().setReferral(referral.getId())
        .build()).getDisclosure().getContact().getPhone()).isEqualTo(Fixtures.PHONE);
    intake.startReferral(StartReferralRequest.newBuilder().setReferral(referral.getId())
        .setRequestId(Fixtures.requestId()).build());
    intake.completeReferral(CompleteReferralRequest.newBuilder().setReferral(referral.getId())
        .setRequestId(Fixtures.requestId()).build());

    // secure messages both ways, with personal data in the text
    caseworker.createReferralMessage(CreateReferralMessageRequest.newBuilder().setReferral(referral.getId())
        .setRequestId(Fixtures.requestId()).setMessage(ReferralMessage.newBuilder().setText(MESSAGE_TEXT)).build());
    assertThat(intake.listReferralMessages(ListReferralMessagesRequest.newBuilder().setReferral(referral.getId())
        .build()).getMessages(0).getText()).isEqualTo(MESSAGE_TEXT);
    errors.add(describe(() -> intake.createReferralMessage(CreateReferralMessageRequest.newBuilder()
        .setReferral(referral.getId()).setRequestId(Fixtures.requestId())
        .setMessage(ReferralMessage.newBuilder().setText(MESSAGE_TEXT.repeat(200))).build())));

    // decline, forward, revoke, sweep
    Referral declined = caseworker.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT,
        consent.getName(), Fixtures.fullDisclosure())).getReferral();
    intake.declineReferral(DeclineReferralRequest.newBuilder().setReferral(declined.getId()).setReason("no beds")
        .setRequestId(Fixtures.requestId()).build());
    caseworker.forwardReferral(ForwardReferralRequest.newBuilder().setReferral(declined.getId())
        .setRecipientPartner(SCHOOL).setConsent(consent.getName()).setRequestId(Fixtures.requestId()).build());

    // a summary-only referral nobody answers: the sweep expires it
    caseworker.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_ROUTINE, null, null));

    // an anonymous capacity check, answered
    org.partnernet.api.referral.v1.CapacityCheck check = caseworker.createCapacityCheck(CreateCapacityCheckRequest
        .newBuilder().setRequestId(Fixtures.requestId()).setCapacityCheck(
            org.partnernet.api.referral.v1.CapacityCheck.newBuilder().addNeeds(Fixtures.SHELTER_SERVICE)
                .setUrgency(Urgency.URGENCY_EMERGENCY).setTimeframe("tonight").addAskedPartners(SHELTER))
        .build()).getCapacityCheck();
    intake.answerCapacityCheck(AnswerCapacityCheckRequest.newBuilder().setCheck(check.getName())
        .setAnswer(CapacityAnswerKind.CAPACITY_ANSWER_KIND_CAPACITY).setNote("one bed")
        .setRequestId(Fixtures.requestId()).build());

    // failures whose requests carry personal data
    CreateReferralRequest withPersonalData = Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT, consent.getName(),
        Fixtures.fullDisclosure().toBuilder().setHistory(org.partnernet.api.referral.v1.Disclosure.History
            .newBuilder().setNotes(Fixtures.SAFETY_NOTE)).build());
    errors.add(describe(() -> caseworker.createReferral(withPersonalData)));
    errors.add(describe(() -> caseworker.createReferral(withPersonalData.toBuilder().setReferral(withPersonalData
        .getReferral().toBuilder().setSummary(withPersonalData.getReferral().getSummary().toBuilder()
            .setGender(Fixtures.GIVEN_NAME + " " + Fixtures.FAMILY_NAME).addNeeds(Fixtures.NEEDS_NOTE))).build())));
    errors.add(describe(() -> caseworker.createConsent(consentRequest.toBuilder().setConsent(consentRequest
        .getConsent().toBuilder().setClientId(Fixtures.GIVEN_NAME.repeat(20)).setLanguage(Fixtures.ADDRESS.repeat(5))
        .addPurposes(Fixtures.EMAIL)).build())));
    errors.add(describe(() -> caseworker.getReferral(GetReferralRequest.newBuilder()
        .setReferral(Fixtures.IDENTIFIER).build())));
    errors.add(describe(() -> intake.declineReferral(DeclineReferralRequest.newBuilder()
        .setReferral(referral.getId()).setReason(Fixtures.SAFETY_NOTE.repeat(30)).setRequestId(Fixtures.requestId())
        .build())));
    errors.add(describe(() -> caseworker.getReferralDisclosure(GetReferralDisclosureRequest.newBuilder()
        .setReferral(referral.getId()).setPurpose(Fixtures.ADDRESS.repeat(20)).build())));
    service.directory.delay(Duration.ofMillis(2500));
    try {
      errors.add(describe(() -> caseworker.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT,
          consent.getName(), Fixtures.fullDisclosure()))));
    } finally {
      service.directory.delay(Duration.ZERO);
    }

    caseworker.revokeConsent(RevokeConsentRequest.newBuilder().setConsent(consent.getName())
        .setRequestId(Fixtures.requestId()).build());
    errors.add(describe(() -> intake.getReferralDisclosure(GetReferralDisclosureRequest.newBuilder()
        .setReferral(referral.getId()).build())));
    service.clock.advance(Duration.ofDays(400));
    service.bean(ReferralSweep.class).run();

    String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + service.httpPort() + "/actuator/prometheus")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    // every referral metric the alert rules and dashboards query is one this service exposes
    assertThat(DeployedMetricNames.startingWith("partnernet_referrals_"))
        .allSatisfy(name -> assertThat(metrics).contains("\n" + name));
    assertThat(metrics).contains("partnernet_referrals_overdue{application=\"referral-service\"",
        "partnernet_referrals_disclosures_shredded_total");

    assertThat(logLines).isNotEmpty();
    assertThat(errors).hasSize(9).doesNotContain("OK");
    List<String> forbidden = new ArrayList<>(Fixtures.PERSONAL_DATA);
    forbidden.addAll(List.of(MESSAGE_TEXT, "Ozymandrilo", "Blackthistle"));
    forbidden.addAll(List.of(caseworkerToken, intakeToken, caseworkerToken.substring(caseworkerToken.lastIndexOf('.'))));
    for (String secret : forbidden) {
      for (String line : List.copyOf(logLines)) {
        assertThat(line).as("a log line").doesNotContain(secret);
      }
      assertThat(output.getAll()).as("stdout/stderr").doesNotContain(secret);
      for (String error : errors) {
        assertThat(error).as("an error returned to the caller").doesNotContain(secret);
      }
      assertThat(metrics).as("the metrics").doesNotContain(secret);
    }
    // tags are bounded: never a client, referral, user or organisation id
    assertThat(metrics).doesNotContain(CLIENT_ID, referral.getId(), consent.getId(), "caseworker-p", NGO, SHELTER);
  }

  /** The whole error as a caller sees it: code, message and every detail. */
  private static String describe(Runnable call) {
    try {
      call.run();
      return "OK";
    } catch (StatusRuntimeException e) {
      com.google.rpc.Status status = StatusProto.fromThrowable(e);
      return e.getStatus() + " " + (status == null ? "" : status.toString());
    }
  }
}

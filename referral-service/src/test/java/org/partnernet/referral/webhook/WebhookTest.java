package org.partnernet.referral.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.referral.Fixtures.codeOf;
import static org.partnernet.referral.Fixtures.failure;
import static org.partnernet.referral.ReferralHarness.NGO;
import static org.partnernet.referral.ReferralHarness.SCHOOL;
import static org.partnernet.referral.ReferralHarness.SHELTER;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnernet.api.referral.v1.AcceptReferralRequest;
import org.partnernet.api.referral.v1.CreateWebhookRequest;
import org.partnernet.api.referral.v1.CreateWebhookResponse;
import org.partnernet.api.referral.v1.DataCategory;
import org.partnernet.api.referral.v1.DeleteWebhookRequest;
import org.partnernet.api.referral.v1.ListWebhookDeadLettersRequest;
import org.partnernet.api.referral.v1.ListWebhooksRequest;
import org.partnernet.api.referral.v1.Referral;
import org.partnernet.api.referral.v1.ReferralServiceGrpc.ReferralServiceBlockingStub;
import org.partnernet.api.referral.v1.ReplayWebhookDeadLetterRequest;
import org.partnernet.api.referral.v1.RotateWebhookSecretRequest;
import org.partnernet.api.referral.v1.Urgency;
import org.partnernet.api.referral.v1.Webhook;
import org.partnernet.api.referral.v1.WebhookDeadLetter;
import org.partnernet.referral.Fixtures;
import org.partnernet.referral.ReferralHarness;
import org.partnernet.servicekit.caller.Role;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Partner webhooks through the real gRPC API, delivering over real HTTP to WireMock. Loopback and plain http are
 * allowlisted here explicitly (WireMock listens on 127.0.0.1); {@link TargetPolicyTest} covers the default rules.
 */
class WebhookTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration TIMEOUT = Duration.ofMillis(2000);

  @TempDir
  static Path dir;
  static ReferralHarness service;
  static WireMockServer receiver;

  @BeforeAll
  static void start() {
    receiver = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    receiver.start();
    warmUp();
    service = ReferralHarness.start(dir,
        "partnernet.referral.webhook.allow-http=true",
        "partnernet.referral.webhook.allowed-networks=127.0.0.0/8",
        "partnernet.referral.webhook.poll-interval=PT0.05S",
        "partnernet.referral.webhook.max-attempts=3",
        "partnernet.referral.webhook.backoff-initial=PT0.1S",
        "partnernet.referral.webhook.backoff-max=PT0.3S",
        "partnernet.referral.webhook.timeout=" + TIMEOUT,
        "partnernet.referral.webhook.connect-timeout=PT1S");
  }

  /** A cold WireMock can take seconds over its first request: longer than a try's timeout, which would retry. */
  static void warmUp() {
    try {
      java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(url("/warm-up"))).POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
              .build(), java.net.http.HttpResponse.BodyHandlers.discarding());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (receiver != null) {
      receiver.stop();
    }
  }

  @BeforeEach
  void fresh() {
    receiver.resetAll();
  }

  /** Webhooks of one test must not receive the next test's events. */
  @AfterEach
  void removeWebhooks() {
    for (String org : List.of(SHELTER, NGO, SCHOOL)) {
      ReferralServiceBlockingStub admin = service.as(org, Role.PARTNER_ADMIN);
      for (Webhook w : admin.listWebhooks(ListWebhooksRequest.newBuilder().setPageSize(100).build())
          .getWebhooksList()) {
        admin.deleteWebhook(DeleteWebhookRequest.newBuilder().setWebhook(w.getName()).build());
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  static String url(String path) {
    return "http://127.0.0.1:" + receiver.port() + path;
  }

  static CreateWebhookResponse register(String organisation, String path) {
    return service.as(organisation, Role.PARTNER_ADMIN).createWebhook(CreateWebhookRequest.newBuilder()
        .setWebhook(Webhook.newBuilder().setUrl(url(path))).setRequestId(Fixtures.requestId()).build());
  }

  static Referral sendToShelter() {
    return service.as(NGO, Role.CASEWORKER)
        .createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_ROUTINE, null, null)).getReferral();
  }

  static List<LoggedRequest> received(String path) {
    return receiver.findAll(postRequestedFor(urlEqualTo(path)));
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  static JsonNode body(LoggedRequest request) {
    return JSON.readTree(request.getBodyAsString());
  }

  /** What a receiver does: recompute the HMAC over "t.body" with its secret and compare. */
  static boolean signatureVerifies(LoggedRequest request, String secret) {
    String header = request.getHeader("PartnerNet-Signature");
    String t = header.substring(header.indexOf("t=") + 2, header.indexOf(','));
    String v1 = header.substring(header.indexOf("v1=") + 3);
    long age = Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t));
    return age < 300 && java.security.MessageDigest.isEqual(
        Signature.hmac(secret, t + "." + request.getBodyAsString()).getBytes(), v1.getBytes());
  }

  static List<WebhookDeadLetter> deadLetters(String organisation, CreateWebhookResponse webhook) {
    return service.as(organisation, Role.PARTNER_ADMIN).listWebhookDeadLetters(ListWebhookDeadLettersRequest
        .newBuilder().setWebhook(webhook.getWebhook().getName()).build()).getDeadLettersList();
  }

  static double count(String meter, String outcome) {
    MeterRegistry registry = service.bean(MeterRegistry.class);
    var search = registry.find(meter);
    if (outcome != null) {
      search = search.tag("outcome", outcome);
    }
    var counter = search.counter();
    return counter == null ? 0 : counter.count();
  }

  static String reason(StatusRuntimeException e) {
    return StatusProto.fromThrowable(e).getDetailsList().stream().filter(d -> d.is(ErrorInfo.class)).map(d -> {
      try {
        return d.unpack(ErrorInfo.class).getReason();
      } catch (com.google.protobuf.InvalidProtocolBufferException x) {
        throw new AssertionError(x);
      }
    }).findFirst().orElse("");
  }

  static List<String> fields(StatusRuntimeException e) {
    return StatusProto.fromThrowable(e).getDetailsList().stream().filter(d -> d.is(BadRequest.class)).flatMap(d -> {
      try {
        return d.unpack(BadRequest.class).getFieldViolationsList().stream().map(v -> v.getField());
      } catch (com.google.protobuf.InvalidProtocolBufferException x) {
        throw new AssertionError(x);
      }
    }).toList();
  }

  // ------------------------------------------------------------------ tests

  @Nested
  class Registering {

    @Test
    void aPartnerAdminRegistersAndGetsTheSecretOnceEncryptedAtRest() {
      CreateWebhookResponse created = register(SHELTER, "/hooks/registered");
      assertThat(created.getSecret()).startsWith("whsec_").hasSizeGreaterThan(40);
      assertThat(created.getWebhook().getName()).startsWith("webhooks/");
      assertThat(created.getWebhook().getPartner()).isEqualTo(SHELTER);
      assertThat(created.getWebhook().getUrl()).isEqualTo(url("/hooks/registered"));

      List<Webhook> listed = service.as(SHELTER, Role.PARTNER_ADMIN).listWebhooks(ListWebhooksRequest
          .getDefaultInstance()).getWebhooksList();
      assertThat(listed).containsExactly(created.getWebhook());
      assertThat(listed.get(0).toString()).doesNotContain(created.getSecret());

      String id = created.getWebhook().getName().substring("webhooks/".length());
      Document stored = service.serviceDatabase().getCollection("webhooks").find(new Document("_id", id)).first();
      assertThat(stored.toJson()).doesNotContain(created.getSecret())
          .doesNotContain(created.getSecret().substring("whsec_".length(), 30));
      assertThat(stored.get("secret", Binary.class).getData()).isNotEmpty();
      assertThat(service.vaultDatabase().getCollection("dataKeys").countDocuments(
          new Document("_id", "webhook-" + id + "-v1"))).isEqualTo(1);
    }

    @Test
    void aRetryReturnsTheFirstWebhookAndAnotherRequestWithTheSameIdIsRefused() {
      CreateWebhookRequest request = CreateWebhookRequest.newBuilder()
          .setWebhook(Webhook.newBuilder().setUrl(url("/hooks/retry"))).setRequestId(Fixtures.requestId()).build();
      ReferralServiceBlockingStub admin = service.as(SHELTER, Role.PARTNER_ADMIN);
      CreateWebhookResponse first = admin.createWebhook(request);
      assertThat(admin.createWebhook(request)).isEqualTo(first);
      assertThat(codeOf(() -> admin.createWebhook(request.toBuilder()
          .setWebhook(Webhook.newBuilder().setUrl(url("/hooks/other"))).build())))
          .isEqualTo(Status.Code.ALREADY_EXISTS);
      assertThat(admin.listWebhooks(ListWebhooksRequest.getDefaultInstance()).getWebhooksCount()).isEqualTo(1);
    }

    @Test
    void onlyTheOrganisationsPartnerAdminManagesItsWebhooks() {
      CreateWebhookResponse created = register(SHELTER, "/hooks/mine");
      String name = created.getWebhook().getName();
      CreateWebhookRequest create = CreateWebhookRequest.newBuilder()
          .setWebhook(Webhook.newBuilder().setUrl(url("/hooks/x"))).setRequestId(Fixtures.requestId()).build();
      for (String role : List.of(Role.INTAKE, Role.CASEWORKER)) {
        ReferralServiceBlockingStub member = service.as(SHELTER, role);
        StatusRuntimeException e = failure(() -> member.createWebhook(create));
        assertThat(e.getStatus().getCode()).as(role).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(reason(e)).isEqualTo("PARTNER_ADMIN_REQUIRED");
        assertThat(codeOf(() -> member.listWebhooks(ListWebhooksRequest.getDefaultInstance())))
            .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(codeOf(() -> member.deleteWebhook(DeleteWebhookRequest.newBuilder().setWebhook(name).build())))
            .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(codeOf(() -> member.rotateWebhookSecret(RotateWebhookSecretRequest.newBuilder()
            .setWebhook(name).build()))).isEqualTo(Status.Code.PERMISSION_DENIED);
      }
      ReferralServiceBlockingStub coordinator = service.as(org.partnernet.servicekit.caller.TestTokens.token(
          "coordinator", null, Role.COORDINATOR));
      assertThat(codeOf(() -> coordinator.createWebhook(create))).isEqualTo(Status.Code.PERMISSION_DENIED);

      ReferralServiceBlockingStub otherAdmin = service.as(SCHOOL, Role.PARTNER_ADMIN);
      assertThat(otherAdmin.listWebhooks(ListWebhooksRequest.getDefaultInstance()).getWebhooksList()).isEmpty();
      assertThat(codeOf(() -> otherAdmin.deleteWebhook(DeleteWebhookRequest.newBuilder().setWebhook(name).build())))
          .isEqualTo(Status.Code.NOT_FOUND);
      assertThat(codeOf(() -> otherAdmin.rotateWebhookSecret(RotateWebhookSecretRequest.newBuilder()
          .setWebhook(name).build()))).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(codeOf(() -> otherAdmin.listWebhookDeadLetters(ListWebhookDeadLettersRequest.newBuilder()
          .setWebhook(name).build()))).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(service.as(SHELTER, Role.PARTNER_ADMIN).listWebhooks(ListWebhooksRequest.getDefaultInstance())
          .getWebhooksList()).containsExactly(created.getWebhook());
    }

    @Test
    void tenPerOrganisationListedPageByPage() {
      ReferralServiceBlockingStub admin = service.as(SCHOOL, Role.PARTNER_ADMIN);
      CreateWebhookRequest tenth = null;
      for (int i = 0; i < 10; i++) {
        tenth = CreateWebhookRequest.newBuilder().setWebhook(Webhook.newBuilder().setUrl(url("/hooks/n" + i)))
            .setRequestId(Fixtures.requestId()).build();
        admin.createWebhook(tenth);
      }
      StatusRuntimeException full = failure(() -> register(SCHOOL, "/hooks/eleventh"));
      assertThat(full.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(reason(full)).isEqualTo("WEBHOOK_LIMIT");
      assertThat(admin.createWebhook(tenth).getWebhook().getUrl()).as("a retry is no new webhook")
          .isEqualTo(url("/hooks/n9"));

      List<String> urls = new ArrayList<>();
      String token = "";
      int pages = 0;
      do {
        var page = admin.listWebhooks(ListWebhooksRequest.newBuilder().setPageSize(4).setPageToken(token).build());
        page.getWebhooksList().forEach(w -> urls.add(w.getUrl()));
        token = page.getNextPageToken();
        pages++;
      } while (!token.isEmpty());
      assertThat(pages).isEqualTo(3);
      assertThat(urls).hasSize(10).doesNotHaveDuplicates().contains(url("/hooks/n0"), url("/hooks/n9"));
      assertThat(fields(failure(() -> admin.listWebhooks(ListWebhooksRequest.newBuilder().setPageSize(101).build()))))
          .containsExactly("page_size");
      assertThat(fields(failure(() -> admin.listWebhooks(ListWebhooksRequest.newBuilder().setPageToken("Zm9yZWlnbg")
          .build())))).containsExactly("page_token");
    }

    @Test
    void forbiddenTargetsAreRefusedNamingTheField() {
      ReferralServiceBlockingStub admin = service.as(SHELTER, Role.PARTNER_ADMIN);
      for (String target : List.of("https://10.0.0.7/hook", "https://192.168.1.10/hook", "https://172.20.0.1/hook",
          "https://169.254.169.254/latest/meta-data/", "https://[fd00::1]/hook", "https://[::ffff:10.0.0.1]/hook",
          "ftp://127.0.0.1/hook", "https://user:secret@127.0.0.1/hook", "")) {
        StatusRuntimeException e = failure(() -> admin.createWebhook(CreateWebhookRequest.newBuilder()
            .setWebhook(Webhook.newBuilder().setUrl(target)).setRequestId(Fixtures.requestId()).build()));
        assertThat(e.getStatus().getCode()).as(target).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(fields(e)).as(target).containsExactly("webhook.url");
        if (!target.isEmpty()) {
          assertThat(e.getStatus().getDescription()).as(target).doesNotContain(target);
        }
      }
      assertThat(fields(failure(() -> admin.createWebhook(CreateWebhookRequest.newBuilder()
          .setWebhook(Webhook.newBuilder().setUrl(url("/hooks/x"))).build())))).containsExactly("request_id");
      assertThat(admin.listWebhooks(ListWebhooksRequest.getDefaultInstance()).getWebhooksList()).isEmpty();
    }
  }

  @Nested
  class Delivering {

    @Test
    void everyEventOfTheOrganisationArrivesSignedWithIdsAndStatesOnly() {
      receiver.stubFor(post(urlEqualTo("/hooks/shelter")).willReturn(aResponse().withStatus(204)));
      receiver.stubFor(post(urlEqualTo("/hooks/school")).willReturn(aResponse().withStatus(204)));
      CreateWebhookResponse shelter = register(SHELTER, "/hooks/shelter");
      register(SCHOOL, "/hooks/school");
      Referral sent = sendToShelter();

      await("the shelter's webhook got the event", () -> received("/hooks/shelter").size() >= 1);
      LoggedRequest request = received("/hooks/shelter").get(0);
      assertThat(signatureVerifies(request, shelter.getSecret())).isTrue();
      assertThat(signatureVerifies(request, "whsec_another")).isFalse();
      assertThat(request.getHeader("Content-Type")).startsWith("application/json");
      JsonNode body = body(request);
      assertThat(body.get("type").asString()).isEqualTo("REFERRAL_CREATED");
      assertThat(body.get("referral").asString()).isEqualTo("referrals/" + sent.getId());
      assertThat(body.get("state").asString()).isEqualTo("SENT");
      assertThat(body.get("senderPartner").asString()).isEqualTo(NGO);
      assertThat(body.get("recipientPartner").asString()).isEqualTo(SHELTER);
      assertThat(body.get("webhook").asString()).isEqualTo(shelter.getWebhook().getName());
      assertThat(body.get("id").asString()).isEqualTo(request.getHeader("PartnerNet-Event-Id")).startsWith("evt_");
      assertThat(received("/hooks/school")).as("not the school's referral").isEmpty();

      await("the cursor moved", () -> service.as(SHELTER, Role.PARTNER_ADMIN).listWebhooks(
          ListWebhooksRequest.getDefaultInstance()).getWebhooks(0).getDeliveredSequence()
          == body.get("sequence").asLong());
    }

    @Test
    void theBodiesCarryNoPersonalData() {
      receiver.stubFor(post(urlEqualTo("/hooks/private")).willReturn(aResponse().withStatus(200)));
      register(SHELTER, "/hooks/private");
      register(NGO, "/hooks/private");
      ReferralServiceBlockingStub caseworker = service.as(NGO, Role.CASEWORKER);
      var consent = caseworker.createConsent(Fixtures.consent(service.clock.instant(), List.of(SHELTER),
          DataCategory.DATA_CATEGORY_IDENTITY, DataCategory.DATA_CATEGORY_CONTACT, DataCategory.DATA_CATEGORY_NEEDS,
          DataCategory.DATA_CATEGORY_SAFETY)).getConsent();
      Referral sent = caseworker.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT,
          consent.getName(), Fixtures.fullDisclosure())).getReferral();
      service.as(SHELTER, Role.INTAKE).acceptReferral(AcceptReferralRequest.newBuilder()
          .setReferral("referrals/" + sent.getId()).setRequestId(Fixtures.requestId()).build());

      await("both organisations got both events", () -> received("/hooks/private").size() >= 4);
      Set<String> keys = new TreeSet<>();
      for (LoggedRequest request : received("/hooks/private")) {
        String text = request.getBodyAsString() + request.getHeaders();
        for (String personal : Fixtures.PERSONAL_DATA) {
          assertThat(text).doesNotContain(personal);
        }
        assertThat(text).doesNotContain(consent.getClientId());
        body(request).propertyNames().forEach(keys::add);
      }
      assertThat(keys).containsExactlyInAnyOrder("id", "webhook", "sequence", "type", "referral", "state",
          "senderPartner", "recipientPartner", "eventTime");
    }

    @Test
    void aFiveHundredIsRetriedWithBackOffAndTheSameEventId() {
      receiver.stubFor(post(urlEqualTo("/hooks/flaky")).inScenario("flaky").whenScenarioStateIs(STARTED)
          .willReturn(aResponse().withStatus(503)).willSetStateTo("second"));
      receiver.stubFor(post(urlEqualTo("/hooks/flaky")).inScenario("flaky").whenScenarioStateIs("second")
          .willReturn(aResponse().withStatus(500)).willSetStateTo("up"));
      receiver.stubFor(post(urlEqualTo("/hooks/flaky")).inScenario("flaky").whenScenarioStateIs("up")
          .willReturn(aResponse().withStatus(200)));
      double errors = count("partnernet.webhook.deliveries", "http_error");
      CreateWebhookResponse webhook = register(SHELTER, "/hooks/flaky");
      sendToShelter();

      await("three tries", () -> received("/hooks/flaky").size() >= 3);
      List<LoggedRequest> tries = received("/hooks/flaky");
      assertThat(tries).extracting(r -> r.getHeader("PartnerNet-Event-Id")).containsOnly(
          tries.get(0).getHeader("PartnerNet-Event-Id"));
      assertThat(tries).allMatch(r -> signatureVerifies(r, webhook.getSecret()));
      assertThat(Duration.between(tries.get(0).getLoggedDate().toInstant(), tries.get(2).getLoggedDate().toInstant()))
          .as("backed off 0.1 s, then 0.2 s").isGreaterThanOrEqualTo(Duration.ofMillis(300));
      assertThat(count("partnernet.webhook.deliveries", "http_error") - errors).isEqualTo(2);
      sleepMillis(500);
      assertThat(received("/hooks/flaky")).as("delivered: no more tries").hasSize(3);
      assertThat(deadLetters(SHELTER, webhook)).isEmpty();
    }

    @Test
    void aTimeoutIsRetried() {
      receiver.stubFor(post(urlEqualTo("/hooks/slow")).inScenario("slow").whenScenarioStateIs(STARTED)
          .willReturn(aResponse().withStatus(200).withFixedDelay((int) TIMEOUT.toMillis() + 1000))
          .willSetStateTo("fast"));
      receiver.stubFor(post(urlEqualTo("/hooks/slow")).inScenario("slow").whenScenarioStateIs("fast")
          .willReturn(aResponse().withStatus(200)));
      double timeouts = count("partnernet.webhook.deliveries", "timeout");
      CreateWebhookResponse webhook = register(SHELTER, "/hooks/slow");
      sendToShelter();

      await("a second try after the timeout", () -> received("/hooks/slow").size() >= 2);
      assertThat(count("partnernet.webhook.deliveries", "timeout") - timeouts).isEqualTo(1);
      assertThat(received("/hooks/slow").get(1).getHeader("PartnerNet-Event-Id"))
          .isEqualTo(received("/hooks/slow").get(0).getHeader("PartnerNet-Event-Id"));
      assertThat(deadLetters(SHELTER, webhook)).isEmpty();
    }

    @Test
    void aRedirectIsNotFollowed() {
      receiver.stubFor(post(urlEqualTo("/hooks/moved")).willReturn(aResponse().withStatus(307)
          .withHeader("Location", url("/hooks/elsewhere"))));
      receiver.stubFor(post(urlEqualTo("/hooks/elsewhere")).willReturn(aResponse().withStatus(200)));
      CreateWebhookResponse webhook = register(SHELTER, "/hooks/moved");
      sendToShelter();

      await("dead-lettered after three tries", () -> deadLetters(SHELTER, webhook).size() == 1);
      assertThat(received("/hooks/moved")).hasSize(3);
      assertThat(received("/hooks/elsewhere")).isEmpty();
      assertThat(deadLetters(SHELTER, webhook).get(0).getLastOutcome()).isEqualTo("http_307");
    }

    @Test
    void aSlowWebhookDoesNotSlowCreatingReferrals() {
      // each delivery takes almost the whole timeout: were it in the request path, each create would wait for it
      receiver.stubFor(post(urlEqualTo("/hooks/sluggish")).willReturn(aResponse().withStatus(200)
          .withFixedDelay((int) TIMEOUT.toMillis() - 300)));
      register(SHELTER, "/hooks/sluggish");
      sendToShelter(); // warm
      List<Long> millis = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        sendToShelter();
        millis.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
      }
      assertThat(millis).as("each create well under one delivery (1.7 s)").allMatch(m -> m < TIMEOUT.toMillis() - 500);
      await("all four delivered in the background", () -> received("/hooks/sluggish").size() >= 4);
    }
  }

  @Nested
  class DeadLetters {

    @Test
    void afterTheLastTryTheEventIsADeadLetterThePartnerAdminReplays() {
      receiver.stubFor(post(urlEqualTo("/hooks/down")).willReturn(aResponse().withStatus(500)));
      double dead = count("partnernet.webhook.dead.letters", null);
      CreateWebhookResponse webhook = register(SHELTER, "/hooks/down");
      Referral sent = sendToShelter();

      await("dead-lettered", () -> deadLetters(SHELTER, webhook).size() == 1);
      assertThat(received("/hooks/down")).hasSize(3);
      WebhookDeadLetter letter = deadLetters(SHELTER, webhook).get(0);
      assertThat(letter.getAttempts()).isEqualTo(3);
      assertThat(letter.getLastOutcome()).isEqualTo("http_500");
      assertThat(letter.getWebhook()).isEqualTo(webhook.getWebhook().getName());
      assertThat(letter.getEventId()).isEqualTo(received("/hooks/down").get(0).getHeader("PartnerNet-Event-Id"));
      assertThat(letter.hasReplayTime()).isFalse();
      assertThat(count("partnernet.webhook.dead.letters", null) - dead).isEqualTo(1);

      // the webhook moves on: the next event is tried (and dead-lettered) too, not held behind the first
      sendToShelter();
      await("the next event dead-lettered too", () -> deadLetters(SHELTER, webhook).size() == 2);

      ReplayWebhookDeadLetterRequest replay = ReplayWebhookDeadLetterRequest.newBuilder()
          .setDeadLetter(letter.getName()).build();
      StatusRuntimeException stillDown = failure(() -> service.as(SHELTER, Role.PARTNER_ADMIN)
          .replayWebhookDeadLetter(replay));
      assertThat(stillDown.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(reason(stillDown)).isEqualTo("WEBHOOK_REPLAY_FAILED");
      assertThat(codeOf(() -> service.as(SCHOOL, Role.PARTNER_ADMIN).replayWebhookDeadLetter(replay)))
          .isEqualTo(Status.Code.NOT_FOUND);
      assertThat(codeOf(() -> service.as(SHELTER, Role.INTAKE).replayWebhookDeadLetter(replay)))
          .isEqualTo(Status.Code.PERMISSION_DENIED);

      receiver.resetAll();
      receiver.stubFor(post(urlEqualTo("/hooks/down")).willReturn(aResponse().withStatus(200)));
      WebhookDeadLetter replayed = service.as(SHELTER, Role.PARTNER_ADMIN).replayWebhookDeadLetter(replay)
          .getDeadLetter();
      assertThat(replayed.hasReplayTime()).isTrue();
      assertThat(replayed.getAttempts()).isEqualTo(5);
      LoggedRequest delivered = received("/hooks/down").get(0);
      assertThat(signatureVerifies(delivered, webhook.getSecret())).isTrue();
      assertThat(body(delivered).get("id").asString()).isEqualTo(letter.getEventId());
      assertThat(body(delivered).get("referral").asString()).isEqualTo("referrals/" + sent.getId());
      assertThat(reason(failure(() -> service.as(SHELTER, Role.PARTNER_ADMIN).replayWebhookDeadLetter(replay))))
          .isEqualTo("WEBHOOK_ALREADY_REPLAYED");
      assertThat(received("/hooks/down")).hasSize(1);
    }
  }

  @Nested
  class Secrets {

    @Test
    void aRotatedSecretSignsFromThenOnAndTheOldKeyIsDestroyed() {
      receiver.stubFor(post(urlEqualTo("/hooks/rotate")).willReturn(aResponse().withStatus(200)));
      CreateWebhookResponse webhook = register(SHELTER, "/hooks/rotate");
      var rotated = service.as(SHELTER, Role.PARTNER_ADMIN).rotateWebhookSecret(RotateWebhookSecretRequest
          .newBuilder().setWebhook(webhook.getWebhook().getName()).build());
      assertThat(rotated.getSecret()).isNotEqualTo(webhook.getSecret()).startsWith("whsec_");
      assertThat(rotated.getWebhook().getSecretVersion()).isEqualTo(2);
      String id = webhook.getWebhook().getName().substring("webhooks/".length());
      assertThat(service.vaultDatabase().getCollection("dataKeys").countDocuments(
          new Document("_id", "webhook-" + id + "-v1"))).isZero();

      sendToShelter();
      await("delivered", () -> received("/hooks/rotate").size() >= 1);
      assertThat(signatureVerifies(received("/hooks/rotate").get(0), rotated.getSecret())).isTrue();
      assertThat(signatureVerifies(received("/hooks/rotate").get(0), webhook.getSecret())).isFalse();
    }

    @Test
    void aDeletedWebhookGetsNothingMoreAndItsSecretIsDestroyed() {
      receiver.stubFor(post(urlEqualTo("/hooks/deleted")).willReturn(aResponse().withStatus(200)));
      CreateWebhookResponse webhook = register(SHELTER, "/hooks/deleted");
      service.as(SHELTER, Role.PARTNER_ADMIN).deleteWebhook(DeleteWebhookRequest.newBuilder()
          .setWebhook(webhook.getWebhook().getName()).build());
      String id = webhook.getWebhook().getName().substring("webhooks/".length());
      assertThat(service.vaultDatabase().getCollection("dataKeys").countDocuments(
          new Document("_id", "webhook-" + id + "-v1"))).isZero();
      sendToShelter();
      sleepMillis(600);
      assertThat(received("/hooks/deleted")).isEmpty();
    }
  }

  @Nested
  class Metrics {

    @Test
    void countersCarryTheOutcomeOnlyNeverAUrlOrAnOrganisation() {
      receiver.stubFor(post(urlEqualTo("/hooks/metered")).willReturn(aResponse().withStatus(200)));
      register(SHELTER, "/hooks/metered");
      double delivered = count("partnernet.webhook.deliveries", "delivered");
      sendToShelter();
      await("counted", () -> count("partnernet.webhook.deliveries", "delivered") > delivered);
      for (Meter meter : service.bean(MeterRegistry.class).getMeters()) {
        if (meter.getId().getName().startsWith("partnernet.webhook")) {
          meter.getId().getTags().forEach(tag -> {
            assertThat(tag.getKey()).isIn("outcome", "application", "network");
            assertThat(tag.getValue()).doesNotContain("127.0.0.1", "hooks", SHELTER, NGO);
          });
        }
      }
    }
  }

  /** Progress is in the database: a restart picks up after the last event handled, no loss, no repeat. */
  @Nested
  class Restarting {

    @Test
    void aRestartNeitherLosesNorRepeatsAnEvent() {
      receiver.stubFor(post(urlEqualTo("/hooks/durable")).willReturn(aResponse().withStatus(200)));
      register(SHELTER, "/hooks/durable");
      sendToShelter();
      await("first delivered", () -> received("/hooks/durable").size() >= 1);
      service.stopApp();
      service.startApp();
      sendToShelter();
      await("second delivered", () -> received("/hooks/durable").size() >= 2);
      sleepMillis(500);
      List<String> ids = received("/hooks/durable").stream().map(r -> r.getHeader("PartnerNet-Event-Id")).toList();
      assertThat(ids).hasSize(2).doesNotHaveDuplicates();
    }
  }

  /** Replicas share the webhooks: a lease per webhook lets exactly one deliver each event. */
  @Nested
  class TwoReplicas {

    @Test
    void eachEventIsDeliveredOnceThoughBothReplicasDeliver() {
      receiver.stubFor(post(urlEqualTo("/hooks/replicas")).willReturn(aResponse().withStatus(200)));
      register(SHELTER, "/hooks/replicas");
      try (ReferralHarness other = service.replica()) {
        for (int i = 0; i < 8; i++) {
          (i % 2 == 0 ? service : other).as(NGO, Role.CASEWORKER)
              .createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_ROUTINE, null, null));
        }
        await("all eight delivered", () -> received("/hooks/replicas").size() >= 8);
        sleepMillis(800);
      }
      List<Long> sequences = received("/hooks/replicas").stream().map(r -> body(r).get("sequence").asLong())
          .toList();
      assertThat(sequences).hasSize(8).doesNotHaveDuplicates().isSorted();
    }
  }

  static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

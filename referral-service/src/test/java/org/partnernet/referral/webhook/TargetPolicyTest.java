package org.partnernet.referral.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.partnernet.servicekit.error.InvalidArgumentException;

/** The SSRF rules: at registration (the URL) and at connect time (the address actually reached). */
class TargetPolicyTest {

  private final TargetPolicy strict = new TargetPolicy(false, List.of());

  @Nested
  class AtRegistration {

    @ParameterizedTest
    @ValueSource(strings = {
        "https://127.0.0.1/hook", "https://localhost/hook", "https://[::1]/hook", "https://0.0.0.0/hook",
        "https://169.254.169.254/latest/meta-data/", "https://100.100.100.200/latest/meta-data/",
        "https://[fd00:ec2::254]/latest/meta-data/", "https://10.1.2.3/hook", "https://172.16.0.1/hook",
        "https://192.168.1.10/hook", "https://[fd12:3456::1]/hook", "https://[fe80::1]/hook",
        "https://[::ffff:10.0.0.1]/hook", "https://[64:ff9b::a00:1]/hook", "https://[2002:a00:1::]/hook",
        "https://224.0.0.1/hook"})
    void refusesAddressesOutsideThePublicInternet(String url) {
      assertThatThrownBy(() -> strict.check(url, "webhook.url")).isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("webhook.url").hasMessageNotContaining(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://93.184.216.34/hook", "ftp://93.184.216.34/hook", "//93.184.216.34/hook",
        "https://user:pw@93.184.216.34/hook", "https://93.184.216.34/hook#frag", "not a url", ""})
    void refusesPlainHttpOtherSchemesCredentialsAndNonsense(String url) {
      assertThatThrownBy(() -> strict.check(url, "webhook.url")).isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("webhook.url");
    }

    @Test
    void aHostNameThatCannotBeANameIsABadUrlNotAnInternalError() {
      assertThatThrownBy(() -> strict.check("https://" + "a".repeat(64) + ".example/hook", "webhook.url"))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("webhook.url");
    }

    @Test
    void acceptsAPublicHttpsAddress() {
      assertThat(strict.check("https://93.184.216.34:8443/hooks/partnernet?x=1", "webhook.url").getHost())
          .isEqualTo("93.184.216.34");
    }

    @Test
    void anAllowlistOpensOnlyTheNetworksItNames() throws Exception {
      TargetPolicy lab = new TargetPolicy(true, List.of("127.0.0.0/8", " 10.20.0.0/16 "));
      assertThat(lab.check("http://127.0.0.1:8080/hook", "webhook.url").getPort()).isEqualTo(8080);
      assertThat(lab.permits(InetAddress.getByName("10.20.3.4"))).isTrue();
      assertThat(lab.permits(InetAddress.getByName("10.21.3.4"))).isFalse();
      assertThatThrownBy(() -> lab.check("http://169.254.169.254/", "webhook.url"))
          .isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void aBadAllowlistEntryStopsTheService() {
      assertThatThrownBy(() -> new TargetPolicy(false, List.of("intranet.example"))).isInstanceOf(
          IllegalArgumentException.class);
      assertThatThrownBy(() -> new TargetPolicy(false, List.of("10.0.0.0/33"))).isInstanceOf(
          IllegalArgumentException.class);
    }
  }

  /** A URL that passed at registration can resolve elsewhere later: the client checks what it connects to. */
  @Nested
  class AtConnectTime {

    static WireMockServer target;

    @BeforeAll
    static void start() {
      target = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
      target.start();
      target.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)));
    }

    @AfterAll
    static void stop() {
      target.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "localhost"})
    void aForbiddenAddressIsRefusedBeforeAnyByteIsSent(String host) throws Exception {
      target.resetRequests();
      try (WebhookClient client = new WebhookClient(new TargetPolicy(true, List.of()), Duration.ofSeconds(1),
          Duration.ofSeconds(1))) {
        WebhookClient.Result result = client.post("http://" + host + ":" + target.port() + "/hook", "{}", "evt_1",
            "t=1,v1=00");
        assertThat(result.outcome()).isEqualTo(WebhookClient.Outcome.FORBIDDEN_ADDRESS);
      }
      assertThat(target.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void theSameAddressAllowlistedIsReached() throws Exception {
      // generous timeouts: a cold WireMock on a busy machine can take seconds to answer its first request
      try (WebhookClient client = new WebhookClient(new TargetPolicy(true, List.of("127.0.0.0/8")),
          Duration.ofSeconds(5), Duration.ofSeconds(10))) {
        assertThat(client.post("http://127.0.0.1:" + target.port() + "/hook", "{}", "evt_1", "t=1,v1=00").outcome())
            .isEqualTo(WebhookClient.Outcome.DELIVERED);
      }
    }
  }
}

package org.partnernet.referral.webhook;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * POSTs webhook bodies. The resolver checks every address against the {@link TargetPolicy} when the connection is
 * made (so a name re-pointed after registration is still refused), redirects are never followed (a 3xx is a failed
 * try), there are no automatic retries, no cookies and no proxy, and every try is bounded by the timeouts.
 */
public final class WebhookClient implements AutoCloseable {

  /** How one try ended, as the bounded metric tag and dead-letter field. */
  public enum Outcome {
    DELIVERED, HTTP_ERROR, TIMEOUT, CONNECT_FAILED, FORBIDDEN_ADDRESS, ERROR;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One try: the outcome and, when the server answered, its status. */
  public record Result(Outcome outcome, int status) {
    boolean delivered() {
      return outcome == Outcome.DELIVERED;
    }

    /** {@code http_503}, {@code timeout}, ...: for the dead letter. */
    String describe() {
      return outcome == Outcome.HTTP_ERROR || outcome == Outcome.DELIVERED ? "http_" + status : outcome.tag();
    }
  }

  private final CloseableHttpClient http;

  public WebhookClient(TargetPolicy policy, Duration connectTimeout, Duration timeout) {
    DnsResolver checking = new DnsResolver() {
      @Override
      public InetAddress[] resolve(String host) throws UnknownHostException {
        return policy.resolveForConnect(host);
      }

      @Override
      public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (InetAddress address : policy.resolveForConnect(host)) {
          addresses.add(new InetSocketAddress(address, port));
        }
        return addresses;
      }

      @Override
      public String resolveCanonicalHostname(String host) {
        return host;
      }
    };
    this.http = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(checking)
            .setMaxConnTotal(50).setMaxConnPerRoute(4)
            .setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(connectTimeout)).setSocketTimeout(Timeout.of(timeout))
                .setTimeToLive(Timeout.ofMinutes(5)).build())
            .build())
        .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout))
            .setRedirectsEnabled(false).build())
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableCookieManagement()
        .disableAuthCaching()
        .setUserAgent("PartnerNet-Webhooks/1")
        .build();
  }

  /** One try. Never throws for what the target does; the result says how it went. */
  public Result post(String url, String body, String eventId, String signature) {
    HttpPost post = new HttpPost(url);
    post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
    post.setHeader(Signature.HEADER, signature);
    post.setHeader("PartnerNet-Event-Id", eventId);
    try {
      // the response body is not read: nothing the target says is kept, logged or followed
      return http.execute(post, response -> {
        int status = response.getCode();
        return new Result(status >= 200 && status < 300 ? Outcome.DELIVERED : Outcome.HTTP_ERROR, status);
      });
    } catch (TargetPolicy.ForbiddenAddressException e) {
      return new Result(Outcome.FORBIDDEN_ADDRESS, 0);
    } catch (ConnectTimeoutException e) {
      return new Result(Outcome.CONNECT_FAILED, 0);
    } catch (InterruptedIOException e) {
      return new Result(Outcome.TIMEOUT, 0); // a read timeout: the target took the request but did not answer in time
    } catch (IOException e) {
      return new Result(Outcome.CONNECT_FAILED, 0);
    } catch (RuntimeException e) {
      return new Result(Outcome.ERROR, 0);
    }
  }

  @Override
  public void close() throws IOException {
    http.close();
  }
}

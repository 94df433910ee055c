package org.partnernet.referral.alert;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends alert texts through an SMS provider's HTTP API: one JSON POST {@code {"to": ..., "text": ...}} to the
 * configured URL with the configured bearer token. A 2xx answer is a success; anything else fails the try.
 */
public final class SmsChannel {

  public record Settings(URI url, String token, Duration timeout) {}

  private final HttpClient http;
  private final Settings settings;

  public SmsChannel(Settings settings) {
    if (settings.token() == null || settings.token().isBlank()) {
      throw new IllegalArgumentException("ALERT_SMS_URL is set: set ALERT_SMS_TOKEN (partnernet.referral.alert.sms.token)");
    }
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  void send(String phone, AlertMessage message) throws IOException {
    String body = "{\"to\":" + json(phone) + ",\"text\":" + json(message.text()) + "}";
    HttpRequest request = HttpRequest.newBuilder(settings.url()).timeout(settings.timeout())
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + settings.token())
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<Void> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
    if (response.statusCode() / 100 != 2) {
      throw new IOException("the SMS provider answered " + response.statusCode());
    }
  }

  static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}

package org.partnernet.referral.webhook;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.partnernet.referral.crypto.DisclosureCipher;

/**
 * Webhook signing secrets, encrypted at rest with the service's envelope encryption: each secret under its own data
 * key in the key vault, wrapped by the KEK (the same key handling as disclosures, KEY-CUSTODY.md). Rotating or
 * deleting a webhook destroys the old data key, so the old secret is gone from the live system.
 */
public final class WebhookSecrets {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final DisclosureCipher cipher;

  public WebhookSecrets(DisclosureCipher cipher) {
    this.cipher = cipher;
  }

  /** A new secret: 32 random bytes, base64url. */
  static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  byte[] seal(String webhookId, int version, String secret) {
    return cipher.seal(keyName(webhookId, version), secret.getBytes(StandardCharsets.UTF_8));
  }

  /** The secret, or an exception when its key was destroyed (the webhook was deleted or rotated meanwhile). */
  String open(String webhookId, int version, byte[] sealed) {
    return new String(cipher.open(keyName(webhookId, version), sealed)
        .orElseThrow(() -> new IllegalStateException("the webhook secret's key is gone")), StandardCharsets.UTF_8);
  }

  void destroy(String webhookId, int version) {
    cipher.shred(keyName(webhookId, version));
  }

  /** The key vault's name for one version of one webhook's secret (never a referral id: those are bare UUIDs). */
  private static String keyName(String webhookId, int version) {
    return "webhook-" + webhookId + "-v" + version;
  }
}

package org.partnernet.resources.api;

import com.google.protobuf.Message;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The content of a request without its request id, as a short digest (compared, never logged). */
final class Fingerprints {

  private Fingerprints() {}

  static String of(Message requestWithoutId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(requestWithoutId.toByteArray());
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

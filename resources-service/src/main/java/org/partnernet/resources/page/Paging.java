package org.partnernet.resources.page;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.partnernet.servicekit.error.Violations;

/**
 * Page sizes and opaque page tokens. A token carries either the last id returned (lists sorted by id: stable under
 * inserts) or an offset (ranked results, recomputed per page).
 */
public final class Paging {

  public static final int DEFAULT_SIZE = 20;
  public static final int MAX_SIZE = 100;

  private static final String KEY = "k:";
  private static final String OFFSET = "o:";

  private Paging() {}

  /** 0 → default; above the maximum → the maximum (AIP-158); negative is a violation. */
  public static int size(int requested, Violations violations) {
    violations.check(requested >= 0, "page_size", "must not be negative");
    if (requested <= 0) {
      return DEFAULT_SIZE;
    }
    return Math.min(requested, MAX_SIZE);
  }

  public static String keyToken(String lastId) {
    return encode(KEY + lastId);
  }

  public static String offsetToken(int offset) {
    return encode(OFFSET + offset);
  }

  /** The last id of the previous page, or null for the first page. */
  public static String afterKey(String token, Violations violations) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    String decoded = decode(token);
    if (decoded == null || !decoded.startsWith(KEY) || decoded.length() > 80) {
      violations.add("page_token", "is not a token this list returned");
      return null;
    }
    return decoded.substring(KEY.length());
  }

  public static int offset(String token, Violations violations) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    String decoded = decode(token);
    try {
      if (decoded != null && decoded.startsWith(OFFSET)) {
        int offset = Integer.parseInt(decoded.substring(OFFSET.length()));
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (NumberFormatException e) {
      // falls through to the violation
    }
    violations.add("page_token", "is not a token this list returned");
    return 0;
  }

  private static String encode(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}

package org.partnernet.servicekit.error;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects every field violation of one request, then refuses it at once, so nothing is half-written and the caller
 * sees all problems in one answer. Descriptions say what is expected, never echo the value (it may be personal data).
 */
public final class Violations {

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]{1,255}\\.[^@\\s]{2,}$");

  private final List<InvalidArgumentException.FieldViolation> found = new ArrayList<>();

  public Violations add(String field, String description) {
    found.add(new InvalidArgumentException.FieldViolation(field, description));
    return this;
  }

  public Violations check(boolean ok, String field, String description) {
    if (!ok) {
      add(field, description);
    }
    return this;
  }

  public Violations required(String value, String field) {
    return check(value != null && !value.isBlank(), field, "is required");
  }

  public Violations maxLength(String value, int max, String field) {
    return check(value == null || value.length() <= max, field, "must be at most " + max + " characters");
  }

  public Violations requiredText(String value, int max, String field) {
    required(value, field);
    return maxLength(value, max, field);
  }

  public Violations latitude(double value, String field) {
    return check(value >= -90 && value <= 90, field, "must be between -90 and 90");
  }

  public Violations longitude(double value, String field) {
    return check(value >= -180 && value <= 180, field, "must be between -180 and 180");
  }

  public Violations email(String value, String field) {
    return check(value == null || value.isEmpty() || EMAIL.matcher(value).matches(), field, "must be an e-mail address");
  }

  public Violations httpUrl(String value, String field) {
    boolean ok = value == null || value.isEmpty();
    if (!ok) {
      try {
        var uri = new java.net.URI(value);
        ok = ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
      } catch (java.net.URISyntaxException e) {
        ok = false;
      }
    }
    return check(ok, field, "must be an http(s) URL");
  }

  public boolean isEmpty() {
    return found.isEmpty();
  }

  /** The violations found so far as one exception (a test or a caller that throws it itself). */
  public InvalidArgumentException toException() {
    return new InvalidArgumentException(found);
  }

  public void throwIfAny() {
    if (!found.isEmpty()) {
      throw new InvalidArgumentException(found);
    }
  }
}

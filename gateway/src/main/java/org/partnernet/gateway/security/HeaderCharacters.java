package org.partnernet.gateway.security;

/**
 * Spring Security's firewall rules for header names and values ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*}, a
 * value may also hold tabs), written as a loop: the firewall checks a header each time anything reads it, and the
 * regular expression over a bearer token of a kilobyte or more, read three times per request, was a visible share of
 * the gateway's CPU. {@code HeaderCharactersTest} holds them to the original expressions.
 */
final class HeaderCharacters {

  private HeaderCharacters() {}

  static boolean allowedName(String name) {
    return allowed(name, false);
  }

  static boolean allowedValue(String value) {
    return allowed(value, true);
  }

  /** Null is a header that is not there: the firewall asks about it too. */
  private static boolean allowed(String text, boolean tab) {
    if (text == null) {
      return true;
    }
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      if (Character.getType(c) == Character.UNASSIGNED || Character.isISOControl(c) && !(tab && c == '\t')) {
        return false;
      }
      i += Character.charCount(c);
    }
    return true;
  }
}

package org.partnernet.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The firewall's header rules as loops accept exactly what Spring Security's regular expressions accept. */
class HeaderCharactersTest {

  private static final Pattern NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
  private static final Pattern VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

  @Test
  void everyCodePointIsJudgedAsTheExpressionsJudgeIt() {
    for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
      String one = Character.toString(c);
      assertThat(HeaderCharacters.allowedName(one)).as("name U+%04X", c).isEqualTo(NAME.matcher(one).matches());
      assertThat(HeaderCharacters.allowedValue(one)).as("value U+%04X", c).isEqualTo(VALUE.matcher(one).matches());
    }
  }

  @Test
  void mixedTextsAndLoneSurrogatesAreJudgedAsTheExpressionsJudgeThem() {
    SplittableRandom random = new SplittableRandom(7);
    char[] picks = {'a', 'Z', '0', ' ', '\t', '\n', '\r', '\u0000', '\u007f', '\u0085', '\u00e9', '\u0378', '\ud83d',
        '\ude00', '\ufffe', '-', '.', '='};
    for (int n = 0; n < 20_000; n++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(12); i > 0; i--) {
        text.append(picks[random.nextInt(picks.length)]);
      }
      String s = text.toString();
      assertThat(HeaderCharacters.allowedName(s)).as("name %s", s.chars().boxed().toList())
          .isEqualTo(NAME.matcher(s).matches());
      assertThat(HeaderCharacters.allowedValue(s)).as("value %s", s.chars().boxed().toList())
          .isEqualTo(VALUE.matcher(s).matches());
    }
  }

  @Test
  void aBearerTokenPassesAndAHeaderSmugglingALineBreakDoesNot() {
    assertThat(HeaderCharacters.allowedValue("Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")).isTrue();
    assertThat(HeaderCharacters.allowedValue("a\r\nX-Injected: 1")).isFalse();
    assertThat(HeaderCharacters.allowedName("X-Request-Id")).isTrue();
    assertThat(HeaderCharacters.allowedName("X-Bad\tName")).isFalse();
    // the firewall also asks about a header the request does not have
    assertThat(HeaderCharacters.allowedValue(null)).isTrue();
  }
}

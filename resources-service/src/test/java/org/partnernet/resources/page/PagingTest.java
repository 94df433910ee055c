package org.partnernet.resources.page;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.partnernet.servicekit.error.Violations;

class PagingTest {

  @Test
  void clampsSizes() {
    Violations v = new Violations();
    assertThat(Paging.size(0, v)).isEqualTo(20);
    assertThat(Paging.size(7, v)).isEqualTo(7);
    assertThat(Paging.size(10_000, v)).isEqualTo(100);
    assertThat(v.isEmpty()).isTrue();
    Paging.size(-1, v);
    assertThat(v.isEmpty()).isFalse();
  }

  @Test
  void tokensRoundTripAndForeignOnesAreRefused() {
    Violations v = new Violations();
    assertThat(Paging.afterKey(Paging.keyToken("abc"), v)).isEqualTo("abc");
    assertThat(Paging.offset(Paging.offsetToken(40), v)).isEqualTo(40);
    assertThat(Paging.afterKey("", v)).isNull();
    assertThat(v.isEmpty()).isTrue();
    Paging.afterKey(Paging.offsetToken(3), v);
    assertThat(v.isEmpty()).isFalse();
    Violations w = new Violations();
    Paging.offset("%%%", w);
    assertThat(w.isEmpty()).isFalse();
  }
}

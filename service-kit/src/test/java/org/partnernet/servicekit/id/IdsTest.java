package org.partnernet.servicekit.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void idsAreVersion7UuidsAndUnique() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = Ids.newId();
      assertThat(Ids.isId(id)).isTrue();
      assertThat(UUID.fromString(id).version()).isEqualTo(7);
      assertThat(seen.add(id)).isTrue();
    }
  }

  @Test
  void idsSortByCreationTime() {
    assertThat(Ids.uuidV7(1_000).toString()).isLessThan(Ids.uuidV7(2_000).toString());
  }
}

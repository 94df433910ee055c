package org.partnernet.gateway.transcoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathTemplateTest {

  @Test
  void parsesLiteralsVariablesAndAVerb() {
    PathTemplate t = PathTemplate.parse("/api/v1/partners/{partner}:approve");
    assertThat(t.verb()).isEqualTo("approve");
    assertThat(t.variables()).extracting(PathTemplate.Variable::fieldPath).containsExactly("partner");
    assertThat(t.match(List.of("api", "v1", "partners", "p1"))).isEqualTo(Map.of("partner", "p1"));
    assertThat(t.openApiPath()).isEqualTo("/api/v1/partners/{partner}:approve");
  }

  @Test
  void bindsAMultiSegmentVariable() {
    PathTemplate t = PathTemplate.parse("/v1/{name=shelves/*/books/*}");
    assertThat(t.match(List.of("v1", "shelves", "s1", "books", "b2")))
        .isEqualTo(Map.of("name", "shelves/s1/books/b2"));
    assertThat(t.match(List.of("v1", "shelves", "s1", "records", "b2"))).isNull();
    assertThat(t.openApiPath()).isEqualTo("/v1/{name}");
  }

  @Test
  void bindsTheRestOfThePathWithADoubleWildcard() {
    PathTemplate t = PathTemplate.parse("/v1/files/{path=**}");
    assertThat(t.match(List.of("v1", "files", "a", "b", "c"))).isEqualTo(Map.of("path", "a/b/c"));
  }

  @Test
  void doesNotTakeAColonInsideAVariableForAVerb() {
    PathTemplate t = PathTemplate.parse("/v1/{name=things/*}");
    assertThat(t.verb()).isNull();
  }

  @Test
  void rejectsTemplatesThatAreNotTemplates() {
    assertThatThrownBy(() -> PathTemplate.parse("v1/x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PathTemplate.parse("/v1/{x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PathTemplate.parse("/v1/**/x")).isInstanceOf(IllegalArgumentException.class);
  }
}

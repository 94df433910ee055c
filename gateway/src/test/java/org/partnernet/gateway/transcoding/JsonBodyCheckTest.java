package org.partnernet.gateway.transcoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.partnernet.gateway.testapi.v1.CreateThingRequest;
import org.partnernet.gateway.testapi.v1.GetThingRequest;
import org.partnernet.gateway.testapi.v1.ListThingsResponse;
import org.partnernet.gateway.testapi.v1.Thing;

class JsonBodyCheckTest {

  private final JsonBodyCheck check = new JsonBodyCheck();

  @Test
  void refusesADateThatDoesNotExistNamingItsPlaceButNotItsText() {
    FieldValues.BadRequest refused = catchThrowableOfType(FieldValues.BadRequest.class, () -> check.check(
        "{\"things\":[{\"createTime\":\"2028-02-29T00:00:00Z\"},{\"create_time\":\"2026-02-29T10:00:00Z\"}]}",
        ListThingsResponse.getDescriptor()));

    assertThat(refused.field()).isEqualTo("things[1].create_time");
    assertThat(refused.getMessage()).contains("things[1].create_time").doesNotContain("2026-02-29");
  }

  @Test
  void refusesAnHourOrMonthOutOfRange() {
    for (String text : new String[] {"2026-03-01T24:00:00Z", "2026-13-01T09:30:00Z", "2026-04-31T09:30:00+02:00"}) {
      assertThat(catchThrowableOfType(FieldValues.BadRequest.class,
          () -> check.check("{\"createTime\":\"" + text + "\"}", Thing.getDescriptor())))
          .as(text).isNotNull();
    }
  }

  @Test
  void letsRealTimestampsAndLookalikeTextThrough() {
    assertThatCode(() -> check.check("{\"displayName\":\"2026-02-30T10:00:00Z\",\"tags\":[\"2026-02-30T10:00:00Z\"],"
        + "\"createTime\":\"2026-03-01T09:30:00.123456789-05:00\"}", Thing.getDescriptor())).doesNotThrowAnyException();
    assertThatCode(() -> check.check("{\"thing\":{\"createTime\":\"2028-02-29T23:59:59Z\"},\"requestId\":\"r\"}",
        CreateThingRequest.getDescriptor())).doesNotThrowAnyException();
  }

  @Test
  void leavesMalformedJsonAndWrongTypesToTheParser() {
    assertThatCode(() -> check.check("{\"createTime\":", Thing.getDescriptor())).doesNotThrowAnyException();
    assertThatCode(() -> check.check("{\"createTime\":17}", Thing.getDescriptor())).doesNotThrowAnyException();
  }

  @Test
  void refusesASecondJsonValueWhetherOrNotTheTypeHoldsTimestamps() {
    assertThat(catchThrowableOfType(FieldValues.BadRequest.class,
        () -> check.check("{\"thing\":\"a\"} {\"thing\":\"b\"}", GetThingRequest.getDescriptor())).field())
        .isEqualTo("body");
    assertThat(catchThrowableOfType(FieldValues.BadRequest.class,
        () -> check.check("{}, \"requestId\": \"x\"", Thing.getDescriptor())).field()).isEqualTo("body");
  }

  @Test
  void knowsWhichTypesHoldATimestamp() {
    assertThat(check.holdsTimestamp(ListThingsResponse.getDescriptor())).isTrue();
    assertThat(check.holdsTimestamp(GetThingRequest.getDescriptor())).isFalse();
    assertThat(check.holdsTimestamp(com.google.protobuf.Struct.getDescriptor())).isFalse(); // recursive, ends
  }
}

package org.partnernet.resources.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.type.Date;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert;
import org.partnernet.api.resources.v1.AvailabilityWindow;
import org.partnernet.api.type.v1.GeoPoint;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.caller.TestTokens;

/** Tokens per role and organisation, wire values, and assertions on canonical errors. */
public final class Api {

  /** Riverton, the demo metro area. */
  public static final double LAT = 41.50;
  public static final double LNG = -81.69;

  private Api() {}

  public static String newOrg() {
    return UUID.randomUUID().toString();
  }

  public static String admin(String org) {
    return TestTokens.forOrg(org, Role.PARTNER_ADMIN);
  }

  public static String trainer(String org) {
    return TestTokens.forOrg(org, Role.TRAINER);
  }

  public static String caseworker(String org) {
    return TestTokens.forOrg(org, Role.CASEWORKER);
  }

  public static String coordinator(String org) {
    return TestTokens.forOrg(org, Role.COORDINATOR);
  }

  public static GeoPoint point(double lat, double lng) {
    return GeoPoint.newBuilder().setLatitude(lat).setLongitude(lng).build();
  }

  /** A point about {@code km} kilometres north of Riverton's centre. */
  public static GeoPoint kmNorth(double km) {
    return point(LAT + km / 111.2, LNG);
  }

  /**
   * A random place far from Riverton and from other tests' places, so results of distance queries on the shared
   * database hold only this test's postings.
   */
  public static GeoPoint somewhere() {
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    return point(-60 + random.nextDouble() * 90, -170 + random.nextDouble() * 240);
  }

  /** {@code northKm} north and {@code eastKm} east of a point (small distances). */
  public static GeoPoint offset(GeoPoint from, double northKm, double eastKm) {
    double lat = from.getLatitude() + northKm / 111.2;
    double lng = from.getLongitude() + eastKm / (111.2 * Math.cos(Math.toRadians(from.getLatitude())));
    return point(lat, lng);
  }

  public static Timestamp ts(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }

  public static AvailabilityWindow window(Instant start, Instant end) {
    return AvailabilityWindow.newBuilder().setStartTime(ts(start)).setEndTime(ts(end)).build();
  }

  /** From {@code fromDays} to {@code toDays} after now. */
  public static AvailabilityWindow days(int fromDays, int toDays) {
    Instant now = Instant.now();
    return window(now.plus(Duration.ofDays(fromDays)), now.plus(Duration.ofDays(toDays)));
  }

  public static Date date(LocalDate day) {
    return Date.newBuilder().setYear(day.getYear()).setMonth(day.getMonthValue()).setDay(day.getDayOfMonth()).build();
  }

  public static Date inDays(int days) {
    return date(LocalDate.now(java.time.ZoneOffset.UTC).plusDays(days));
  }

  public static StatusRuntimeException fails(Status.Code code, ThrowableAssert.ThrowingCallable call) {
    StatusRuntimeException[] caught = new StatusRuntimeException[1];
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
      caught[0] = e;
    });
    return caught[0];
  }

  public static void denied(ThrowableAssert.ThrowingCallable call) {
    fails(Status.Code.PERMISSION_DENIED, call);
  }

  /** The reason in the ErrorInfo detail. */
  public static String reason(StatusRuntimeException e) {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    return status.getDetailsList().stream().filter(d -> d.is(ErrorInfo.class))
        .map(d -> unpack(d, ErrorInfo.class).getReason()).findFirst().orElse("");
  }

  /** The fields named by the BadRequest detail of an INVALID_ARGUMENT. */
  public static List<String> invalidFields(ThrowableAssert.ThrowingCallable call) {
    StatusRuntimeException e = fails(Status.Code.INVALID_ARGUMENT, call);
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    return status.getDetailsList().stream().filter(d -> d.is(BadRequest.class))
        .flatMap(d -> unpack(d, BadRequest.class).getFieldViolationsList().stream())
        .map(BadRequest.FieldViolation::getField).toList();
  }

  private static <T extends com.google.protobuf.Message> T unpack(com.google.protobuf.Any any, Class<T> type) {
    try {
      return any.unpack(type);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}

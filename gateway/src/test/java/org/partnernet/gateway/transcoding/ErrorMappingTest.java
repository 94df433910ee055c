package org.partnernet.gateway.transcoding;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.partnernet.gateway.support.GatewayTestSupport;
import org.springframework.http.HttpHeaders;

/** Every canonical code to its HTTP status (googleapis code.proto), with a google.rpc.Status body. */
class ErrorMappingTest extends GatewayTestSupport {

  @ParameterizedTest
  @CsvSource({
      "CANCELLED, 499", "UNKNOWN, 500", "INVALID_ARGUMENT, 400", "DEADLINE_EXCEEDED, 504", "NOT_FOUND, 404",
      "ALREADY_EXISTS, 409", "PERMISSION_DENIED, 403", "UNAUTHENTICATED, 401", "RESOURCE_EXHAUSTED, 429",
      "FAILED_PRECONDITION, 400", "ABORTED, 409", "OUT_OF_RANGE, 400", "UNIMPLEMENTED, 501", "INTERNAL, 500",
      "UNAVAILABLE, 503", "DATA_LOSS, 500"})
  void mapsTheCodeAndPassesTheServicesStatusWithItsDetails(String code, int http) {
    client.get().uri("/api/v1/failures/{code}?withDetails=true", code)
        .header(HttpHeaders.AUTHORIZATION, bearer())
        .exchange()
        .expectStatus().isEqualTo(http)
        .expectBody()
        .jsonPath("$.code").isEqualTo(Status.Code.valueOf(code).value())
        .jsonPath("$.message").isEqualTo("failed with " + code)
        .jsonPath("$.details[0]['@type']").isEqualTo("type.googleapis.com/google.rpc.ErrorInfo")
        .jsonPath("$.details[0].reason").isEqualTo("TEST_" + code)
        .jsonPath("$.details[1]['@type']").isEqualTo("type.googleapis.com/google.rpc.BadRequest")
        .jsonPath("$.details[1].fieldViolations[0].field").isEqualTo("code");
  }

  @ParameterizedTest
  @CsvSource({"NOT_FOUND, 404, failed with NOT_FOUND", "INTERNAL, 500, internal error",
      "UNAVAILABLE, 503, 'service unavailable, try again later'"})
  void keepsPlainMessagesButHidesOnesThatMayDescribeTheNetwork(String code, int http, String message) {
    String body = client.get().uri("/api/v1/failures/{code}", code)
        .header(HttpHeaders.AUTHORIZATION, bearer())
        .exchange()
        .expectStatus().isEqualTo(http)
        .expectBody(String.class).returnResult().getResponseBody();
    assertThat(body).contains("\"message\":\"" + message + "\"").doesNotContain("Exception").doesNotContain("\tat ");
  }
}

package org.partnernet.gateway.transcoding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.partnernet.gateway.support.GatewayTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * REST ⇄ gRPC through the test proto's annotations only: the gateway's code never names ThingService,
 * so each passing case here is an annotated RPC served with no gateway code.
 */
class TranscodingTest extends GatewayTestSupport {

  @Nested
  class PathVariables {

    @Test
    void bindsASimpleVariable() {
      client.get().uri("/api/v1/things/abc").header(HttpHeaders.AUTHORIZATION, bearer())
          .exchange()
          .expectStatus().isOk()
          .expectHeader().contentType(MediaType.APPLICATION_JSON)
          .expectBody().jsonPath("$.name").isEqualTo("things/abc");
    }

    @Test
    void decodesPercentEncodedValues() {
      client.get().uri(java.net.URI.create("http://localhost:" + port + "/api/v1/things/a%20b%C3%A9")).header(HttpHeaders.AUTHORIZATION, bearer())
          .exchange()
          .expectStatus().isOk()
          .expectBody().jsonPath("$.name").isEqualTo("things/a b\u00e9");
    }

    @Test
    void bindsAResourceNameVariableIntoANestedField() {
      client.patch().uri("/api/v1/things/t1").header(HttpHeaders.AUTHORIZATION, bearer())
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue("{\"displayName\":\"Renamed\",\"size\":3}")
          .exchange()
          .expectStatus().isOk()
          .expectBody()
          .jsonPath("$.name").isEqualTo("things/t1")
          .jsonPath("$.displayName").isEqualTo("Renamed")
          .jsonPath("$.size").isEqualTo(3);
    }

    @Test
    void servesAdditionalBindings() {
      client.put().uri("/api/v1/things/t2/replace").header(HttpHeaders.AUTHORIZATION, bearer())
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue("{\"displayName\":\"Replaced\"}")
          .exchange()
          .expectStatus().isOk()
          .expectBody().jsonPath("$.name").isEqualTo("things/t2");
    }

    @Test
    void routesCustomVerbsApartFromThePlainResource() {
      client.post().uri("/api/v1/things/t3:approve").header(HttpHeaders.AUTHORIZATION, bearer())
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue("{\"reason\":\"vetted\"}")
          .exchange()
          .expectStatus().isOk()
          .expectBody()
          .jsonPath("$.thing").isEqualTo("t3")
          .jsonPath("$.reason").isEqualTo("vetted");
    }

    @Test
    void servesOnlyTheResponseBodyFieldWhenTheRuleNamesOne() {
      client.get().uri("/api/v1/things/t4:inspect").header(HttpHeaders.AUTHORIZATION, bearer())
          .exchange()
          .expectStatus().isOk()
          .expectBody()
          .jsonPath("$.name").isEqualTo("things/t4")
          .jsonPath("$.size").isEqualTo(7)
          .jsonPath("$.internalNote").doesNotExist();
    }
  }

  @Nested
  class QueryParameters {

    @Test
    void mapScalarsNestedFieldsAndRepeatedFields() {
      client.get().uri("/api/v1/things?pageSize=5&page_token=p2&filter.kind=LARGE&filter.text=blue"
              + "&tags=a&tags=b&onlyMine=true&bigNumber=9007199254740993&radiusKm=2.5")
          .header(HttpHeaders.AUTHORIZATION, bearer())
          .exchange()
          .expectStatus().isOk()
          .expectBody()
          .jsonPath("$.echo.pageSize").isEqualTo(5)
          .jsonPath("$.echo.pageToken").isEqualTo("p2")
          .jsonPath("$.echo.filter.kind").isEqualTo("LARGE")
          .jsonPath("$.echo.filter.text").isEqualTo("blue")
          .jsonPath("$.echo.tags").isEqualTo(List.of("a", "b"))
          .jsonPath("$.echo.onlyMine").isEqualTo(true)
          .jsonPath("$.echo.bigNumber").isEqualTo("9007199254740993")
          .jsonPath("$.echo.radiusKm").isEqualTo(2.5)
          .jsonPath("$.nextPageToken").isEqualTo("next");
    }

    @Test
    void rejectAnUnknownParameterByName() {
      client.get().uri("/api/v1/things?colour=red").header(HttpHeaders.AUTHORIZATION, bearer())
          .exchange()
          .expectStatus().isBadRequest()
          .expectBody()
          .jsonPath("$.code").isEqualTo(3)
          .jsonPath("$.message").value(m -> assertThat((String) m).contains("colour"))
          .jsonPath("$.details[1].fieldViolations[0].field").isEqualTo("colour");
    }

    @Test
    void rejectAValueOfTheWrongType() {
      client.get().uri("/api/v1/things?pageSize=lots").header(HttpHeaders.AUTHORIZATION, bearer())
          .exchange()
          .expectStatus().isBadRequest()
          .expectBody().jsonPath("$.message").value(m -> assertThat((String) m).contains("pageSize"));
    }

    @Test
    void takeATimestampAndRefuseOneThatDoesNotExist() {
      client.get().uri("/api/v1/things?since=2026-03-01T09:30:00Z").header(HttpHeaders.AUTHORIZATION, bearer())
          .exchange()
          .expectStatus().isOk()
          .expectBody().jsonPath("$.echo.since").isEqualTo("2026-03-01T09:30:00Z");
      client.get().uri("/api/v1/things?since=2026-02-30T09:30:00Z").header(HttpHeaders.AUTHORIZATION, bearer())
          .exchange()
          .expectStatus().isBadRequest()
          .expectBody()
          .jsonPath("$.details[1].fieldViolations[0].field").isEqualTo("since")
          .jsonPath("$.message").value(m -> assertThat((String) m).doesNotContain("2026-02-30"));
    }

    @Test
    void rejectAnUnknownEnumValue() {
      client.get().uri("/api/v1/things?filter.kind=HUGE").header(HttpHeaders.AUTHORIZATION, bearer())
          .exchange()
          .expectStatus().isBadRequest()
          .expectBody().jsonPath("$.message").value(m -> assertThat((String) m).contains("LARGE"));
    }
  }

  @Nested
  class Bodies {

    @Test
    void mapABodyFieldAndFillTheRequestIdFromIdempotencyKey() {
      client.post().uri("/api/v1/things").header(HttpHeaders.AUTHORIZATION, bearer())
          .header("Idempotency-Key", "key-123")
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue("{\"displayName\":\"Hall\",\"kind\":\"LARGE\",\"tags\":[\"space\"],"
              + "\"createTime\":\"2026-01-02T03:04:05Z\"}")
          .exchange()
          .expectStatus().isOk()
          .expectBody()
          .jsonPath("$.name").isEqualTo("things/new")
          .jsonPath("$.displayName").isEqualTo("Hall")
          .jsonPath("$.kind").isEqualTo("LARGE")
          .jsonPath("$.createTime").isEqualTo("2026-01-02T03:04:05Z")
          .jsonPath("$.seenIdempotencyKey").isEqualTo("key-123");
    }

    @Test
    void keepARequestIdTheBodyAlreadyHas() {
      client.post().uri("/api/v1/things/t5:approve").header(HttpHeaders.AUTHORIZATION, bearer())
          .header("Idempotency-Key", "from-header")
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue("{\"requestId\":\"from-body\"}")
          .exchange()
          .expectStatus().isOk()
          .expectBody().jsonPath("$.requestId").isEqualTo("from-body");
    }

    @Test
    void rejectAnUnknownJsonFieldNamingIt() {
      client.post().uri("/api/v1/things").header(HttpHeaders.AUTHORIZATION, bearer())
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue("{\"displayName\":\"Hall\",\"colour\":\"red\"}")
          .exchange()
          .expectStatus().isBadRequest()
          .expectBody()
          .jsonPath("$.code").isEqualTo(3)
          .jsonPath("$.message").value(m -> assertThat((String) m).contains("colour"))
          .jsonPath("$.details[1].fieldViolations[0].field").isEqualTo("colour");
    }

    @Test
    void rejectATimestampThatDoesNotExistInsteadOfRollingItOver() {
      // protobuf's parser would read 30 February as 2 March
      client.post().uri("/api/v1/things").header(HttpHeaders.AUTHORIZATION, bearer())
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue("{\"displayName\":\"Hall\",\"createTime\":\"2026-02-30T10:00:00Z\"}")
          .exchange()
          .expectStatus().isBadRequest()
          .expectBody()
          .jsonPath("$.code").isEqualTo(3)
          .jsonPath("$.details[1].fieldViolations[0].field").isEqualTo("createTime")
          .jsonPath("$.message").value(m -> assertThat((String) m).doesNotContain("2026-02-30"));
    }

    @Test
    void rejectMalformedJson() {
      client.post().uri("/api/v1/things").header(HttpHeaders.AUTHORIZATION, bearer())
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue("{\"displayName\":")
          .exchange()
          .expectStatus().isBadRequest()
          .expectBody()
          .jsonPath("$.code").isEqualTo(3)
          .jsonPath("$.message").value(m -> assertThat((String) m).doesNotContain("Exception").doesNotContain("java."));
    }

    @Test
    void rejectABodyThatIsMoreThanOneJsonValue() {
      // spliced into {"thing": <body>}, this would have set the request's request_id beside the body field
      client.post().uri("/api/v1/things").header(HttpHeaders.AUTHORIZATION, bearer())
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue("{\"displayName\":\"Hall\"}, \"requestId\": \"spliced\"")
          .exchange()
          .expectStatus().isBadRequest()
          .expectBody().jsonPath("$.code").isEqualTo(3);
    }

    @Test
    void rejectQueryParametersWhenTheWholeRequestIsTheBody() {
      client.post().uri("/api/v1/things/t6:approve?reason=x").header(HttpHeaders.AUTHORIZATION, bearer())
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue("{}")
          .exchange()
          .expectStatus().isBadRequest();
    }

    @Test
    void rejectANonJsonBody() {
      client.post().uri("/api/v1/things").header(HttpHeaders.AUTHORIZATION, bearer())
          .contentType(MediaType.TEXT_PLAIN)
          .bodyValue("hello")
          .exchange()
          .expectStatus().isEqualTo(415);
    }
  }

  @Nested
  class Streaming {

    @Test
    void streamsNdjsonWhenAsked() {
      String body = client.get().uri("/api/v1/things:watch?count=3")
          .header(HttpHeaders.AUTHORIZATION, bearer())
          .accept(TranscodingHandler.NDJSON)
          .exchange()
          .expectStatus().isOk()
          .expectHeader().contentTypeCompatibleWith(TranscodingHandler.NDJSON)
          .expectBody(String.class).returnResult().getResponseBody();
      assertThat(body).isEqualTo("{\"sequence\":1,\"thing\":\"things/1\"}\n"
          + "{\"sequence\":2,\"thing\":\"things/2\"}\n{\"sequence\":3,\"thing\":\"things/3\"}\n");
    }

    @Test
    void streamsServerSentEventsForWatchMethods() {
      String body = client.get().uri("/api/v1/things:watch?count=2")
          .header(HttpHeaders.AUTHORIZATION, bearer())
          .exchange()
          .expectStatus().isOk()
          .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
          .expectBody(String.class).returnResult().getResponseBody();
      assertThat(body).isEqualTo("data: {\"sequence\":1,\"thing\":\"things/1\"}\n\n"
          + "data: {\"sequence\":2,\"thing\":\"things/2\"}\n\n");
    }

    @Test
    void endsAStreamWithAnErrorEventWhenTheServiceFails() {
      String body = client.get().uri("/api/v1/things:watch?count=1&failAfter=true")
          .header(HttpHeaders.AUTHORIZATION, bearer())
          .exchange()
          .expectStatus().isOk()
          .expectBody(String.class).returnResult().getResponseBody();
      assertThat(body).startsWith("data: {\"sequence\":1")
          .contains("event: error\ndata: {\"code\":14");
    }
  }

  @Nested
  class Metadata {

    @Test
    void forwardsTheCallersTokenAndTheRequestId() {
      client.get().uri("/api/v1/things/m1").header(HttpHeaders.AUTHORIZATION, bearer())
          .header("X-Request-Id", "req-42")
          .exchange()
          .expectStatus().isOk()
          .expectHeader().valueEquals("X-Request-Id", "req-42")
          .expectBody()
          .jsonPath("$.seenAuth").isEqualTo("Bearer")
          .jsonPath("$.seenRequestId").isEqualTo("req-42");
    }

    @Test
    void generatesARequestIdWhenNoneOrAnUnusableOneIsGiven() {
      var result = client.get().uri("/api/v1/things/m2").header(HttpHeaders.AUTHORIZATION, bearer())
          .header("X-Request-Id", "bad id with spaces")
          .exchange()
          .expectStatus().isOk()
          .expectBody(String.class).returnResult();
      String id = result.getResponseHeaders().getFirst("X-Request-Id");
      assertThat(id).matches("[0-9a-f-]{36}");
      assertThat(result.getResponseBody()).contains("\"seenRequestId\":\"" + id + "\"");
    }
  }

  @Nested
  class Routing {

    @Test
    void answersUnknownApiPathsWith404AsStatusJson() {
      client.get().uri("/api/v1/nothing/here").header(HttpHeaders.AUTHORIZATION, bearer())
          .exchange()
          .expectStatus().isNotFound()
          .expectBody().jsonPath("$.code").isEqualTo(5);
    }

    @Test
    void answersAKnownPathWithTheWrongMethodWith405() {
      client.delete().uri("/api/v1/things/x").header(HttpHeaders.AUTHORIZATION, bearer())
          .exchange()
          .expectStatus().isEqualTo(405);
    }

    @Autowired
    RouteTable routes;

    @Test
    void derivesARouteForEveryAnnotatedRpcAndNoneForOthers() {
      assertThat(routes.routes())
          .filteredOn(r -> r.method().getService().getName().equals("ThingService"))
          .extracting(r -> r.httpMethod() + " " + r.path().template())
          .containsExactlyInAnyOrder(
              "GET /api/v1/things/{thing}", "GET /api/v1/things", "POST /api/v1/things",
              "PATCH /api/v1/{thing.name=things/*}", "PUT /api/v1/{thing.name=things/*}/replace",
              "POST /api/v1/things/{thing}:approve", "GET /api/v1/things/{thing}:inspect",
              "GET /api/v1/things:watch", "GET /api/v1/failures/{code}");
    }

    @Test
    void retriesAGetOnceTheServiceIsBackFromUnavailable() {
      client.get().uri("/api/v1/things/flaky-get").header(HttpHeaders.AUTHORIZATION, bearer())
          .exchange()
          .expectStatus().isOk();
      assertThat(THINGS.attempts.get("flaky-get").get()).isEqualTo(2);
    }

    @Test
    void doesNotRetryAnUnavailableTheServiceAnsweredItself() {
      client.get().uri("/api/v1/things/database-down").header(HttpHeaders.AUTHORIZATION, bearer())
          .exchange()
          .expectStatus().isEqualTo(503)
          .expectBody().jsonPath("$.details[0].reason").isEqualTo("DATABASE_UNAVAILABLE");
      assertThat(THINGS.attempts.get("database-down").get()).isEqualTo(1);
    }

    @Test
    void retriesACreateOnlyWhenItCarriesARequestId() {
      client.post().uri("/api/v1/things").header(HttpHeaders.AUTHORIZATION, bearer())
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue("{\"displayName\":\"flaky-no-key\"}")
          .exchange()
          .expectStatus().isEqualTo(503);
      client.post().uri("/api/v1/things").header(HttpHeaders.AUTHORIZATION, bearer())
          .header("Idempotency-Key", "k-flaky")
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue("{\"displayName\":\"flaky-with-key\"}")
          .exchange()
          .expectStatus().isOk();
      assertThat(THINGS.attempts.get("flaky-no-key").get()).isEqualTo(1);
      assertThat(THINGS.attempts.get("flaky-with-key").get()).isEqualTo(2);
    }

    @Test
    void servesTheDirectoryRpcThatAlreadyExists() {
      // partner-directory is not running here: the route exists and answers 503, not 404
      client.get().uri("/api/v1/partners/p1").header(HttpHeaders.AUTHORIZATION, bearer())
          .exchange()
          .expectStatus().isEqualTo(503)
          .expectBody().jsonPath("$.code").isEqualTo(14);
    }
  }
}

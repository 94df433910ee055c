package org.partnernet.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnernet.gateway.support.GatewayTestSupport;

class OpenApiTest extends GatewayTestSupport {

  private SwaggerParseResult result;

  @BeforeEach
  void fetchAndParse() {
    String json = client.get().uri("/api/openapi.json")
        .exchange()
        .expectStatus().isOk()
        .expectBody(String.class).returnResult().getResponseBody();
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    result = new OpenAPIV3Parser().readContents(json, null, options);
  }

  @Test
  void isAValidOpenApi3DocumentWithoutAToken() {
    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.");
  }

  @Test
  void hasEveryRouteIncludingTheTestServiceNobodyCodedFor() {
    OpenAPI api = result.getOpenAPI();
    assertThat(api.getPaths()).containsKeys(
        "/api/v1/partners/{partner}",
        "/api/v1/things/{thing}",
        "/api/v1/things",
        "/api/v1/{thing.name}",
        "/api/v1/things/{thing}:approve",
        "/api/v1/things:watch");
    assertThat(api.getPaths().get("/api/v1/things").getPost().getRequestBody()).isNotNull();
  }

  @Test
  void describesOperationsAndSchemasWithTheProtoComments() {
    OpenAPI api = result.getOpenAPI();
    Operation get = api.getPaths().get("/api/v1/things/{thing}").getGet();
    assertThat(get.getSummary()).isEqualTo("Returns one thing.");
    assertThat(get.getDescription()).contains("Returns NOT_FOUND if no thing has that id.");
    assertThat(api.getComponents().getSchemas().get("partnernet.gatewaytest.v1.Thing").getDescription())
        .isEqualTo("A thing.");
    assertThat(api.getComponents().getSchemas()).containsKey("google.rpc.Status");
  }

  @Test
  void listsQueryParametersByTheirJsonNamesIncludingNestedOnes() {
    Operation list = result.getOpenAPI().getPaths().get("/api/v1/things").getGet();
    assertThat(list.getParameters()).extracting(Parameter::getName)
        .contains("pageSize", "pageToken", "filter.kind", "filter.text", "tags", "onlyMine")
        .doesNotContain("page_size");
  }
}

package org.partnernet.gateway.openapi;

import org.partnernet.gateway.transcoding.RouteTable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/openapi.json}: public, built once from the routes. */
@RestController
class OpenApiController {

  private final String document;

  OpenApiController(RouteTable routes) {
    this.document = OpenApiDocument.build(routes);
  }

  @GetMapping("/api/openapi.json")
  ResponseEntity<String> openApi() {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(document);
  }
}

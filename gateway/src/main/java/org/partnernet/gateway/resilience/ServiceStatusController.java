package org.partnernet.gateway.resilience;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/status}: each service's state as the gateway sees it (health poll, breaker,
 * channel). Names and states only; no addresses.
 */
@RestController
class ServiceStatusController {

  private final Backends backends;

  ServiceStatusController(Backends backends) {
    this.backends = backends;
  }

  @GetMapping(path = "/api/status", produces = "application/json")
  Map<String, Object> status() {
    Map<String, Object> services = new LinkedHashMap<>();
    backends.all().forEach((name, backend) -> {
      Map<String, Object> s = new LinkedHashMap<>();
      String circuit = backend.breaker().getState().name();
      boolean up = backend.health() == Backend.Health.UP && !"OPEN".equals(circuit);
      s.put("state", backend.health() == Backend.Health.UNKNOWN ? "UNKNOWN" : up ? "UP" : "DOWN");
      s.put("circuit", circuit);
      s.put("channel", backend.channelState().name());
      services.put(name, s);
    });
    return Map.of("services", services);
  }
}

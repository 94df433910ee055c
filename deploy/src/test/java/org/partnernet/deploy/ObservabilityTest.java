package org.partnernet.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.deploy.Yamls.at;
import static org.partnernet.deploy.Yamls.list;
import static org.partnernet.deploy.Yamls.map;
import static org.partnernet.deploy.Yamls.maps;
import static org.partnernet.deploy.Yamls.str;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** Scrape configs, alert rules and dashboards are well-formed and speak about metrics that exist. */
class ObservabilityTest {

  private static final Path PROMETHEUS = Repo.OBSERVABILITY.resolve("prometheus");
  private static final Path DASHBOARDS = Repo.OBSERVABILITY.resolve("grafana/dashboards");

  /** Metric families the platform exposes (Micrometer/Prometheus names) or the services' partnernet_* metrics. */
  private static final Pattern KNOWN = Pattern.compile(
      "up|grpc_(server|client)_.+|http_server_requests_.+|jvm_.+|process_.+|mongodb_driver_.+|partnernet_.+");
  private static final Set<String> PROMQL_WORDS = Set.of("sum", "max", "min", "avg", "count", "rate", "increase",
      "by", "without", "on", "ignoring", "or", "and", "unless", "histogram_quantile", "absent", "le", "bool");

  @Test
  void scrapeConfigsKeepTheAppsJobNamesAndLoadTheRules() {
    for (String file : List.of("prometheus.yml", "prometheus-local.yml")) {
      Map<String, Object> config = Yamls.loadMap(PROMETHEUS.resolve(file));
      for (Object rules : list(config.get("rule_files"))) {
        assertThat(PROMETHEUS.resolve(rules.toString())).as(file + " rule file").exists();
      }
      assertThat(maps(config.get("scrape_configs"))).as(file).isNotEmpty();
    }
    Map<String, Object> local = Yamls.loadMap(PROMETHEUS.resolve("prometheus-local.yml"));
    for (String app : Repo.APPS) {
      Map<String, Object> job = maps(local.get("scrape_configs")).stream()
          .filter(j -> app.equals(j.get("job_name"))).findFirst().orElseThrow();
      assertThat(str(job, "metrics_path")).isEqualTo("/actuator/prometheus");
      String target = String.valueOf(list(at(maps(job.get("static_configs")).get(0), "targets")).get(0));
      assertThat(target).isEqualTo("127.0.0.1:" + AppConfig.of(app).httpPort());
    }
  }

  @Test
  void everyAlertIsCompleteAndTheRequiredOnesExist() {
    Map<String, Object> rules = Yamls.loadMap(PROMETHEUS.resolve("alerts.yml"));
    List<String> names = new ArrayList<>();
    SoftAssertions softly = new SoftAssertions();
    for (Map<String, Object> group : maps(rules.get("groups"))) {
      for (Map<String, Object> rule : maps(group.get("rules"))) {
        String alert = str(rule, "alert");
        names.add(alert);
        softly.assertThat(str(rule, "expr")).as(alert + " expr").isNotBlank();
        softly.assertThat(str(rule, "labels", "severity")).as(alert + " severity").isIn("critical", "warning");
        softly.assertThat(str(rule, "annotations", "summary")).as(alert + " summary").isNotBlank();
        softly.assertThat(metrics(str(rule, "expr"))).as(alert + " metrics").allMatch(m -> KNOWN.matcher(m).matches());
      }
    }
    softly.assertAll();
    assertThat(names).contains("PartnerNetAppDown", "PartnerNetGrpcErrorRate", "PartnerNetGatewayErrorRate",
        "PartnerNetEmergencyReferralUnanswered", "PartnerNetWebhookDeadLetters", "PartnerNetStaleCapacity");
  }

  @Test
  void dashboardsAreGrafanaJsonWithQueriesOnKnownMetrics() throws Exception {
    List<Path> dashboards;
    try (var files = Files.list(DASHBOARDS)) {
      dashboards = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(dashboards).extracting(p -> p.getFileName().toString())
        .contains("platform.json", "network-health.json");
    Set<String> uids = new TreeSet<>();
    SoftAssertions softly = new SoftAssertions();
    for (Path file : dashboards) {
      Map<String, Object> dashboard = Yamls.loadMap(file);
      softly.assertThat(uids.add(str(dashboard, "uid"))).as(file + " has its own uid").isTrue();
      softly.assertThat(str(dashboard, "title")).as(file + " title").startsWith("PartnerNet");
      List<Map<String, Object>> panels = maps(dashboard.get("panels"));
      softly.assertThat(panels).as(file + " panels").hasSizeGreaterThan(5);
      for (Map<String, Object> panel : panels) {
        for (Map<String, Object> target : maps(panel.get("targets"))) {
          String expr = str(target, "expr");
          softly.assertThat(expr).as(file + " " + panel.get("title")).isNotBlank();
          softly.assertThat(balanced(expr)).as(file + " " + panel.get("title") + " brackets balance").isTrue();
          softly.assertThat(metrics(expr)).as(file + " " + panel.get("title"))
              .allMatch(m -> KNOWN.matcher(m).matches());
        }
      }
    }
    softly.assertAll();
  }

  @Test
  void noAlertOrPanelGroupsByAnythingPersonal() {
    // labels the platform may aggregate by; a client, user or referral id must never be one
    Pattern grouping = Pattern.compile("\\bby \\(([^)]*)\\)");
    Set<String> allowed = Set.of("application", "job", "instance", "network", "urgency", "answer", "outcome",
        "status", "grpc_status_code", "rpc_method", "rpc_service", "le", "command", "result");
    List<String> texts = new ArrayList<>();
    texts.add(Repo.read(PROMETHEUS.resolve("alerts.yml")));
    Repo.files(DASHBOARDS, "json").forEach(f -> texts.add(Repo.read(f)));
    for (String text : texts) {
      Matcher matcher = grouping.matcher(text);
      while (matcher.find()) {
        for (String label : matcher.group(1).split(",")) {
          assertThat(label.trim()).isIn(allowed);
        }
      }
    }
  }

  /** Metric names in a PromQL expression: identifiers followed by a selector, a range or a closing paren. */
  private static Set<String> metrics(String expr) {
    String stripped = expr.replaceAll("\\{[^}]*}", "{}").replaceAll("\"[^\"]*\"", "\"\"")
        .replaceAll("\\[[^]]*]", "[]").replaceAll("\\bby \\([^)]*\\)", "");
    Set<String> names = new TreeSet<>();
    Matcher matcher = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\b\\s*(\\{|\\[|\\)|$|\\s*[=!<>/*+-])")
        .matcher(stripped);
    while (matcher.find()) {
      String name = matcher.group(1);
      if (!PROMQL_WORDS.contains(name) && !name.matches("\\d.*")) {
        names.add(name);
      }
    }
    return names;
  }

  private static boolean balanced(String expr) {
    int depth = 0;
    for (char c : expr.toCharArray()) {
      if (c == '(' || c == '{' || c == '[') {
        depth++;
      } else if (c == ')' || c == '}' || c == ']') {
        depth--;
      }
      if (depth < 0) {
        return false;
      }
    }
    return depth == 0;
  }
}

package org.partnernet.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.deploy.Yamls.at;
import static org.partnernet.deploy.Yamls.kind;
import static org.partnernet.deploy.Yamls.name;
import static org.partnernet.deploy.Yamls.str;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class KustomizeRenderTest {

  @ParameterizedTest
  @EnumSource(Renders.class)
  void rendersTheWholePlatform(Renders render) {
    for (String app : List.of("partner-directory", "resources-service", "referral-service", "gateway",
        "keycloak")) {
      render.get("Deployment", app);
      render.get("Service", app);
      render.get("ServiceAccount", app);
    }
    for (String app : Repo.APPS) {
      render.get("PodDisruptionBudget", app);
      render.get("HorizontalPodAutoscaler", app);
    }
    render.get("StatefulSet", "mongodb");
    render.get("Job", "mongodb-init");
    assertThat(render.ofKind("ConfigMap")).extracting(Yamls::name)
        .anyMatch(n -> n.startsWith("keycloak-realm"));
    for (Map<String, Object> object : render.objects()) {
      if (!"Namespace".equals(kind(object))) {
        assertThat(str(object, "metadata", "namespace")).as(kind(object) + "/" + name(object)).isEqualTo("partnernet");
      }
    }
  }

  @Test
  void theRealmConfigMapCarriesTheRealmFileAndKeycloakMountsIt() {
    Map<String, Object> realm = Renders.BASE.ofKind("ConfigMap").stream()
        .filter(c -> name(c).startsWith("keycloak-realm")).findFirst().orElseThrow();
    assertThat(str(realm, "data", "partnernet-realm.json")).isEqualTo(Repo.read(Repo.REALM));
    if (Kustomize.kubectlAvailable()) {
      // kustomize renames the generated ConfigMap (content hash) and every reference with it
      Object volumes = at(Renders.BASE.get("Deployment", "keycloak"), "spec", "template", "spec", "volumes");
      assertThat(Yamls.maps(volumes)).anyMatch(v -> name(realm).equals(str(v, "configMap", "name")));
    }
  }

  @Test
  void productionTurnsOnNetworkPoliciesWithDefaultDeny() {
    Map<String, Object> deny = Renders.PRODUCTION.get("NetworkPolicy", "default-deny-all");
    assertThat(Yamls.map(at(deny, "spec", "podSelector"))).isEmpty();
    assertThat(Yamls.list(at(deny, "spec", "policyTypes"))).containsExactlyInAnyOrder("Ingress", "Egress");
  }

  @Test
  void theTlsComponentIssuesOneCertificatePerApp() {
    for (String app : Repo.APPS) {
      Map<String, Object> certificate = Renders.ALL_COMPONENTS.get("Certificate", app + "-tls");
      assertThat(Yamls.list(at(certificate, "spec", "dnsNames"))).contains(app);
    }
  }

  /** The resolver that stands in for kubectl must find the same objects kubectl renders. */
  @ParameterizedTest
  @EnumSource(Renders.class)
  void theJavaResolverAgreesWithKubectl(Renders render) {
    Assumptions.assumeTrue(Kustomize.kubectlAvailable(), "kubectl is not installed: nothing to compare with");
    assertThat(identities(Kustomize.resolve(render.directory())))
        .isEqualTo(identities(Kustomize.kubectl(render.directory())));
  }

  private static Set<String> identities(List<Map<String, Object>> objects) {
    Set<String> identities = new TreeSet<>();
    for (Map<String, Object> object : objects) {
      // generated names carry a content hash in kubectl's output
      String name = name(object).replaceAll("-[a-z0-9]{10}$", "");
      identities.add(kind(object) + "/" + name);
    }
    return identities;
  }
}

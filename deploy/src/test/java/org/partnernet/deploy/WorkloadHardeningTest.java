package org.partnernet.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.deploy.Yamls.at;
import static org.partnernet.deploy.Yamls.kind;
import static org.partnernet.deploy.Yamls.list;
import static org.partnernet.deploy.Yamls.map;
import static org.partnernet.deploy.Yamls.maps;
import static org.partnernet.deploy.Yamls.name;
import static org.partnernet.deploy.Yamls.str;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every pod the manifests start is hardened, bounded and probed; every reference resolves. */
class WorkloadHardeningTest {

  private static final String WRITABLE_ROOT_REASON = "partnernet/writable-root-reason";

  @ParameterizedTest
  @EnumSource(Renders.class)
  void everyWorkloadHasProbesLimitsAndARestrictedSecurityContext(Renders render) {
    SoftAssertions softly = new SoftAssertions();
    List<Map<String, Object>> pods = new ArrayList<>(render.workloads());
    pods.addAll(render.ofKind("Job"));
    assertThat(pods).hasSizeGreaterThanOrEqualTo(7);
    for (Map<String, Object> workload : pods) {
      String id = kind(workload) + "/" + name(workload);
      boolean longRunning = !"Job".equals(kind(workload));
      Map<String, Object> template = map(at(workload, "spec", "template"));
      Map<String, Object> pod = map(template.get("spec"));
      softly.assertThat(at(pod, "securityContext", "runAsNonRoot")).as(id + " pod runAsNonRoot").isEqualTo(true);
      softly.assertThat(str(pod, "securityContext", "seccompProfile", "type")).as(id + " seccomp")
          .isEqualTo("RuntimeDefault");
      softly.assertThat(pod.get("automountServiceAccountToken")).as(id + " mounts no API token").isEqualTo(false);
      List<Map<String, Object>> containers = new ArrayList<>(maps(pod.get("containers")));
      containers.addAll(maps(pod.get("initContainers")));
      for (Map<String, Object> container : containers) {
        String c = id + " container " + str(container, "name");
        if (longRunning) {
          softly.assertThat(container.get("livenessProbe")).as(c + " livenessProbe").isNotNull();
          softly.assertThat(container.get("readinessProbe")).as(c + " readinessProbe").isNotNull();
        }
        for (String bound : List.of("requests", "limits")) {
          for (String resource : List.of("cpu", "memory")) {
            softly.assertThat(at(container, "resources", bound, resource)).as(c + " " + bound + "." + resource)
                .isNotNull();
          }
        }
        Object security = container.get("securityContext");
        softly.assertThat(at(security, "allowPrivilegeEscalation")).as(c + " allowPrivilegeEscalation")
            .isEqualTo(false);
        softly.assertThat(list(at(security, "capabilities", "drop"))).as(c + " drops ALL").contains("ALL");
        Object runAsNonRoot = Objects.requireNonNullElse(at(security, "runAsNonRoot"),
            at(pod, "securityContext", "runAsNonRoot"));
        softly.assertThat(runAsNonRoot).as(c + " runAsNonRoot").isEqualTo(true);
        boolean readOnly = Boolean.TRUE.equals(at(security, "readOnlyRootFilesystem"));
        if (readOnly) {
          // the JVM and friends need a writable /tmp
          softly.assertThat(emptyDirAt(pod, container, "/tmp")).as(c + " has an emptyDir at /tmp").isTrue();
        } else {
          softly.assertThat(str(template, "metadata", "annotations", WRITABLE_ROOT_REASON))
              .as(c + " has a read-only root filesystem, or says why not (" + WRITABLE_ROOT_REASON + ")")
              .isNotBlank();
        }
      }
    }
    softly.assertAll();
  }

  @ParameterizedTest
  @EnumSource(Renders.class)
  void ourOwnAppsAllHaveReadOnlyRootFilesystems(Renders render) {
    for (String app : Repo.APPS) {
      Map<String, Object> container = container(render.get("Deployment", app));
      assertThat(at(container, "securityContext", "readOnlyRootFilesystem")).as(app).isEqualTo(true);
    }
  }

  @ParameterizedTest
  @EnumSource(Renders.class)
  void everyReferenceResolves(Renders render) {
    SoftAssertions softly = new SoftAssertions();
    for (Map<String, Object> workload : render.workloads()) {
      String id = kind(workload) + "/" + name(workload);
      Map<String, Object> pod = map(at(workload, "spec", "template", "spec"));
      for (Map<String, Object> container : maps(pod.get("containers"))) {
        for (Map<String, Object> env : maps(container.get("env"))) {
          keyRef(render, softly, id, "ConfigMap", at(env, "valueFrom", "configMapKeyRef"));
          keyRef(render, softly, id, "Secret", at(env, "valueFrom", "secretKeyRef"));
        }
        for (Map<String, Object> from : maps(container.get("envFrom"))) {
          Object ref = from.get("configMapRef");
          if (ref != null && !Boolean.TRUE.equals(at(ref, "optional"))) {
            softly.assertThat(render.find("ConfigMap", str(ref, "name"))).as(id + " envFrom").isPresent();
          }
        }
      }
      for (Map<String, Object> volume : maps(pod.get("volumes"))) {
        if (volume.get("configMap") != null) {
          softly.assertThat(render.find("ConfigMap", str(volume, "configMap", "name")))
              .as(id + " volume " + str(volume, "name")).isPresent();
        }
        if (volume.get("secret") != null) {
          String secret = str(volume, "secret", "secretName");
          boolean issued = render.ofKind("Certificate").stream()
              .anyMatch(c -> secret.equals(str(c, "spec", "secretName")));
          softly.assertThat(issued || render.find("Secret", secret).isPresent())
              .as(id + " volume secret " + secret + " exists or is issued by a Certificate").isTrue();
        }
        if (volume.get("persistentVolumeClaim") != null) {
          softly.assertThat(render.find("PersistentVolumeClaim", str(volume, "persistentVolumeClaim", "claimName")))
              .as(id + " volume " + str(volume, "name")).isPresent();
        }
      }
      softly.assertThat(str(pod, "serviceAccountName") == null
              || render.find("ServiceAccount", str(pod, "serviceAccountName")).isPresent())
          .as(id + " service account exists").isTrue();
    }
    for (Map<String, Object> hpa : render.ofKind("HorizontalPodAutoscaler")) {
      var target = render.find(str(hpa, "spec", "scaleTargetRef", "kind"),
          str(hpa, "spec", "scaleTargetRef", "name"));
      softly.assertThat(target).as("HPA " + name(hpa) + " target").isPresent();
      // a fixed count in the Deployment would reset the autoscaler's on every apply
      target.ifPresent(t -> softly.assertThat(at(t, "spec", "replicas")).as(name(t) + " leaves replicas to its HPA")
          .isNull());
    }
    for (Map<String, Object> service : render.ofKind("Service")) {
      Map<String, Object> selector = map(at(service, "spec", "selector"));
      List<Map<String, Object>> selected = render.workloads().stream()
          .filter(w -> map(at(w, "spec", "template", "metadata", "labels")).entrySet()
              .containsAll(selector.entrySet()))
          .toList();
      softly.assertThat(selected).as("Service " + name(service) + " selects a workload").isNotEmpty();
      for (Map<String, Object> port : maps(at(service, "spec", "ports"))) {
        Object target = port.get("targetPort");
        boolean exposed = selected.stream().flatMap(w -> maps(at(w, "spec", "template", "spec", "containers")).stream())
            .flatMap(c -> maps(c.get("ports")).stream())
            .anyMatch(p -> Objects.equals(String.valueOf(p.get("name")), String.valueOf(target))
                || Objects.equals(String.valueOf(p.get("containerPort")), String.valueOf(target)));
        softly.assertThat(exposed).as("Service " + name(service) + " targetPort " + target + " is a container port")
            .isTrue();
      }
    }
    for (Map<String, Object> pdb : render.ofKind("PodDisruptionBudget")) {
      Map<String, Object> selector = map(at(pdb, "spec", "selector", "matchLabels"));
      softly.assertThat(render.workloads().stream().anyMatch(w ->
              map(at(w, "spec", "template", "metadata", "labels")).entrySet().containsAll(selector.entrySet())))
          .as("PDB " + name(pdb) + " selects a workload").isTrue();
    }
    softly.assertAll();
  }

  private static void keyRef(Renders render, SoftAssertions softly, String id, String kind, Object ref) {
    if (ref == null || Boolean.TRUE.equals(at(ref, "optional"))) {
      return;
    }
    var object = render.find(kind, str(ref, "name"));
    softly.assertThat(object).as(id + " refers to " + kind + " " + str(ref, "name")).isPresent();
    object.ifPresent(o -> {
      Map<String, Object> data = new java.util.HashMap<>(map(o.get("data")));
      data.putAll(map(o.get("stringData")));
      softly.assertThat(data).as(id + " refers to key " + str(ref, "key") + " of " + kind + " " + name(o))
          .containsKey(str(ref, "key"));
    });
  }

  private static boolean emptyDirAt(Map<String, Object> pod, Map<String, Object> container, String path) {
    return maps(container.get("volumeMounts")).stream()
        .filter(m -> path.equals(str(m, "mountPath")))
        .anyMatch(m -> maps(pod.get("volumes")).stream()
            .anyMatch(v -> str(m, "name").equals(str(v, "name")) && v.containsKey("emptyDir")));
  }

  static Map<String, Object> container(Map<String, Object> workload) {
    return maps(at(workload, "spec", "template", "spec", "containers")).get(0);
  }
}

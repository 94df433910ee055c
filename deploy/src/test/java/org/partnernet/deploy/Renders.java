package org.partnernet.deploy;

import static org.partnernet.deploy.Yamls.kind;
import static org.partnernet.deploy.Yamls.name;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The kustomizations this project ships, each rendered once per test run. */
enum Renders {
  BASE("kubernetes/base"),
  PRODUCTION("kubernetes/overlays/production"),
  /** The base with every component on, so components are checked even where no overlay uses them yet. */
  ALL_COMPONENTS(null);

  private static final Map<Renders, List<Map<String, Object>>> CACHE = new ConcurrentHashMap<>();

  private final String path;

  Renders(String path) {
    this.path = path;
  }

  Path directory() {
    if (path != null) {
      return Repo.DEPLOY.resolve(path);
    }
    // kustomize wants relative paths inside a kustomization: write one under target/ that points back
    Path directory = Repo.DEPLOY.resolve("target/kustomize-all-components");
    try {
      Files.createDirectories(directory);
      StringBuilder text = new StringBuilder("""
          apiVersion: kustomize.config.k8s.io/v1beta1
          kind: Kustomization
          namespace: partnernet
          resources:
            - ../../kubernetes/base
          components:
          """);
      try (var components = Files.list(Repo.KUBERNETES.resolve("components"))) {
        components.filter(Files::isDirectory).sorted()
            .forEach(c -> text.append("  - ../../kubernetes/components/").append(c.getFileName()).append('\n'));
      }
      Files.writeString(directory.resolve("kustomization.yaml"), text);
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Map<String, Object>> objects() {
    return CACHE.computeIfAbsent(this, r -> Kustomize.render(r.directory()));
  }

  List<Map<String, Object>> ofKind(String kind) {
    return objects().stream().filter(o -> kind.equals(kind(o))).toList();
  }

  Optional<Map<String, Object>> find(String kind, String name) {
    return objects().stream().filter(o -> kind.equals(kind(o)) && name.equals(Yamls.name(o))).findFirst();
  }

  Map<String, Object> get(String kind, String name) {
    return find(kind, name).orElseThrow(() -> new AssertionError(this + " renders no " + kind + "/" + name));
  }

  /** Deployments and StatefulSets: the long-running workloads. */
  List<Map<String, Object>> workloads() {
    return objects().stream().filter(o -> "Deployment".equals(kind(o)) || "StatefulSet".equals(kind(o))).toList();
  }
}

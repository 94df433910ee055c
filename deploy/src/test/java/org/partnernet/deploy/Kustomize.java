package org.partnernet.deploy;

import static org.partnernet.deploy.Yamls.at;
import static org.partnernet.deploy.Yamls.kind;
import static org.partnernet.deploy.Yamls.list;
import static org.partnernet.deploy.Yamls.map;
import static org.partnernet.deploy.Yamls.maps;
import static org.partnernet.deploy.Yamls.name;
import static org.partnernet.deploy.Yamls.str;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization. With {@code kubectl} on the PATH (its built-in kustomize), the real thing, patches
 * applied. Without it, a resolver that follows resources, components, patches and generators the way kustomize
 * does and fails on what kustomize would reject (a missing file, a patch whose target does not exist, a component
 * that is not a Component); it does not apply patches, so checks on patched fields need kubectl.
 */
final class Kustomize {

  /** What kustomize reads outside a kustomization's directory: the realm file (see base/kustomization.yaml). */
  static final String LOAD_RESTRICTOR = "--load-restrictor=LoadRestrictionsNone";

  private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
      "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass");

  private static Boolean kubectl;

  private Kustomize() {}

  static synchronized boolean kubectlAvailable() {
    if (kubectl == null && "java".equals(System.getProperty("partnernet.kustomize"))) {
      // -Dpartnernet.kustomize=java: exercise the resolver as a machine without kubectl would
      kubectl = false;
    }
    if (kubectl == null) {
      kubectl = kustomizeMajorVersion() >= 5;
    }
    return kubectl;
  }

  /**
   * The major version of kubectl's built-in kustomize, 0 without kubectl. Old ones cannot render this tree
   * (Debian's kubernetes-client 1.20 has kustomize 2: no components), so they count as absent.
   */
  private static int kustomizeMajorVersion() {
    try {
      Process process = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return 0;
      }
      var matcher = java.util.regex.Pattern.compile("Kustomize Version: v(\\d+)").matcher(output);
      return process.exitValue() == 0 && matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  /** The rendered objects: by kubectl when available, else by the resolver. */
  static List<Map<String, Object>> render(Path directory) {
    return kubectlAvailable() ? kubectl(directory) : resolve(directory);
  }

  static List<Map<String, Object>> kubectl(Path directory) {
    try {
      Path output = Files.createTempFile("kustomize", ".yaml");
      try {
        Process process = new ProcessBuilder("kubectl", "kustomize", LOAD_RESTRICTOR, directory.toString())
            .redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.PIPE).start();
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("kubectl kustomize " + directory + " did not finish in 120 s");
        }
        if (process.exitValue() != 0) {
          throw new AssertionError("kubectl kustomize " + directory + " failed: " + errors);
        }
        return Yamls.objects(Files.readString(output));
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The resolver: resources of a kustomization or component, generators included, patches checked. */
  static List<Map<String, Object>> resolve(Path directory) {
    return resolve(directory, false, List.of());
  }

  /** A component works on what its parent accumulated so far ({@code inherited}); a kustomization on its own. */
  private static List<Map<String, Object>> resolve(Path directory, boolean component,
      List<Map<String, Object>> inherited) {
    Path file = kustomizationFile(directory);
    Map<String, Object> kustomization = Yamls.loadMap(file);
    String kind = str(kustomization, "kind");
    if (component && !"Component".equals(kind)) {
      throw new AssertionError(file + " is used as a component but is a " + kind);
    }
    if (!component && "Component".equals(kind)) {
      throw new AssertionError(file + " is a Component: list it under components, not resources");
    }
    List<Map<String, Object>> objects = new ArrayList<>(inherited);
    for (Object entry : list(kustomization.get("resources"))) {
      Path path = existing(directory, entry.toString(), file);
      if (Files.isDirectory(path)) {
        objects.addAll(resolve(path, false, List.of()));
      } else {
        Yamls.loadAll(path).forEach(document -> objects.add(map(document)));
      }
    }
    for (Map<String, Object> generator : maps(kustomization.get("configMapGenerator"))) {
      objects.add(generated("ConfigMap", generator, directory, file));
    }
    for (Map<String, Object> generator : maps(kustomization.get("secretGenerator"))) {
      objects.add(generated("Secret", generator, directory, file));
    }
    for (Object entry : list(kustomization.get("components"))) {
      Path path = existing(directory, entry.toString(), file);
      List<Map<String, Object>> result = resolve(path, true, objects);
      objects.clear();
      objects.addAll(result);
    }
    for (Map<String, Object> patch : maps(kustomization.get("patches"))) {
      checkPatch(patch, objects, directory, file);
    }
    String namespace = str(kustomization, "namespace");
    if (namespace != null) {
      List<Map<String, Object>> namespaced = new ArrayList<>();
      for (Map<String, Object> object : objects) {
        Map<String, Object> copy = new LinkedHashMap<>(object);
        if (!CLUSTER_SCOPED.contains(kind(copy))) {
          Map<String, Object> metadata = new LinkedHashMap<>(map(copy.get("metadata")));
          metadata.put("namespace", namespace);
          copy.put("metadata", metadata);
        }
        namespaced.add(copy);
      }
      return namespaced;
    }
    return objects;
  }

  private static Path kustomizationFile(Path directory) {
    for (String name : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
      Path candidate = directory.resolve(name);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(directory + " has no kustomization.yaml");
  }

  private static Path existing(Path directory, String relative, Path referrer) {
    Path path = directory.resolve(relative).normalize();
    if (!Files.exists(path)) {
      throw new AssertionError(referrer + " refers to " + relative + ", which does not exist");
    }
    return path;
  }

  private static Map<String, Object> generated(String kind, Map<String, Object> generator, Path directory,
      Path file) {
    Map<String, Object> data = new LinkedHashMap<>();
    for (Object source : list(generator.get("files"))) {
      String entry = source.toString();
      int equals = entry.indexOf('=');
      String key = equals < 0 ? Path.of(entry).getFileName().toString() : entry.substring(0, equals);
      Path path = existing(directory, equals < 0 ? entry : entry.substring(equals + 1), file);
      data.put(key, Repo.read(path));
    }
    for (Object literal : list(generator.get("literals"))) {
      String entry = literal.toString();
      int equals = entry.indexOf('=');
      data.put(entry.substring(0, equals), entry.substring(equals + 1));
    }
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", "v1");
    object.put("kind", kind);
    object.put("metadata", new LinkedHashMap<>(Map.of("name", str(generator, "name"))));
    object.put("data", data);
    return object;
  }

  private static void checkPatch(Map<String, Object> patch, List<Map<String, Object>> objects, Path directory,
      Path file) {
    String path = str(patch, "path");
    if (path != null) {
      List<Object> documents = Yamls.loadAll(existing(directory, path, file));
      if (documents.isEmpty()) {
        throw new AssertionError(file + ": patch " + path + " is empty");
      }
      if (patch.get("target") == null) {
        // a strategic merge patch names its targets itself
        for (Object document : documents) {
          requireTarget(objects, kind(map(document)), name(map(document)), null, file, path);
        }
      }
    }
    Object target = patch.get("target");
    if (target != null) {
      requireTarget(objects, str(target, "kind"), str(target, "name"), str(target, "labelSelector"), file, path);
    }
  }

  private static void requireTarget(List<Map<String, Object>> objects, String kind, String name, String selector,
      Path file, String patch) {
    boolean found = objects.stream().anyMatch(object -> (kind == null || kind.equals(kind(object)))
        && (name == null || name.equals(name(object)))
        && (selector == null || matches(selector, map(at(object, "metadata", "labels")))));
    if (!found) {
      throw new AssertionError(file + ": patch " + patch + " targets " + kind + "/" + name
          + (selector == null ? "" : " [" + selector + "]") + ", which is not among the resources");
    }
  }

  private static boolean matches(String selector, Map<String, Object> labels) {
    for (String requirement : selector.split(",")) {
      String[] pair = requirement.split("=", 2);
      if (pair.length != 2 || !pair[1].trim().equals(String.valueOf(labels.get(pair[0].trim())))) {
        return false;
      }
    }
    return true;
  }
}

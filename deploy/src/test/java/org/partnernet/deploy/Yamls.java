package org.partnernet.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** YAML (and JSON, a subset) loaded safely, and small accessors for the loaded trees. */
final class Yamls {

  private Yamls() {}

  static List<Object> loadAll(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(16 * 1024 * 1024);
    List<Object> documents = new ArrayList<>();
    for (Object document : new Yaml(new SafeConstructor(options)).loadAll(text)) {
      if (document != null) {
        documents.add(document);
      }
    }
    return documents;
  }

  static List<Object> loadAll(Path file) {
    try {
      return loadAll(Repo.read(file));
    } catch (RuntimeException e) {
      throw new AssertionError(file + " does not parse: " + e.getMessage(), e);
    }
  }

  static Map<String, Object> loadMap(Path file) {
    List<Object> documents = loadAll(file);
    if (documents.size() != 1 || !(documents.get(0) instanceof Map)) {
      throw new AssertionError(file + " should hold exactly one mapping");
    }
    return map(documents.get(0));
  }

  /** Kubernetes objects: every document a mapping. */
  static List<Map<String, Object>> objects(String text) {
    return loadAll(text).stream().map(Yamls::map).toList();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object node) {
    return node instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object node) {
    return node instanceof List<?> l ? (List<Object>) l : List.of();
  }

  static List<Map<String, Object>> maps(Object node) {
    return list(node).stream().map(Yamls::map).toList();
  }

  /** The node at a path of keys, or null. */
  static Object at(Object node, String... keys) {
    Object current = node;
    for (String key : keys) {
      if (!(current instanceof Map<?, ?> m)) {
        return null;
      }
      current = m.get(key);
    }
    return current;
  }

  static String str(Object node, String... keys) {
    Object value = at(node, keys);
    return value == null ? null : Objects.toString(value);
  }

  static String kind(Map<String, Object> object) {
    return str(object, "kind");
  }

  static String name(Map<String, Object> object) {
    return str(object, "metadata", "name");
  }
}

package org.partnernet.directory.hsds;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Small helpers for reading and writing HSDS JSON held as maps and lists. */
final class Hsds {

  private Hsds() {}

  static String string(Map<String, Object> map, String key) {
    Object value = map == null ? null : map.get(key);
    if (value == null) {
      return null;
    }
    String s = value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        ? String.valueOf(n.longValue()) : value.toString();
    return s.isBlank() ? null : s.trim();
  }

  static Double number(Map<String, Object> map, String key) {
    Object value = map == null ? null : map.get(key);
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Map<String, Object> map, String key) {
    Object value = map == null ? null : map.get(key);
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> objects(Map<String, Object> map, String key) {
    Object value = map == null ? null : map.get(key);
    List<Map<String, Object>> out = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> m) {
          out.add((Map<String, Object>) m);
        }
      }
    }
    return out;
  }

  /** A stable UUID for a sub-record PartnerNet has no id for (HSDS wants one on every object). */
  static String derivedId(String... parts) {
    return UUID.nameUUIDFromBytes(String.join("/", parts).getBytes(StandardCharsets.UTF_8)).toString();
  }

  static boolean isUuid(String s) {
    return s != null && s.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  }
}

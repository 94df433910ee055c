package org.partnernet.gateway.transcoding;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.io.IOException;
import java.io.StringReader;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What protobuf's JSON parser lets through, refused before it reads a body, in one pass over the body's tokens:
 * <ul>
 *   <li>more than one JSON value: the parser reads the first and ignores what follows, so a body such as
 *       {@code {...} {...}} or {@code {...}, "requestId": "x"} would be half-read;
 *   <li>a {@code google.protobuf.Timestamp} that names no real date or time, such as 30 February or hour 25: the
 *       parser rolls it over into another day (a training booked for 2 March instead of an error) and logs the
 *       caller's text.
 * </ul>
 * Malformed JSON and values of the wrong type are left to the parser, whose message names the position.
 */
final class JsonBodyCheck {

  private static final String TIMESTAMP = com.google.protobuf.Timestamp.getDescriptor().getFullName();
  private static final String EXAMPLE = "RFC 3339, e.g. 2026-03-01T09:30:00Z";

  /** Whether a message type holds a Timestamp anywhere inside it; filled a whole type graph at a time. */
  private final Map<Descriptor, Boolean> holdsTimestamp = new ConcurrentHashMap<>();

  /** A body that is the whole request message, or the message of a body field. */
  void check(String body, Descriptor type) {
    walk(body, reader -> message(reader, type, ""));
  }

  /** A body that is the value of one field of the request (repeated, a map, or a scalar). */
  void check(String body, FieldDescriptor field) {
    walk(body, reader -> field(reader, field, field.getJsonName()));
  }

  static boolean isTimestamp(Descriptor type) {
    return type.getFullName().equals(TIMESTAMP);
  }

  /** Refuses a Timestamp's text whose date or time does not exist; other malformed text is the parser's to name. */
  static void timestamp(String text, String name) {
    if (text.length() < 19) {
      return;
    }
    try {
      LocalDateTime.parse(text.substring(0, 19)); // ISO-8601 with the strict resolver: no 30 February, no 24:00
    } catch (DateTimeParseException e) {
      throw new FieldValues.BadRequest(name, "invalid value for " + name + ": not a date and time that exists ("
          + EXAMPLE + ")");
    }
  }

  private interface Walk {
    void over(JsonReader reader) throws IOException;
  }

  /** Walks the body's first value, then refuses anything after it; malformed JSON is left to the parser. */
  private static void walk(String body, Walk walk) {
    JsonReader reader = new JsonReader(new StringReader(body));
    try {
      walk.over(reader);
    } catch (IOException | IllegalStateException | NumberFormatException malformed) {
      return; // the parser reports it, with its position
    }
    try {
      if (reader.peek() == JsonToken.END_DOCUMENT) {
        return;
      }
    } catch (IOException | IllegalStateException trailing) {
      // text after the value that is not even JSON
    }
    throw new FieldValues.BadRequest("body", "invalid JSON body: more than one JSON value");
  }

  private void message(JsonReader reader, Descriptor type, String path) throws IOException {
    if (!holdsTimestamp(type) || reader.peek() != JsonToken.BEGIN_OBJECT) {
      reader.skipValue();
      return;
    }
    reader.beginObject();
    while (reader.hasNext()) {
      String name = reader.nextName();
      FieldDescriptor field = fieldNamed(type, name);
      if (field == null) {
        reader.skipValue(); // unknown: the parser names it
      } else {
        field(reader, field, path.isEmpty() ? name : path + "." + name);
      }
    }
    reader.endObject();
  }

  private void field(JsonReader reader, FieldDescriptor field, String path) throws IOException {
    if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
      reader.skipValue();
    } else if (field.isMapField()) {
      if (reader.peek() != JsonToken.BEGIN_OBJECT) {
        reader.skipValue();
        return;
      }
      FieldDescriptor value = field.getMessageType().findFieldByName("value");
      reader.beginObject();
      while (reader.hasNext()) {
        String key = reader.nextName();
        one(reader, value, path + "[" + key + "]");
      }
      reader.endObject();
    } else if (field.isRepeated() && reader.peek() == JsonToken.BEGIN_ARRAY) {
      reader.beginArray();
      for (int i = 0; reader.hasNext(); i++) {
        one(reader, field, path + "[" + i + "]");
      }
      reader.endArray();
    } else {
      one(reader, field, path);
    }
  }

  /** One value of a field (an element if repeated). */
  private void one(JsonReader reader, FieldDescriptor field, String path) throws IOException {
    if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
      reader.skipValue();
    } else if (isTimestamp(field.getMessageType()) && reader.peek() == JsonToken.STRING) {
      timestamp(reader.nextString(), path);
    } else {
      message(reader, field.getMessageType(), path);
    }
  }

  /** The parser takes a field by its JSON name or its proto name. */
  private static FieldDescriptor fieldNamed(Descriptor type, String name) {
    FieldDescriptor byProtoName = type.findFieldByName(name);
    if (byProtoName != null) {
      return byProtoName;
    }
    for (FieldDescriptor field : type.getFields()) {
      if (field.getJsonName().equals(name)) {
        return field;
      }
    }
    return null;
  }

  /**
   * Whether a Timestamp can occur anywhere inside a message of this type: found for every type reachable from it at
   * once, by a fixpoint over the graph, so recursive types (a message holding its own type) come out right.
   */
  boolean holdsTimestamp(Descriptor type) {
    Boolean known = holdsTimestamp.get(type);
    if (known != null) {
      return known;
    }
    Set<Descriptor> reachable = new HashSet<>();
    Deque<Descriptor> todo = new ArrayDeque<>();
    todo.push(type);
    while (!todo.isEmpty()) {
      Descriptor next = todo.pop();
      if (reachable.add(next)) {
        for (FieldDescriptor field : next.getFields()) {
          if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            todo.push(field.getMessageType());
          }
        }
      }
    }
    Set<Descriptor> holding = new HashSet<>();
    for (boolean grew = true; grew; ) {
      grew = false;
      for (Descriptor d : reachable) {
        if (!holding.contains(d) && (isTimestamp(d) || d.getFields().stream().anyMatch(f ->
            f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && holding.contains(f.getMessageType())))) {
          holding.add(d);
          grew = true;
        }
      }
    }
    for (Descriptor d : reachable) {
      holdsTimestamp.put(d, holding.contains(d));
    }
    return holding.contains(type);
  }
}

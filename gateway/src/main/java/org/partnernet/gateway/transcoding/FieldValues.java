package org.partnernet.gateway.transcoding;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.util.Base64;
import java.util.List;

/** Text from a path or query string turned into a field value of the field's proto type. */
final class FieldValues {

  private FieldValues() {}

  /** Whether a field can be written from one text value (scalars, enums, well-known scalar messages). */
  static boolean isScalarLike(FieldDescriptor field) {
    if (field.isMapField()) {
      return false;
    }
    if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
      return true;
    }
    return switch (field.getMessageType().getFullName()) {
      case "google.protobuf.Timestamp", "google.protobuf.Duration", "google.protobuf.FieldMask",
          "google.protobuf.StringValue", "google.protobuf.BoolValue", "google.protobuf.Int32Value",
          "google.protobuf.Int64Value", "google.protobuf.UInt32Value", "google.protobuf.UInt64Value",
          "google.protobuf.FloatValue", "google.protobuf.DoubleValue", "google.protobuf.BytesValue" -> true;
      default -> false;
    };
  }

  static Object convert(FieldDescriptor field, String text, JsonFormat.Parser parser, String name) {
    try {
      return switch (field.getJavaType()) {
        case STRING -> text;
        case BOOLEAN -> switch (text) {
          case "true", "1" -> Boolean.TRUE;
          case "false", "0" -> Boolean.FALSE;
          default -> throw new NumberFormatException();
        };
        case INT -> isUnsigned(field) ? Integer.parseUnsignedInt(text) : Integer.parseInt(text);
        case LONG -> isUnsigned(field) ? Long.parseUnsignedLong(text) : Long.parseLong(text);
        case FLOAT -> Float.parseFloat(text);
        case DOUBLE -> Double.parseDouble(text);
        case BYTE_STRING -> ByteString.copyFrom(decodeBase64(text));
        case ENUM -> enumValue(field, text, name);
        case MESSAGE -> {
          if (JsonBodyCheck.isTimestamp(field.getMessageType())) {
            JsonBodyCheck.timestamp(text, name);
          }
          DynamicMessage.Builder builder = DynamicMessage.newBuilder(field.getMessageType());
          parser.merge(quote(text), builder);
          yield builder.build();
        }
      };
    } catch (NumberFormatException | InvalidProtocolBufferException e) {
      throw new BadRequest(name, "invalid value for " + name + " (expected " + typeName(field) + ")");
    }
  }

  private static boolean isUnsigned(FieldDescriptor field) {
    return switch (field.getType()) {
      case UINT32, FIXED32, UINT64, FIXED64 -> true;
      default -> false;
    };
  }

  private static byte[] decodeBase64(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      try {
        return Base64.getUrlDecoder().decode(text);
      } catch (IllegalArgumentException again) {
        throw new NumberFormatException();
      }
    }
  }

  private static EnumValueDescriptor enumValue(FieldDescriptor field, String text, String name) {
    EnumValueDescriptor value = field.getEnumType().findValueByName(text);
    if (value == null) {
      try {
        value = field.getEnumType().findValueByNumber(Integer.parseInt(text));
      } catch (NumberFormatException ignored) {
        // fall through to the error below
      }
    }
    if (value == null) {
      throw new BadRequest(name, "invalid value for " + name + " (expected one of "
          + field.getEnumType().getValues().stream().map(EnumValueDescriptor::getName).toList() + ")");
    }
    return value;
  }

  private static String typeName(FieldDescriptor field) {
    return field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
        ? field.getMessageType().getName()
        : field.getType().name().toLowerCase();
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /** Sets (or, for a repeated field, appends) the value at a field path, creating parents as needed. */
  static void set(Message.Builder builder, List<FieldDescriptor> path, Object value) {
    set(builder, path, 0, value);
  }

  private static void set(Message.Builder builder, List<FieldDescriptor> path, int index, Object value) {
    FieldDescriptor field = path.get(index);
    if (index == path.size() - 1) {
      if (field.isRepeated()) {
        builder.addRepeatedField(field, value);
      } else {
        builder.setField(field, value);
      }
      return;
    }
    Message.Builder child = ((Message) builder.getField(field)).toBuilder();
    set(child, path, index + 1, value);
    builder.setField(field, child.build());
  }

  /** Reads the value at a field path ("" when unset). */
  static Object get(Message message, List<FieldDescriptor> path) {
    Message current = message;
    for (int i = 0; i < path.size() - 1; i++) {
      current = (Message) current.getField(path.get(i));
    }
    return current.getField(path.get(path.size() - 1));
  }

  /** A rejected request: the field it names and what is wrong with it. */
  static final class BadRequest extends RuntimeException {
    private final String field;

    BadRequest(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }

    String field() {
      return field;
    }
  }
}

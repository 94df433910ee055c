package org.partnernet.gateway.transcoding;

import com.google.protobuf.DescriptorProtos.SourceCodeInfo;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.GenericDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Proto comments from the descriptor's source info, addressed by the descriptor.proto path of an element. */
final class SourceComments {

  private static final Map<FileDescriptor, Map<List<Integer>, String>> BY_FILE = new ConcurrentHashMap<>();

  private SourceComments() {}

  static String of(GenericDescriptor element) {
    List<Integer> path = path(element);
    if (path == null) {
      return "";
    }
    return BY_FILE.computeIfAbsent(element.getFile(), SourceComments::index).getOrDefault(path, "");
  }

  private static Map<List<Integer>, String> index(FileDescriptor file) {
    Map<List<Integer>, String> comments = new HashMap<>();
    for (SourceCodeInfo.Location location : file.toProto().getSourceCodeInfo().getLocationList()) {
      String text = location.getLeadingComments().strip();
      if (!text.isEmpty()) {
        comments.put(List.copyOf(location.getPathList()), text.replaceAll("\n ", "\n"));
      }
    }
    return comments;
  }

  private static List<Integer> path(GenericDescriptor element) {
    List<Integer> path = new ArrayList<>();
    if (element instanceof Descriptor message) {
      return messagePath(message);
    } else if (element instanceof FieldDescriptor field) {
      if (field.isExtension()) {
        return null;
      }
      path.addAll(messagePath(field.getContainingType()));
      path.add(2);
      path.add(field.getIndex());
    } else if (element instanceof EnumDescriptor enumType) {
      return enumPath(enumType);
    } else if (element instanceof EnumValueDescriptor value) {
      path.addAll(enumPath(value.getType()));
      path.add(2);
      path.add(value.getIndex());
    } else if (element instanceof ServiceDescriptor service) {
      path.add(6);
      path.add(service.getIndex());
    } else if (element instanceof MethodDescriptor method) {
      path.add(6);
      path.add(method.getService().getIndex());
      path.add(2);
      path.add(method.getIndex());
    } else {
      return null;
    }
    return path;
  }

  private static List<Integer> messagePath(Descriptor message) {
    List<Integer> path = new ArrayList<>();
    if (message.getContainingType() == null) {
      path.add(4);
    } else {
      path.addAll(messagePath(message.getContainingType()));
      path.add(3);
    }
    path.add(message.getIndex());
    return path;
  }

  private static List<Integer> enumPath(EnumDescriptor enumType) {
    List<Integer> path = new ArrayList<>();
    if (enumType.getContainingType() == null) {
      path.add(5);
    } else {
      path.addAll(messagePath(enumType.getContainingType()));
      path.add(4);
    }
    path.add(enumType.getIndex());
    return path;
  }
}

package org.partnernet.gateway.transcoding;

import com.google.api.AnnotationsProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * The API as the proto files describe it: every file of the descriptor sets, linked once at start.
 * Also the JSON printer and parser, which know every message type (for {@code Any}) including the
 * google.rpc error details.
 */
public final class ApiDescriptors {

  private final List<FileDescriptor> files;
  private final JsonFormat.Printer printer;
  private final JsonFormat.Parser parser;

  ApiDescriptors(List<FileDescriptor> files) {
    this.files = List.copyOf(files);
    TypeRegistry.Builder types = TypeRegistry.newBuilder();
    types.add(com.google.rpc.ErrorDetailsProto.getDescriptor().getMessageTypes());
    types.add(com.google.rpc.StatusProto.getDescriptor().getMessageTypes());
    for (FileDescriptor file : files) {
      types.add(file.getMessageTypes());
    }
    TypeRegistry registry = types.build();
    this.printer = JsonFormat.printer().usingTypeRegistry(registry).omittingInsignificantWhitespace();
    this.parser = JsonFormat.parser().usingTypeRegistry(registry);
  }

  public static ApiDescriptors load(ResourceLoader loader, List<String> locations) {
    Map<String, FileDescriptorProto> protos = new LinkedHashMap<>();
    ExtensionRegistry extensions = ExtensionRegistry.newInstance();
    AnnotationsProto.registerAllExtensions(extensions);
    for (String location : locations) {
      Resource resource = loader.getResource(location);
      try (InputStream in = resource.getInputStream()) {
        for (FileDescriptorProto file : FileDescriptorSet.parseFrom(in, extensions).getFileList()) {
          protos.putIfAbsent(file.getName(), file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read descriptor set " + location, e);
      }
    }
    Map<String, FileDescriptor> built = new LinkedHashMap<>();
    for (String name : protos.keySet()) {
      build(name, protos, built);
    }
    return new ApiDescriptors(new ArrayList<>(built.values()));
  }

  private static FileDescriptor build(
      String name, Map<String, FileDescriptorProto> protos, Map<String, FileDescriptor> built) {
    FileDescriptor done = built.get(name);
    if (done != null) {
      return done;
    }
    FileDescriptorProto proto = protos.get(name);
    if (proto == null) {
      throw new IllegalStateException("descriptor set lacks imported file " + name);
    }
    List<FileDescriptor> deps = new ArrayList<>();
    for (String dep : proto.getDependencyList()) {
      deps.add(build(dep, protos, built));
    }
    try {
      FileDescriptor file = FileDescriptor.buildFrom(proto, deps.toArray(FileDescriptor[]::new));
      built.put(name, file);
      return file;
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException("invalid descriptor " + name, e);
    }
  }

  public List<FileDescriptor> files() {
    return files;
  }

  public List<ServiceDescriptor> services() {
    List<ServiceDescriptor> services = new ArrayList<>();
    for (FileDescriptor file : files) {
      services.addAll(file.getServices());
    }
    return services;
  }

  public JsonFormat.Printer printer() {
    return printer;
  }

  public JsonFormat.Parser parser() {
    return parser;
  }

  /** Leading comments of a descriptor element, or "" when the proto has none. */
  public static String comments(com.google.protobuf.Descriptors.GenericDescriptor element) {
    return SourceComments.of(element);
  }

  static boolean isWellKnown(Descriptor message) {
    return message.getFullName().startsWith("google.protobuf.");
  }
}

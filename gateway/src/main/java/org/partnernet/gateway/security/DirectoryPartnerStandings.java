package org.partnernet.gateway.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.grpc.protobuf.ProtoUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.partnernet.gateway.resilience.Backend;
import org.partnernet.gateway.resilience.Backends;
import org.partnernet.gateway.system.GatewayProperties;
import org.partnernet.gateway.transcoding.ApiDescriptors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Asks partner-directory for a partner's status through a configured RPC (by name, through the
 * descriptors: no generated classes), and keeps each answer: refreshed in the background after
 * {@code refreshAfter}, never used after {@code expireAfter}. A SUSPENDED answer that cannot be refreshed
 * stays until it expires, so an outage does not lift a suspension early.
 */
final class DirectoryPartnerStandings implements PartnerStandings {

  private static final Logger log = LoggerFactory.getLogger(DirectoryPartnerStandings.class);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private record Known(Standing standing, long loadedAt) {}

  private final Backend backend;
  private final io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage> method;
  private final Descriptor input;
  private final FieldDescriptor requestField;
  private final List<FieldDescriptor> statusPath;
  private final GatewayProperties.PartnerStatus settings;
  private final Cache<String, Known> known;
  /**
   * The question in flight per organisation: a burst of requests from an organisation not known yet (or due for a
   * refresh) asks the directory once, instead of once per request, which under load timed out enough calls to open
   * the directory's circuit for every organisation.
   */
  private final Map<String, Mono<Standing>> asking = new ConcurrentHashMap<>();

  private DirectoryPartnerStandings(Backend backend, MethodDescriptor proto, List<FieldDescriptor> statusPath,
      GatewayProperties.PartnerStatus settings) {
    this.backend = backend;
    this.input = proto.getInputType();
    this.requestField = input.findFieldByName(settings.requestField());
    this.statusPath = statusPath;
    this.settings = settings;
    this.method = io.grpc.MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
        .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(settings.method())
        .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(input)))
        .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(proto.getOutputType())))
        .build();
    this.known = Caffeine.newBuilder()
        .maximumSize(50_000)
        .expireAfterWrite(settings.expireAfter())
        .build();
  }

  /** The check as configured, or a check that always answers UNKNOWN when it cannot be wired. */
  static PartnerStandings create(GatewayProperties.PartnerStatus settings, ApiDescriptors api, Backends backends) {
    if (!settings.enabled()) {
      return (org, auth) -> Mono.just(Standing.UNKNOWN);
    }
    Optional<MethodDescriptor> proto = api.services().stream()
        .flatMap(s -> s.getMethods().stream())
        .filter(m -> (m.getService().getFullName() + "/" + m.getName()).equals(settings.method()))
        .findFirst();
    Optional<Backend> backend = proto.flatMap(m -> backends.forPackage(m.getFile().getPackage()));
    List<FieldDescriptor> statusPath = proto.map(m -> path(m.getOutputType(), settings.statusField())).orElse(null);
    if (proto.isEmpty() || backend.isEmpty() || statusPath == null
        || proto.get().getInputType().findFieldByName(settings.requestField()) == null
        || statusPath.get(statusPath.size() - 1).getJavaType() != FieldDescriptor.JavaType.ENUM) {
      log.warn("partner-status check is enabled but {} (request field {}, status field {}) is not in the API:"
          + " suspended partners are NOT refused at the gateway", settings.method(), settings.requestField(),
          settings.statusField());
      return (org, auth) -> Mono.just(Standing.UNKNOWN);
    }
    return new DirectoryPartnerStandings(backend.get(), proto.get(), statusPath, settings);
  }

  private static List<FieldDescriptor> path(Descriptor message, String dotted) {
    List<FieldDescriptor> path = new ArrayList<>();
    Descriptor current = message;
    for (String name : dotted.split("\\.")) {
      FieldDescriptor field = current == null ? null : current.findFieldByName(name);
      if (field == null) {
        return null;
      }
      path.add(field);
      current = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? field.getMessageType() : null;
    }
    return path;
  }

  @Override
  public Mono<Standing> standingOf(String organisationId, String authorization) {
    Known entry = known.getIfPresent(organisationId);
    if (entry != null) {
      if (System.nanoTime() - entry.loadedAt() > settings.refreshAfter().toNanos()) {
        // answer now from what we know; the next request sees the fresh answer
        load(organisationId, authorization).subscribe();
      }
      return Mono.just(entry.standing());
    }
    return load(organisationId, authorization);
  }

  private Mono<Standing> load(String organisationId, String authorization) {
    return asking.computeIfAbsent(organisationId, org -> ask(org, authorization)
        .doFinally(signal -> asking.remove(org))
        .cache());
  }

  private Mono<Standing> ask(String organisationId, String authorization) {
    DynamicMessage request = DynamicMessage.newBuilder(input).setField(requestField, organisationId).build();
    Metadata headers = new Metadata();
    if (authorization != null && !authorization.isEmpty()) {
      headers.put(AUTHORIZATION, authorization);
    }
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(settings.deadline().toMillis(), TimeUnit.MILLISECONDS);
    return backend.unary(method, request, options, headers)
        .map(this::standing)
        .doOnNext(standing -> known.put(organisationId, new Known(standing, System.nanoTime())))
        .onErrorResume(e -> {
          // no answer: keep what we knew (a suspension outlives an outage), else UNKNOWN; either way,
          // remember it so a failing directory is asked at most once per refresh period per organisation
          Known previous = known.getIfPresent(organisationId);
          Standing standing = previous == null ? Standing.UNKNOWN : previous.standing();
          known.put(organisationId, new Known(standing, System.nanoTime()));
          return Mono.just(standing);
        });
  }

  private Standing standing(DynamicMessage response) {
    Object value = response;
    for (FieldDescriptor field : statusPath) {
      value = ((Message) value).getField(field);
    }
    String name = ((EnumValueDescriptor) value).getName();
    if (name.endsWith("SUSPENDED") || name.endsWith("ARCHIVED")) {
      return Standing.REFUSED;
    }
    return name.endsWith("UNSPECIFIED") ? Standing.UNKNOWN : Standing.ALLOWED;
  }
}

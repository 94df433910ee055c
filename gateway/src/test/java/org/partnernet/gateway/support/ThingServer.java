package org.partnernet.gateway.support;

import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.partnernet.gateway.testapi.v1.ApproveThingRequest;
import org.partnernet.gateway.testapi.v1.ApproveThingResponse;
import org.partnernet.gateway.testapi.v1.CreateThingRequest;
import org.partnernet.gateway.testapi.v1.FailRequest;
import org.partnernet.gateway.testapi.v1.GetOrgStatusRequest;
import org.partnernet.gateway.testapi.v1.GetOrgStatusResponse;
import org.partnernet.gateway.testapi.v1.GetThingRequest;
import org.partnernet.gateway.testapi.v1.InspectThingResponse;
import org.partnernet.gateway.testapi.v1.ListThingsRequest;
import org.partnernet.gateway.testapi.v1.ListThingsResponse;
import org.partnernet.gateway.testapi.v1.OrgStatus;
import org.partnernet.gateway.testapi.v1.Standing;
import org.partnernet.gateway.testapi.v1.Thing;
import org.partnernet.gateway.testapi.v1.ThingEvent;
import org.partnernet.gateway.testapi.v1.ThingServiceGrpc;
import org.partnernet.gateway.testapi.v1.UpdateThingRequest;
import org.partnernet.gateway.testapi.v1.WatchThingsRequest;

/** The test service on a real socket: echoes what it was sent and what metadata came with it. */
public final class ThingServer {

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> REQUEST_ID =
      Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<String> SEEN_AUTH = Context.key("auth");
  private static final Context.Key<String> SEEN_REQUEST_ID = Context.key("rid");
  private static final Metadata.Key<String> TRACEPARENT =
      Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<String> SEEN_TRACEPARENT = Context.key("traceparent");

  private static ThingServer shared;

  private int port;
  private Server server;
  private final ServerCredentials credentials;
  /** The subject of the client certificate of the last call (TLS servers only). */
  public final AtomicReference<String> clientCertificate = new AtomicReference<>();
  /** Calls per key, for the "fails once, then works" cases. */
  public final ConcurrentHashMap<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  public final AtomicInteger orgStatusCalls = new AtomicInteger();
  /** Calls of the ThingService this server answered. */
  public final AtomicInteger calls = new AtomicInteger();

  private ThingServer(int port, ServerCredentials credentials) {
    this.port = port;
    this.credentials = credentials;
  }

  public static synchronized ThingServer shared() {
    if (shared == null) {
      shared = started();
    }
    return shared;
  }

  public static ThingServer started() {
    return started(InsecureServerCredentials.create());
  }

  /** With TLS settings, e.g. a server certificate and required client certificates. */
  public static ThingServer started(ServerCredentials credentials) {
    ThingServer s = new ThingServer(0, credentials);
    s.server = s.build(0);
    s.port = s.server.getPort();
    return s;
  }

  public int port() {
    return port;
  }

  public String target() {
    return "127.0.0.1:" + port;
  }

  public synchronized void stop() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public synchronized void restart() {
    server = build(port);
  }

  private Server build(int onPort) {
    ServerInterceptor capture = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        calls.incrementAndGet();
        SSLSession tls = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        if (tls != null) {
          try {
            clientCertificate.set(((X509Certificate) tls.getPeerCertificates()[0]).getSubjectX500Principal()
                .getName());
          } catch (SSLPeerUnverifiedException e) {
            clientCertificate.set(null);
          }
        }
        String auth = headers.get(AUTHORIZATION);
        String rid = headers.get(REQUEST_ID);
        String traceparent = headers.get(TRACEPARENT);
        Context context = Context.current()
            .withValue(SEEN_AUTH, auth == null ? "" : auth.split(" ")[0])
            .withValue(SEEN_REQUEST_ID, rid == null ? "" : rid)
            .withValue(SEEN_TRACEPARENT, traceparent == null ? "" : traceparent);
        return Contexts.interceptCall(context, call, headers, next);
      }
    };
    try {
      return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", onPort), credentials)
          .addService(ServerInterceptors.intercept(new Things(), capture))
          .build()
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int attempt(String key) {
    return attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
  }

  private final class Things extends ThingServiceGrpc.ThingServiceImplBase {

    private Thing.Builder seen(Thing.Builder thing) {
      return thing.setSeenAuth(SEEN_AUTH.get()).setSeenRequestId(SEEN_REQUEST_ID.get())
          .setSeenTraceparent(SEEN_TRACEPARENT.get());
    }

    @Override
    public void getThing(GetThingRequest request, StreamObserver<Thing> response) {
      if (request.getThing().equals("missing")) {
        response.onError(Status.NOT_FOUND.withDescription("no such thing").asRuntimeException());
        return;
      }
      if (request.getThing().startsWith("flaky") && attempt(request.getThing()) == 1) {
        response.onError(Status.UNAVAILABLE.withDescription("warming up").asRuntimeException());
        return;
      }
      if (request.getThing().startsWith("database-down")) {
        // the service's own answer, with a google.rpc.Status, as service-kit gives when its database is gone
        attempt(request.getThing());
        response.onError(io.grpc.protobuf.StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
            .setCode(Status.Code.UNAVAILABLE.value()).setMessage("the service's database is unavailable")
            .addDetails(com.google.protobuf.Any.pack(com.google.rpc.ErrorInfo.newBuilder()
                .setReason("DATABASE_UNAVAILABLE").setDomain("thing.test").build()))
            .build()));
        return;
      }
      response.onNext(seen(Thing.newBuilder().setName("things/" + request.getThing())).build());
      response.onCompleted();
    }

    @Override
    public void listThings(ListThingsRequest request, StreamObserver<ListThingsResponse> response) {
      response.onNext(ListThingsResponse.newBuilder()
          .addThings(seen(Thing.newBuilder().setName("things/one")))
          .setNextPageToken("next")
          .setEcho(request)
          .build());
      response.onCompleted();
    }

    @Override
    public void createThing(CreateThingRequest request, StreamObserver<Thing> response) {
      if (request.getThing().getDisplayName().startsWith("flaky")
          && attempt(request.getThing().getDisplayName()) == 1) {
        response.onError(Status.UNAVAILABLE.withDescription("warming up").asRuntimeException());
        return;
      }
      response.onNext(seen(request.getThing().toBuilder().setName("things/new")
          .setSeenIdempotencyKey(request.getRequestId())).build());
      response.onCompleted();
    }

    @Override
    public void updateThing(UpdateThingRequest request, StreamObserver<Thing> response) {
      response.onNext(request.getThing());
      response.onCompleted();
    }

    @Override
    public void approveThing(ApproveThingRequest request, StreamObserver<ApproveThingResponse> response) {
      response.onNext(ApproveThingResponse.newBuilder().setThing(request.getThing()).setReason(request.getReason())
          .setRequestId(request.getRequestId()).build());
      response.onCompleted();
    }

    @Override
    public void inspectThing(GetThingRequest request, StreamObserver<InspectThingResponse> response) {
      response.onNext(InspectThingResponse.newBuilder()
          .setThing(Thing.newBuilder().setName("things/" + request.getThing()).setSize(7))
          .setInternalNote("never shown")
          .build());
      response.onCompleted();
    }

    @Override
    public void watchThings(WatchThingsRequest request, StreamObserver<ThingEvent> response) {
      for (int i = 1; i <= request.getCount(); i++) {
        response.onNext(ThingEvent.newBuilder().setSequence(i).setThing("things/" + i).build());
      }
      Runnable end = () -> {
        if (request.getFailAfter()) {
          response.onError(Status.UNAVAILABLE.withDescription("stream broke").asRuntimeException());
        } else {
          response.onCompleted();
        }
      };
      if (request.getHoldMillis() > 0) {
        CompletableFuture.delayedExecutor(request.getHoldMillis(), TimeUnit.MILLISECONDS).execute(end);
      } else {
        end.run();
      }
    }

    @Override
    public void fail(FailRequest request, StreamObserver<Empty> response) {
      Status.Code code = Status.Code.valueOf(request.getCode());
      if (!request.getWithDetails()) {
        response.onError(code.toStatus().withDescription("failed with " + code).asRuntimeException());
        return;
      }
      com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
          .setCode(code.value())
          .setMessage("failed with " + code)
          .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("TEST_" + code).setDomain("things.test").build()))
          .addDetails(Any.pack(BadRequest.newBuilder().addFieldViolations(
              BadRequest.FieldViolation.newBuilder().setField("code").setDescription("was asked for")).build()))
          .build();
      response.onError(StatusProto.toStatusRuntimeException(status));
    }

    @Override
    public void hidden(GetThingRequest request, StreamObserver<Thing> response) {
      response.onNext(seen(Thing.newBuilder().setName("hidden/" + request.getThing())).build());
      response.onCompleted();
    }

    @Override
    public void getOrgStatus(GetOrgStatusRequest request, StreamObserver<GetOrgStatusResponse> response) {
      orgStatusCalls.incrementAndGet();
      if (request.getOrg().startsWith("slow")) {
        // a directory under load: long enough for concurrent requests to overlap
        try {
          Thread.sleep(300);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      Standing standing = request.getOrg().startsWith("suspended") ? Standing.SUSPENDED : Standing.ACTIVE;
      response.onNext(GetOrgStatusResponse.newBuilder()
          .setOrg(OrgStatus.newBuilder().setStatus(standing)).build());
      response.onCompleted();
    }
  }
}

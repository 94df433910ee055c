package org.partnernet.resources.support;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.partnernet.api.directory.v1.GetPartnerRequest;
import org.partnernet.api.directory.v1.GetPartnerResponse;
import org.partnernet.api.directory.v1.Partner;
import org.partnernet.api.directory.v1.PartnerDirectoryServiceGrpc;
import org.partnernet.api.directory.v1.PartnerKind;
import org.partnernet.api.directory.v1.PartnerStatus;

/**
 * partner-directory at its gRPC boundary, over a real socket: answers GetPartner from a table (unknown ids are
 * NOT_FOUND), can be slowed down or stopped, and remembers the bearer token it was last called with.
 */
public final class FakeDirectory extends PartnerDirectoryServiceGrpc.PartnerDirectoryServiceImplBase
    implements AutoCloseable {

  private final Map<String, Partner> partners = new ConcurrentHashMap<>();
  private final AtomicReference<String> lastAuthorization = new AtomicReference<>();
  private final AtomicInteger calls = new AtomicInteger();
  private volatile Duration delay = Duration.ZERO;
  private volatile int port;
  private Server server;

  public static FakeDirectory started() {
    FakeDirectory directory = new FakeDirectory();
    directory.start(0);
    return directory;
  }

  private synchronized void start(int onPort) {
    try {
      server = Grpc.newServerBuilderForPort(onPort, InsecureServerCredentials.create())
          .addService(ServerInterceptors.intercept(this, new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                              ServerCallHandler<Q, R> next) {
              lastAuthorization.set(headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)));
              return next.startCall(call, headers);
            }
          }))
          .build().start();
      port = server.getPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String target() {
    return "static://127.0.0.1:" + port;
  }

  /** Registers an ACTIVE school; returns its id. */
  public String school(String id) {
    return partner(id, PartnerKind.PARTNER_KIND_SCHOOL, PartnerStatus.PARTNER_STATUS_ACTIVE);
  }

  public String partner(String id, PartnerKind kind, PartnerStatus status) {
    partners.put(id, Partner.newBuilder().setId(id).setName("Partner " + id).setKind(kind).setStatus(status).build());
    return id;
  }

  public void delay(Duration delay) {
    this.delay = delay;
  }

  public String lastAuthorization() {
    return lastAuthorization.get();
  }

  public int calls() {
    return calls.get();
  }

  /** Stops answering (connection refused) until {@link #restart()}. */
  public synchronized void stop() {
    server.shutdownNow();
    try {
      server.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public synchronized void restart() {
    start(port);
  }

  @Override
  public void getPartner(GetPartnerRequest request, StreamObserver<GetPartnerResponse> response) {
    calls.incrementAndGet();
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Partner partner = partners.get(request.getPartner());
    if (partner == null) {
      response.onError(Status.NOT_FOUND.withDescription("no partner has that id").asRuntimeException());
      return;
    }
    response.onNext(GetPartnerResponse.newBuilder().setPartner(partner).build());
    response.onCompleted();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}

package org.partnernet.referral;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.partnernet.api.directory.v1.CheckReferralRecipientRequest;
import org.partnernet.api.directory.v1.CheckReferralRecipientResponse;
import org.partnernet.api.directory.v1.PartnerDirectoryServiceGrpc;
import org.partnernet.api.directory.v1.PartnerStatus;

/**
 * partner-directory at its gRPC boundary, over a real socket: answers CheckReferralRecipient from a table, can be
 * slowed down or stopped, and remembers the bearer token it was called with.
 */
public final class FakeDirectory extends PartnerDirectoryServiceGrpc.PartnerDirectoryServiceImplBase
    implements AutoCloseable {

  private final Map<String, PartnerStatus> partners = new ConcurrentHashMap<>();
  private final Map<String, Boolean> accepting = new ConcurrentHashMap<>();
  private final AtomicReference<String> lastAuthorization = new AtomicReference<>();
  private volatile Duration delay = Duration.ZERO;
  private volatile int port;
  private Server server;

  public FakeDirectory start() {
    return start(0);
  }

  public synchronized FakeDirectory start(int onPort) {
    try {
      server = Grpc.newServerBuilderForPort(onPort, InsecureServerCredentials.create())
          .addService(ServerInterceptors.intercept(this, new io.grpc.ServerInterceptor() {
            @Override
            public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call, Metadata headers,
                                                                      io.grpc.ServerCallHandler<Q, R> next) {
              lastAuthorization.set(headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)));
              return next.startCall(call, headers);
            }
          }))
          .build().start();
      port = server.getPort();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String target() {
    return "static://127.0.0.1:" + port;
  }

  public FakeDirectory partner(String id, PartnerStatus status, boolean acceptsReferrals) {
    partners.put(id, status);
    accepting.put(id, acceptsReferrals);
    return this;
  }

  public void delay(Duration delay) {
    this.delay = delay;
  }

  public String lastAuthorization() {
    return lastAuthorization.get();
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
  public void checkReferralRecipient(CheckReferralRecipientRequest request,
                                     StreamObserver<CheckReferralRecipientResponse> response) {
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    PartnerStatus status = partners.get(request.getPartner());
    if (status == null) {
      response.onError(Status.NOT_FOUND.withDescription("no partner has that id").asRuntimeException());
      return;
    }
    boolean accepts = status == PartnerStatus.PARTNER_STATUS_ACTIVE && accepting.getOrDefault(request.getPartner(), false);
    CheckReferralRecipientResponse.Builder answer = CheckReferralRecipientResponse.newBuilder()
        .setStatus(status).setAcceptsReferrals(accepts).setNetworkId("demo");
    if (!accepts) {
      answer.addAllUnmatchedTaxonomyCodes(request.getTaxonomyCodesList());
    }
    response.onNext(answer.build());
    response.onCompleted();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}

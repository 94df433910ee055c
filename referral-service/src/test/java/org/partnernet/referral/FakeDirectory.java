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
import java.util.Comparator;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.partnernet.api.directory.v1.CheckReferralRecipientRequest;
import org.partnernet.api.directory.v1.CheckReferralRecipientResponse;
import org.partnernet.api.directory.v1.Contact;
import org.partnernet.api.directory.v1.GetPartnerRequest;
import org.partnernet.api.directory.v1.GetPartnerResponse;
import org.partnernet.api.directory.v1.Partner;
import org.partnernet.api.directory.v1.PartnerDirectoryServiceGrpc;
import org.partnernet.api.directory.v1.PartnerStatus;
import org.partnernet.api.directory.v1.SearchServicesRequest;
import org.partnernet.api.directory.v1.SearchServicesResponse;
import org.partnernet.api.directory.v1.Service;
import org.partnernet.api.directory.v1.ServiceMatch;

/**
 * partner-directory at its gRPC boundary, over a real socket: answers CheckReferralRecipient and GetPartner (status
 * and contacts) from a table, can be slowed down or stopped, and remembers the bearer token it was called with.
 */
public final class FakeDirectory extends PartnerDirectoryServiceGrpc.PartnerDirectoryServiceImplBase
    implements AutoCloseable {

  private final Map<String, PartnerStatus> partners = new ConcurrentHashMap<>();
  private final Map<String, Boolean> accepting = new ConcurrentHashMap<>();
  private final Map<String, List<Contact>> contacts = new ConcurrentHashMap<>();
  private final AtomicReference<String> lastAuthorization = new AtomicReference<>();
  private final java.util.List<SearchableService> services = new CopyOnWriteArrayList<>();
  private final AtomicReference<SearchServicesRequest> lastSearch = new AtomicReference<>();
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

  /** The partner's contacts, as GetPartner returns them. */
  public FakeDirectory contacts(String id, Contact... of) {
    contacts.put(id, List.of(of));
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
  public void getPartner(GetPartnerRequest request, StreamObserver<GetPartnerResponse> response) {
    PartnerStatus status = partners.get(request.getPartner());
    if (status == null) {
      response.onError(Status.NOT_FOUND.withDescription("no partner has that id").asRuntimeException());
      return;
    }
    response.onNext(GetPartnerResponse.newBuilder().setPartner(Partner.newBuilder().setId(request.getPartner())
        .setStatus(status).addAllContacts(contacts.getOrDefault(request.getPartner(), List.of()))).build());
    response.onCompleted();
  }

  /** A service SearchServices finds; the fake has no geography, so its distance from any origin is given here. */
  private record SearchableService(String partner, Service service, double distanceKm) {}

  /** A service of a partner, for SearchServices: one taxonomy code, accepting referrals or not, places available. */
  public FakeDirectory service(String partner, String taxonomyCode, boolean acceptingReferrals, int available,
                               double distanceKm) {
    services.add(new SearchableService(partner, Service.newBuilder().setId("svc-" + services.size())
        .setName(taxonomyCode + " at " + partner.substring(partner.length() - 4)).addTaxonomyCodes(taxonomyCode)
        .setAcceptingReferrals(acceptingReferrals)
        .setCapacity(org.partnernet.api.directory.v1.Capacity.newBuilder().setAvailable(available)).build(),
        distanceKm));
    return this;
  }

  public SearchServicesRequest lastSearch() {
    return lastSearch.get();
  }

  /** Taxonomy (any code), has_capacity, accepting_referrals and radius filters; "distance" order; page size. */
  @Override
  public void searchServices(SearchServicesRequest request, StreamObserver<SearchServicesResponse> response) {
    lastSearch.set(request);
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    boolean origin = request.hasLat() && request.hasLng();
    var found = services.stream()
        .filter(s -> request.getTaxonomyList().isEmpty() || s.service().getTaxonomyCodesList().stream()
            .anyMatch(request.getTaxonomyList()::contains))
        .filter(s -> !request.getHasCapacity() || s.service().getCapacity().getAvailable() > 0)
        .filter(s -> !request.getAcceptingReferrals() || s.service().getAcceptingReferrals())
        .filter(s -> !origin || request.getRadiusKm() == 0 || s.distanceKm() <= request.getRadiusKm())
        .filter(s -> partners.get(s.partner()) == PartnerStatus.PARTNER_STATUS_ACTIVE)
        .sorted("distance".equals(request.getOrderBy()) ? Comparator.comparingDouble(SearchableService::distanceKm)
            : Comparator.comparing(s -> 0))
        .limit(request.getPageSize() == 0 ? 20 : request.getPageSize())
        .toList();
    SearchServicesResponse.Builder answer = SearchServicesResponse.newBuilder().setTotalSize(found.size());
    for (SearchableService s : found) {
      ServiceMatch.Builder match = ServiceMatch.newBuilder().setPartnerId(s.partner())
          .setPartnerName("Partner " + s.partner().substring(s.partner().length() - 4)).setService(s.service());
      if (origin) {
        match.setDistanceKm(s.distanceKm());
      }
      answer.addMatches(match);
    }
    response.onNext(answer.build());
    response.onCompleted();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}

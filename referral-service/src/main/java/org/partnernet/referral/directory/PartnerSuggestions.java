package org.partnernet.referral.directory;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.partnernet.api.directory.v1.PartnerDirectoryServiceGrpc;
import org.partnernet.api.directory.v1.SearchServicesRequest;
import org.partnernet.api.directory.v1.ServiceMatch;
import org.partnernet.servicekit.error.DeadlineExceededException;
import org.partnernet.servicekit.error.UnavailableException;

/**
 * Finds partners that could take a referral instead: partner-directory's SearchServices, asked on the caller's
 * behalf (their token is forwarded) and with a deadline, for services with capacity that accept referrals.
 */
public class PartnerSuggestions {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PartnerSuggestions.class);
  /** The directory's page limit: enough to fill a page after the excluded partners and repeats are dropped. */
  private static final int SEARCH_PAGE = 50;

  private final PartnerDirectoryServiceGrpc.PartnerDirectoryServiceBlockingStub directory;
  private final Duration deadline;

  public PartnerSuggestions(ManagedChannel channel, Duration deadline) {
    this.directory = PartnerDirectoryServiceGrpc.newBlockingStub(channel);
    this.deadline = deadline;
  }

  /** Where distance is measured from; null for none. */
  public record Origin(double lat, double lng, double radiusKm) {}

  /** A service that fits; {@code distanceKm} is null without an origin. */
  public record Alternative(String partner, String partnerName, String service, String serviceName,
                            List<String> taxonomyCodes, Double distanceKm, int available) {
    public Alternative {
      taxonomyCodes = List.copyOf(taxonomyCodes);
    }
  }

  /** At most {@code limit} partners, one service each, nearest first with an origin; never an excluded partner. */
  public List<Alternative> find(List<String> services, Origin origin, Set<String> excludedPartners, int limit) {
    SearchServicesRequest.Builder search = SearchServicesRequest.newBuilder().addAllTaxonomy(services)
        .setHasCapacity(true).setAcceptingReferrals(true).setPageSize(SEARCH_PAGE);
    if (origin != null) {
      search.setLat(origin.lat()).setLng(origin.lng()).setRadiusKm(origin.radiusKm()).setOrderBy("distance");
    }
    List<ServiceMatch> matches;
    try {
      matches = directory.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
          .searchServices(search.build()).getMatchesList();
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      // the code only: a status description from the network layer is not ours to vouch for
      log.warn("partner-directory search for alternatives failed: {}", code);
      log.debug("partner-directory search failure detail", e);
      if (code == Status.Code.DEADLINE_EXCEEDED) {
        throw new DeadlineExceededException("DIRECTORY_TIMEOUT",
            "partner-directory did not answer in time; try again");
      }
      throw new UnavailableException("DIRECTORY_UNAVAILABLE",
          "partner-directory cannot suggest partners now; try again shortly");
    }
    Set<String> seen = new HashSet<>(excludedPartners);
    List<Alternative> alternatives = new ArrayList<>();
    for (ServiceMatch match : matches) {
      if (alternatives.size() == limit) {
        break;
      }
      if (seen.add(match.getPartnerId())) {
        alternatives.add(new Alternative(match.getPartnerId(), match.getPartnerName(), match.getService().getId(),
            match.getService().getName(), match.getService().getTaxonomyCodesList(),
            match.hasDistanceKm() ? match.getDistanceKm() : null,
            match.getService().getCapacity().getAvailable()));
      }
    }
    return alternatives;
  }
}

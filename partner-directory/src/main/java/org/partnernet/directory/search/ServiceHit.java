package org.partnernet.directory.search;

import java.util.List;
import org.partnernet.directory.partner.Location;
import org.partnernet.directory.partner.PartnerKind;
import org.partnernet.directory.partner.Service;

/** A service found by search; its locations are the public view (confidential ones coarsened) for everyone. */
public record ServiceHit(String partnerId, String partnerName, PartnerKind partnerKind, Service service,
                         List<Location> locations, Double distanceKm, float score) {

  ServiceHit withScoreAndDistance(float newScore, Double newDistance) {
    return new ServiceHit(partnerId, partnerName, partnerKind, service, locations, newDistance, newScore);
  }
}

package org.partnernet.directory.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;
import org.partnernet.directory.partner.Address;
import org.partnernet.directory.partner.Capacity;
import org.partnernet.directory.partner.Eligibility;
import org.partnernet.directory.partner.GeoPoint;
import org.partnernet.directory.partner.Location;
import org.partnernet.directory.partner.Partner;
import org.partnernet.directory.partner.PartnerKind;
import org.partnernet.directory.partner.Profile;
import org.partnernet.directory.partner.ReferralIntake;
import org.partnernet.directory.partner.Service;
import org.partnernet.directory.taxonomy.Taxonomy;
import org.partnernet.servicekit.id.Ids;

/** The index alone (no Spring, no database): what a partner's services look like to search. */
class ServiceIndexTest {

  static Partner activeShelter() {
    Location house = new Location(Ids.newId(), "House", new Address(List.of("1 Secret Rd"), "Riverton", "RV", "44101",
        "US"), new GeoPoint(41.5123, -81.6829), true, false);
    Service beds = new Service(Ids.newId(), "Emergency beds", "Safe beds tonight", List.of("housing.emergency-shelter"),
        new Eligibility(16, null, List.of(), List.of()), List.of("ti"), null, null,
        new Capacity("beds", 10, 2, 0, Capacity.Status.AVAILABLE, Instant.now()), true, List.of());
    Profile profile = new Profile("Unit Shelter", List.of(), PartnerKind.SHELTER, null, null, null, List.of(),
        new ReferralIntake(true, List.of(), null), List.of(house), List.of(beds), List.of(), List.of("en"));
    return Partner.registered(Ids.newId(), "demo", profile, null, Instant.now()).approvedBy("c", Instant.now());
  }

  @Test
  void findsByASynonymAndNeverStoresTheSecretAddress() throws Exception {
    try (ServiceIndex index = new ServiceIndex(new ByteBuffersDirectory(), new Taxonomy())) {
      Partner shelter = activeShelter();
      index.put(shelter.id(), shelter);
      index.refresh();
      SearchResult result = index.search(new SearchQuery("bed", List.of(), null, new GeoPoint(41.5, -81.7), 1, null,
          17, List.of(), true, true, SearchQuery.Order.RELEVANCE, 0, 10));
      assertThat(result.hits()).extracting(ServiceHit::partnerId).containsExactly(shelter.id());
      assertThat(result.hits().get(0).locations().get(0).address().lines()).isEmpty();
      assertThat(result.facets().get("partner_kind")).containsEntry("SHELTER", 1);
    }
  }

  @Test
  void countsServicesWhoseCapacityWasReportedBeforeACutoff() throws Exception {
    try (ServiceIndex index = new ServiceIndex(new ByteBuffersDirectory(), new Taxonomy())) {
      Partner shelter = activeShelter();
      Instant reported = shelter.services().get(0).capacity().updateTime();
      index.put(shelter.id(), shelter);
      index.refresh();
      assertThat(index.countCapacityReportedBefore(reported.plusSeconds(3600))).isEqualTo(1);
      assertThat(index.countCapacityReportedBefore(reported)).isZero();
    }
  }
}

package org.partnernet.directory.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnernet.api.directory.v1.GetPartnerRequest;
import org.partnernet.api.directory.v1.ListPartnersRequest;
import org.partnernet.api.directory.v1.Partner;
import org.partnernet.api.directory.v1.PartnerKind;
import org.partnernet.api.directory.v1.PartnerStatus;
import org.partnernet.api.directory.v1.SearchServicesRequest;
import org.partnernet.api.directory.v1.ServiceMatch;
import org.partnernet.directory.RunningDirectory;
import org.partnernet.servicekit.caller.Role;

/** The synthetic Riverton network: loaded once into an empty database, with the realm's organisations, searchable. */
class DemoNetworkTest {

  static final String HARBOR_HOUSE = "01900000-0000-7000-8000-000000000001";

  @TempDir
  static Path data;
  static RunningDirectory directory;

  @BeforeAll
  static void start() {
    directory = RunningDirectory.start(data, "PARTNERNET_DEMO_DATA=true");
  }

  @AfterAll
  static void stop() {
    directory.close();
  }

  @Test
  void theRealmsOrganisationsAreActivePartnersWithTheSameIds() {
    var caseworker = directory.as("01900000-0000-7000-8000-000000000002", Role.CASEWORKER);
    for (int i = 1; i <= 7; i++) {
      String id = "01900000-0000-7000-8000-00000000000" + i;
      Partner partner = caseworker.getPartner(GetPartnerRequest.newBuilder().setPartner(id).build()).getPartner();
      assertThat(partner.getStatus()).as(id).isEqualTo(PartnerStatus.PARTNER_STATUS_ACTIVE);
    }
    List<Partner> all = caseworker.listPartners(ListPartnersRequest.newBuilder().setPageSize(100).build())
        .getPartnersList();
    assertThat(all).hasSizeGreaterThanOrEqualTo(40);
    for (PartnerKind kind : PartnerKind.values()) {
      if (kind != PartnerKind.PARTNER_KIND_UNSPECIFIED && kind != PartnerKind.UNRECOGNIZED) {
        assertThat(all).as(kind.name()).anyMatch(p -> p.getKind() == kind);
      }
    }
    // Harbor House's address is the shelter's own secret
    var seen = caseworker.getPartner(GetPartnerRequest.newBuilder().setPartner(HARBOR_HOUSE).build()).getPartner();
    assertThat(seen.getLocations(0).getRedacted()).isTrue();
  }

  @Test
  void theDemoNetworkIsSearchable() throws Exception {
    var caseworker = directory.as("01900000-0000-7000-8000-000000000002", Role.CASEWORKER);
    RunningDirectory.within(Duration.ofSeconds(10), () -> caseworker.searchServices(SearchServicesRequest.newBuilder()
        .setQuery("bed").setLanguage("ti").setHasCapacity(true).build()).getMatchesList().stream()
        .map(ServiceMatch::getPartnerId).anyMatch(HARBOR_HOUSE::equals));
    var lawyers = caseworker.searchServices(SearchServicesRequest.newBuilder().setQuery("visa")
        .setLat(41.4993).setLng(-81.6944).setRadiusKm(50).setOrderBy("distance").build());
    assertThat(lawyers.getMatchesList()).isNotEmpty();
    assertThat(lawyers.getMatches(0).getService().getTaxonomyCodesList()).anyMatch(c -> c.startsWith("legal"));
  }

  @Test
  void aSecondStartDoesNotLoadItAgain() {
    DemoNetwork demo = directory.bean(DemoNetwork.class);
    long before = directory.bean(org.partnernet.directory.partner.Partners.class).count();
    demo.start();
    assertThat(directory.bean(org.partnernet.directory.partner.Partners.class).count()).isEqualTo(before);
  }
}

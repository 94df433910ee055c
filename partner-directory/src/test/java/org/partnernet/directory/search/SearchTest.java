package org.partnernet.directory.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.directory.RunningDirectory.codeOf;

import io.grpc.Status;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnernet.api.directory.v1.ApprovePartnerRequest;
import org.partnernet.api.directory.v1.Facet;
import org.partnernet.api.directory.v1.ListTaxonomyTermsRequest;
import org.partnernet.api.directory.v1.Partner;
import org.partnernet.api.directory.v1.PartnerDirectoryServiceGrpc.PartnerDirectoryServiceBlockingStub;
import org.partnernet.api.directory.v1.PartnerKind;
import org.partnernet.api.directory.v1.RegisterPartnerRequest;
import org.partnernet.api.directory.v1.SearchServicesRequest;
import org.partnernet.api.directory.v1.SearchServicesResponse;
import org.partnernet.api.directory.v1.ServiceMatch;
import org.partnernet.api.directory.v1.SuspendPartnerRequest;
import org.partnernet.api.directory.v1.TaxonomyTerm;
import org.partnernet.api.directory.v1.UpdateCapacityRequest;
import org.partnernet.directory.Fixtures;
import org.partnernet.directory.RunningDirectory;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.metrics.DeployedMetricNames;

/** Search through the gRPC API: synonyms, typos, filters, distance on coarse points, facets, paging, freshness. */
class SearchTest {

  @TempDir
  static Path data;
  static RunningDirectory directory;
  static final String COORDINATION = "01900000-0000-7000-8000-000000000006";
  static String shelter;
  static String shelterService;
  static String legal;

  @BeforeAll
  static void start() throws Exception {
    directory = RunningDirectory.start(data);
    Partner s = registerAndApprove(Fixtures.shelter("Lighthouse Refuge"));
    shelter = s.getId();
    shelterService = s.getServices(0).getId();
    legal = registerAndApprove(Fixtures.legalAid("Justice Bridge")).getId();
    // the first searches warm the JVM up; the 1-second promise is checked in Lifecycle
    awaitWithin(Duration.ofSeconds(20), () -> ids(search(SearchServicesRequest.newBuilder().build()))
        .containsAll(List.of(shelter, legal)));
  }

  @AfterAll
  static void stop() {
    directory.close();
  }

  static Partner registerAndApprove(Partner partner) {
    String org = Fixtures.newOrg();
    directory.as(org, Role.PARTNER_ADMIN).registerPartner(RegisterPartnerRequest.newBuilder().setPartner(partner).build());
    return directory.as(COORDINATION, Role.COORDINATOR)
        .approvePartner(ApprovePartnerRequest.newBuilder().setPartner(org).build()).getPartner();
  }

  static PartnerDirectoryServiceBlockingStub caseworker() {
    return directory.as(Fixtures.newOrg(), Role.CASEWORKER);
  }

  static SearchServicesResponse search(SearchServicesRequest request) {
    return caseworker().searchServices(request.toBuilder().setPageSize(50).build());
  }

  static SearchServicesResponse text(String query) {
    return search(SearchServicesRequest.newBuilder().setQuery(query).build());
  }

  static List<String> ids(SearchServicesResponse response) {
    return response.getMatchesList().stream().map(ServiceMatch::getPartnerId).toList();
  }

  static void awaitIndexed(Supplier<Boolean> condition) throws InterruptedException {
    awaitWithin(Duration.ofSeconds(1), condition);
  }

  static void awaitWithin(Duration limit, Supplier<Boolean> condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not searchable within " + limit);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void searchesAreTimedAndEmptyResultsCountedWithoutRequestData() {
    var meters = directory.bean(io.micrometer.core.instrument.MeterRegistry.class);
    double emptyBefore = meters.get("partnernet.directory.searches").tag("result", "zero").counter().count();
    double foundBefore = meters.get("partnernet.directory.searches").tag("result", "some").counter().count();
    text("zzzyzzx qqqqwv");
    text("bed");
    assertThat(meters.get("partnernet.directory.searches").tag("result", "zero").counter().count())
        .isEqualTo(emptyBefore + 1);
    assertThat(meters.get("partnernet.directory.searches").tag("result", "some").counter().count())
        .isEqualTo(foundBefore + 1);
    var timer = meters.get("partnernet.directory.search").timer();
    assertThat(timer.count()).isPositive();
    assertThat(timer.getId().getTags()).noneMatch(t -> t.getValue().contains("bed"));
    assertThat(meters.get("partnernet.directory.capacity.stale.services").gauge().value()).isZero();
    // every directory metric the alert rules and dashboards query is one this service exposes
    String scrape = directory.bean(PrometheusMeterRegistry.class).scrape();
    assertThat(DeployedMetricNames.startingWith("partnernet_directory_"))
        .allSatisfy(name -> assertThat(scrape).contains("\n" + name));
  }

  @Nested
  class Synonyms {

    @Test
    void bedAndHousingFindShelters() {
      for (String word : List.of("bed", "beds", "housing", "safe house")) {
        assertThat(ids(text(word))).as(word).contains(shelter).doesNotContain(legal);
      }
    }

    @Test
    void lawyerAndVisaFindLegalAid() {
      for (String word : List.of("lawyer", "visa", "T-visa", "attorney")) {
        assertThat(ids(text(word))).as(word).contains(legal).doesNotContain(shelter);
      }
    }

    @Test
    void typosAreTolerated() {
      assertThat(ids(text("sheltr"))).contains(shelter);
      assertThat(ids(text("lawyr"))).contains(legal);
      assertThat(ids(text("immigraton"))).contains(legal);
    }

    @Test
    void querySyntaxIsNeverInterpreted() {
      for (String tricky : List.of("shelter AND (", "*:*", "title:\"x", "\\", "~2 ^3 [a TO b]", "%s%n")) {
        assertThat(codeOf(() -> text(tricky))).as(tricky).isEqualTo(Status.Code.OK);
      }
      assertThat(ids(text("*:*"))).isEmpty();
    }

    @Test
    void theTaxonomyIsServedWithSynonyms() {
      List<TaxonomyTerm> terms = caseworker().listTaxonomyTerms(ListTaxonomyTermsRequest.getDefaultInstance())
          .getTermsList();
      assertThat(terms).extracting(TaxonomyTerm::getCode).contains("housing.emergency-shelter", "legal.immigration",
          "health.trauma-counselling", "training.awareness", "interpretation", "transport", "goods", "space");
      assertThat(terms.stream().filter(t -> t.getCode().equals("housing.emergency-shelter")).findFirst().orElseThrow()
          .getSynonymsList()).contains("bed");
    }
  }

  @Nested
  class Filters {

    @Test
    void byTaxonomyIncludingChildren() {
      var found = search(SearchServicesRequest.newBuilder().addTaxonomy("legal").build());
      assertThat(ids(found)).contains(legal).doesNotContain(shelter);
    }

    @Test
    void byKindLanguageAndAge() {
      assertThat(ids(search(SearchServicesRequest.newBuilder().setPartnerKind(PartnerKind.PARTNER_KIND_SHELTER).build())))
          .contains(shelter).doesNotContain(legal);
      assertThat(ids(search(SearchServicesRequest.newBuilder().setLanguage("ti").build())))
          .contains(shelter).doesNotContain(legal);
      assertThat(ids(search(SearchServicesRequest.newBuilder().setAge(15).addTaxonomy("housing").build())))
          .doesNotContain(shelter);
      assertThat(ids(search(SearchServicesRequest.newBuilder().setAge(16).addTaxonomy("housing").build())))
          .contains(shelter);
    }

    @Test
    void byCapacityOnceReported() throws Exception {
      assertThat(ids(search(SearchServicesRequest.newBuilder().setHasCapacity(true).build()))).doesNotContain(shelter);
      directory.as(shelter, Role.INTAKE).updateCapacity(UpdateCapacityRequest.newBuilder().setPartner(shelter)
          .setService(shelterService).setCapacity(Fixtures.beds(10, 2)).build());
      awaitIndexed(() -> ids(search(SearchServicesRequest.newBuilder().setHasCapacity(true)
          .setAcceptingReferrals(true).build())).contains(shelter));
      var fresh = search(SearchServicesRequest.newBuilder().setOrderBy("capacity_update_time").build());
      assertThat(fresh.getMatches(0).getPartnerId()).isEqualTo(shelter);
      assertThat(fresh.getMatches(0).getService().getCapacity().getAvailable()).isEqualTo(2);
    }

    @Test
    void facetsCountByTaxonomyAndKind() {
      var all = search(SearchServicesRequest.newBuilder().build());
      Facet kinds = all.getFacetsList().stream().filter(f -> f.getDimension().equals("partner_kind")).findFirst()
          .orElseThrow();
      assertThat(kinds.getValuesList()).anyMatch(v -> v.getValue().equals("SHELTER") && v.getCount() >= 1);
      Facet taxonomy = all.getFacetsList().stream().filter(f -> f.getDimension().equals("taxonomy")).findFirst()
          .orElseThrow();
      assertThat(taxonomy.getValuesList()).anyMatch(v -> v.getValue().equals("legal.immigration"));
    }
  }

  @Nested
  class Distance {

    @Test
    void confidentialShelterIsMatchedOnItsCoarsePointOnly() {
      double exactLat = Fixtures.RIVERTON_LAT + 0.0123;
      double exactLng = Fixtures.RIVERTON_LNG + 0.0171;
      var atExact = search(SearchServicesRequest.newBuilder().setLat(exactLat).setLng(exactLng).setRadiusKm(0.5).build());
      assertThat(ids(atExact)).doesNotContain(shelter);
      var atCoarse = search(SearchServicesRequest.newBuilder().setLat(41.5).setLng(-81.7).setRadiusKm(0.5).build());
      assertThat(ids(atCoarse)).contains(shelter);
      ServiceMatch match = atCoarse.getMatchesList().stream().filter(m -> m.getPartnerId().equals(shelter))
          .findFirst().orElseThrow();
      assertThat(match.getLocations(0).getRedacted()).isTrue();
      assertThat(match.getLocations(0).getAddress().getLinesList()).isEmpty();
      assertThat(match.toString()).doesNotContain("Hidden Lane");
      assertThat(match.getDistanceKm()).isLessThan(0.01);
    }

    @Test
    void sortsByDistanceWithinARadius() {
      var near = search(SearchServicesRequest.newBuilder().setLat(Fixtures.RIVERTON_LAT - 0.01)
          .setLng(Fixtures.RIVERTON_LNG - 0.02).setRadiusKm(25).setOrderBy("distance").build());
      assertThat(near.getMatches(0).getPartnerId()).isEqualTo(legal);
      List<Double> distances = near.getMatchesList().stream().map(ServiceMatch::getDistanceKm).toList();
      assertThat(distances).isSorted();
      var far = search(SearchServicesRequest.newBuilder().setLat(0).setLng(0).setRadiusKm(100).build());
      assertThat(ids(far)).doesNotContain(shelter, legal);
    }

    @Test
    void invalidGeometryIsRefused() {
      assertThat(codeOf(() -> search(SearchServicesRequest.newBuilder().setLat(41).setLng(-81).setRadiusKm(501).build())))
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(codeOf(() -> search(SearchServicesRequest.newBuilder().setLat(91).setLng(0).build())))
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(codeOf(() -> search(SearchServicesRequest.newBuilder().setRadiusKm(5).build())))
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(codeOf(() -> search(SearchServicesRequest.newBuilder().setOrderBy("distance").build())))
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(codeOf(() -> search(SearchServicesRequest.newBuilder().setOrderBy("name; drop").build())))
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
  }

  @Nested
  class Lifecycle {

    @Test
    void onlyActivePartnersAreFoundAndChangesShowWithinASecond() throws Exception {
      String org = Fixtures.newOrg();
      directory.as(org, Role.PARTNER_ADMIN).registerPartner(RegisterPartnerRequest.newBuilder()
          .setPartner(Fixtures.legalAid("Pending Counsel")).build());
      Thread.sleep(300);
      assertThat(ids(text("Pending Counsel"))).doesNotContain(org);
      var coordinator = directory.as(COORDINATION, Role.COORDINATOR);
      coordinator.approvePartner(ApprovePartnerRequest.newBuilder().setPartner(org).build());
      awaitIndexed(() -> ids(text("Pending Counsel")).contains(org));
      coordinator.suspendPartner(SuspendPartnerRequest.newBuilder().setPartner(org).setReason("review").build());
      awaitIndexed(() -> !ids(text("Pending Counsel")).contains(org));
    }

    @Test
    void pagesFollowTokens() throws Exception {
      for (int i = 0; i < 3; i++) {
        registerAndApprove(Fixtures.legalAid("Paging Advocates " + i));
      }
      awaitIndexed(() -> search(SearchServicesRequest.newBuilder().setQuery("Paging Advocates").build())
          .getTotalSize() >= 3);
      var stub = caseworker();
      var first = stub.searchServices(SearchServicesRequest.newBuilder().addTaxonomy("legal").setPageSize(2).build());
      assertThat(first.getMatchesCount()).isEqualTo(2);
      var second = stub.searchServices(SearchServicesRequest.newBuilder().addTaxonomy("legal").setPageSize(2)
          .setPageToken(first.getNextPageToken()).build());
      assertThat(second.getMatchesList()).extracting(m -> m.getService().getId())
          .doesNotContainAnyElementsOf(first.getMatchesList().stream().map(m -> m.getService().getId()).toList());
      assertThat(codeOf(() -> stub.searchServices(SearchServicesRequest.newBuilder().addTaxonomy("housing")
          .setPageSize(2).setPageToken(first.getNextPageToken()).build()))).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
  }
}

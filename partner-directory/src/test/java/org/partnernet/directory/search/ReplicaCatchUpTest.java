package org.partnernet.directory.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnernet.api.directory.v1.ApprovePartnerRequest;
import org.partnernet.api.directory.v1.RegisterPartnerRequest;
import org.partnernet.api.directory.v1.SearchServicesRequest;
import org.partnernet.api.directory.v1.ServiceMatch;
import org.partnernet.api.directory.v1.SuspendPartnerRequest;
import org.partnernet.directory.Fixtures;
import org.partnernet.directory.RunningDirectory;
import org.partnernet.servicekit.caller.Role;

/**
 * Two replicas on one database: a write through one is found through the other within a few seconds, because both
 * follow the change sequence in the database; a restarted replica rebuilds its index from the database.
 */
class ReplicaCatchUpTest {

  @TempDir
  static Path data;
  static RunningDirectory first;
  static RunningDirectory second;
  static final String COORDINATION = "01900000-0000-7000-8000-000000000006";

  @BeforeAll
  static void start() {
    first = RunningDirectory.start(data, "partnernet.directory.search.gap-timeout=1s");
    second = first.replica("partnernet.directory.search.gap-timeout=1s");
  }

  @AfterAll
  static void stop() {
    second.close();
    first.close();
  }

  static boolean found(RunningDirectory replica, String query, String partner) {
    return replica.as(Fixtures.newOrg(), Role.CASEWORKER).searchServices(SearchServicesRequest.newBuilder()
        .setQuery(query).setPageSize(50).build()).getMatchesList().stream().map(ServiceMatch::getPartnerId)
        .anyMatch(partner::equals);
  }

  @Test
  void aWriteOnOneReplicaIsSearchableOnTheOtherWithinSeconds() throws Exception {
    String org = Fixtures.newOrg();
    first.as(org, Role.PARTNER_ADMIN).registerPartner(RegisterPartnerRequest.newBuilder()
        .setPartner(Fixtures.shelter("Crossover Haven")).build());
    first.as(COORDINATION, Role.COORDINATOR).approvePartner(ApprovePartnerRequest.newBuilder().setPartner(org).build());
    SearchTest.awaitWithin(Duration.ofSeconds(5), () -> found(second, "Crossover Haven", org));

    second.as(COORDINATION, Role.COORDINATOR).suspendPartner(SuspendPartnerRequest.newBuilder().setPartner(org)
        .setReason("test").build());
    SearchTest.awaitWithin(Duration.ofSeconds(5), () -> !found(first, "Crossover Haven", org));
    assertThat(first.bean(SearchIndexer.class).cursor()).isEqualTo(second.bean(SearchIndexer.class).cursor());

    // a restart rebuilds from the database (what start() does): it finds what is ACTIVE and nothing else
    String other = Fixtures.newOrg();
    first.as(other, Role.PARTNER_ADMIN).registerPartner(RegisterPartnerRequest.newBuilder()
        .setPartner(Fixtures.legalAid("Latecomer Law")).build());
    first.as(COORDINATION, Role.COORDINATOR).approvePartner(ApprovePartnerRequest.newBuilder().setPartner(other).build());
    second.bean(SearchIndexer.class).rebuild();
    assertThat(found(second, "Latecomer Law", other)).isTrue();
    assertThat(found(second, "Crossover Haven", org)).isFalse();
  }

  @Test
  void aWriterThatDiedBeforeRecordingItsChangeIsRecoveredAfterTheGapTimeout() throws Exception {
    String org = Fixtures.newOrg();
    first.as(org, Role.PARTNER_ADMIN).registerPartner(RegisterPartnerRequest.newBuilder()
        .setPartner(Fixtures.legalAid("Before The Crash")).build());
    first.as(COORDINATION, Role.COORDINATOR).approvePartner(ApprovePartnerRequest.newBuilder().setPartner(org).build());
    SearchTest.awaitWithin(Duration.ofSeconds(5), () -> found(second, "Before The Crash", org));

    // a writer takes a number, writes the partner and dies before recording the change
    long lost = first.bean(org.partnernet.directory.system.ChangeLog.class).next();
    first.bean(com.mongodb.client.MongoDatabase.class).getCollection("partners").updateOne(
        com.mongodb.client.model.Filters.eq("_id", org), com.mongodb.client.model.Updates.combine(
            com.mongodb.client.model.Updates.set("profile.name", "Phoenix Counsel"),
            com.mongodb.client.model.Updates.set("seq", lost)));
    // others keep writing after the hole
    first.as(Fixtures.newOrg(), Role.PARTNER_ADMIN).registerPartner(RegisterPartnerRequest.newBuilder()
        .setPartner(Fixtures.legalAid("After The Crash")).build());

    SearchTest.awaitWithin(Duration.ofSeconds(8), () -> found(second, "Phoenix Counsel", org));
    // the cursor moves just after the index is refreshed: wait for it rather than race it
    SearchTest.awaitWithin(Duration.ofSeconds(2), () -> second.bean(SearchIndexer.class).cursor() > lost);
  }

  @Test
  void aReplicaThatFellBehindThePrunedChangesRebuildsInsteadOfMissingThem() throws Exception {
    // a third replica that only follows when asked: it stalls while the others write and prune
    try (RunningDirectory stalled = first.replica("partnernet.directory.search.poll-interval=1h")) {
      SearchIndexer stalledIndexer = stalled.bean(SearchIndexer.class);
      String org = Fixtures.newOrg();
      first.as(org, Role.PARTNER_ADMIN).registerPartner(RegisterPartnerRequest.newBuilder()
          .setPartner(Fixtures.legalAid("Written While Stalled")).build());
      first.as(COORDINATION, Role.COORDINATOR).approvePartner(ApprovePartnerRequest.newBuilder().setPartner(org)
          .build());
      var changes = first.bean(org.partnernet.directory.system.ChangeLog.class);
      assertThat(stalledIndexer.cursor()).isLessThan(changes.current());
      // every record so far is older than the retention (a cutoff in the future stands for "days later")
      changes.prune(java.time.Instant.now().plusSeconds(60));
      assertThat(changes.after(0, 10)).isEmpty();
      long resyncsBefore = stalledIndexer.resyncs();

      stalledIndexer.catchUp();

      assertThat(stalledIndexer.resyncs()).isEqualTo(resyncsBefore + 1);
      assertThat(found(stalled, "Written While Stalled", org)).isTrue();
      assertThat(stalledIndexer.cursor()).isGreaterThanOrEqualTo(changes.prunedThrough());
      // the others follow on from the watermark as usual
      String later = Fixtures.newOrg();
      first.as(later, Role.PARTNER_ADMIN).registerPartner(RegisterPartnerRequest.newBuilder()
          .setPartner(Fixtures.legalAid("Written After Pruning")).build());
      first.as(COORDINATION, Role.COORDINATOR).approvePartner(ApprovePartnerRequest.newBuilder().setPartner(later)
          .build());
      SearchTest.awaitWithin(Duration.ofSeconds(5), () -> found(second, "Written After Pruning", later));
    }
  }
}

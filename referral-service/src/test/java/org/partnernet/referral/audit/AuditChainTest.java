package org.partnernet.referral.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnernet.referral.Fixtures.codeOf;
import static org.partnernet.referral.ReferralHarness.NGO;
import static org.partnernet.referral.ReferralHarness.SHELTER;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnernet.api.referral.v1.AcceptReferralRequest;
import org.partnernet.api.referral.v1.AuditRecord;
import org.partnernet.api.referral.v1.DataCategory;
import org.partnernet.api.referral.v1.GetReferralDisclosureRequest;
import org.partnernet.api.referral.v1.ListReferralAuditRequest;
import org.partnernet.api.referral.v1.Referral;
import org.partnernet.api.referral.v1.ReferralServiceGrpc.ReferralServiceBlockingStub;
import org.partnernet.api.referral.v1.Urgency;
import org.partnernet.api.referral.v1.VerifyReferralAuditRequest;
import org.partnernet.api.referral.v1.VerifyReferralAuditResponse;
import org.partnernet.referral.Fixtures;
import org.partnernet.referral.ReferralHarness;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.caller.TestTokens;

/** The audit log: written before personal data leaves, append-only, and any tampering is found by the verifier. */
class AuditChainTest {

  @TempDir
  static Path data;
  static ReferralHarness service;
  static ReferralServiceBlockingStub caseworker;
  static ReferralServiceBlockingStub intake;
  static ReferralServiceBlockingStub admin;

  @BeforeAll
  static void start() {
    service = ReferralHarness.start(data);
    caseworker = service.as(TestTokens.token("caseworker-a", NGO, Role.CASEWORKER));
    intake = service.as(TestTokens.token("intake-a", SHELTER, Role.INTAKE));
    admin = service.as(TestTokens.token("admin-a", SHELTER, Role.PARTNER_ADMIN));
  }

  @AfterEach
  void auditWorksAgain() {
    ((FaultyAuditTrail) service.bean(AuditTrail.class)).failWrites(false);
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  /** A referral read three times: SENT, ACCEPTED, then three DISCLOSURE_READ records. */
  static Referral readThreeTimes() {
    var consent = caseworker.createConsent(Fixtures.consent(service.clock.instant(), List.of(SHELTER),
        DataCategory.DATA_CATEGORY_IDENTITY, DataCategory.DATA_CATEGORY_CONTACT)).getConsent();
    Referral referral = caseworker.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT,
        consent.getName(), Fixtures.fullDisclosure().toBuilder().clearNeeds().clearSafety().build())).getReferral();
    intake.acceptReferral(AcceptReferralRequest.newBuilder().setReferral(referral.getId())
        .setRequestId(Fixtures.requestId()).build());
    for (int i = 0; i < 3; i++) {
      intake.getReferralDisclosure(GetReferralDisclosureRequest.newBuilder().setReferral(referral.getId())
          .setPurpose("intake assessment " + i).build());
    }
    return referral;
  }

  static VerifyReferralAuditResponse verify(Referral referral) {
    return admin.verifyReferralAudit(VerifyReferralAuditRequest.newBuilder().setReferral(referral.getId()).build());
  }

  static MongoCollection<Document> audit() {
    return service.serviceDatabase().getCollection("audit");
  }

  static Document record(Referral referral, long sequence) {
    return audit().find(Filters.and(Filters.eq("chain", "referrals/" + referral.getId()),
        Filters.eq("sequence", sequence))).first();
  }

  @Test
  void recordsWhoSawWhichCategoriesWhenAndWhy() {
    Referral referral = readThreeTimes();
    List<AuditRecord> records = admin.listReferralAudit(ListReferralAuditRequest.newBuilder()
        .setReferral(referral.getId()).build()).getRecordsList();
    assertThat(records).extracting(AuditRecord::getAction)
        .containsExactly("SENT", "ACCEPTED", "DISCLOSURE_READ", "DISCLOSURE_READ", "DISCLOSURE_READ");
    AuditRecord read = records.get(2);
    assertThat(read.getActor()).isEqualTo("intake-a");
    assertThat(read.getActorPartner()).isEqualTo(SHELTER);
    assertThat(read.getCategoriesList())
        .containsExactly(DataCategory.DATA_CATEGORY_IDENTITY, DataCategory.DATA_CATEGORY_CONTACT);
    assertThat(read.getReason()).isEqualTo("intake assessment 0");
    assertThat(read.getPreviousHash()).isEqualTo(records.get(1).getHash());
    assertThat(records).extracting(AuditRecord::getSequence).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(verify(referral).getIntact()).isTrue();

    var page = admin.listReferralAudit(ListReferralAuditRequest.newBuilder().setReferral(referral.getId())
        .setPageSize(2).build());
    assertThat(page.getRecordsCount()).isEqualTo(2);
    var next = admin.listReferralAudit(ListReferralAuditRequest.newBuilder().setReferral(referral.getId())
        .setPageSize(2).setPageToken(page.getNextPageToken()).build());
    assertThat(next.getRecords(0).getSequence()).isEqualTo(3);
  }

  @Test
  void anEditedRecordIsFound() {
    Referral referral = readThreeTimes();
    audit().updateOne(Filters.eq("_id", record(referral, 3).get("_id")),
        Updates.set("actor", "someone-else"));
    VerifyReferralAuditResponse result = verify(referral);
    assertThat(result.getIntact()).isFalse();
    assertThat(result.getFirstBadSequence()).isEqualTo(3);
    assertThat(result.getProblem()).contains("hash mismatch");
  }

  @Test
  void anEditedRecordWithARecomputedHashIsFoundAtTheNextOne() {
    Referral referral = readThreeTimes();
    Document third = record(referral, 3);
    org.partnernet.referral.audit.AuditRecord forged = AuditTrail.fromDocument(third);
    forged = org.partnernet.referral.audit.AuditRecord.next(forged.chain(), forged.sequence(), forged.time(),
        forged.actor(), forged.actorPartner(), forged.action(), java.util.Set.of(), "nothing to see",
        forged.previousHash());
    audit().replaceOne(Filters.eq("_id", third.get("_id")), AuditTrail.toDocument(forged));
    VerifyReferralAuditResponse result = verify(referral);
    assertThat(result.getIntact()).isFalse();
    assertThat(result.getFirstBadSequence()).isEqualTo(4);
    assertThat(result.getProblem()).contains("previous hash");
  }

  @Test
  void aDeletedRecordIsFound() {
    Referral referral = readThreeTimes();
    audit().deleteOne(Filters.eq("_id", record(referral, 2).get("_id")));
    VerifyReferralAuditResponse result = verify(referral);
    assertThat(result.getIntact()).isFalse();
    assertThat(result.getFirstBadSequence()).isEqualTo(2);
    assertThat(result.getProblem()).contains("missing");
  }

  @Test
  void reorderedRecordsAreFound() {
    Referral referral = readThreeTimes();
    Document third = record(referral, 3);
    Document fourth = record(referral, 4);
    // swap their sequence numbers (through a free number: the index is unique)
    audit().updateOne(Filters.eq("_id", third.get("_id")), Updates.set("sequence", 1000L));
    audit().updateOne(Filters.eq("_id", fourth.get("_id")), Updates.set("sequence", 3L));
    audit().updateOne(Filters.eq("_id", third.get("_id")), Updates.set("sequence", 4L));
    VerifyReferralAuditResponse result = verify(referral);
    assertThat(result.getIntact()).isFalse();
    assertThat(result.getFirstBadSequence()).isEqualTo(3);
  }

  @Test
  void concurrentWritersNeverForkAChain() throws Exception {
    Referral referral = readThreeTimes();
    var other = service.as(SHELTER, Role.INTAKE);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Status.Code>> reads = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      var who = i % 2 == 0 ? intake : other;
      reads.add(pool.submit(() -> codeOf(() -> who.getReferralDisclosure(GetReferralDisclosureRequest.newBuilder()
          .setReferral(referral.getId()).build()))));
    }
    for (Future<Status.Code> read : reads) {
      assertThat(read.get()).isEqualTo(Status.Code.OK);
    }
    pool.shutdown();
    assertThat(audit().countDocuments(Filters.eq("chain", "referrals/" + referral.getId()))).isEqualTo(17);
    assertThat(verify(referral).getIntact()).isTrue();
    List<Long> sequences = new ArrayList<>();
    audit().find(Filters.eq("chain", "referrals/" + referral.getId())).sort(Sorts.ascending("sequence"))
        .forEach(d -> sequences.add(((Number) d.get("sequence")).longValue()));
    assertThat(sequences).doesNotHaveDuplicates().hasSize(17).last().isEqualTo(17L);
  }

  @Test
  void noPersonalDataLeavesWhenTheAuditRecordCannotBeWritten() {
    Referral referral = readThreeTimes();
    long before = audit().countDocuments();
    ((FaultyAuditTrail) service.bean(AuditTrail.class)).failWrites(true);
    var e = Fixtures.failure(() -> intake.getReferralDisclosure(GetReferralDisclosureRequest.newBuilder()
        .setReferral(referral.getId()).build()));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.getStatus().getDescription()).contains("audit");
    assertThat(e.toString()).doesNotContain(Fixtures.GIVEN_NAME, Fixtures.FAMILY_NAME);
    assertThat(audit().countDocuments()).isEqualTo(before);

    ((FaultyAuditTrail) service.bean(AuditTrail.class)).failWrites(false);
    assertThat(intake.getReferralDisclosure(GetReferralDisclosureRequest.newBuilder().setReferral(referral.getId())
        .build()).getDisclosure().getIdentity().getGivenName()).isEqualTo(Fixtures.GIVEN_NAME);
  }

  @Test
  void nothingIsStoredWhenASendCannotBeAudited() {
    long referrals = service.serviceDatabase().getCollection("referrals").countDocuments();
    long keys = service.vaultDatabase().getCollection("dataKeys").countDocuments();
    var consent = caseworker.createConsent(Fixtures.consent(service.clock.instant(), List.of(SHELTER),
        DataCategory.DATA_CATEGORY_IDENTITY)).getConsent();
    ((FaultyAuditTrail) service.bean(AuditTrail.class)).failWrites(true);
    assertThat(codeOf(() -> caseworker.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT,
        consent.getName(), Fixtures.fullDisclosure().toBuilder().clearContact().clearNeeds().clearSafety().build()))))
        .isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(service.serviceDatabase().getCollection("referrals").countDocuments()).isEqualTo(referrals);
    assertThat(service.vaultDatabase().getCollection("dataKeys").countDocuments()).isEqualTo(keys);
  }
}

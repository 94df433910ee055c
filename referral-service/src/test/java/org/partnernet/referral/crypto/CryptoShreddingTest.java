package org.partnernet.referral.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.partnernet.referral.Fixtures.codeOf;
import static org.partnernet.referral.ReferralHarness.NGO;
import static org.partnernet.referral.ReferralHarness.SHELTER;

import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.mongodb.client.model.Filters;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnernet.api.referral.v1.AcceptReferralRequest;
import org.partnernet.api.referral.v1.CompleteReferralRequest;
import org.partnernet.api.referral.v1.Consent;
import org.partnernet.api.referral.v1.ConsentState;
import org.partnernet.api.referral.v1.CreateConsentRequest;
import org.partnernet.api.referral.v1.CreateReferralMessageRequest;
import org.partnernet.api.referral.v1.DataCategory;
import org.partnernet.api.referral.v1.Disclosure;
import org.partnernet.api.referral.v1.GetConsentRequest;
import org.partnernet.api.referral.v1.GetReferralDisclosureRequest;
import org.partnernet.api.referral.v1.GetReferralRequest;
import org.partnernet.api.referral.v1.ListReferralMessagesRequest;
import org.partnernet.api.referral.v1.Referral;
import org.partnernet.api.referral.v1.ReferralMessage;
import org.partnernet.api.referral.v1.ReferralServiceGrpc.ReferralServiceBlockingStub;
import org.partnernet.api.referral.v1.ReferralState;
import org.partnernet.api.referral.v1.RevokeConsentRequest;
import org.partnernet.api.referral.v1.StartReferralRequest;
import org.partnernet.api.referral.v1.Urgency;
import org.partnernet.referral.Fixtures;
import org.partnernet.referral.ReferralHarness;
import org.partnernet.referral.lifecycle.ReferralSweep;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.caller.TestTokens;

/**
 * Envelope encryption and crypto-shredding, checked in the raw documents of both databases: before, only ciphertext
 * and a wrapped key in separate databases; after revocation, consent expiry or retention, no key that could decrypt,
 * and no ciphertext left of the disclosure or of the secure messages sealed under its key.
 */
class CryptoShreddingTest {

  static final Disclosure DISCLOSURE = Fixtures.fullDisclosure();

  @TempDir
  static Path data;
  static ReferralHarness service;
  static ReferralServiceBlockingStub caseworker;
  static ReferralServiceBlockingStub intake;

  @BeforeAll
  static void start() {
    service = ReferralHarness.start(data, "partnernet.referral.consent-max-duration=P90D",
        "partnernet.referral.retention-after-closure=P30D");
    caseworker = service.as(TestTokens.token("caseworker-c", NGO, Role.CASEWORKER));
    intake = service.as(TestTokens.token("intake-c", SHELTER, Role.INTAKE));
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  static Consent consent(Duration validFor) {
    CreateConsentRequest request = Fixtures.consent(service.clock.instant(), List.of(SHELTER),
        DataCategory.DATA_CATEGORY_IDENTITY, DataCategory.DATA_CATEGORY_CONTACT, DataCategory.DATA_CATEGORY_NEEDS,
        DataCategory.DATA_CATEGORY_SAFETY);
    return caseworker.createConsent(request.toBuilder().setConsent(request.getConsent().toBuilder()
        .setExpireTime(Fixtures.ts(service.clock.instant().plus(validFor)))).build()).getConsent();
  }

  /** Accepted, with a secure message each way (personal data in both), sealed under the disclosure's data key. */
  static Referral acceptedUnder(Consent consent) {
    Referral sent = caseworker.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT, consent.getName(),
        DISCLOSURE)).getReferral();
    caseworker.createReferralMessage(message(sent, "Call her on " + Fixtures.PHONE));
    intake.acceptReferral(AcceptReferralRequest.newBuilder().setReferral(sent.getId())
        .setRequestId(Fixtures.requestId()).build());
    intake.createReferralMessage(message(sent, "Room ready for " + Fixtures.GIVEN_NAME));
    return sent;
  }

  static CreateReferralMessageRequest message(Referral referral, String text) {
    return CreateReferralMessageRequest.newBuilder().setReferral(referral.getId())
        .setRequestId(Fixtures.requestId()).setMessage(ReferralMessage.newBuilder().setText(text)).build();
  }

  static Status.Code readMessages(ReferralServiceBlockingStub who, Referral referral) {
    return codeOf(() -> who.listReferralMessages(ListReferralMessagesRequest.newBuilder()
        .setReferral(referral.getId()).build()));
  }

  static List<Document> messageDocuments(Referral referral) {
    return service.serviceDatabase().getCollection("referralMessages").find(Filters.eq("referral", referral.getId()))
        .into(new ArrayList<>());
  }

  /** Both messages of the referral still stored, with only their ciphertext gone. */
  static void assertMessagesShredded(Referral referral) {
    assertThat(messageDocuments(referral)).hasSize(2).allSatisfy(m -> {
      assertThat(m).doesNotContainKey("ciphertext");
      assertThat(m.keySet()).containsExactlyInAnyOrder("_id", "referral", "senderPartner", "senderUser",
          "createTime", "requestKey");
    });
  }

  static Status.Code read(ReferralServiceBlockingStub who, Referral referral) {
    return codeOf(() -> who.getReferralDisclosure(GetReferralDisclosureRequest.newBuilder()
        .setReferral(referral.getId()).build()));
  }

  static Document referralDocument(Referral referral) {
    return service.serviceDatabase().getCollection("referrals").find(Filters.eq("_id", referral.getId())).first();
  }

  static Document vaultDocument(Referral referral) {
    return service.vaultDatabase().getCollection("dataKeys").find(Filters.eq("_id", referral.getId())).first();
  }

  /** Every string and binary anywhere in a database, decoded as UTF-8. */
  static String everything(com.mongodb.client.MongoDatabase database) {
    StringBuilder all = new StringBuilder();
    for (String name : database.listCollectionNames()) {
      for (Document d : database.getCollection(name).find()) {
        collect(d, all);
      }
    }
    return all.toString();
  }

  private static void collect(Object value, StringBuilder all) {
    if (value instanceof Document d) {
      d.values().forEach(v -> collect(v, all));
    } else if (value instanceof List<?> list) {
      list.forEach(v -> collect(v, all));
    } else if (value instanceof Binary b) {
      all.append(new String(b.getData(), StandardCharsets.UTF_8)).append('\n');
    } else if (value != null) {
      all.append(value).append('\n');
    }
  }

  @Nested
  class AtRest {
    @Test
    void theServiceDatabaseHoldsOnlyCiphertextAndTheVaultOnlyAWrappedKey() throws Exception {
      Referral referral = acceptedUnder(consent(Duration.ofDays(30)));
      Document stored = referralDocument(referral);
      byte[] ciphertext = stored.get("disclosure", Document.class).get("ciphertext", Binary.class).getData();
      assertThat(ciphertext.length).isGreaterThan(DISCLOSURE.getSerializedSize());
      assertThat(messageDocuments(referral)).hasSize(2)
          .allSatisfy(m -> assertThat(m.get("ciphertext", Binary.class).getData()).isNotEmpty());
      for (String both : List.of(everything(service.serviceDatabase()), everything(service.vaultDatabase()))) {
        for (String personal : Fixtures.PERSONAL_DATA) {
          assertThat(both).doesNotContain(personal);
        }
      }
      Document key = vaultDocument(referral);
      assertThat(key.keySet()).containsExactlyInAnyOrder("_id", "wrappedKey", "kekKeyId", "createTime");
      assertThat(stored.toJson()).doesNotContain("wrappedKey");
      byte[] wrapped = key.get("wrappedKey", Binary.class).getData();
      // the wrapped key is no usable keyset without the KEK
      assertThatThrownBy(() -> TinkProtoKeysetFormat.parseKeyset(wrapped, InsecureSecretKeyAccess.get()))
          .isInstanceOf(java.security.GeneralSecurityException.class);
      assertThat(service.serviceDatabase().listCollectionNames().into(new ArrayList<>())).doesNotContain("dataKeys");
    }

    @Test
    void theAssociatedDataBindsCiphertextToItsReferral() {
      DisclosureCipher cipher = service.bean(DisclosureCipher.class);
      Referral one = acceptedUnder(consent(Duration.ofDays(30)));
      Referral two = acceptedUnder(consent(Duration.ofDays(30)));
      byte[] ciphertextOfOne = referralDocument(one).get("disclosure", Document.class).get("ciphertext", Binary.class)
          .getData();
      assertThat(cipher.open(one.getId(), ciphertextOfOne)).isPresent();
      assertThatThrownBy(() -> cipher.open(two.getId(), ciphertextOfOne)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void oldDisclosuresStayReadableAfterTheKekIsRotated() {
      KeyEncryptionKey kek = service.bean(KeyEncryptionKey.class);
      Referral before = acceptedUnder(consent(Duration.ofDays(30)));
      int oldPrimary = kek.primaryKeyId();
      kek.rotate();
      assertThat(kek.primaryKeyId()).isNotEqualTo(oldPrimary);
      assertThat(kek.keyIds()).contains(oldPrimary);
      Referral after = acceptedUnder(consent(Duration.ofDays(30)));
      assertThat(vaultDocument(after).getInteger("kekKeyId")).isEqualTo(kek.primaryKeyId());
      assertThat(vaultDocument(before).getInteger("kekKeyId")).isEqualTo(oldPrimary);
      assertThat(read(intake, before)).isEqualTo(Status.Code.OK);
      assertThat(read(intake, after)).isEqualTo(Status.Code.OK);
      // the rotated keyset on disk is what a restart would load
      assertThat(KeyEncryptionKey.verify(service.kekFile())).isEqualTo(kek.fingerprint());
    }
  }

  @Nested
  class Revocation {
    @Test
    void shredsEveryDisclosureUnderTheConsentAtOnceAndForGood() {
      Consent consent = consent(Duration.ofDays(30));
      Referral one = acceptedUnder(consent);
      Referral two = acceptedUnder(consent);
      Referral other = acceptedUnder(consent(Duration.ofDays(30)));
      assertThat(vaultDocument(one)).isNotNull();
      byte[] ciphertext = referralDocument(one).get("disclosure", Document.class).get("ciphertext", Binary.class)
          .getData();

      var revoked = caseworker.revokeConsent(RevokeConsentRequest.newBuilder().setConsent(consent.getName())
          .setReason("survivor request").setRequestId(Fixtures.requestId()).build());
      assertThat(revoked.getShreddedReferrals()).isEqualTo(2);
      assertThat(revoked.getConsent().getState()).isEqualTo(ConsentState.CONSENT_STATE_REVOKED);

      for (Referral shredded : List.of(one, two)) {
        assertThat(read(intake, shredded)).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(read(caseworker, shredded)).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(vaultDocument(shredded)).isNull();
        Document stored = referralDocument(shredded);
        assertThat(stored.get("disclosure", Document.class).get("ciphertext")).isNull();
        assertThat(stored.getString("state")).isEqualTo("CONSENT_REVOKED");
        assertMessagesShredded(shredded);
        Referral seen = caseworker.getReferral(GetReferralRequest.newBuilder().setReferral(shredded.getId()).build())
            .getReferral();
        assertThat(seen.getDisclosureShredded()).isTrue();
        assertThat(seen.getHistory(seen.getHistoryCount() - 1).getToState())
            .isEqualTo(ReferralState.REFERRAL_STATE_CONSENT_REVOKED);
      }
      // nothing left anywhere that could decrypt a copy of the ciphertext taken before
      assertThat(service.vaultDatabase().getCollection("dataKeys")
          .countDocuments(Filters.in("_id", one.getId(), two.getId()))).isZero();
      assertThat(service.bean(DisclosureCipher.class).open(one.getId(), ciphertext)).isEmpty();
      // other consents are untouched
      assertThat(read(intake, other)).isEqualTo(Status.Code.OK);
      assertThat(messageDocuments(other)).hasSize(2).allSatisfy(m -> assertThat(m).containsKey("ciphertext"));
      // irreversible, and recorded
      assertThat(codeOf(() -> caseworker.revokeConsent(RevokeConsentRequest.newBuilder()
          .setConsent(consent.getName()).setRequestId(Fixtures.requestId()).build())))
          .isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(codeOf(() -> caseworker.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT,
          consent.getName(), DISCLOSURE)))).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(service.serviceDatabase().getCollection("audit").countDocuments(Filters.and(
          Filters.eq("chain", "consents/" + consent.getId()), Filters.eq("action", "CONSENT_REVOKED")))).isEqualTo(1);
    }

    @Test
    void onlyTheSenderOrganisationsCaseworkersRevoke() {
      Consent consent = consent(Duration.ofDays(30));
      assertThat(codeOf(() -> intake.revokeConsent(RevokeConsentRequest.newBuilder().setConsent(consent.getName())
          .setRequestId(Fixtures.requestId()).build()))).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(codeOf(() -> service.as(NGO, Role.PARTNER_ADMIN).revokeConsent(RevokeConsentRequest.newBuilder()
          .setConsent(consent.getName()).setRequestId(Fixtures.requestId()).build())))
          .isEqualTo(Status.Code.PERMISSION_DENIED);
      RevokeConsentRequest revoke = RevokeConsentRequest.newBuilder().setConsent(consent.getName())
          .setRequestId(Fixtures.requestId()).build();
      caseworker.revokeConsent(revoke);
      // a retry of the same revocation answers as the first did
      assertThat(caseworker.revokeConsent(revoke).getConsent().getState())
          .isEqualTo(ConsentState.CONSENT_STATE_REVOKED);
    }
  }

  @Nested
  class Expiry {
    @Test
    void aConsentsEndRefusesReadsAtOnceAndTheSweepShredsItsDisclosures() {
      Consent shortLived = consent(Duration.ofDays(2));
      Referral referral = acceptedUnder(shortLived);
      Referral lasting = acceptedUnder(consent(Duration.ofDays(80)));
      assertThat(read(intake, referral)).isEqualTo(Status.Code.OK);

      service.clock.advance(Duration.ofDays(3));
      assertThat(read(intake, referral)).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(readMessages(intake, referral)).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(readMessages(caseworker, referral)).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(vaultDocument(referral)).isNotNull();
      assertThat(caseworker.getConsent(GetConsentRequest.newBuilder().setConsent(shortLived.getName()).build())
          .getConsent().getState()).isEqualTo(ConsentState.CONSENT_STATE_EXPIRED);

      service.bean(ReferralSweep.class).run();
      assertThat(vaultDocument(referral)).isNull();
      assertThat(referralDocument(referral).get("disclosure", Document.class).getString("shredCause"))
          .isEqualTo("CONSENT_EXPIRED");
      assertMessagesShredded(referral);
      assertThat(vaultDocument(lasting)).isNotNull();
      assertThat(messageDocuments(lasting)).allSatisfy(m -> assertThat(m).containsKey("ciphertext"));
      assertThat(read(intake, lasting)).isEqualTo(Status.Code.OK);
    }

    @Test
    void theNetworksMaximumDurationIsEnforced() {
      var e = Fixtures.failure(() -> consent(Duration.ofDays(91)));
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription()).contains("consent.expire_time");
      assertThat(codeOf(() -> consent(Duration.ofSeconds(-5)))).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(codeOf(() -> consent(Duration.ofDays(90)))).isEqualTo(Status.Code.OK);
    }
  }

  @Nested
  class Retention {
    private Referral completed(Referral accepted) {
      intake.startReferral(StartReferralRequest.newBuilder().setReferral(accepted.getId())
          .setRequestId(Fixtures.requestId()).build());
      intake.completeReferral(CompleteReferralRequest.newBuilder().setReferral(accepted.getId())
          .setRequestId(Fixtures.requestId()).build());
      return accepted;
    }

    @Test
    void aClosedReferralsDisclosureIsShreddedAfterTheRetentionPeriod() {
      Referral referral = completed(acceptedUnder(consent(Duration.ofDays(85))));
      Referral open = acceptedUnder(consent(Duration.ofDays(85)));
      ReferralSweep sweep = service.bean(ReferralSweep.class);

      service.clock.advance(Duration.ofDays(29));
      sweep.run();
      assertThat(vaultDocument(referral)).isNotNull();
      assertThat(messageDocuments(referral)).allSatisfy(m -> assertThat(m).containsKey("ciphertext"));

      service.clock.advance(Duration.ofDays(2));
      sweep.run();
      assertThat(vaultDocument(referral)).isNull();
      assertMessagesShredded(referral);
      assertThat(messageDocuments(open)).allSatisfy(m -> assertThat(m).containsKey("ciphertext"));
      assertThat(read(intake, referral)).isEqualTo(Status.Code.FAILED_PRECONDITION);
      Document stored = referralDocument(referral);
      assertThat(stored.getString("state")).isEqualTo("COMPLETED");
      assertThat(stored.get("disclosure", Document.class).getString("shredCause")).isEqualTo("RETENTION");
      assertThat(stored.getList("history", Document.class)).hasSize(4);
      assertThat(vaultDocument(open)).isNotNull();
    }

    @Test
    void retentionIsAppliedByTheHousekeepingPassAtMostAnIntervalLate() {
      Referral referral = completed(acceptedUnder(consent(Duration.ofDays(85))));
      ReferralSweep sweep = service.bean(ReferralSweep.class);

      service.clock.advance(Duration.ofDays(30).minusMinutes(30));
      sweep.run(); // housekeeping (due: the last was days ago) finds it within the retention period
      assertThat(vaultDocument(referral)).isNotNull();

      service.clock.advance(Duration.ofMinutes(40));
      sweep.run(); // past retention now, but the next housekeeping is an hour after the last
      assertThat(vaultDocument(referral)).isNotNull();

      service.clock.advance(Duration.ofMinutes(30));
      sweep.run();
      assertThat(vaultDocument(referral)).isNull();
      assertThat(referralDocument(referral).get("disclosure", Document.class).getString("shredCause"))
          .isEqualTo("RETENTION");
    }
  }
}

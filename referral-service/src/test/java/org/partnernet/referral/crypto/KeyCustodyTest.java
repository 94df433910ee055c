package org.partnernet.referral.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.partnernet.referral.ReferralHarness.NGO;
import static org.partnernet.referral.ReferralHarness.SHELTER;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.partnernet.api.referral.v1.AcceptReferralRequest;
import org.partnernet.api.referral.v1.DataCategory;
import org.partnernet.api.referral.v1.GetReferralDisclosureRequest;
import org.partnernet.api.referral.v1.Referral;
import org.partnernet.api.referral.v1.Urgency;
import org.partnernet.referral.Fixtures;
import org.partnernet.referral.ReferralHarness;
import org.partnernet.servicekit.caller.Role;
import org.partnernet.servicekit.caller.TestTokens;

/**
 * The KEK custody drill of KEY-CUSTODY.md, step by step: back the keyset up and verify the copy, lose the live
 * keyset, see the service refuse to start rather than mint a new KEK, refuse a wrong keyset, restore the backup, read
 * a disclosure written before the loss.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyCustodyTest {

  @TempDir
  static Path data;
  @TempDir
  static Path offline;
  static ReferralHarness service;
  static Referral old;
  static Path backup;

  @BeforeAll
  static void start() {
    service = ReferralHarness.start(data);
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  static String readGivenName() {
    return service.as(TestTokens.token("intake-k", SHELTER, Role.INTAKE)).getReferralDisclosure(
        GetReferralDisclosureRequest.newBuilder().setReferral(old.getId()).build())
        .getDisclosure().getIdentity().getGivenName();
  }

  @Test
  @Order(1)
  void aKeysetIsCreatedOnFirstRunWithOwnerOnlyPermissionsAndBackedUp() throws Exception {
    assertThat(service.kekFile()).exists();
    assertThat(Files.getPosixFilePermissions(service.kekFile()))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    var caseworker = service.as(TestTokens.token("caseworker-k", NGO, Role.CASEWORKER));
    var consent = caseworker.createConsent(Fixtures.consent(service.clock.instant(), List.of(SHELTER),
        DataCategory.DATA_CATEGORY_IDENTITY)).getConsent();
    old = caseworker.createReferral(Fixtures.referral(SHELTER, Urgency.URGENCY_URGENT, consent.getName(),
        Fixtures.fullDisclosure().toBuilder().clearContact().clearNeeds().clearSafety().build())).getReferral();
    service.as(TestTokens.token("intake-k", SHELTER, Role.INTAKE)).acceptReferral(AcceptReferralRequest.newBuilder()
        .setReferral(old.getId()).setRequestId(Fixtures.requestId()).build());

    // KEY-CUSTODY.md step 1: copy the keyset to offline custody and verify the copy against the live key
    backup = offline.resolve("kek-keyset.backup.json");
    Files.copy(service.kekFile(), backup);
    assertThat(KeyEncryptionKey.verify(backup)).isEqualTo(service.bean(KeyEncryptionKey.class).fingerprint());
  }

  @Test
  @Order(2)
  void losingTheKeysetStopsTheServiceInsteadOfMintingANewKek() throws Exception {
    service.stopApp();
    Files.delete(service.kekFile());
    assertThatThrownBy(service::startApp).hasRootCauseMessage(rootMessageFor(service.kekFile()));
    assertThat(service.kekFile()).doesNotExist();
  }

  @Test
  @Order(3)
  void aWrongKeysetIsRefused() throws Exception {
    Path stranger = offline.resolve("stranger");
    KeyEncryptionKey.open(stranger.resolve("kek.json"), true, 0);
    Files.copy(stranger.resolve("kek.json"), service.kekFile());
    assertThatThrownBy(service::startApp).rootCause().hasMessageContaining("lacks key ids");
    Files.delete(service.kekFile());
  }

  @Test
  @Order(4)
  void restoringTheBackupReadsTheOldDisclosure() throws Exception {
    // KEY-CUSTODY.md step 3: restore the verified backup to the configured path, start, read
    Files.copy(backup, service.kekFile(), StandardCopyOption.REPLACE_EXISTING);
    service.startApp();
    assertThat(readGivenName()).isEqualTo(Fixtures.GIVEN_NAME);
  }

  private static String rootMessageFor(Path file) {
    return "the KEK keyset " + file + " is missing but the key vault holds 1 wrapped data keys: restore the keyset "
        + "from its backup (KEY-CUSTODY.md); refusing to create a new one";
  }
}

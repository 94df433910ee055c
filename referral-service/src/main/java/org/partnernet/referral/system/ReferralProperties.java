package org.partnernet.referral.system;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The referral-service's tunables; the defaults are in application.yml.
 *
 * @param responseTime          how long the recipient has to answer, by urgency
 * @param consentMaxDuration    the network-wide maximum a consent may run
 * @param retentionAfterClosure a closed referral's disclosure is crypto-shredded this long after closure
 * @param sweepInterval         how often expiry and consent expiry are applied
 * @param housekeepingInterval  how often retention after closure and the inbox history are applied
 * @param directoryDeadline     deadline of the recipient check with partner-directory
 * @param keyVaultDatabase      the key vault's own database (same server, separate backups)
 */
@ConfigurationProperties("partnernet.referral")
public record ReferralProperties(
    ResponseTime responseTime, Duration consentMaxDuration, Duration retentionAfterClosure, Duration sweepInterval,
    Duration housekeepingInterval, Duration directoryDeadline, String keyVaultDatabase, Kek kek) {

  public ReferralProperties {
    if (responseTime == null) {
      responseTime = new ResponseTime(null, null, null);
    }
    consentMaxDuration = orDefault(consentMaxDuration, Duration.ofDays(180));
    retentionAfterClosure = orDefault(retentionAfterClosure, Duration.ofDays(90));
    sweepInterval = orDefault(sweepInterval, Duration.ofMinutes(1));
    housekeepingInterval = orDefault(housekeepingInterval, Duration.ofHours(1));
    directoryDeadline = orDefault(directoryDeadline, Duration.ofSeconds(2));
    if (keyVaultDatabase == null || keyVaultDatabase.isBlank()) {
      keyVaultDatabase = "referral-keyvault";
    }
    if (kek == null) {
      kek = new Kek(Path.of("data/referral-service/kek-keyset.json"), true);
    }
  }

  public record ResponseTime(Duration emergency, Duration urgent, Duration routine) {
    public ResponseTime {
      emergency = orDefault(emergency, Duration.ofHours(4));
      urgent = orDefault(urgent, Duration.ofDays(2));
      routine = orDefault(routine, Duration.ofDays(7));
    }
  }

  /**
   * @param keysetFile      the KEK, a Tink JSON keyset
   * @param createIfMissing create one on first run (single-machine mode); never when the key vault holds keys
   */
  public record Kek(Path keysetFile, boolean createIfMissing) {}

  private static Duration orDefault(Duration value, Duration fallback) {
    return value == null ? fallback : value;
  }
}

package org.partnernet.referral.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Optional;

/**
 * Envelope encryption of disclosures: each one gets its own AES-256-GCM data key, bound to its referral by the
 * associated data; the data key is wrapped by the KEK and kept in the {@link KeyVault}. Destroying the data key
 * (crypto-shredding) makes the ciphertext unreadable for good.
 */
public final class DisclosureCipher {

  private final KeyEncryptionKey kek;
  private final KeyVault vault;
  private final Clock clock;

  public DisclosureCipher(KeyEncryptionKey kek, KeyVault vault, Clock clock) {
    this.kek = kek;
    this.vault = vault;
    this.clock = clock;
  }

  /** Encrypts a disclosure of a referral under a new data key, stored wrapped in the vault; returns the ciphertext. */
  public byte[] seal(String referralId, byte[] plaintext) {
    try {
      KeysetHandle dataKey = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
      byte[] ciphertext = dataKey.getPrimitive(RegistryConfiguration.get(), Aead.class)
          .encrypt(plaintext, associatedData(referralId));
      byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKey, kek.aead(), wrappingContext(referralId));
      vault.store(referralId, wrapped, kek.primaryKeyId(), clock.instant());
      return ciphertext;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt a disclosure");
    }
  }

  /** Decrypts a referral's disclosure; empty if its data key has been destroyed. */
  public Optional<byte[]> open(String referralId, byte[] ciphertext) {
    Optional<byte[]> wrapped = vault.find(referralId);
    if (wrapped.isEmpty()) {
      return Optional.empty();
    }
    try {
      KeysetHandle dataKey = TinkProtoKeysetFormat.parseEncryptedKeyset(
          wrapped.get(), kek.aead(), wrappingContext(referralId));
      return Optional.of(dataKey.getPrimitive(RegistryConfiguration.get(), Aead.class)
          .decrypt(ciphertext, associatedData(referralId)));
    } catch (GeneralSecurityException e) {
      // wrong KEK, or ciphertext moved to another referral: never a silent success
      throw new IllegalStateException("a disclosure failed to decrypt");
    }
  }

  /**
   * Encrypts a secure message of a referral under the referral's own data key (the disclosure's), so shredding the
   * disclosure destroys its messages too; empty if the key is gone (shredded) or was never made (no disclosure).
   */
  public Optional<byte[]> sealMessage(String referralId, String messageId, byte[] plaintext) {
    return aead(referralId).map(aead -> {
      try {
        return aead.encrypt(plaintext, messageAssociatedData(referralId, messageId));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot encrypt a message");
      }
    });
  }

  /** Decrypts a referral's message; empty if the referral's data key has been destroyed. */
  public Optional<byte[]> openMessage(String referralId, String messageId, byte[] ciphertext) {
    return aead(referralId).map(aead -> {
      try {
        return aead.decrypt(ciphertext, messageAssociatedData(referralId, messageId));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("a message failed to decrypt");
      }
    });
  }

  private Optional<Aead> aead(String referralId) {
    Optional<byte[]> wrapped = vault.find(referralId);
    if (wrapped.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped.get(), kek.aead(),
          wrappingContext(referralId)).getPrimitive(RegistryConfiguration.get(), Aead.class));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a data key failed to unwrap");
    }
  }

  /** Whether the referral's data key still exists (it never did without a disclosure; it is gone once shredded). */
  public boolean hasKey(String referralId) {
    return vault.find(referralId).isPresent();
  }

  /** Crypto-shreds a referral's disclosure and messages; true if a key was destroyed now. */
  public boolean shred(String referralId) {
    return vault.destroy(referralId);
  }

  private static byte[] associatedData(String referralId) {
    return ("partnernet/referrals/" + referralId).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] messageAssociatedData(String referralId, String messageId) {
    return ("partnernet/referrals/" + referralId + "/messages/" + messageId).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] wrappingContext(String referralId) {
    return ("partnernet/dataKeys/" + referralId).getBytes(StandardCharsets.UTF_8);
  }
}

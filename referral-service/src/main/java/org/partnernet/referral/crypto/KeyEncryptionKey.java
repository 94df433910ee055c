package org.partnernet.referral.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key-encryption key (KEK): a Tink AEAD keyset that wraps every disclosure's data key. It never touches
 * personal data itself and never lives in the database. Rotation adds a new primary key and keeps the old ones, so
 * data keys wrapped before still unwrap. See KEY-CUSTODY.md for backup and restore.
 */
public final class KeyEncryptionKey {

  private static final Logger log = LoggerFactory.getLogger(KeyEncryptionKey.class);

  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Path file;
  private volatile KeysetHandle keyset;
  private volatile Aead aead;

  private KeyEncryptionKey(Path file, KeysetHandle keyset) {
    this.file = file;
    use(keyset);
  }

  /**
   * Loads the keyset file. When it is missing, creates one only if allowed and only if no data key is wrapped yet:
   * a new KEK beside existing wrapped keys would make every disclosure unreadable, so that refuses to start instead.
   */
  public static KeyEncryptionKey open(Path file, boolean createIfMissing, long wrappedKeysInVault) {
    try {
      if (Files.exists(file)) {
        return new KeyEncryptionKey(file, read(file));
      }
      if (wrappedKeysInVault > 0) {
        throw new IllegalStateException("the KEK keyset " + file + " is missing but the key vault holds "
            + wrappedKeysInVault + " wrapped data keys: restore the keyset from its backup (KEY-CUSTODY.md); "
            + "refusing to create a new one");
      }
      if (!createIfMissing) {
        throw new IllegalStateException("the KEK keyset " + file + " is missing and creating one is disabled");
      }
      KeysetHandle fresh = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
      write(file, fresh);
      log.warn("Created a new key-encryption key at {} (single-machine mode). Back it up now (KEY-CUSTODY.md); "
          + "in production mount it from a secret store or use a KMS.", file);
      return new KeyEncryptionKey(file, fresh);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the KEK keyset " + file + " cannot be read as a Tink AEAD keyset");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the KEK keyset " + file, e);
    }
  }

  Aead aead() {
    return aead;
  }

  /** The id of the key that wraps new data keys. */
  public int primaryKeyId() {
    return keyset.getPrimary().getId();
  }

  /** Every key id in the keyset: data keys wrapped under any of them can be unwrapped. */
  public Set<Integer> keyIds() {
    Set<Integer> ids = new TreeSet<>();
    for (int i = 0; i < keyset.size(); i++) {
      ids.add(keyset.getAt(i).getId());
    }
    return ids;
  }

  /** A fingerprint of the keyset (no secret), to compare a backup with the live key. */
  public String fingerprint() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get())
              .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot fingerprint the KEK");
    }
  }

  /**
   * Adds a new primary key and keeps the old ones, then rewrites the keyset file atomically. New data keys are
   * wrapped with the new key; old ones still unwrap. Back the file up again after rotating.
   */
  public synchronized void rotate() {
    try {
      KeysetHandle rotated = KeysetHandle.newBuilder(keyset)
          .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
              .withRandomId().makePrimary())
          .build();
      write(file, rotated);
      use(rotated);
      log.warn("Rotated the key-encryption key: new primary key id {}. Back up {} again.", primaryKeyId(), file);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot rotate the KEK");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the rotated KEK keyset " + file, e);
    }
  }

  /** Checks that a file is a readable AEAD keyset (a backup before it is trusted) and returns its fingerprint. */
  public static String verify(Path keysetFile) {
    return new KeyEncryptionKey(keysetFile, readUnchecked(keysetFile)).fingerprint();
  }

  private void use(KeysetHandle handle) {
    try {
      this.aead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
      this.keyset = handle;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the KEK keyset is not an AEAD keyset");
    }
  }

  private static KeysetHandle readUnchecked(Path file) {
    try {
      return read(file);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("not a Tink AEAD keyset: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static KeysetHandle read(Path file) throws IOException, GeneralSecurityException {
    return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file), InsecureSecretKeyAccess.get());
  }

  private static void write(Path file, KeysetHandle handle) throws IOException, GeneralSecurityException {
    Path absolute = file.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    Path temp = Files.createTempFile(absolute.getParent(), ".kek", ".tmp");
    try {
      restrict(temp);
      Files.writeString(temp, TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get()));
      try {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void restrict(Path path) {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      // not a POSIX file system: rely on the directory's permissions
    }
  }
}

package org.partnernet.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.ssl.SslBundles;

/**
 * Self-signed EC certificates for TLS tests, made with the JDK's keytool (no extra library) and written as PEM
 * files, the form cert-manager mounts ({@code tls.crt}, {@code tls.key}).
 */
public final class TestCertificates {

  private static final String PASSWORD = "test-only";

  private TestCertificates() {}

  /** A certificate and its PKCS#8 private key, both PEM. */
  public record Pem(Path certificate, Path privateKey) {

    /**
     * Writes this certificate and key over the files of {@code target}, as cert-manager renews a Secret in place,
     * and waits up to 20 s for Spring Boot to reload {@code bundle} from them: whether it did.
     */
    public boolean renewInPlace(Pem target, SslBundles bundles, String bundle) throws InterruptedException {
      CountDownLatch reloaded = new CountDownLatch(1);
      bundles.addBundleUpdateHandler(bundle, b -> reloaded.countDown());
      copyOnto(target);
      return reloaded.await(20, TimeUnit.SECONDS);
    }

    /** Writes this certificate and key over the files of {@code target}, as a renewal replaces a Secret's files. */
    private void copyOnto(Pem target) {
      try {
        Files.writeString(target.privateKey(), Files.readString(privateKey));
        Files.writeString(target.certificate(), Files.readString(certificate));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** {@code name} is the common name and the file names; {@code san} as keytool takes it, e.g. {@code ip:127.0.0.1}. */
  public static Pem selfSigned(Path directory, String name, String san) {
    try {
      Files.createDirectories(directory);
      Path keystore = directory.resolve(name + ".p12");
      Files.deleteIfExists(keystore);
      Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
      Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-noprompt",
          "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
          "-dname", "CN=" + name, "-ext", "SAN=" + san, "-validity", "2",
          "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
          .redirectErrorStream(true)
          .start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        store.load(in, PASSWORD.toCharArray());
      }
      Pem pem = new Pem(directory.resolve(name + ".crt"), directory.resolve(name + ".key"));
      Files.writeString(pem.certificate(), pem("CERTIFICATE", store.getCertificate(name).getEncoded()));
      PrivateKey key = (PrivateKey) store.getKey(name, PASSWORD.toCharArray());
      Files.writeString(pem.privateKey(), pem("PRIVATE KEY", key.getEncoded()));
      return pem;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A fresh directory for a test's certificates. */
  public static Path directory(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}

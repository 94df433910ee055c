package org.partnernet.gateway.passthrough;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development TLS certificate for the gRPC port: a self-signed key pair for localhost made once,
 * on first run, with the JDK's own keytool, and kept under the data directory.
 */
final class DevCertificate {

  static final String PASSWORD = "partnernet-dev";
  private static final Logger log = LoggerFactory.getLogger(DevCertificate.class);

  private DevCertificate() {}

  static Path ensure(Path dataDir) throws IOException, InterruptedException {
    Path keystore = dataDir.resolve("gateway-tls-dev.p12");
    if (Files.isRegularFile(keystore)) {
      return keystore;
    }
    Files.createDirectories(dataDir);
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-noprompt",
        "-alias", "gateway", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "825",
        "-storetype", "PKCS12", "-keystore", keystore.toString(),
        "-storepass", PASSWORD, "-keypass", PASSWORD)
        .redirectErrorStream(true)
        .start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("keytool could not make the development certificate: " + output);
    }
    log.warn("generated a self-signed development certificate for the gRPC port at {}: configure a real one"
        + " (partnernet.gateway.grpc.ssl-bundle) in production", keystore);
    return keystore;
  }
}

package org.partnernet.referral.crypto;

import java.nio.file.Path;

/**
 * The KEK custody commands of KEY-CUSTODY.md, run from the service jar with the service stopped:
 * <pre>
 * java -cp referral-service.jar -Dloader.main=org.partnernet.referral.crypto.KekTool \
 *      org.springframework.boot.loader.launch.PropertiesLauncher fingerprint|rotate &lt;keyset-file&gt;
 * </pre>
 * {@code fingerprint} prints what the service logs at start, to check a backup copy; {@code rotate} adds a new
 * primary key and keeps the old ones.
 */
public final class KekTool {

  private KekTool() {}

  public static void main(String[] args) {
    if (args.length != 2 || !(args[0].equals("fingerprint") || args[0].equals("rotate"))) {
      System.err.println("usage: KekTool fingerprint|rotate <keyset-file>");
      System.exit(2);
    }
    Path file = Path.of(args[1]);
    if (args[0].equals("rotate")) {
      KeyEncryptionKey kek = KeyEncryptionKey.open(file, false, 1);
      kek.rotate();
      System.out.println("rotated: primary key id " + kek.primaryKeyId() + ", key ids " + kek.keyIds()
          + ", fingerprint " + kek.fingerprint() + " - back this file up again");
    } else {
      System.out.println(KeyEncryptionKey.verify(file));
    }
  }
}

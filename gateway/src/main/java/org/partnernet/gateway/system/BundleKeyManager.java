package org.partnernet.gateway.system;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * The certificate of an SSL bundle as it is now, for the services' channels (client) and the gRPC pass-through
 * (server). Their TLS settings are fixed when they are built, but cert-manager renews a certificate long before the
 * pod ends and Spring Boot reloads the bundle ({@code reload-on-update}): every handshake asks this key manager, which
 * follows the bundle's updates, so a connection opened after a renewal presents the renewed certificate.
 */
public final class BundleKeyManager extends X509ExtendedKeyManager {

  private volatile X509ExtendedKeyManager current;

  public BundleKeyManager(SslBundles bundles, String name) {
    current = of(bundles.getBundle(name));
    bundles.addBundleUpdateHandler(name, bundle -> current = of(bundle));
  }

  private static X509ExtendedKeyManager of(SslBundle bundle) {
    for (KeyManager manager : bundle.getManagers().getKeyManagerFactory().getKeyManagers()) {
      if (manager instanceof X509ExtendedKeyManager x509) {
        return x509;
      }
    }
    throw new IllegalStateException("the SSL bundle holds no X.509 key manager");
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return current.chooseEngineClientAlias(keyType, issuers, engine);
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return current.chooseClientAlias(keyType, issuers, socket);
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return current.getClientAliases(keyType, issuers);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return current.getCertificateChain(alias);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return current.getPrivateKey(alias);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return current.chooseEngineServerAlias(keyType, issuers, engine);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return current.chooseServerAlias(keyType, issuers, socket);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return current.getServerAliases(keyType, issuers);
  }
}

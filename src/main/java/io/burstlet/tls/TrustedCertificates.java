package io.burstlet.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Trust built from PEM certificates: a provider's {@code caFile}, an emulator's certificate, the
 * cluster's client CA for the kubelet API.
 */
public final class TrustedCertificates {
  private TrustedCertificates() {}

  /**
   * Trust managers for the certificates in {@code pem}, plus the JDK's default CAs when {@code
   * withSystemDefaults} (so a custom CA adds to the public ones rather than replacing them).
   *
   * @throws IllegalArgumentException when {@code pem} holds no certificate
   */
  public static TrustManager[] trustManagers(String pem, boolean withSystemDefaults) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int index = 0;
      for (Certificate cert : parse(pem)) {
        store.setCertificateEntry("trusted-" + index++, cert);
      }
      if (index == 0) {
        throw new IllegalArgumentException("no certificate in the given PEM");
      }
      if (withSystemDefaults) {
        for (X509Certificate cert : systemDefaults()) {
          store.setCertificateEntry("system-" + index++, cert);
        }
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory.getTrustManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot read certificates from the given PEM", e);
    }
  }

  /** A client TLS context trusting the certificates in {@code pem} (and the defaults if asked). */
  public static SSLContext clientContext(String pem, boolean withSystemDefaults) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers(pem, withSystemDefaults), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot build a TLS context", e);
    }
  }

  private static List<Certificate> parse(String pem) throws GeneralSecurityException {
    return new ArrayList<>(
        java.security.cert.CertificateFactory.getInstance("X.509")
            .generateCertificates(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
  }

  private static List<X509Certificate> systemDefaults() throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    List<X509Certificate> certs = new ArrayList<>();
    for (TrustManager tm : factory.getTrustManagers()) {
      if (tm instanceof X509TrustManager x509) {
        certs.addAll(List.of(x509.getAcceptedIssuers()));
      }
    }
    return certs;
  }
}

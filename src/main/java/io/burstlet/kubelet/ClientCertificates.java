package io.burstlet.kubelet;

import io.burstlet.tls.TrustedCertificates;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Client-certificate authentication against one explicit CA: {@code kubelet.clientCaFile} or the
 * cluster's client CA. Without a CA no certificate authenticates — never the JDK's public trust
 * store, which would let any publicly issued certificate in under its CN.
 *
 * <p>As the kubelet does (Go's RequestClientCert), the TLS handshake only asks for a certificate
 * and proves the caller holds its key; the chain is verified here, so that a certificate from
 * another CA gets an HTTP 401 rather than a broken handshake. The CA may arrive after start (read
 * from the cluster in the background) and is swapped in atomically.
 */
public final class ClientCertificates {
  private final AtomicReference<Trust> trust = new AtomicReference<>(Trust.NONE);

  private record Trust(X509TrustManager verifier, X509Certificate[] issuers) {
    static final Trust NONE = new Trust(null, new X509Certificate[0]);
  }

  private ClientCertificates() {}

  /** No CA (yet): every client certificate is refused. */
  public static ClientCertificates none() {
    return new ClientCertificates();
  }

  /** Trusts exactly the CA certificates in {@code pem}. */
  public static ClientCertificates trusting(String pem) {
    ClientCertificates certificates = new ClientCertificates();
    certificates.trust(pem);
    return certificates;
  }

  /**
   * Trusts exactly the CA certificates in {@code pem} from now on, replacing the previous CA.
   *
   * @throws IllegalArgumentException when {@code pem} holds no certificate
   */
  public void trust(String pem) {
    for (TrustManager tm : TrustedCertificates.trustManagers(pem, false)) {
      if (tm instanceof X509TrustManager x509) {
        trust.set(new Trust(x509, x509.getAcceptedIssuers()));
        return;
      }
    }
    throw new IllegalArgumentException("no X.509 trust manager for the client CA");
  }

  /** Whether a CA is configured, i.e. whether certificates can authenticate at all. */
  public boolean hasCa() {
    return trust.get().verifier() != null;
  }

  /**
   * The user of a client certificate chain that the CA signed (CN the user, O the groups, plus
   * {@code system:authenticated}); empty when there is no CA, the chain does not verify, is not
   * valid now or is not for client authentication, or has no CN.
   */
  public Optional<KubeletUser> authenticate(X509Certificate[] chain) {
    X509TrustManager verifier = trust.get().verifier();
    if (verifier == null || chain == null || chain.length == 0) {
      return Optional.empty();
    }
    try {
      // PKIX path to the CA, validity dates, and the clientAuth key usage when present.
      verifier.checkClientTrusted(chain, chain[0].getPublicKey().getAlgorithm());
    } catch (CertificateException | RuntimeException e) {
      return Optional.empty();
    }
    return user(chain[0]);
  }

  private static Optional<KubeletUser> user(X509Certificate cert) {
    try {
      String cn = null;
      List<String> groups = new ArrayList<>();
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          cn = String.valueOf(rdn.getValue());
        } else if (rdn.getType().equalsIgnoreCase("O")) {
          groups.add(String.valueOf(rdn.getValue()));
        }
      }
      if (cn == null || cn.isEmpty()) {
        return Optional.empty();
      }
      groups.add("system:authenticated");
      return Optional.of(new KubeletUser(cn, "", groups));
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
  }

  /**
   * The server's TLS trust: asks for a client certificate naming the CA's subjects as acceptable
   * issuers, and leaves the verdict to {@link #authenticate}. Never trusts a server.
   */
  TrustManager[] handshakeTrust() {
    return new TrustManager[] {new RequestClientCertificate()};
  }

  private final class RequestClientCertificate extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      // Verified per request by authenticate(); the handshake has checked key possession.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("the kubelet API trusts no server");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return trust.get().issuers().clone();
    }
  }
}

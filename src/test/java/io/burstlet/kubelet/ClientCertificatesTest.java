package io.burstlet.kubelet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClientCertificatesTest {
  private static TestCertificates cluster;
  private static TestCertificates stranger;

  @BeforeAll
  static void cas() throws Exception {
    cluster = TestCertificates.newCa("cluster-client-ca");
    stranger = TestCertificates.newCa("some-public-ca");
  }

  @Test
  void aCertificateOfTheCaNamesItsUserAndGroups() throws Exception {
    ClientCertificates certificates = ClientCertificates.trusting(cluster.caPem());
    X509Certificate cert = cluster.client("CN=kube-apiserver,O=system:masters,O=ops").certificate();
    assertEquals(
        Optional.of(
            new KubeletUser(
                "kube-apiserver", "", List.of("system:masters", "ops", "system:authenticated"))),
        certificates.authenticate(new X509Certificate[] {cert}));
  }

  @Test
  void aCertificateOfAnotherCaIsRefused() throws Exception {
    ClientCertificates certificates = ClientCertificates.trusting(cluster.caPem());
    X509Certificate cert = stranger.client("CN=mallory,O=system:masters").certificate();
    assertEquals(Optional.empty(), certificates.authenticate(new X509Certificate[] {cert}));
  }

  @Test
  void withoutACaNoCertificateAuthenticatesUntilOneIsTrusted() throws Exception {
    ClientCertificates certificates = ClientCertificates.none();
    X509Certificate cert = cluster.client("CN=kube-apiserver").certificate();
    assertFalse(certificates.hasCa());
    assertEquals(Optional.empty(), certificates.authenticate(new X509Certificate[] {cert}));
    certificates.trust(cluster.caPem());
    assertTrue(certificates.hasCa());
    assertEquals(
        "kube-apiserver", certificates.authenticate(new X509Certificate[] {cert}).get().name());
  }

  @Test
  void aCertificateWithoutCommonNameIsRefused() throws Exception {
    ClientCertificates certificates = ClientCertificates.trusting(cluster.caPem());
    X509Certificate cert = cluster.client("O=system:masters").certificate();
    assertEquals(Optional.empty(), certificates.authenticate(new X509Certificate[] {cert}));
  }

  @Test
  void theHandshakeNamesOnlyTheCaAndTrustsNoServer() throws Exception {
    X509TrustManager handshake =
        (X509TrustManager) ClientCertificates.trusting(cluster.caPem()).handshakeTrust()[0];
    assertEquals(
        List.of(cluster.ca.getSubjectX500Principal()),
        List.of(handshake.getAcceptedIssuers()).stream()
            .map(X509Certificate::getSubjectX500Principal)
            .toList());
    X509Certificate server = stranger.ca;
    assertThrows(
        CertificateException.class,
        () -> handshake.checkServerTrusted(new X509Certificate[] {server}, "RSA"));
    X509TrustManager none = (X509TrustManager) ClientCertificates.none().handshakeTrust()[0];
    assertEquals(0, none.getAcceptedIssuers().length);
  }
}

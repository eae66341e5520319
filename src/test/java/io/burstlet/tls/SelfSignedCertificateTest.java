package io.burstlet.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificateTest {

  @Test
  void certificateCoversLoopbackAndRoundTripsThroughPem(@TempDir Path dir) throws Exception {
    SelfSignedCertificate generated = SelfSignedCertificate.generate();
    Path file = dir.resolve("emulator.pem");
    generated.writeCertificatePem(file);

    String pem = Files.readString(file);
    assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----"));
    assertTrue(!pem.contains("PRIVATE KEY"));
    X509Certificate parsed =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    assertEquals(generated.certificate(), parsed);
    parsed.checkValidity();
    parsed.verify(parsed.getPublicKey());
    Set<String> sans =
        parsed.getSubjectAlternativeNames().stream()
            .map(List::toString)
            .collect(Collectors.toSet());
    assertEquals(Set.of("[7, 127.0.0.1]", "[2, localhost]"), sans);
    assertEquals("RSA", parsed.getPublicKey().getAlgorithm());
  }

  @Test
  void clientContextRejectsPemWithoutCertificates() {
    assertThrows(
        IllegalArgumentException.class, () -> SelfSignedCertificate.clientSslContextTrusting(""));
  }
}

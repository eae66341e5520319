package io.burstlet.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An RSA key and a self-signed X.509 server certificate generated in memory: the cloud emulators'
 * HTTPS and the kubelet API use one. Clients trust it through {@link #certificatePem()} (the
 * standalone emulators write it to {@code --cert-out}); the private key never leaves this object.
 */
public final class SelfSignedCertificate {

  // Leeway for clocks of clients that run slightly behind ours.
  private static final Duration BACKDATE = Duration.ofHours(1);
  private static final Duration VALIDITY = Duration.ofDays(365);

  private final String subject;
  private final KeyPair keyPair;
  private final X509Certificate certificate;

  private SelfSignedCertificate(String subject, KeyPair keyPair, X509Certificate certificate) {
    this.subject = subject;
    this.keyPair = keyPair;
    this.certificate = certificate;
  }

  /** A certificate for {@code 127.0.0.1} and {@code localhost}, as the emulators serve. */
  public static SelfSignedCertificate generate() {
    return generate("burstlet-emulator", List.of("127.0.0.1"), List.of("localhost"));
  }

  /**
   * Generates a 2048-bit RSA key and a certificate for these subject alternative names, valid from
   * an hour ago for a year. Takes a few hundred milliseconds.
   *
   * @throws IllegalStateException if the JDK lacks RSA or SHA256withRSA (it never does)
   */
  public static SelfSignedCertificate generate(
      String commonName, List<String> ipAddresses, List<String> dnsNames) {
    String subjectName = "CN=" + commonName;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, new SecureRandom());
      KeyPair keyPair = generator.generateKeyPair();
      Instant now = Instant.now();
      X500Name subject = new X500Name(subjectName);
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
              Date.from(now.minus(BACKDATE)),
              Date.from(now.plus(VALIDITY)),
              subject,
              keyPair.getPublic());
      List<GeneralName> names = new ArrayList<>();
      ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
      dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(names.toArray(GeneralName[]::new)));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      // Signing with the JDK's own providers avoids registering BouncyCastle globally.
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate())));
      return new SelfSignedCertificate(subjectName, keyPair, certificate);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot generate a self-signed certificate", e);
    }
  }

  /** The certificate (public part only). */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The certificate as PEM ({@code -----BEGIN CERTIFICATE-----…}), for clients to trust. */
  public String certificatePem() {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(certificate);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the emulator certificate", e);
    }
    return out.toString();
  }

  /** Writes {@link #certificatePem()} to {@code file}, replacing it. */
  public void writeCertificatePem(Path file) throws IOException {
    Files.writeString(file, certificatePem(), StandardCharsets.US_ASCII);
  }

  /** A server-side TLS context presenting this certificate. */
  public SSLContext serverSslContext() {
    return serverSslContext(null);
  }

  /**
   * A server-side TLS context presenting this certificate and verifying client certificates against
   * {@code clientTrust} (null: no client certificates are checked).
   */
  public SSLContext serverSslContext(TrustManager[] clientTrust) {
    try {
      // The key store never leaves memory; a random password keeps PKCS12 happy.
      char[] password = java.util.UUID.randomUUID().toString().toCharArray();
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      keyStore.setKeyEntry(
          "server",
          keyPair.getPrivate(),
          password,
          new java.security.cert.Certificate[] {certificate});
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keyStore, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), clientTrust, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a server TLS context", e);
    }
  }

  /**
   * A client-side TLS context that trusts exactly the certificates in {@code pem} — for tests and
   * tools talking to an emulator.
   *
   * @throws IllegalArgumentException when {@code pem} holds no certificate
   */
  public static SSLContext clientSslContextTrusting(String pem) {
    return TrustedCertificates.clientContext(pem, false);
  }

  /** SHA-256 fingerprint of the certificate, hex, as {@code openssl x509 -fingerprint} shows. */
  public String fingerprint() {
    try {
      return HexFormat.ofDelimiter(":")
          .withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot fingerprint the certificate", e);
    }
  }

  @Override
  public String toString() {
    return "SelfSignedCertificate[" + subject + ", sha256=" + fingerprint() + "]";
  }
}

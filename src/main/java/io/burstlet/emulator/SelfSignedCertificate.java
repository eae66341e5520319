package io.burstlet.emulator;

import java.io.ByteArrayInputStream;
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
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
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
 * An RSA key and a self-signed X.509 certificate for {@code 127.0.0.1} and {@code localhost},
 * generated in memory when an emulator starts. Clients trust it through {@link #certificatePem()}
 * (the standalone emulators write it to {@code --cert-out}); the private key never leaves this
 * object.
 */
public final class SelfSignedCertificate {

  private static final String SUBJECT = "CN=burstlet-emulator";
  // Leeway for clocks of clients that run slightly behind ours.
  private static final Duration BACKDATE = Duration.ofHours(1);
  private static final Duration VALIDITY = Duration.ofDays(365);

  private final KeyPair keyPair;
  private final X509Certificate certificate;

  private SelfSignedCertificate(KeyPair keyPair, X509Certificate certificate) {
    this.keyPair = keyPair;
    this.certificate = certificate;
  }

  /**
   * Generates a 2048-bit RSA key and a certificate with SAN {@code IP:127.0.0.1} and {@code
   * DNS:localhost}, valid from an hour ago for a year. Takes a few hundred milliseconds.
   *
   * @throws IllegalStateException if the JDK lacks RSA or SHA256withRSA (it never does)
   */
  public static SelfSignedCertificate generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, new SecureRandom());
      KeyPair keyPair = generator.generateKeyPair();
      Instant now = Instant.now();
      X500Name subject = new X500Name(SUBJECT);
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
              Date.from(now.minus(BACKDATE)),
              Date.from(now.plus(VALIDITY)),
              subject,
              keyPair.getPublic());
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")
              }));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      // Signing with the JDK's own providers avoids registering BouncyCastle globally.
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate())));
      return new SelfSignedCertificate(keyPair, certificate);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot generate the emulator certificate", e);
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
    try {
      // The key store never leaves memory; a random password keeps PKCS12 happy.
      char[] password = java.util.UUID.randomUUID().toString().toCharArray();
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      keyStore.setKeyEntry(
          "emulator",
          keyPair.getPrivate(),
          password,
          new java.security.cert.Certificate[] {certificate});
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keyStore, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the emulator TLS context", e);
    }
  }

  /**
   * A client-side TLS context that trusts exactly the certificates in {@code pem} — for tests and
   * tools talking to an emulator.
   *
   * @throws IllegalArgumentException when {@code pem} holds no certificate
   */
  public static SSLContext clientSslContextTrusting(String pem) {
    try {
      KeyStore trustStore = KeyStore.getInstance("PKCS12");
      trustStore.load(null, null);
      int index = 0;
      for (var cert :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
        trustStore.setCertificateEntry("trusted-" + index++, cert);
      }
      if (index == 0) {
        throw new IllegalArgumentException("no certificate in the given PEM");
      }
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trustStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot build a TLS context from the given PEM", e);
    }
  }

  /** SHA-256 fingerprint of the certificate, hex, as {@code openssl x509 -fingerprint} shows. */
  public String fingerprint() {
    try {
      return HexFormat.ofDelimiter(":")
          .withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot fingerprint the emulator certificate", e);
    }
  }

  @Override
  public String toString() {
    return "SelfSignedCertificate[" + SUBJECT + ", sha256=" + fingerprint() + "]";
  }
}

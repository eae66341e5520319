package io.burstlet.provider.grpc;

import io.grpc.ChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority that issues server and client certificates, written as PEM
 * files the way an operator hands them to {@code provider-server} and the agent.
 */
final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** A certificate and its unencrypted PKCS#8 private key, as PEM files. */
  record Issued(Path certFile, Path keyFile) {}

  private final Path dir;
  private final X500Name subject;
  private final KeyPair keys;

  /** The CA's own certificate: what the other side trusts. */
  final Path certFile;

  private TestPki(Path dir, X500Name subject, KeyPair keys, Path certFile) {
    this.dir = dir;
    this.subject = subject;
    this.keys = keys;
    this.certFile = certFile;
  }

  /** A new CA with a 2048-bit RSA key, valid from an hour ago for a day. */
  static TestPki authority(Path dir, String name) {
    KeyPair keys = newKeys();
    X500Name subject = new X500Name("CN=" + name);
    Instant now = Instant.now();
    var builder =
        new JcaX509v3CertificateBuilder(
            subject,
            serial(),
            Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(1))),
            subject,
            keys.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      X509Certificate ca = sign(builder, keys);
      Path file = dir.resolve(name + "-ca.crt");
      Files.writeString(file, pem(ca), StandardCharsets.US_ASCII);
      return new TestPki(dir, subject, keys, file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A server certificate for 127.0.0.1 and localhost. */
  Issued server(String name) {
    return issue(name, KeyPurposeId.id_kp_serverAuth, Duration.ofHours(-1), Duration.ofDays(1));
  }

  /** A client certificate, valid now. */
  Issued client(String name) {
    return issue(name, KeyPurposeId.id_kp_clientAuth, Duration.ofHours(-1), Duration.ofDays(1));
  }

  /** A client certificate that expired yesterday. */
  Issued expiredClient(String name) {
    return issue(name, KeyPurposeId.id_kp_clientAuth, Duration.ofDays(-2), Duration.ofDays(-1));
  }

  private Issued issue(String name, KeyPurposeId purpose, Duration from, Duration until) {
    KeyPair leaf = newKeys();
    Instant now = Instant.now();
    var builder =
        new JcaX509v3CertificateBuilder(
            subject,
            serial(),
            Date.from(now.plus(from)),
            Date.from(now.plus(until)),
            new X500Name("CN=" + name),
            leaf.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")
              }));
      X509Certificate certificate = sign(builder, keys);
      Path cert = dir.resolve(name + ".crt");
      Path key = dir.resolve(name + ".key");
      Files.writeString(cert, pem(certificate), StandardCharsets.US_ASCII);
      Files.writeString(
          key, pem(new JcaPKCS8Generator(leaf.getPrivate(), null)), StandardCharsets.US_ASCII);
      return new Issued(cert, key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One CA, a server certificate and an agent certificate for the whole test run: RSA keys take a
   * while to generate, and most tests only need a working mutual-TLS pair.
   */
  static final class Shared {
    static final TestPki CA;
    static final Issued SERVER;
    static final Issued AGENT;

    static {
      try {
        Path dir = Files.createTempDirectory("burstlet-test-pki");
        dir.toFile().deleteOnExit();
        CA = authority(dir, "provider-test");
        SERVER = CA.server("provider-server");
        AGENT = CA.client("burstlet-agent");
        for (Path p : new Path[] {CA.certFile, SERVER.certFile, SERVER.keyFile, AGENT.certFile}) {
          p.toFile().deleteOnExit();
        }
        AGENT.keyFile.toFile().deleteOnExit();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private Shared() {}
  }

  /** Mutual TLS on 127.0.0.1 with the shared certificates. */
  static ServerOptions serverOptions(int port) {
    return ServerOptions.mutualTls(
        "127.0.0.1", port, Shared.SERVER.certFile, Shared.SERVER.keyFile, Shared.CA.certFile);
  }

  /** An agent presenting the shared client certificate and trusting the shared CA. */
  static RemoteProviderOptions clientOptions(String target) {
    return RemoteProviderOptions.mutualTls(
        target, Shared.CA.certFile, Shared.AGENT.certFile, Shared.AGENT.keyFile);
  }

  /** Channel credentials of the shared agent, for tests that speak gRPC directly. */
  static ChannelCredentials agentCredentials() {
    try {
      return TlsChannelCredentials.newBuilder()
          .trustManager(Shared.CA.certFile.toFile())
          .keyManager(Shared.AGENT.certFile.toFile(), Shared.AGENT.keyFile.toFile())
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KeyPair newKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, new SecureRandom());
      return generator.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair issuer) {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withRSA").build(issuer.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException("cannot sign a test certificate", e);
    }
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }
}

package io.burstlet.kubelet;

import java.io.StringWriter;
import java.math.BigInteger;
import java.net.Socket;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away CA and client certificates it signs, as a cluster's client CA would. */
final class TestCertificates {
  final KeyPair caKey;
  final X509Certificate ca;

  private TestCertificates(KeyPair caKey, X509Certificate ca) {
    this.caKey = caKey;
    this.ca = ca;
  }

  static TestCertificates newCa(String name) throws Exception {
    KeyPair key = rsa();
    X500Name subject = new X500Name("CN=" + name);
    var builder = builder(subject, subject, key);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    return new TestCertificates(key, sign(builder, key.getPrivate()));
  }

  String caPem() throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
      pem.writeObject(ca);
    }
    return out.toString();
  }

  /** A client certificate for {@code subject} (e.g. {@code CN=alice,O=devs}) and its key. */
  Client client(String subject) throws Exception {
    KeyPair key = rsa();
    var builder =
        builder(
            X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
            new X500Name(subject),
            key);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(
        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    return new Client(sign(builder, caKey.getPrivate()), key.getPrivate());
  }

  record Client(X509Certificate certificate, PrivateKey key) {
    /** A TLS client context presenting this certificate whatever issuers the server asks for. */
    SSLContext context(TrustManager[] trust) throws Exception {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {new AlwaysThisCertificate(this)}, trust, null);
      return context;
    }
  }

  /** Presents the certificate even when the server names other issuers. */
  private static final class AlwaysThisCertificate extends X509ExtendedKeyManager {
    private final Client client;

    AlwaysThisCertificate(Client client) {
      this.client = client;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return "client";
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return "client";
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return new X509Certificate[] {client.certificate()};
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return client.key();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {"client"};
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048, new SecureRandom());
    return generator.generateKeyPair();
  }

  private static JcaX509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, KeyPair key) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(64, new SecureRandom()).add(BigInteger.ONE),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(1))),
        subject,
        key.getPublic());
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey signer)
      throws Exception {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
  }
}

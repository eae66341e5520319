package io.burstlet.image;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.KeyAgreement;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Runs inside the image (ImageIT puts it there): checks what TLS to the clouds and the agent need
 * from the runtime: the EC provider for ECDHE and ECDSA, a trust store with the roots that Azure
 * and Alibaba Cloud chain to, UTF-8, the image user and a writable temporary directory. Prints one
 * line per problem and exits 1 if there is any. Only java.base is used.
 */
public final class ImageProbe {
  private ImageProbe() {}

  public static void main(String[] args) throws Exception {
    List<String> problems = new ArrayList<>();
    if (Security.getProvider("SunEC") == null) {
      problems.add("no SunEC provider (module jdk.crypto.ec)");
    } else {
      agree(problems, "X25519", null);
      agree(problems, "EC", new ECGenParameterSpec("secp256r1"));
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp384r1"));
      KeyPair pair = generator.generateKeyPair();
      Signature signer = Signature.getInstance("SHA384withECDSA");
      signer.initSign(pair.getPrivate());
      signer.update(new byte[] {1, 2, 3});
      byte[] signature = signer.sign();
      signer.initVerify(pair.getPublic());
      signer.update(new byte[] {1, 2, 3});
      if (!signer.verify(signature)) {
        problems.add("ECDSA signature does not verify");
      }
    }

    SSLEngine engine = SSLContext.getDefault().createSSLEngine();
    List<String> protocols = Arrays.asList(engine.getEnabledProtocols());
    List<String> suites = Arrays.asList(engine.getEnabledCipherSuites());
    if (!protocols.contains("TLSv1.3")) {
      problems.add("TLSv1.3 not enabled: " + protocols);
    }
    if (!suites.contains("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")
        || !suites.contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")) {
      problems.add("ECDHE cipher suites not enabled: " + suites);
    }

    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((java.security.KeyStore) null);
    X509TrustManager trust = (X509TrustManager) factory.getTrustManagers()[0];
    X509Certificate[] roots = trust.getAcceptedIssuers();
    if (roots.length < 50) {
      problems.add("the default trust store holds " + roots.length + " roots");
    }
    for (String root :
        List.of(
            "CN=DigiCert Global Root G2", // Azure Resource Manager, Entra ID
            "CN=Microsoft RSA Root Certificate Authority 2017",
            "CN=GlobalSign Root CA", // Alibaba Cloud endpoints
            "CN=DigiCert Global Root CA")) {
      if (Arrays.stream(roots)
          .noneMatch(c -> c.getSubjectX500Principal().getName().startsWith(root + ","))) {
        problems.add("trust store lacks " + root);
      }
    }

    for (String property : List.of("file.encoding", "sun.jnu.encoding")) {
      if (!"UTF-8".equals(System.getProperty(property))) {
        problems.add(property + " is " + System.getProperty(property));
      }
    }
    if (!Charset.defaultCharset().name().equals("UTF-8")) {
      problems.add("default charset " + Charset.defaultCharset());
    }
    String user = System.getProperty("user.name");
    if (!"burstlet".equals(user)) {
      problems.add("user.name is " + user + " (no /etc/passwd entry for the image user?)");
    }
    Path temp = Files.createTempFile("probe", ".tmp");
    Files.delete(temp);

    problems.forEach(System.out::println);
    System.out.println(problems.isEmpty() ? "ok" : problems.size() + " problem(s)");
    System.exit(problems.isEmpty() ? 0 : 1);
  }

  private static void agree(List<String> problems, String algorithm, ECGenParameterSpec spec)
      throws Exception {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (spec != null) {
        generator.initialize(spec);
      }
      KeyPair a = generator.generateKeyPair();
      KeyPair b = generator.generateKeyPair();
      String agreement = spec == null ? algorithm : "ECDH";
      KeyAgreement one = KeyAgreement.getInstance(agreement);
      one.init(a.getPrivate());
      one.doPhase(b.getPublic(), true);
      KeyAgreement two = KeyAgreement.getInstance(agreement);
      two.init(b.getPrivate());
      two.doPhase(a.getPublic(), true);
      if (!Arrays.equals(one.generateSecret(), two.generateSecret())) {
        problems.add(agreement + " key agreement disagrees");
      }
    } catch (java.security.GeneralSecurityException e) {
      problems.add(algorithm + " key agreement unavailable: " + e);
    }
  }
}

package io.burstlet.provider.aci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.TokenRequestContext;
import com.azure.core.management.AzureEnvironment;
import io.burstlet.config.ConfigException;
import io.burstlet.config.ProviderConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AciConnectionTest {
  @Test
  void knownCloudsKeepTheirEnvironment() {
    assertEquals(
        AzureEnvironment.AZURE,
        AciConnection.environment(URI.create("https://management.azure.com")));
    assertEquals(
        AzureEnvironment.AZURE,
        AciConnection.environment(URI.create("https://management.azure.com/")));
    assertEquals(
        AzureEnvironment.AZURE_CHINA,
        AciConnection.environment(URI.create("https://management.chinacloudapi.cn/")));
    AzureEnvironment local = AciConnection.environment(URI.create("https://127.0.0.1:8443"));
    assertEquals("https://127.0.0.1:8443/", local.getResourceManagerEndpoint());
    assertEquals(
        AzureEnvironment.AZURE.getActiveDirectoryEndpoint(), local.getActiveDirectoryEndpoint());
  }

  @Test
  void loopbackDetectionNeedsNoDns() {
    assertTrue(AciConnection.isLoopback(URI.create("https://127.0.0.1:1234")));
    assertTrue(AciConnection.isLoopback(URI.create("https://localhost:1234")));
    assertTrue(AciConnection.isLoopback(URI.create("https://[::1]:1234")));
    assertFalse(AciConnection.isLoopback(URI.create("https://management.azure.com")));
    assertFalse(AciConnection.isLoopback(URI.create("https://10.0.0.1")));
  }

  @Test
  void emulatorGetsAStaticTokenAndRealEndpointsDoNot() {
    ProviderConfig base = AciFixtures.provider();
    var local =
        AciConnection.credential(
            base, URI.create("https://127.0.0.1:9"), AzureEnvironment.AZURE, null);
    assertInstanceOf(AciConnection.StaticTokenCredential.class, local);
    assertNotNull(local.getToken(new TokenRequestContext().addScopes("x")).block().getToken());
    var real =
        AciConnection.credential(
            base,
            URI.create("https://management.azure.com"),
            AzureEnvironment.AZURE,
            AciConnection.httpClient(base));
    assertFalse(real instanceof AciConnection.StaticTokenCredential);
  }

  @Test
  void clientSecretNeedsTenantAndClient(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret");
    Files.writeString(secret, "not-a-real-secret");
    ProviderConfig base = AciFixtures.provider();
    ProviderConfig withSecret =
        new ProviderConfig(
            base.name(),
            "aci",
            base.region(),
            base.endpoint(),
            null,
            base.zones(),
            base.capacity(),
            base.taint(),
            base.labels(),
            Map.of("clientSecret", new io.burstlet.config.SecretRef(secret.toString(), null)),
            base.settings());
    var e =
        assertThrows(
            ConfigException.class,
            () ->
                AciConnection.credential(
                    withSecret, URI.create(base.endpoint()), AzureEnvironment.AZURE, null));
    assertTrue(e.getMessage().contains("tenantId"), e.getMessage());
    assertFalse(e.getMessage().contains("not-a-real-secret"));
  }

  @Test
  void retriesServerErrorsButNotThrottling() {
    var options = AciConnection.retryOptions();
    assertNotNull(options.getShouldRetryCondition());
    assertEquals(2, options.getExponentialBackoffOptions().getMaxRetries());
  }

  @Test
  void trustsDefaultCasPlusThePemFile(@TempDir Path dir) throws Exception {
    // Any certificate will do as the "extra CA": take one of the JVM's and write it as PEM.
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init((KeyStore) null);
    X509Certificate cert = ((X509TrustManager) tmf.getTrustManagers()[0]).getAcceptedIssuers()[0];
    Path pem = dir.resolve("ca.pem");
    Files.writeString(
        pem,
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    assertNotNull(AciConnection.sslContext(pem, "aci"));
    Path empty = dir.resolve("empty.pem");
    Files.writeString(empty, "");
    var e = assertThrows(ConfigException.class, () -> AciConnection.sslContext(empty, "aci"));
    assertTrue(e.getMessage().contains("providers[aci].caFile"), e.getMessage());
  }

  @Test
  void embeddedMustBeResolvedFirst() {
    ProviderConfig base = AciFixtures.provider();
    ProviderConfig embedded =
        new ProviderConfig(
            base.name(),
            "aci",
            base.region(),
            "embedded",
            null,
            base.zones(),
            base.capacity(),
            base.taint(),
            base.labels(),
            Map.of(),
            base.settings());
    assertThrows(ConfigException.class, () -> AciConnection.endpoint(embedded));
  }
}

package io.burstlet.provider.aci;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RequestRetryCondition;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.containerinstance.ContainerInstanceManager;
import io.burstlet.config.ConfigException;
import io.burstlet.config.ProviderConfig;
import io.burstlet.config.SecretRef;
import io.burstlet.tls.TrustedCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import reactor.core.publisher.Mono;

/**
 * Builds the SDK's {@link ContainerInstanceManager} for a provider configuration: which ARM
 * endpoint, which CAs to trust, which credential, and how to retry.
 *
 * <p><b>Endpoint</b>: {@code endpoint} must be an {@code https://} URL (the SDK sends bearer tokens
 * over TLS only). A known Azure cloud's ARM URL selects that cloud's environment (public, China, US
 * Government), so tokens are requested from its Entra ID authority; any other URL (the project's
 * emulator, a proxy) keeps the public cloud's settings with ARM pointed at the URL.
 *
 * <p><b>TLS</b>: with {@code caFile}, the JDK HttpClient trusts the JVM's default CAs plus every
 * certificate in that PEM file.
 *
 * <p><b>Credential</b>, first match wins: (1) {@code credentials.clientSecret} configured → a
 * client-secret credential for settings {@code tenantId}/{@code clientId} (azure-identity's
 * ClientSecretCredential); (2) an endpoint on a loopback address (the emulator) → a static bearer
 * token, since the emulator accepts any; (3) otherwise azure-identity's DefaultAzureCredential with
 * the configured tenant and client ids, which covers AKS workload identity (the federated token
 * file the webhook mounts), managed identity and the {@code AZURE_*} environment variables.
 *
 * <p><b>Retries</b>: at most 2 retries with exponential backoff (0.5 s base, 4 s cap) on I/O
 * errors, 408 and 5xx other than 501/505. 429 is <em>not</em> retried here: it surfaces as {@link
 * io.burstlet.provider.CloudThrottledException} so that the caller, not a blocked thread, waits.
 */
final class AciConnection {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

  private AciConnection() {}

  static ContainerInstanceManager manager(ProviderConfig config) {
    URI endpoint = endpoint(config);
    AzureEnvironment environment = environment(endpoint);
    HttpClient http = httpClient(config);
    TokenCredential credential = credential(config, endpoint, environment, http);
    AzureProfile profile =
        new AzureProfile(config.setting("tenantId"), config.setting("subscriptionId"), environment);
    return ContainerInstanceManager.configure()
        .withHttpClient(http)
        .withRetryOptions(retryOptions())
        .authenticate(credential, profile);
  }

  static URI endpoint(ProviderConfig config) {
    String field = "providers[" + config.name() + "].endpoint";
    if (config.embedded()) {
      throw new ConfigException(
          field + ": 'embedded' must be replaced by the emulator's URL before the provider starts");
    }
    URI uri;
    try {
      uri = URI.create(config.endpoint());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(field + ": not a URL");
    }
    if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new ConfigException(
          field + ": ACI needs an https:// URL (Azure SDK sends bearer tokens over TLS only)");
    }
    return uri;
  }

  static AzureEnvironment environment(URI endpoint) {
    String base = endpoint.toString().replaceAll("/+$", "");
    for (AzureEnvironment known :
        new AzureEnvironment[] {
          AzureEnvironment.AZURE, AzureEnvironment.AZURE_CHINA, AzureEnvironment.AZURE_US_GOVERNMENT
        }) {
      String arm = known.getResourceManagerEndpoint().replaceAll("/+$", "");
      if (arm.equalsIgnoreCase(base)) {
        return known;
      }
    }
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", base + "/");
    return new AzureEnvironment(endpoints);
  }

  static HttpClient httpClient(ProviderConfig config) {
    java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
    if (config.caFile() != null) {
      jdk.sslContext(sslContext(Path.of(config.caFile()), config.name()));
    }
    return new JdkHttpClientBuilder(jdk)
        .connectionTimeout(CONNECT_TIMEOUT)
        .responseTimeout(RESPONSE_TIMEOUT)
        .readTimeout(RESPONSE_TIMEOUT)
        .build();
  }

  /** Trusts the JVM's default CAs plus every certificate in the PEM file. */
  static SSLContext sslContext(Path pem, String providerName) {
    String field = "providers[" + providerName + "].caFile";
    try {
      return TrustedCertificates.clientContext(Files.readString(pem), true);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(
          field + ": cannot read certificates from " + pem + " (" + e.getMessage() + ")");
    }
  }

  static TokenCredential credential(
      ProviderConfig config, URI endpoint, AzureEnvironment environment, HttpClient http) {
    SecretRef secret = config.credentials().get("clientSecret");
    String tenantId = config.setting("tenantId");
    String clientId = config.setting("clientId");
    String authority = environment.getActiveDirectoryEndpoint();
    if (secret != null) {
      if (tenantId == null || clientId == null) {
        throw new ConfigException(
            "providers["
                + config.name()
                + "]: credentials.clientSecret needs tenantId and clientId as well");
      }
      return new ClientSecretCredentialBuilder()
          .tenantId(tenantId)
          .clientId(clientId)
          .clientSecret(secret.read())
          .authorityHost(authority)
          .httpClient(http)
          .build();
    }
    if (isLoopback(endpoint)) {
      return new StaticTokenCredential();
    }
    DefaultAzureCredentialBuilder builder =
        new DefaultAzureCredentialBuilder().authorityHost(authority).httpClient(http);
    if (tenantId != null) {
      builder.tenantId(tenantId);
    }
    if (clientId != null) {
      builder.managedIdentityClientId(clientId).workloadIdentityClientId(clientId);
    }
    return builder.build();
  }

  static boolean isLoopback(URI endpoint) {
    String host = endpoint.getHost().toLowerCase(Locale.ROOT);
    if (host.equals("localhost")) {
      return true;
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    // Only literal addresses are resolved (no DNS lookup): a name other than localhost is remote.
    if (!host.matches("[0-9.]+") && !host.contains(":")) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  static RetryOptions retryOptions() {
    return new RetryOptions(
            new ExponentialBackoffOptions()
                .setMaxRetries(2)
                .setBaseDelay(Duration.ofMillis(500))
                .setMaxDelay(Duration.ofSeconds(4)))
        .setShouldRetryCondition(AciConnection::shouldRetry);
  }

  static boolean shouldRetry(RequestRetryCondition condition) {
    if (condition.getResponse() != null) {
      int status = condition.getResponse().getStatusCode();
      return status == 408 || (status >= 500 && status != 501 && status != 505);
    }
    Throwable t = condition.getThrowable();
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof IOException || c instanceof java.util.concurrent.TimeoutException) {
        return true;
      }
    }
    return false;
  }

  /**
   * A fixed bearer token for the local emulator, which accepts any token. Never used for a
   * non-loopback endpoint.
   */
  static final class StaticTokenCredential implements TokenCredential {
    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
      return Mono.just(new AccessToken("burstlet-emulator", OffsetDateTime.now().plusHours(1)));
    }
  }
}

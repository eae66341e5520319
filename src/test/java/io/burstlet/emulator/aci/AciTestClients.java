package io.burstlet.emulator.aci;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelay;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.containerinstance.ContainerInstanceManager;
import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import com.azure.resourcemanager.containerinstance.models.Container;
import com.azure.resourcemanager.containerinstance.models.ContainerGroupRestartPolicy;
import com.azure.resourcemanager.containerinstance.models.OperatingSystemTypes;
import com.azure.resourcemanager.containerinstance.models.ResourceRequests;
import com.azure.resourcemanager.containerinstance.models.ResourceRequirements;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.burstlet.tls.SelfSignedCertificate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Clients for tests against an {@link AciEmulator}: the real Azure SDK ({@code
 * ContainerInstanceManager} on the JDK HTTP client, trusting the emulator's certificate, with a
 * static token), and a raw HTTPS client for requests the SDK would refuse to send.
 */
final class AciTestClients {

  static final String SUBSCRIPTION = "00000000-0000-0000-0000-0000000000aa";
  static final String LOCATION = "westeurope";

  // Any token will do: the emulator only checks that one is present.
  private static final TokenCredential STATIC_TOKEN =
      request -> Mono.just(new AccessToken("emulator-token", OffsetDateTime.now().plusHours(1)));

  private AciTestClients() {}

  /**
   * The SDK pointed at {@code emulator}, retrying failed calls {@code retries} times (honouring
   * {@code Retry-After}, otherwise 10 ms apart).
   */
  static ContainerInstanceManager manager(AciEmulator emulator, int retries) {
    // Public Azure's endpoints (Graph, Entra ID, …) with Resource Manager swapped for the emulator.
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", emulator.baseUri() + "/");
    AzureEnvironment environment = new AzureEnvironment(endpoints);
    return ContainerInstanceManager.configure()
        .withHttpClient(
            new JdkHttpClientBuilder(
                    HttpClient.newBuilder()
                        .sslContext(
                            SelfSignedCertificate.clientSslContextTrusting(
                                emulator.certificatePem())))
                .build())
        .withRetryPolicy(new RetryPolicy(new FixedDelay(retries, Duration.ofMillis(10))))
        .authenticate(STATIC_TOKEN, new AzureProfile("tenant", SUBSCRIPTION, environment));
  }

  /** A group of one container {@code main} (1 CPU, 1.5 GB) running {@code command}. */
  static ContainerGroupInner group(ContainerGroupRestartPolicy policy, String... command) {
    return new ContainerGroupInner()
        .withLocation(LOCATION)
        .withOsType(OperatingSystemTypes.LINUX)
        .withRestartPolicy(policy)
        .withContainers(new ArrayList<>(List.of(container("main", "busybox", command))));
  }

  /** A container with 1 CPU and 1.5 GB running {@code command} ({@code sh -c} when one word). */
  static Container container(String name, String image, String... command) {
    return new Container()
        .withName(name)
        .withImage(image)
        .withCommand(command.length == 1 ? List.of("/bin/sh", "-c", command[0]) : List.of(command))
        .withResources(
            new ResourceRequirements()
                .withRequests(new ResourceRequests().withCpu(1.0).withMemoryInGB(1.5)));
  }

  /** A raw HTTPS client for {@code emulator}, sending a bearer token unless told not to. */
  static Raw raw(AciEmulator emulator) {
    return new Raw(emulator);
  }

  /** A JSON answer. */
  record Reply(int status, HttpHeaders headers, String body) {
    JsonObject json() {
      return JsonParser.parseString(body).getAsJsonObject();
    }

    /** The CloudError code of an error answer. */
    String errorCode() {
      return json().getAsJsonObject("error").get("code").getAsString();
    }
  }

  /** Plain requests to the emulator, for what the SDK validates away or does not expose. */
  static final class Raw {
    private final AciEmulator emulator;
    private final HttpClient http;

    private Raw(AciEmulator emulator) {
      this.emulator = emulator;
      this.http =
          HttpClient.newBuilder()
              .sslContext(SelfSignedCertificate.clientSslContextTrusting(emulator.certificatePem()))
              .connectTimeout(Duration.ofSeconds(5))
              .build();
    }

    /** The path of a group: {@code /subscriptions/…/containerGroups/NAME}. */
    static String groupPath(String resourceGroup, String name) {
      return "/subscriptions/"
          + SUBSCRIPTION
          + "/resourceGroups/"
          + resourceGroup
          + "/providers/Microsoft.ContainerInstance/containerGroups/"
          + name;
    }

    /** {@code method path?api-version=2023-05-01} with a bearer token. */
    Reply call(String method, String path, String body) {
      String separator = path.contains("?") ? "&" : "?";
      return send(method, path + separator + "api-version=2023-05-01", body, "Bearer raw-token");
    }

    /** Sends exactly what it is given; {@code authorization} null sends no such header. */
    Reply send(String method, String pathAndQuery, String body, String authorization) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(emulator.baseUri() + pathAndQuery))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      try {
        HttpResponse<String> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.headers(), response.body());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}

package io.burstlet.it;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * The real control plane that integration tests run against ({@code hack/control-plane.sh up}),
 * found through the {@code burstlet.kubeconfig} system property that Failsafe sets. Tests share the
 * plane with other suites, so each test class works in its own namespace.
 */
public final class TestCluster {
  /** System property naming the kubeconfig file. */
  public static final String KUBECONFIG_PROPERTY = "burstlet.kubeconfig";

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private final Path kubeconfig;

  private TestCluster(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  /**
   * The plane named by {@code -Dburstlet.kubeconfig}, or {@code
   * ~/.cache/burstlet/plane/kubeconfig}.
   *
   * @throws IllegalStateException when the kubeconfig does not exist (the plane is not up)
   */
  public static TestCluster fromSystemProperty() {
    String configured = System.getProperty(KUBECONFIG_PROPERTY);
    Path path =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : Path.of(System.getProperty("user.home"), ".cache/burstlet/plane/kubeconfig");
    if (!Files.isReadable(path)) {
      throw new IllegalStateException(
          "no kubeconfig at " + path + ": start the plane with `hack/control-plane.sh up`");
    }
    return new TestCluster(path);
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  /** A new client for the plane, with a 30 s read timeout; each call returns a new one. */
  public ApiClient newClient() {
    try (Reader reader = Files.newBufferedReader(kubeconfig)) {
      KubeConfig config = KubeConfig.loadKubeConfig(reader);
      config.setFile(kubeconfig.toFile());
      return ClientBuilder.kubeconfig(config).setReadTimeout(READ_TIMEOUT).build();
    } catch (IOException e) {
      throw new IllegalStateException("cannot load kubeconfig " + kubeconfig, e);
    }
  }

  /**
   * Creates a namespace {@code <prefix>-<random>} and waits until its {@code default}
   * ServiceAccount exists (pods are refused until then).
   *
   * @return the namespace name
   */
  public String createNamespace(ApiClient client, String prefix) throws ApiException {
    String name =
        (prefix + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    CoreV1Api api = new CoreV1Api(client);
    api.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(name))).execute();
    Awaitility.await("default ServiceAccount in " + name)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> exists(api, name));
    return name;
  }

  private static boolean exists(CoreV1Api api, String namespace) throws ApiException {
    try {
      api.readNamespacedServiceAccount("default", namespace).execute();
      return true;
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  /** Deletes a namespace without waiting; a missing namespace is fine. */
  public void deleteNamespace(ApiClient client, String name) throws ApiException {
    try {
      new CoreV1Api(client).deleteNamespace(name).execute();
    } catch (ApiException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }
}

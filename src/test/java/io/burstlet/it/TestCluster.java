package io.burstlet.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * The real control plane the integration tests run against ({@code hack/control-plane.sh up}),
 * reached through the admin kubeconfig named by the {@code burstlet.kubeconfig} system property.
 */
public final class TestCluster {
  private TestCluster() {}

  /** Path of the admin kubeconfig. */
  public static Path kubeconfig() {
    String path =
        System.getProperty(
            "burstlet.kubeconfig",
            System.getProperty("user.home") + "/.cache/burstlet/plane/kubeconfig");
    Path p = Path.of(path);
    if (!Files.isReadable(p)) {
      throw new IllegalStateException(
          "no control plane kubeconfig at " + p + ": run hack/control-plane.sh up first");
    }
    return p;
  }

  /** An admin client (system:masters) for test setup and assertions. */
  public static ApiClient admin() {
    try (Reader reader = Files.newBufferedReader(kubeconfig())) {
      KubeConfig config = KubeConfig.loadKubeConfig(reader);
      config.setFile(kubeconfig().toFile());
      return ClientBuilder.kubeconfig(config).setReadTimeout(Duration.ofSeconds(30)).build();
    } catch (IOException e) {
      throw new IllegalStateException("cannot load " + kubeconfig(), e);
    }
  }

  /** The API server URL. */
  public static String server() {
    try (Reader reader = Files.newBufferedReader(kubeconfig())) {
      return KubeConfig.loadKubeConfig(reader).getServer();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The cluster CA certificate (PEM). */
  public static byte[] caCertificate() {
    try (Reader reader = Files.newBufferedReader(kubeconfig())) {
      KubeConfig config = KubeConfig.loadKubeConfig(reader);
      String file = config.getCertificateAuthorityFile();
      assumeTrue(file != null, "kubeconfig names its CA as a file");
      return Files.readAllBytes(kubeconfig().resolveSibling(file));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A loopback port free right now, for an agent's kubelet API. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  /** A short random suffix for names that must not collide between test runs. */
  public static String uniqueSuffix() {
    return UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
  }

  /**
   * Creates a namespace {@code <prefix>-<random>} and waits until its {@code default}
   * ServiceAccount exists (the API server refuses pods until then).
   */
  public static String createNamespace(ApiClient admin, String prefix) throws ApiException {
    String name = prefix + "-" + uniqueSuffix();
    CoreV1Api api = new CoreV1Api(admin);
    api.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(name))).execute();
    Awaitility.await("default ServiceAccount in " + name)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> serviceAccountExists(api, name));
    return name;
  }

  private static boolean serviceAccountExists(CoreV1Api api, String namespace) throws ApiException {
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

  /** Deletes a namespace, ignoring one that is already gone. */
  public static void deleteNamespace(ApiClient admin, String name) {
    try {
      new CoreV1Api(admin).deleteNamespace(name).execute();
    } catch (ApiException e) {
      if (e.getCode() != 404) {
        throw new IllegalStateException("cannot delete namespace " + name + ": " + e.getCode(), e);
      }
    }
  }
}

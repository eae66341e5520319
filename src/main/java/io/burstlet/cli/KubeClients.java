package io.burstlet.cli;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Builds API clients from a kubeconfig file or, without one, the in-cluster ServiceAccount. */
public final class KubeClients {
  private KubeClients() {}

  /**
   * A client for ordinary requests (bounded timeouts); the pod controller derives its watch client
   * from it without the read timeout, since a watch legitimately stays silent for long.
   */
  public static ApiClient create(Path kubeconfig) throws IOException {
    ApiClient client = builder(kubeconfig).build();
    client.setHttpClient(
        client
            .getHttpClient()
            .newBuilder()
            .readTimeout(Duration.ofSeconds(30))
            .connectTimeout(Duration.ofSeconds(10))
            .build());
    return client;
  }

  private static ClientBuilder builder(Path kubeconfig) throws IOException {
    if (kubeconfig == null) {
      return ClientBuilder.cluster();
    }
    try (Reader reader = Files.newBufferedReader(kubeconfig)) {
      KubeConfig config = KubeConfig.loadKubeConfig(reader);
      config.setFile(kubeconfig.toFile());
      return ClientBuilder.kubeconfig(config);
    }
  }
}

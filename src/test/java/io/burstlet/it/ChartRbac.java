package io.burstlet.it;

import com.marcnuri.helm.Helm;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import io.kubernetes.client.openapi.models.AuthenticationV1TokenRequest;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1TokenRequestSpec;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.Yaml;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The agent's identity exactly as the Helm chart grants it: renders the chart's ServiceAccount,
 * ClusterRole and binding, applies them, and hands out an API client that authenticates with that
 * ServiceAccount's token, so the tests prove the chart's RBAC is enough.
 */
public final class ChartRbac implements AutoCloseable {
  private final ApiClient admin;
  private final String namespace;
  private final String release;
  private V1ClusterRole role;
  private V1ClusterRoleBinding binding;
  private V1ServiceAccount serviceAccount;

  private ChartRbac(ApiClient admin, String namespace, String release) {
    this.admin = admin;
    this.namespace = namespace;
    this.release = release;
  }

  /** Renders the chart at {@code charts/burstlet} into {@code namespace} and applies its RBAC. */
  public static ChartRbac apply(ApiClient admin, String namespace) throws Exception {
    ChartRbac rbac = new ChartRbac(admin, namespace, "bl-" + TestCluster.uniqueSuffix());
    rbac.install();
    return rbac;
  }

  private void install() throws IOException, ApiException {
    String rendered =
        new Helm(Path.of("charts/burstlet"))
            .template()
            .withName(release)
            .withNamespace(namespace)
            .set("clusterName", release)
            .call();
    CoreV1Api core = new CoreV1Api(admin);
    RbacAuthorizationV1Api rbacApi = new RbacAuthorizationV1Api(admin);
    // Only the RBAC objects are read as models: the Kubernetes client has none for some kinds the
    // chart renders (a policy/v1beta1 PodDisruptionBudget, a ServiceMonitor).
    for (Object o : new org.yaml.snakeyaml.Yaml().loadAll(rendered)) {
      if (!(o instanceof Map<?, ?> object)) {
        continue;
      }
      String yaml = new org.yaml.snakeyaml.Yaml().dump(object);
      switch (String.valueOf(object.get("kind"))) {
        case "ServiceAccount" ->
            serviceAccount =
                core.createNamespacedServiceAccount(
                        namespace, Yaml.loadAs(yaml, V1ServiceAccount.class))
                    .execute();
        case "ClusterRole" ->
            role = rbacApi.createClusterRole(Yaml.loadAs(yaml, V1ClusterRole.class)).execute();
        case "ClusterRoleBinding" ->
            binding =
                rbacApi
                    .createClusterRoleBinding(Yaml.loadAs(yaml, V1ClusterRoleBinding.class))
                    .execute();
        default -> {}
      }
    }
    if (serviceAccount == null || role == null || binding == null) {
      throw new IllegalStateException(
          "the chart did not render a ServiceAccount, ClusterRole and binding");
    }
  }

  /** The name of the chart's ServiceAccount. */
  public String serviceAccountName() {
    return serviceAccount.getMetadata().getName();
  }

  /** The rendered ClusterRole. */
  public V1ClusterRole role() {
    return role;
  }

  /** A client that acts as the chart's ServiceAccount (a one-hour token from TokenRequest). */
  public ApiClient agentClient() throws ApiException {
    return new ClientBuilder()
        .setBasePath(TestCluster.server())
        .setCertificateAuthority(TestCluster.caCertificate())
        .setAuthentication(new AccessTokenAuthentication(token()))
        .build();
  }

  private String token() throws ApiException {
    return token(admin, namespace, serviceAccount.getMetadata().getName());
  }

  /** A one-hour token of a ServiceAccount, from the TokenRequest API. */
  static String token(ApiClient admin, String namespace, String serviceAccount)
      throws ApiException {
    AuthenticationV1TokenRequest request =
        new CoreV1Api(admin)
            .createNamespacedServiceAccountToken(
                serviceAccount,
                namespace,
                new AuthenticationV1TokenRequest()
                    .spec(new V1TokenRequestSpec().expirationSeconds(3600L).audiences(List.of())))
            .execute();
    return request.getStatus().getToken();
  }

  /** A kubeconfig file for an agent process that acts as the chart's ServiceAccount. */
  public Path writeKubeconfig(Path dir) throws ApiException, IOException {
    return writeKubeconfig(dir, token());
  }

  /**
   * A kubeconfig file for an agent process that acts as a ServiceAccount of an installed release (a
   * token from {@link #token(ApiClient, String, String)}).
   */
  static Path writeKubeconfig(Path dir, String token) throws IOException {
    Path ca = Files.write(dir.resolve("cluster-ca.crt"), TestCluster.caCertificate());
    Path kubeconfig = dir.resolve("agent.kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: plane, cluster: {server: "%s", certificate-authority: "%s"}}]
        users: [{name: agent, user: {token: "%s"}}]
        contexts: [{name: agent, context: {cluster: plane, user: agent}}]
        current-context: agent
        """
            .formatted(TestCluster.server(), ca, token));
    return kubeconfig;
  }

  @Override
  public void close() throws ApiException {
    RbacAuthorizationV1Api rbacApi = new RbacAuthorizationV1Api(admin);
    if (binding != null) {
      rbacApi.deleteClusterRoleBinding(binding.getMetadata().getName()).execute();
    }
    if (role != null) {
      rbacApi.deleteClusterRole(role.getMetadata().getName()).execute();
    }
  }
}

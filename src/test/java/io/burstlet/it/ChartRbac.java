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
            .call();
    List<Object> objects = Yaml.loadAll(rendered);
    CoreV1Api core = new CoreV1Api(admin);
    RbacAuthorizationV1Api rbacApi = new RbacAuthorizationV1Api(admin);
    for (Object o : objects) {
      if (o instanceof V1ServiceAccount sa) {
        serviceAccount = core.createNamespacedServiceAccount(namespace, sa).execute();
      } else if (o instanceof V1ClusterRole r) {
        role = rbacApi.createClusterRole(r).execute();
      } else if (o instanceof V1ClusterRoleBinding b) {
        binding = rbacApi.createClusterRoleBinding(b).execute();
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
    AuthenticationV1TokenRequest request =
        new CoreV1Api(admin)
            .createNamespacedServiceAccountToken(
                serviceAccount.getMetadata().getName(),
                namespace,
                new AuthenticationV1TokenRequest()
                    .spec(new V1TokenRequestSpec().expirationSeconds(3600L).audiences(List.of())))
            .execute();
    return request.getStatus().getToken();
  }

  /** A kubeconfig file for an agent process that acts as the chart's ServiceAccount. */
  public Path writeKubeconfig(Path dir) throws ApiException, IOException {
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
            .formatted(TestCluster.server(), ca, token()));
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

package io.burstlet.it;

import com.marcnuri.helm.Helm;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import io.kubernetes.client.openapi.models.AuthenticationV1TokenRequest;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1TokenRequestSpec;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.Yaml;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's identity exactly as the Helm chart grants it: renders the chart's ServiceAccount,
 * ClusterRole, Roles and bindings, applies them, and hands out an API client that authenticates
 * with that ServiceAccount's token, so the tests prove the chart's RBAC is enough. The rights on
 * nodes and Leases name the chart's virtual nodes, so the chart is rendered with the node names
 * (prefix, providers, zones) and namespaces of the agent's config under test.
 */
public final class ChartRbac implements AutoCloseable {
  private final ApiClient admin;
  private final String namespace;
  private final String release;
  private final List<V1Role> roles = new ArrayList<>();
  private final List<V1RoleBinding> roleBindings = new ArrayList<>();
  private V1ClusterRole role;
  private V1ClusterRoleBinding binding;
  private V1ServiceAccount serviceAccount;

  private ChartRbac(ApiClient admin, String namespace, String release) {
    this.admin = admin;
    this.namespace = namespace;
    this.release = release;
  }

  /** The chart with its default values, rendered into {@code namespace}, its RBAC applied. */
  /**
   * The chart rendered for an agent that runs {@code agentConfig} (its nodeNamePrefix, providers,
   * and pods.namespaces as watchNamespaces), its RBAC applied.
   */
  public static ChartRbac apply(ApiClient admin, String namespace, String agentConfig)
      throws Exception {
    return apply(admin, namespace, valuesOf(agentConfig));
  }

  /** The chart rendered with {@code values} over its defaults, its RBAC applied. */
  public static ChartRbac apply(ApiClient admin, String namespace, Map<String, Object> values)
      throws Exception {
    ChartRbac rbac = new ChartRbac(admin, namespace, "bl-" + TestCluster.uniqueSuffix());
    try {
      rbac.install(values);
    } catch (Exception e) {
      rbac.close();
      throw e;
    }
    return rbac;
  }

  /** The chart values that name the same nodes and namespaces as an agent config. */
  static Map<String, Object> valuesOf(String agentConfig) {
    Map<String, Object> config = new org.yaml.snakeyaml.Yaml().load(agentConfig);
    Map<String, Object> values = new LinkedHashMap<>();
    if (config.get("nodeNamePrefix") != null) {
      values.put("nodeNamePrefix", config.get("nodeNamePrefix"));
    }
    List<Map<String, Object>> providers = new ArrayList<>();
    for (Object p : (List<?>) config.get("providers")) {
      Map<String, Object> provider = new LinkedHashMap<>();
      ((Map<?, ?>) p).forEach((k, v) -> provider.put(String.valueOf(k), v));
      // The chart takes credentials from a Secret, not from its provider values.
      provider.remove("credentials");
      providers.add(provider);
    }
    values.put("providers", providers);
    if (config.get("pods") instanceof Map<?, ?> pods && pods.get("namespaces") != null) {
      values.put("watchNamespaces", pods.get("namespaces"));
    }
    return values;
  }

  private void install(Map<String, Object> values) throws IOException, ApiException {
    Map<String, Object> all = new LinkedHashMap<>(values);
    all.put("clusterName", release);
    Path file = Files.createTempFile("chart-rbac", ".yaml");
    String rendered;
    try {
      Files.writeString(file, new org.yaml.snakeyaml.Yaml().dump(all));
      rendered =
          new Helm(Path.of("charts/burstlet"))
              .template()
              .withName(release)
              .withNamespace(namespace)
              .withValuesFile(file)
              .call();
    } finally {
      Files.delete(file);
    }
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
        case "Role" -> {
          V1Role r = Yaml.loadAs(yaml, V1Role.class);
          roles.add(rbacApi.createNamespacedRole(r.getMetadata().getNamespace(), r).execute());
        }
        case "RoleBinding" -> {
          V1RoleBinding b = Yaml.loadAs(yaml, V1RoleBinding.class);
          roleBindings.add(
              rbacApi.createNamespacedRoleBinding(b.getMetadata().getNamespace(), b).execute());
        }
        default -> {}
      }
    }
    if (serviceAccount == null || role == null || binding == null || roles.isEmpty()) {
      throw new IllegalStateException(
          "the chart did not render a ServiceAccount, ClusterRole, Roles and bindings");
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

  /** The rendered Roles (kube-node-lease, kube-system and each watched namespace). */
  public List<V1Role> roles() {
    return List.copyOf(roles);
  }

  @Override
  public void close() throws ApiException {
    RbacAuthorizationV1Api rbacApi = new RbacAuthorizationV1Api(admin);
    for (V1RoleBinding b : roleBindings) {
      ignoreMissing(
          () ->
              rbacApi
                  .deleteNamespacedRoleBinding(
                      b.getMetadata().getName(), b.getMetadata().getNamespace())
                  .execute());
    }
    for (V1Role r : roles) {
      ignoreMissing(
          () ->
              rbacApi
                  .deleteNamespacedRole(r.getMetadata().getName(), r.getMetadata().getNamespace())
                  .execute());
    }
    if (binding != null) {
      ignoreMissing(
          () -> rbacApi.deleteClusterRoleBinding(binding.getMetadata().getName()).execute());
    }
    if (role != null) {
      ignoreMissing(() -> rbacApi.deleteClusterRole(role.getMetadata().getName()).execute());
    }
  }

  private interface Delete {
    void run() throws ApiException;
  }

  /** Deletes, unless it is gone already (a Role in a test namespace goes with the namespace). */
  private static void ignoreMissing(Delete delete) throws ApiException {
    try {
      delete.run();
    } catch (ApiException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }
}

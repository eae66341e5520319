package io.burstlet.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.cli.Agent;
import io.burstlet.cli.CloudProviders;
import io.burstlet.config.ConfigLoader;
import io.burstlet.emulator.PrivateRegistries;
import io.burstlet.pod.PodMetrics;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AuthorizationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1ResourceAttributes;
import io.kubernetes.client.openapi.models.V1SubjectAccessReview;
import io.kubernetes.client.openapi.models.V1SubjectAccessReviewSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The chart's RBAC is no broader than the agent needs, in both modes: the API server's own
 * authorizer answers (SubjectAccessReview) for the chart's ServiceAccount, what the agent does
 * allowed and what it must never do denied. That it is enough is shown by the whole-agent tests,
 * which run as this ServiceAccount, and here by an agent in namespace mode.
 *
 * <p>Cluster mode is a release with nodeNamePrefix {@code rbacit} (nodes rbacit-aci-1,
 * rbacit-eci-ap-northeast-1a/b); namespace mode one rendered from an agent config with prefix
 * {@code rbacns} (node rbacns-aci-1) and pods.namespaces A and B, as watchNamespaces. C is a
 * namespace outside them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChartRbacIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final ApiClient admin = TestCluster.admin();
  private final CoreV1Api core = new CoreV1Api(admin);
  private String ns;
  private String a;
  private String b;
  private String c;
  private ChartRbac clusterMode;
  private ChartRbac namespaceMode;
  private String namespaceModeConfig;

  @BeforeAll
  void apply() throws Exception {
    ns = TestCluster.createNamespace(admin, "rbac");
    a = TestCluster.createNamespace(admin, "rbac-a");
    b = TestCluster.createNamespace(admin, "rbac-b");
    c = TestCluster.createNamespace(admin, "rbac-c");
    clusterMode = ChartRbac.apply(admin, ns, Map.of("nodeNamePrefix", "rbacit"));
    namespaceModeConfig =
        """
        clusterName: rbacns
        nodeNamePrefix: rbacns
        nodeAddress: 127.0.0.1
        kubeletPort: %d
        metricsPort: 0
        pods: {statusSyncInterval: 500ms, namespaces: [%s, %s]}
        providers:
          - name: aci
            type: aci
            region: westeurope
            subscriptionId: 00000000-0000-0000-0000-000000000000
            resourceGroup: rbac-rg
            endpoint: embedded
            zones:
              - {zone: "1", subnetId: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aci}
        """
            .formatted(TestCluster.freePort(), a, b);
    namespaceMode = ChartRbac.apply(admin, ns, namespaceModeConfig);
  }

  @AfterAll
  void remove() throws Exception {
    for (ChartRbac rbac : new ChartRbac[] {clusterMode, namespaceMode}) {
      if (rbac != null) {
        rbac.close();
      }
    }
    for (String namespace : new String[] {ns, a, b, c}) {
      if (namespace != null) {
        TestCluster.deleteNamespace(admin, namespace);
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}/{2} in ''{3}'' named ''{4}'': {5}")
  @CsvSource({
    // What the agent does.
    "create, '', nodes, '', '', true",
    "get, '', nodes, '', rbacit-aci-1, true",
    "patch, '', nodes, '', rbacit-eci-ap-northeast-1a, true",
    "patch, '', nodes/status, '', rbacit-eci-ap-northeast-1b, true",
    "create, coordination.k8s.io, leases, kube-node-lease, '', true",
    "get, coordination.k8s.io, leases, kube-node-lease, rbacit-aci-1, true",
    "update, coordination.k8s.io, leases, kube-node-lease, rbacit-aci-1, true",
    "watch, '', pods, '', '', true",
    "list, '', pods, '', '', true",
    "patch, '', pods/status, team-a, web-1, true",
    "delete, '', pods, team-a, web-1, true",
    "get, '', secrets, team-a, app-secret, true",
    "get, '', configmaps, team-a, app-config, true",
    "get, '', serviceaccounts, team-a, default, true",
    "create, '', serviceaccounts/token, team-a, default, true",
    "create, '', events, team-a, '', true",
    "create, authentication.k8s.io, tokenreviews, '', '', true",
    "create, authorization.k8s.io, subjectaccessreviews, '', '', true",
    "get, '', configmaps, kube-system, extension-apiserver-authentication, true",
    // What it never does.
    "patch, '', nodes, '', worker-1, false",
    "get, '', nodes, '', worker-1, false",
    "patch, '', nodes/status, '', worker-1, false",
    "list, '', nodes, '', '', false",
    "delete, '', nodes, '', rbacit-aci-1, false",
    "update, '', nodes, '', rbacit-aci-1, false",
    "update, coordination.k8s.io, leases, kube-node-lease, worker-1, false",
    "delete, coordination.k8s.io, leases, kube-node-lease, rbacit-aci-1, false",
    "get, coordination.k8s.io, leases, kube-system, kube-controller-manager, false",
    "update, coordination.k8s.io, leases, kube-system, kube-controller-manager, false",
    "create, coordination.k8s.io, leases, kube-system, '', false",
    "list, '', secrets, team-a, '', false",
    "create, '', secrets, team-a, '', false",
    "create, '', pods, team-a, '', false",
    "update, '', pods, team-a, web-1, false",
    "get, '', serviceaccounts/token, team-a, default, false",
    "create, rbac.authorization.k8s.io, clusterrolebindings, '', '', false",
    "create, apps, deployments, team-a, '', false"
  })
  void clusterModeAllowsExactlyWhatTheAgentDoes(
      String verb, String group, String resource, String namespace, String name, boolean allowed)
      throws Exception {
    assertEquals(
        allowed, allowed(clusterMode, verb, group, resource, namespace, name), "cluster mode");
  }

  /** A and B are watchNamespaces, C is not. */
  @ParameterizedTest(name = "{0} {1}/{2} in ''{3}'' named ''{4}'': {5}")
  @CsvSource({
    // What the agent does, in the watched namespaces only.
    "create, '', nodes, '', '', true",
    "patch, '', nodes, '', rbacns-aci-1, true",
    "patch, '', nodes/status, '', rbacns-aci-1, true",
    "update, coordination.k8s.io, leases, kube-node-lease, rbacns-aci-1, true",
    "list, '', pods, A, '', true",
    "watch, '', pods, B, '', true",
    "patch, '', pods/status, A, web-1, true",
    "delete, '', pods, B, web-1, true",
    "get, '', secrets, A, app-secret, true",
    "get, '', configmaps, B, kube-root-ca.crt, true",
    "get, '', serviceaccounts, A, default, true",
    "create, '', serviceaccounts/token, B, default, true",
    "create, '', events, A, '', true",
    "create, authentication.k8s.io, tokenreviews, '', '', true",
    "create, authorization.k8s.io, subjectaccessreviews, '', '', true",
    "get, '', configmaps, kube-system, extension-apiserver-authentication, true",
    // Nothing outside them.
    "list, '', pods, '', '', false",
    "watch, '', pods, '', '', false",
    "list, '', pods, C, '', false",
    "patch, '', pods/status, C, web-1, false",
    "delete, '', pods, C, web-1, false",
    "get, '', secrets, C, app-secret, false",
    "get, '', secrets, kube-system, admin-token, false",
    "get, '', configmaps, C, app-config, false",
    "get, '', configmaps, kube-system, coredns, false",
    "create, '', serviceaccounts/token, C, default, false",
    "create, '', serviceaccounts/token, kube-system, clusterrole-aggregation-controller, false",
    "get, '', serviceaccounts, C, default, false",
    "create, '', events, C, '', false",
    "patch, '', nodes, '', worker-1, false",
    "patch, '', nodes, '', rbacit-aci-1, false",
    "patch, '', nodes, '', rbacns-eci-ap-northeast-1a, false",
    "update, coordination.k8s.io, leases, kube-system, kube-scheduler, false",
    "update, coordination.k8s.io, leases, kube-node-lease, worker-1, false",
    "list, '', secrets, A, '', false",
    "create, '', pods, A, '', false"
  })
  void namespaceModeAllowsThePodRightsOnlyInTheWatchedNamespaces(
      String verb, String group, String resource, String namespace, String name, boolean allowed)
      throws Exception {
    String real = Map.of("A", a, "B", b, "C", c).getOrDefault(namespace, namespace);
    assertEquals(
        allowed, allowed(namespaceMode, verb, group, resource, real, name), "namespace mode");
  }

  /**
   * An agent with the namespace-mode identity serves a pod in a watched namespace and never sees
   * one in another namespace bound to its node: that pod stays Pending, untouched, with no Event,
   * and the agent makes no call it is refused.
   */
  @Test
  void anAgentInNamespaceModeServesOnlyPodsOfTheWatchedNamespaces() throws Exception {
    String node = "rbacns-aci-1";
    try (CloudProviders clouds =
            new CloudProviders(new CloudProviders.EmbeddedClouds(PrivateRegistries.none()));
        Agent agent =
            new Agent(
                ConfigLoader.parse(namespaceModeConfig, Map.of()),
                namespaceMode.agentClient(),
                clouds,
                PodMetrics.NOOP)) {
      agent.start();
      assertTrue(agent.awaitReady(WAIT), "agent ready");
      core.createNamespacedPod(c, pod("outside", node)).execute();
      core.createNamespacedPod(a, pod("inside", node)).execute();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertEquals(
                      "Succeeded",
                      core.readNamespacedPod("inside", a).execute().getStatus().getPhase()));
      V1Pod outside = core.readNamespacedPod("outside", c).execute();
      assertEquals("Pending", outside.getStatus().getPhase());
      assertNull(outside.getStatus().getHostIP(), "never touched by the agent");
      assertEquals(List.of(), core.listNamespacedEvent(c).execute().getItems());
    } finally {
      for (String namespace : List.of(a, c)) {
        try {
          core.deleteNamespacedPod(namespace.equals(a) ? "inside" : "outside", namespace)
              .gracePeriodSeconds(0)
              .execute();
        } catch (ApiException e) {
          // Not created.
        }
      }
      try {
        core.deleteNode(node).execute();
      } catch (ApiException e) {
        // Not registered.
      }
    }
  }

  private static V1Pod pod(String name, String node) {
    return Manifests.pod(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s}
        spec:
          nodeName: %s
          restartPolicy: Never
          tolerations: [{key: virtual-kubelet.io/provider, operator: Exists}]
          containers:
            - name: app
              image: busybox:1.36
              command: ["/bin/sh", "-c", "echo served; exit 0"]
        """
            .formatted(name, node));
  }

  private boolean allowed(
      ChartRbac rbac, String verb, String group, String resource, String namespace, String name)
      throws ApiException {
    String[] parts = resource.split("/");
    V1ResourceAttributes attributes =
        new V1ResourceAttributes()
            .verb(verb)
            .group(group)
            .resource(parts[0])
            .subresource(parts.length > 1 ? parts[1] : null)
            .namespace(namespace.isEmpty() ? null : namespace)
            .name(name.isEmpty() ? null : name);
    V1SubjectAccessReview review =
        new AuthorizationV1Api(admin)
            .createSubjectAccessReview(
                new V1SubjectAccessReview()
                    .spec(
                        new V1SubjectAccessReviewSpec()
                            .user("system:serviceaccount:" + ns + ":" + rbac.serviceAccountName())
                            .groups(List.of("system:serviceaccounts", "system:authenticated"))
                            .resourceAttributes(attributes)))
            .execute();
    return review.getStatus().getAllowed();
  }
}

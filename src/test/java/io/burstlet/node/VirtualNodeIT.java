package io.burstlet.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.cli.Agent;
import io.burstlet.config.BurstletConfig;
import io.burstlet.config.ConfigLoader;
import io.burstlet.it.ChartRbac;
import io.burstlet.it.ScriptedProvider;
import io.burstlet.it.TestCluster;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Taint;
import io.kubernetes.client.openapi.models.V1Toleration;
import io.kubernetes.client.util.PatchUtils;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Virtual nodes on the real control plane, with the agent authenticated as the Helm chart's
 * ServiceAccount: registration, labels and taints, Lease heartbeats, scheduling by the real
 * scheduler, a taint (never NotReady) on cloud failure, Unknown on agent stop, adoption on restart
 * and registration again after deletion.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VirtualNodeIT {
  private static final List<String> NODES =
      List.of("vnit-eci-ap-northeast-1a", "vnit-eci-ap-northeast-1b", "vnit-aci-1");

  private static final int KUBELET_PORT = TestCluster.freePort();
  private static final String CONFIG =
      """
      clusterName: vnit
      nodeNamePrefix: vnit
      kubeletPort: %d
      nodeAddress: 127.0.0.1
      metricsPort: 0
      node: {healthCheckInterval: 1s, unreachableAfterFailures: 3}
      providers:
        - name: eci
          type: eci
          region: ap-northeast-1
          endpoint: embedded
          securityGroupId: sg-demo
          labels: {it.burstlet.io/suite: vnit}
          zones:
            - {zone: ap-northeast-1a, vSwitchId: vsw-first}
            - {zone: ap-northeast-1b, vSwitchId: vsw-second}
          capacity: {cpu: "1000", memory: 4Ti, pods: "1000"}
        - name: aci
          type: aci
          region: japaneast
          subscriptionId: 00000000-0000-0000-0000-000000000000
          resourceGroup: burst-rg
          endpoint: embedded
          labels: {team: burst, it.burstlet.io/suite: vnit}
          zones:
            - {zone: "1", subnetId: /subscriptions/0000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aksvirtualsubnet}
      """
          .formatted(KUBELET_PORT);

  private final ApiClient admin = TestCluster.admin();
  private final CoreV1Api core = new CoreV1Api(admin);
  private final AtomicBoolean healthy = new AtomicBoolean(true);
  private final BurstletConfig config = ConfigLoader.parse(CONFIG, Map.of());
  private String namespace;
  private ChartRbac rbac;
  private Agent agent;

  @BeforeAll
  void startAgent() throws Exception {
    deleteNodes();
    namespace = TestCluster.createNamespace(admin, "nodes");
    rbac = ChartRbac.apply(admin, namespace, CONFIG);
    agent = startAgentProcess();
  }

  @AfterAll
  void stop() throws Exception {
    if (agent != null) {
      agent.close();
    }
    if (namespace != null) {
      TestCluster.deleteNamespace(admin, namespace);
    }
    if (rbac != null) {
      rbac.close();
    }
    deleteNodes();
  }

  private Agent startAgentProcess() throws Exception {
    Agent a = new Agent(config, rbac.agentClient(), ScriptedProvider.factory(healthy));
    a.start();
    assertTrue(a.awaitReady(Duration.ofSeconds(30)), "nodes registered");
    return a;
  }

  @Test
  void everyZoneHasAReadyNodeWithLabelsTaintAndCapacity() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> NODES.forEach(n -> assertEquals("True", ready(node(n)))));

    V1Node eci = node("vnit-eci-ap-northeast-1b");
    Map<String, String> labels = eci.getMetadata().getLabels();
    assertEquals("virtual-kubelet", labels.get("type"));
    assertEquals("agent", labels.get("kubernetes.io/role"));
    assertEquals("linux", labels.get("kubernetes.io/os"));
    assertEquals("amd64", labels.get("kubernetes.io/arch"));
    assertEquals("vnit-eci-ap-northeast-1b", labels.get("kubernetes.io/hostname"));
    assertEquals("ap-northeast-1b", labels.get("topology.kubernetes.io/zone"));
    assertEquals("ap-northeast-1", labels.get("topology.kubernetes.io/region"));
    assertEquals("eci", labels.get("burstlet.io/provider"));
    assertEquals("true", labels.get("node.kubernetes.io/exclude-from-external-load-balancers"));
    assertTrue(
        eci.getSpec().getTaints().stream()
            .anyMatch(
                t ->
                    t.getKey().equals("virtual-kubelet.io/provider")
                        && t.getValue().equals("alibabacloud")
                        && t.getEffect().equals("NoSchedule")));
    assertEquals(1000, eci.getStatus().getAllocatable().get("cpu").getNumber().intValueExact());
    assertEquals(1000, eci.getStatus().getCapacity().get("pods").getNumber().intValueExact());
    assertEquals(
        4L << 40, eci.getStatus().getCapacity().get("memory").getNumber().longValueExact());
    assertEquals(KUBELET_PORT, eci.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort());
    assertTrue(eci.getStatus().getNodeInfo().getKubeletVersion().startsWith("v1.20.2-burstlet-"));
    assertEquals(
        List.of("InternalIP=127.0.0.1"),
        eci.getStatus().getAddresses().stream()
            .map(a -> a.getType() + "=" + a.getAddress())
            .toList());
    List<String> types =
        eci.getStatus().getConditions().stream().map(V1NodeCondition::getType).sorted().toList();
    assertEquals(
        List.of(
            "CloudReachable",
            "DiskPressure",
            "MemoryPressure",
            "NetworkUnavailable",
            "PIDPressure",
            "Ready"),
        types);

    V1Node aci = node("vnit-aci-1");
    assertEquals("burst", aci.getMetadata().getLabels().get("team"));
    assertEquals("japaneast", aci.getMetadata().getLabels().get("topology.kubernetes.io/region"));
    assertTrue(
        aci.getSpec().getTaints().stream()
            .anyMatch(
                t ->
                    t.getKey().equals("virtual-kubelet.io/provider")
                        && t.getValue().equals("azure")));
  }

  @Test
  void leaseIsOwnedByTheNodeAndRenewed() throws Exception {
    CoordinationV1Api coordination = new CoordinationV1Api(admin);
    V1Lease first = coordination.readNamespacedLease("vnit-aci-1", "kube-node-lease").execute();
    assertEquals(40, first.getSpec().getLeaseDurationSeconds());
    assertEquals("Node", first.getMetadata().getOwnerReferences().get(0).getKind());
    assertEquals(
        node("vnit-aci-1").getMetadata().getUid(),
        first.getMetadata().getOwnerReferences().get(0).getUid());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertTrue(
                    coordination
                        .readNamespacedLease("vnit-aci-1", "kube-node-lease")
                        .execute()
                        .getSpec()
                        .getRenewTime()
                        .isAfter(first.getSpec().getRenewTime())));
  }

  @Test
  void schedulerBindsTolerantPodsAndLeavesOthersPending() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> NODES.forEach(n -> assertEquals("True", ready(node(n)))));
    V1Pod tolerant = pod("tolerant", true);
    V1Pod intolerant = pod("intolerant", false);
    core.createNamespacedPod(namespace, tolerant).execute();
    core.createNamespacedPod(namespace, intolerant).execute();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertTrue(NODES.contains(readPod("tolerant").getSpec().getNodeName())));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              V1Pod pod = readPod("intolerant");
              assertEquals(null, pod.getSpec().getNodeName());
              Optional<V1PodCondition> scheduled =
                  pod.getStatus().getConditions() == null
                      ? Optional.empty()
                      : pod.getStatus().getConditions().stream()
                          .filter(c -> c.getType().equals("PodScheduled"))
                          .findFirst();
              assertTrue(scheduled.isPresent());
              assertEquals("False", scheduled.get().getStatus());
              assertEquals("Unschedulable", scheduled.get().getReason());
            });
    for (String name : List.of("tolerant", "intolerant")) {
      core.deleteNamespacedPod(name, namespace).gracePeriodSeconds(0).execute();
    }
  }

  @Test
  void failingHealthChecksTaintTheNodeButKeepItReady() throws Exception {
    String name = "vnit-aci-1";
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertEquals("True", condition(node(name), "CloudReachable")));
    healthy.set(false);
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                V1Node node = node(name);
                V1NodeCondition cloud = readCondition(node, "CloudReachable");
                assertEquals("False", cloud.getStatus());
                assertEquals("CloudUnreachable", cloud.getReason());
                assertTrue(cloud.getMessage().contains("scripted cloud is down"));
                assertTrue(hasUnreachableTaint(node), "tainted NoSchedule");
                // Never NotReady: that would let Kubernetes evict pods still running in the cloud.
                assertEquals("True", ready(node));
              });
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertTrue(hasEvent(name, "CloudUnreachable")));
    } finally {
      healthy.set(true);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              V1Node node = node(name);
              assertEquals("True", condition(node, "CloudReachable"));
              assertFalse(hasUnreachableTaint(node), "taint removed");
              assertTrue(
                  node.getSpec().getTaints().stream()
                      .anyMatch(t -> t.getKey().equals("virtual-kubelet.io/provider")),
                  "the provider taint stays");
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertTrue(hasEvent(name, "CloudReachable")));
  }

  private static boolean hasUnreachableTaint(V1Node node) {
    return node.getSpec().getTaints() != null
        && node.getSpec().getTaints().stream()
            .anyMatch(
                t ->
                    t.getKey().equals("burstlet.io/cloud-unreachable")
                        && t.getEffect().equals("NoSchedule"));
  }

  @Test
  void restartAdoptsTheSameNodeAndKeepsOthersLabelsAndTaints() throws Exception {
    String name = "vnit-eci-ap-northeast-1a";
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertEquals("True", ready(node(name))));
    String uid = node(name).getMetadata().getUid();
    String patch =
        "{\"metadata\":{\"labels\":{\"ops.example.com/owner\":\"sre\"}},"
            + "\"spec\":{\"taints\":"
            + taintsJsonWith(node(name), "ops.example.com/maintenance", "PreferNoSchedule")
            + "}}";
    PatchUtils.patch(
        V1Node.class,
        () -> core.patchNode(name, new V1Patch(patch)).buildCall(null),
        V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
        admin);

    agent.close();
    agent = null;
    // The node lifecycle controller marks a node Unknown once its Lease expires.
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(() -> assertEquals("Unknown", ready(node(name))));

    // An earlier version also advertised a Hostname address, which the API server would prefer.
    PatchUtils.patch(
        V1Node.class,
        () ->
            core.patchNodeStatus(
                    name,
                    new V1Patch(
                        "{\"status\":{\"addresses\":[{\"type\":\"Hostname\",\"address\":\""
                            + name
                            + "\"}]}}"))
                .buildCall(null),
        V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
        admin);

    agent = startAgentProcess();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertEquals("True", ready(node(name))));
    V1Node adopted = node(name);
    assertEquals(uid, adopted.getMetadata().getUid());
    assertEquals(
        List.of("InternalIP=127.0.0.1"),
        adopted.getStatus().getAddresses().stream()
            .map(a -> a.getType() + "=" + a.getAddress())
            .toList(),
        "only the InternalIP, whatever the Node had");
    assertEquals("sre", adopted.getMetadata().getLabels().get("ops.example.com/owner"));
    assertTrue(
        adopted.getSpec().getTaints().stream()
            .anyMatch(t -> t.getKey().equals("ops.example.com/maintenance")));
    assertTrue(
        adopted.getSpec().getTaints().stream()
            .anyMatch(t -> t.getKey().equals("virtual-kubelet.io/provider")));
  }

  @Test
  void aDeletedNodeComesBackReadyWithItsLeaseWithinOneStatusInterval() throws Exception {
    String name = "vnit-eci-ap-northeast-1b";
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertEquals("True", ready(node(name))));
    String deletedUid = node(name).getMetadata().getUid();

    core.deleteNode(name).execute();

    CoordinationV1Api coordination = new CoordinationV1Api(admin);
    // As a kubelet would: a new Node (new UID) with our labels and taint, and a Lease it owns.
    await()
        .atMost(config.node().statusRefreshInterval())
        // The Lease is briefly missing between the garbage collector and the next renewal.
        .ignoreExceptionsInstanceOf(ApiException.class)
        .untilAsserted(
            () -> {
              V1Node back = node(name);
              assertNotEquals(deletedUid, back.getMetadata().getUid());
              assertEquals("True", ready(back));
              assertEquals("vnit", back.getMetadata().getLabels().get("it.burstlet.io/suite"));
              assertTrue(
                  back.getSpec().getTaints().stream()
                      .anyMatch(t -> t.getKey().equals("virtual-kubelet.io/provider")));
              V1Lease lease = coordination.readNamespacedLease(name, "kube-node-lease").execute();
              assertEquals(
                  back.getMetadata().getUid(),
                  lease.getMetadata().getOwnerReferences().get(0).getUid());
            });
  }

  private String taintsJsonWith(V1Node node, String key, String effect) {
    List<V1Taint> taints = new java.util.ArrayList<>(node.getSpec().getTaints());
    taints.add(new V1Taint().key(key).value("true").effect(effect));
    return new io.kubernetes.client.openapi.JSON().serialize(taints);
  }

  private V1Pod pod(String name, boolean tolerate) {
    V1PodSpec spec =
        new V1PodSpec()
            .nodeSelector(Map.of("type", "virtual-kubelet", "it.burstlet.io/suite", "vnit"))
            .containers(List.of(new V1Container().name("app").image("nginx")))
            // client-java initialises overhead to an empty map, which the API server rejects
            // without a RuntimeClass.
            .overhead(null);
    if (tolerate) {
      spec.tolerations(
          List.of(new V1Toleration().key("virtual-kubelet.io/provider").operator("Exists")));
    }
    return new V1Pod().metadata(new V1ObjectMeta().name(name)).spec(spec);
  }

  private V1Pod readPod(String name) throws ApiException {
    return core.readNamespacedPod(name, namespace).execute();
  }

  private boolean hasEvent(String node, String reason) throws ApiException {
    return core.listNamespacedEvent("default").execute().getItems().stream()
        .anyMatch(
            e ->
                "Node".equals(e.getInvolvedObject().getKind())
                    && node.equals(e.getInvolvedObject().getName())
                    && reason.equals(e.getReason()));
  }

  private V1Node node(String name) {
    try {
      return core.readNode(name).execute();
    } catch (ApiException e) {
      throw new AssertionError("node " + name + ": HTTP " + e.getCode(), e);
    }
  }

  private static V1NodeCondition readCondition(V1Node node, String type) {
    assertNotNull(node.getStatus().getConditions(), "conditions");
    return node.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }

  private static String condition(V1Node node, String type) {
    return readCondition(node, type).getStatus();
  }

  private static String ready(V1Node node) {
    return condition(node, "Ready");
  }

  private void deleteNodes() {
    for (String n : NODES) {
      try {
        core.deleteNode(n).execute();
      } catch (ApiException e) {
        if (e.getCode() != 404) {
          throw new IllegalStateException("cannot delete node " + n, e);
        }
      }
    }
  }
}

package io.burstlet.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.emulator.aci.AciEmulator;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.util.PatchUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent process killed (SIGKILL) in the middle of a 50-pod scale-up and started again: every
 * pod ends with exactly one container group and no group is left without its pod. The emulator runs
 * in the test, so the cloud outlives the agent as a real one would.
 */
class AciCrashRecoveryIT {
  private static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
  private static final String RESOURCE_GROUP = "crash-rg";
  private static final String NODE = "crash-aci-1";
  private static final int REPLICAS = 50;
  private static final Duration WAIT = Duration.ofMinutes(3);

  @TempDir Path dir;
  private final ApiClient admin = TestCluster.admin();
  private final CoreV1Api core = new CoreV1Api(admin);
  private final AppsV1Api apps = new AppsV1Api(admin);
  private AciEmulator emulator;
  private ChartRbac rbac;
  private String ns;
  private AgentProcess agent;

  @BeforeEach
  void setUp() throws Exception {
    emulator =
        AciEmulator.builder()
            .pending(Duration.ofMillis(500))
            .creating(Duration.ofSeconds(1))
            .build()
            .start();
    ns = TestCluster.createNamespace(admin, "crash");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (agent != null) {
      agent.close();
    }
    if (ns != null) {
      for (V1Pod pod : core.listNamespacedPod(ns).execute().getItems()) {
        core.deleteNamespacedPod(pod.getMetadata().getName(), ns).gracePeriodSeconds(0).execute();
      }
      TestCluster.deleteNamespace(admin, ns);
    }
    if (rbac != null) {
      rbac.close();
    }
    try {
      core.deleteNode(NODE).execute();
    } catch (ApiException e) {
      // Already gone.
    }
    emulator.close();
  }

  @Test
  void aCrashMidScaleUpNeitherDuplicatesNorLosesGroups() throws Exception {
    Path config = writeConfig();
    rbac = ChartRbac.apply(admin, ns, Files.readString(config));
    Path kubeconfig = rbac.writeKubeconfig(dir);
    agent = AgentProcess.start(config, kubeconfig, dir);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertEquals("True", readyStatus(), "node Ready; agent log:\n" + agent.output()));

    apps.createNamespacedDeployment(ns, deployment()).execute();
    await().atMost(WAIT).until(() -> emulator.faults().calls("PUT containerGroups") >= 10);
    agent.kill();
    long putsAtCrash = emulator.faults().calls("PUT containerGroups");
    assertTrue(putsAtCrash < REPLICAS, "the crash came mid scale-up (" + putsAtCrash + " PUTs)");

    agent = AgentProcess.start(config, kubeconfig, dir);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<V1Pod> pods = pods();
              assertEquals(REPLICAS, pods.size());
              assertTrue(
                  pods.stream().allMatch(p -> "Running".equals(p.getStatus().getPhase())),
                  "all Running; agent log tail:\n" + tail(agent.output()));
            });
    Set<String> expected =
        pods().stream()
            .map(p -> "bl-" + p.getMetadata().getUid().replace("-", ""))
            .collect(Collectors.toCollection(TreeSet::new));
    List<String> groups = arm().groupNames(SUBSCRIPTION, RESOURCE_GROUP);
    assertEquals(REPLICAS, groups.size(), "exactly one group per pod");
    assertEquals(expected, new TreeSet<>(groups), "every group belongs to a live pod");

    scale(0);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertEquals(List.of(), pods());
              assertEquals(List.of(), arm().groupNames(SUBSCRIPTION, RESOURCE_GROUP));
            });
  }

  private Path writeConfig() throws Exception {
    Path ca = Files.writeString(dir.resolve("aci-emulator.pem"), emulator.certificatePem());
    return Files.writeString(
        dir.resolve("config.yaml"),
        """
        clusterName: crash
        nodeNamePrefix: crash
        nodeAddress: 127.0.0.1
        kubeletPort: %d
        metricsPort: 0
        node: {healthCheckInterval: 2s}
        pods: {statusSyncInterval: 1s, gcInterval: 5s, orphanGracePeriod: 10s, workers: 8}
        providers:
          - name: aci
            type: aci
            region: westeurope
            subscriptionId: %s
            resourceGroup: %s
            endpoint: %s
            caFile: %s
            labels: {it.burstlet.io/suite: crash}
            zones: [{zone: "1"}]
        """
            .formatted(
                TestCluster.freePort(), SUBSCRIPTION, RESOURCE_GROUP, emulator.baseUri(), ca));
  }

  private V1Deployment deployment() {
    return Manifests.deployment(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: burst}
        spec:
          replicas: %d
          selector: {matchLabels: {app: burst}}
          template:
            metadata: {labels: {app: burst}}
            spec:
              nodeSelector: {type: virtual-kubelet, it.burstlet.io/suite: crash}
              tolerations: [{key: virtual-kubelet.io/provider, operator: Exists}]
              containers:
                - name: app
                  image: busybox:1.36
                  command: ["/bin/sh", "-c", "sleep 3600"]
                  resources: {requests: {cpu: 100m, memory: 128Mi}}
        """
            .formatted(REPLICAS));
  }

  private ArmClient arm() {
    return new ArmClient(emulator.baseUri(), emulator.certificatePem());
  }

  private List<V1Pod> pods() throws ApiException {
    return core.listNamespacedPod(ns).labelSelector("app=burst").execute().getItems();
  }

  private String readyStatus() throws ApiException {
    try {
      return core.readNode(NODE).execute().getStatus().getConditions().stream()
          .filter(c -> c.getType().equals("Ready"))
          .findFirst()
          .map(c -> c.getStatus())
          .orElse("");
    } catch (ApiException e) {
      return "absent";
    }
  }

  private void scale(int replicas) throws ApiException {
    String patch = "{\"spec\":{\"replicas\":" + replicas + "}}";
    PatchUtils.patch(
        V1Deployment.class,
        () -> apps.patchNamespacedDeployment("burst", ns, new V1Patch(patch)).buildCall(null),
        V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
        admin);
  }

  private static String tail(String log) {
    return log.lines()
        .skip(Math.max(0, log.lines().count() - 30))
        .collect(Collectors.joining("\n"));
  }
}

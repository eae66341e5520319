package io.burstlet.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.cli.Agent;
import io.burstlet.cli.CloudProviders;
import io.burstlet.config.ConfigLoader;
import io.burstlet.emulator.PrivateRegistries;
import io.burstlet.emulator.aci.AciEmulator;
import io.burstlet.pod.PodMetrics;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.AuthenticationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1TokenReview;
import io.kubernetes.client.openapi.models.V1TokenReviewSpec;
import io.kubernetes.client.util.PatchUtils;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole agent on the real control plane with its embedded ACI emulator, running as the Helm
 * chart's ServiceAccount: the AKS virtual-node example end to end, exit codes, refused pods and
 * {@code kubectl logs}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AciAgentIT {
  private static final String NODE = "ait-aci-1";
  private static final String REGISTRY = "myregistry.azurecr.io";
  private static final String REGISTRY_PASSWORD = "s3cr3t:with:colons";
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final ApiClient admin = TestCluster.admin();
  private final CoreV1Api core = new CoreV1Api(admin);
  private final AppsV1Api apps = new AppsV1Api(admin);
  private CloudProviders clouds;
  private Agent agent;
  private ChartRbac rbac;
  private String ns;

  @BeforeAll
  void start() throws Exception {
    ns = TestCluster.createNamespace(admin, "aci-agent");
    String config =
        """
        clusterName: ait
        nodeNamePrefix: ait
        nodeAddress: 127.0.0.1
        kubeletPort: %d
        metricsPort: 0
        node: {healthCheckInterval: 2s}
        pods: {statusSyncInterval: 500ms, gcInterval: 2s, orphanGracePeriod: 3s}
        providers:
          - name: aci
            type: aci
            region: westeurope
            subscriptionId: 00000000-0000-0000-0000-000000000000
            resourceGroup: burst-rg
            endpoint: embedded
            labels: {it.burstlet.io/suite: ait}
            zones:
              - {zone: "1", subnetId: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aci}
        """
            .formatted(TestCluster.freePort());
    rbac = ChartRbac.apply(admin, ns, config);
    clouds =
        new CloudProviders(
            new CloudProviders.EmbeddedClouds(
                PrivateRegistries.none().with(REGISTRY, "aciuser", REGISTRY_PASSWORD)));
    agent =
        new Agent(
            ConfigLoader.parse(config, Map.of()), rbac.agentClient(), clouds, PodMetrics.NOOP);
    agent.start();
    assertTrue(agent.awaitReady(WAIT), "agent ready");
    createPullSecret();
  }

  @AfterAll
  void stop() throws Exception {
    if (ns != null) {
      // While the agent still runs it deletes the groups and finishes the pods' deletion.
      TestCluster.deleteNamespace(admin, ns);
      await().atMost(WAIT).until(() -> core.listNamespacedPod(ns).execute().getItems().isEmpty());
    }
    if (agent != null) {
      agent.close();
    }
    if (clouds != null) {
      clouds.close();
    }
    if (rbac != null) {
      rbac.close();
    }
    try {
      core.deleteNode(NODE).execute();
    } catch (ApiException e) {
      // Already gone.
    }
  }

  private AciEmulator emulator() {
    return clouds.embeddedAci("aci").orElseThrow();
  }

  @Test
  void theAksVirtualNodeExampleRunsScalesAndCleansUp() throws Exception {
    core.createNamespacedSecret(
            ns,
            new V1Secret()
                .metadata(new V1ObjectMeta().name("app-secret"))
                .stringData(Map.of("password", "hunter2-not-for-logs")))
        .execute();
    apps.createNamespacedDeployment(
            ns,
            Manifests.deployment(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: aci-helloworld}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: aci-helloworld}}
                  template:
                    metadata: {labels: {app: aci-helloworld}}
                    spec:
                      containers:
                        - name: aci-helloworld
                          image: myregistry.azurecr.io/aci-helloworld:v1
                          ports: [{containerPort: 80}]
                          env:
                            - name: DB_PASSWORD
                              valueFrom: {secretKeyRef: {name: app-secret, key: password}}
                          readinessProbe:
                            httpGet: {path: /, port: 80}
                            periodSeconds: 1
                      imagePullSecrets: [{name: regcred}]
                      nodeSelector: {type: virtual-kubelet, it.burstlet.io/suite: ait}
                      tolerations:
                        - {key: virtual-kubelet.io/provider, operator: Exists}
                """))
        .execute();
    await().atMost(WAIT).untilAsserted(() -> assertRunningWithIp(appPods(), 1));

    scale(3);
    await().atMost(WAIT).untilAsserted(() -> assertRunningWithIp(appPods(), 3));
    List<String> groups = new java.util.ArrayList<>();
    for (V1Pod pod : appPods()) {
      assertEquals(NODE, pod.getSpec().getNodeName());
      assertEquals("127.0.0.1", pod.getStatus().getHostIP());
      String group = "bl-" + pod.getMetadata().getUid().replace("-", "");
      assertTrue(emulator().exists("burst-rg", group), "one group per pod, named from its UID");
      groups.add(group);
    }

    scale(0);
    await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(), appPods()));
    // No pod is left Terminating, and no container group is left running (and billed).
    for (String group : groups) {
      assertFalse(emulator().exists("burst-rg", group), group + " deleted with its pod");
    }
  }

  @Test
  void exitCodesEndThePodWithTheRightPhase() throws Exception {
    core.createNamespacedPod(ns, Manifests.pod(onePod("exit-3", "echo failing; exit 3"))).execute();
    core.createNamespacedPod(ns, Manifests.pod(onePod("exit-0", "echo done; exit 0"))).execute();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              V1Pod failed = core.readNamespacedPod("exit-3", ns).execute();
              assertEquals("Failed", failed.getStatus().getPhase());
              assertEquals(
                  3,
                  failed
                      .getStatus()
                      .getContainerStatuses()
                      .get(0)
                      .getState()
                      .getTerminated()
                      .getExitCode());
            });
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              V1Pod done = core.readNamespacedPod("exit-0", ns).execute();
              assertEquals("Succeeded", done.getStatus().getPhase());
              assertEquals(
                  0,
                  done.getStatus()
                      .getContainerStatuses()
                      .get(0)
                      .getState()
                      .getTerminated()
                      .getExitCode());
            });
  }

  @Test
  void aFailingReadinessProbeKeepsThePodRunningButNotReady() throws Exception {
    core.createNamespacedPod(
            ns,
            Manifests.pod(
                """
                apiVersion: v1
                kind: Pod
                metadata: {name: never-ready}
                spec:
                  nodeSelector: {type: virtual-kubelet, it.burstlet.io/suite: ait}
                  tolerations: [{key: virtual-kubelet.io/provider, operator: Exists}]
                  containers:
                    - name: app
                      image: busybox:1.36
                      command: ["/bin/sh", "-c", "sleep 3600"]
                      readinessProbe:
                        exec: {command: ["/bin/sh", "-c", "exit 1"]}
                        periodSeconds: 1
                """))
        .execute();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertEquals(
                    "Running",
                    core.readNamespacedPod("never-ready", ns).execute().getStatus().getPhase()));
    // Many probe periods later it is still running and still not Ready.
    await()
        .during(Duration.ofSeconds(6))
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              V1Pod pod = core.readNamespacedPod("never-ready", ns).execute();
              assertEquals("Running", pod.getStatus().getPhase());
              assertTrue(
                  pod.getStatus().getConditions().stream()
                      .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("False")));
              assertFalse(pod.getStatus().getContainerStatuses().get(0).getReady());
            });
  }

  @Test
  void kubectlLogsReachTheContainerThroughTheKubeletApi() throws Exception {
    core.createNamespacedPod(ns, Manifests.pod(onePod("talker", "echo hello from aci; sleep 3600")))
        .execute();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertEquals(
                    "Running",
                    core.readNamespacedPod("talker", ns).execute().getStatus().getPhase()));
    // The API server proxies this to the node's kubelet endpoint with its client certificate.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertTrue(
                    core.readNamespacedPodLog("talker", ns)
                        .container("app")
                        .execute()
                        .contains("hello from aci")));
  }

  @Test
  void theMountedServiceAccountTokenAuthenticatesAgainstTheApiServer() throws Exception {
    core.createNamespacedPod(ns, Manifests.pod(onePod("api-caller", "sleep 3600"))).execute();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertEquals(
                    "Running",
                    core.readNamespacedPod("api-caller", ns).execute().getStatus().getPhase()));
    V1Pod pod = core.readNamespacedPod("api-caller", ns).execute();
    String volume =
        pod.getSpec().getVolumes().stream()
            .map(v -> v.getName())
            .filter(n -> n.startsWith("kube-api-access-"))
            .findFirst()
            .orElseThrow();
    Map<String, String> files =
        emulator()
            .secretVolumeFiles(
                "burst-rg", "bl-" + pod.getMetadata().getUid().replace("-", ""), volume)
            .orElseThrow();
    assertEquals(ns, files.get("namespace"));
    assertTrue(files.get("ca.crt").startsWith("-----BEGIN CERTIFICATE-----"));
    V1TokenReview review =
        new AuthenticationV1Api(admin)
            .createTokenReview(
                new V1TokenReview().spec(new V1TokenReviewSpec().token(files.get("token"))))
            .execute();
    assertTrue(
        review.getStatus().getAuthenticated(), String.valueOf(review.getStatus().getError()));
    assertEquals(
        "system:serviceaccount:" + ns + ":default", review.getStatus().getUser().getUsername());
  }

  @Test
  void anUnsupportedPodFailsOnceWithAWarningEvent() throws Exception {
    long putsBefore = emulator().faults().calls("PUT containerGroups");
    core.createNamespacedPod(
            ns,
            Manifests.pod(
                """
                apiVersion: v1
                kind: Pod
                metadata: {name: host-network}
                spec:
                  hostNetwork: true
                  restartPolicy: Never
                  nodeName: %s
                  containers: [{name: app, image: nginx:1.27}]
                """
                    .formatted(NODE)))
        .execute();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              V1Pod pod = core.readNamespacedPod("host-network", ns).execute();
              assertEquals("Failed", pod.getStatus().getPhase());
              assertEquals("Unsupported", pod.getStatus().getReason());
              assertTrue(
                  pod.getStatus().getMessage().contains("hostNetwork"),
                  pod.getStatus().getMessage());
            });
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertTrue(
                    core.listNamespacedEvent(ns).execute().getItems().stream()
                        .anyMatch(
                            e ->
                                "host-network".equals(e.getInvolvedObject().getName())
                                    && "Warning".equals(e.getType()))));
    assertEquals(
        putsBefore, emulator().faults().calls("PUT containerGroups"), "never sent to the cloud");
  }

  private String onePod(String name, String script) {
    return """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s}
        spec:
          restartPolicy: Never
          nodeSelector: {type: virtual-kubelet, it.burstlet.io/suite: ait}
          tolerations: [{key: virtual-kubelet.io/provider, operator: Exists}]
          containers:
            - name: app
              image: busybox:1.36
              command: ["/bin/sh", "-c", "%s"]
        """
        .formatted(name, script);
  }

  private void createPullSecret() throws ApiException {
    String auth =
        Base64.getEncoder()
            .encodeToString(("aciuser:" + REGISTRY_PASSWORD).getBytes(StandardCharsets.UTF_8));
    // An auth-only entry, as `kubectl create secret docker-registry` writes besides user/password.
    String dockerConfig = "{\"auths\":{\"" + REGISTRY + "\":{\"auth\":\"" + auth + "\"}}}";
    core.createNamespacedSecret(
            ns,
            new V1Secret()
                .metadata(new V1ObjectMeta().name("regcred"))
                .type("kubernetes.io/dockerconfigjson")
                .data(Map.of(".dockerconfigjson", dockerConfig.getBytes(StandardCharsets.UTF_8))))
        .execute();
  }

  private List<V1Pod> appPods() throws ApiException {
    return core.listNamespacedPod(ns).labelSelector("app=aci-helloworld").execute().getItems();
  }

  private void scale(int replicas) throws ApiException {
    String patch = "{\"spec\":{\"replicas\":" + replicas + "}}";
    PatchUtils.patch(
        io.kubernetes.client.openapi.models.V1Deployment.class,
        () ->
            apps.patchNamespacedDeployment("aci-helloworld", ns, new V1Patch(patch))
                .buildCall(null),
        V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
        admin);
  }

  private static void assertRunningWithIp(List<V1Pod> pods, int expected) {
    assertEquals(expected, pods.size());
    for (V1Pod pod : pods) {
      assertEquals("Running", pod.getStatus().getPhase(), pod.getMetadata().getName());
      assertNotNull(pod.getStatus().getPodIP(), "pod IP");
      assertFalse(pod.getStatus().getPodIP().isEmpty());
      V1ContainerStatus status = pod.getStatus().getContainerStatuses().get(0);
      assertNotNull(status.getState().getRunning(), "container running");
      assertTrue(
          pod.getStatus().getConditions().stream()
              .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")),
          "Ready once the readiness probe passes");
    }
  }
}

package io.burstlet.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.cli.Agent;
import io.burstlet.cli.CloudProviders;
import io.burstlet.config.ConfigLoader;
import io.burstlet.emulator.PrivateRegistries;
import io.burstlet.emulator.eci.EciEmulator;
import io.burstlet.pod.PodMetrics;
import io.burstlet.provider.eci.ContainerGroup;
import io.burstlet.provider.eci.DescribeContainerGroupsRequest;
import io.burstlet.provider.eci.EciEndpoint;
import io.burstlet.provider.eci.EciTag;
import io.burstlet.provider.eci.TeaEciClient;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ContainerStateWaiting;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole agent on the real control plane with a two-zone ECI emulator (one vSwitch per zone), as
 * the chart's ServiceAccount: spreading over zones, spot reclaim, registry credentials, and a
 * wrongly signed provider.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EciAgentIT {
  private static final String REGION = "ap-northeast-1";
  private static final String ZONE_A = "ap-northeast-1a";
  private static final String ZONE_B = "ap-northeast-1b";
  private static final String KEY_ID = "LTAI5tBurstletTest";
  private static final String KEY_SECRET = "eci-test-secret-do-not-log";
  private static final String REGISTRY = "registry.example.com";
  private static final String REGISTRY_PASSWORD = "pull:pass:word";
  private static final Duration WAIT = Duration.ofSeconds(90);

  private final ApiClient admin = TestCluster.admin();
  private final CoreV1Api core = new CoreV1Api(admin);
  private final AppsV1Api apps = new AppsV1Api(admin);
  private Path dir;
  private EciEmulator emulator;
  private TeaEciClient eci;
  private CloudProviders clouds;
  private Agent agent;
  private ChartRbac rbac;
  private String ns;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("eci-agent-it");
    emulator =
        EciEmulator.builder()
            .https(true)
            .region(REGION)
            .accessKey(KEY_ID, KEY_SECRET)
            .zone(ZONE_A, List.of("vsw-first"))
            .zone(ZONE_B, List.of("vsw-second"))
            .privateRegistries(PrivateRegistries.none().with(REGISTRY, "puller", REGISTRY_PASSWORD))
            .build()
            .start();
    Path ca = Files.writeString(dir.resolve("eci.pem"), emulator.certificatePem());
    Path id = Files.writeString(dir.resolve("key-id"), KEY_ID);
    Path secret = Files.writeString(dir.resolve("key-secret"), KEY_SECRET);
    Path wrong = Files.writeString(dir.resolve("wrong-secret"), "not-the-secret");
    eci =
        new TeaEciClient(
            EciEndpoint.parse(emulator.baseUri().toString(), ca.toString()),
            REGION,
            KEY_ID,
            KEY_SECRET,
            Duration.ofSeconds(10));

    ns = TestCluster.createNamespace(admin, "eci-agent");
    String config =
        """
        clusterName: eit
        nodeNamePrefix: eit
        nodeAddress: 127.0.0.1
        kubeletPort: %d
        metricsPort: 0
        node: {healthCheckInterval: 1s}
        pods: {statusSyncInterval: 500ms, gcInterval: 2s, orphanGracePeriod: 3s}
        providers:
          - name: eci
            type: eci
            region: %s
            endpoint: %s
            caFile: %s
            securityGroupId: sg-demo
            credentials: {accessKeyIdFile: %s, accessKeySecretFile: %s}
            labels: {it.burstlet.io/suite: eit}
            zones:
              - {zone: %s, vSwitchId: vsw-first}
              - {zone: %s, vSwitchId: vsw-second}
          - name: badkey
            type: eci
            region: %s
            endpoint: %s
            caFile: %s
            securityGroupId: sg-demo
            credentials: {accessKeyIdFile: %s, accessKeySecretFile: %s}
            labels: {it.burstlet.io/suite: eit}
            zones:
              - {zone: %s, vSwitchId: vsw-first}
        """
            .formatted(
                TestCluster.freePort(),
                REGION,
                emulator.baseUri(),
                ca,
                id,
                secret,
                ZONE_A,
                ZONE_B,
                REGION,
                emulator.baseUri(),
                ca,
                id,
                wrong,
                ZONE_A);
    rbac = ChartRbac.apply(admin, ns, config);
    clouds = new CloudProviders();
    agent =
        new Agent(
            ConfigLoader.parse(config, Map.of()), rbac.agentClient(), clouds, PodMetrics.NOOP);
    agent.start();
    assertTrue(agent.awaitReady(WAIT), "agent ready");
  }

  @AfterAll
  void stop() throws Exception {
    if (ns != null) {
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
    for (String node : List.of("eit-eci-" + ZONE_A, "eit-eci-" + ZONE_B, "eit-badkey-" + ZONE_A)) {
      try {
        core.deleteNode(node).execute();
      } catch (ApiException e) {
        // Already gone.
      }
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  @Test
  void aSpreadDeploymentLandsTwoPodsPerZoneInThatZonesVSwitch() throws Exception {
    apps.createNamespacedDeployment(
            ns,
            Manifests.deployment(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: spread}
                spec:
                  replicas: 4
                  selector: {matchLabels: {app: spread}}
                  template:
                    metadata: {labels: {app: spread}}
                    spec:
                      nodeSelector: {type: virtual-kubelet, burstlet.io/provider: eci, it.burstlet.io/suite: eit}
                      tolerations: [{key: virtual-kubelet.io/provider, operator: Exists}]
                      affinity:
                        nodeAffinity:
                          requiredDuringSchedulingIgnoredDuringExecution:
                            nodeSelectorTerms:
                              - matchExpressions:
                                  - {key: kubernetes.io/hostname, operator: In, values: [eit-eci-%s, eit-eci-%s]}
                      topologySpreadConstraints:
                        - maxSkew: 1
                          topologyKey: topology.kubernetes.io/zone
                          whenUnsatisfiable: DoNotSchedule
                          labelSelector: {matchLabels: {app: spread}}
                      containers:
                        - name: web
                          image: nginx:1.27
                          resources: {requests: {cpu: 250m, memory: 512Mi}}
                """
                    .formatted(ZONE_A, ZONE_B)))
        .execute();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<V1Pod> pods = pods("app=spread");
              assertEquals(4, pods.size());
              assertTrue(pods.stream().allMatch(p -> "Running".equals(p.getStatus().getPhase())));
            });
    Map<String, Long> perNode =
        pods("app=spread").stream()
            .collect(Collectors.groupingBy(p -> p.getSpec().getNodeName(), Collectors.counting()));
    assertEquals(Map.of("eit-eci-" + ZONE_A, 2L, "eit-eci-" + ZONE_B, 2L), perNode);
    for (V1Pod pod : pods("app=spread")) {
      ContainerGroup group = groupOf(pod);
      String zone = pod.getSpec().getNodeName().substring("eit-eci-".length());
      assertEquals(zone, group.zoneId());
      assertEquals(zone.equals(ZONE_A) ? "vsw-first" : "vsw-second", group.vSwitchId());
      assertEquals("sg-demo", group.securityGroupId());
      assertEquals(group.intranetIp(), pod.getStatus().getPodIP());
    }
  }

  @Test
  void aReclaimedSpotPodFailsAndItsDeploymentReplacesIt() throws Exception {
    apps.createNamespacedDeployment(
            ns,
            Manifests.deployment(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: spot}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: spot}}
                  template:
                    metadata:
                      labels: {app: spot}
                      annotations: {k8s.aliyun.com/eci-spot-strategy: SpotAsPriceGo}
                    spec:
                      nodeSelector: {type: virtual-kubelet, burstlet.io/provider: eci, it.burstlet.io/suite: eit}
                      tolerations: [{key: virtual-kubelet.io/provider, operator: Exists}]
                      affinity:
                        nodeAffinity:
                          requiredDuringSchedulingIgnoredDuringExecution:
                            nodeSelectorTerms:
                              - matchExpressions:
                                  - {key: kubernetes.io/hostname, operator: In, values: [eit-eci-%s, eit-eci-%s]}
                      containers: [{name: worker, image: busybox:1.36, command: [sleep, "3600"]}]
                """
                    .formatted(ZONE_A, ZONE_B)))
        .execute();
    await().atMost(WAIT).until(() -> running("app=spot").size() == 1);
    V1Pod first = running("app=spot").get(0);
    emulator.expire(groupOf(first).containerGroupId());

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              V1Pod reclaimed = core.readNamespacedPod(first.getMetadata().getName(), ns).execute();
              assertEquals("Failed", reclaimed.getStatus().getPhase());
              assertEquals("Expired", reclaimed.getStatus().getReason());
            });
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<V1Pod> live = running("app=spot");
              assertEquals(1, live.size());
              assertNotEquals(first.getMetadata().getUid(), live.get(0).getMetadata().getUid());
            });
  }

  @Test
  void authOnlyRegistryCredentialsPullAndMissingOnesShowThePullFailure() throws Exception {
    String auth =
        Base64.getEncoder()
            .encodeToString(("puller:" + REGISTRY_PASSWORD).getBytes(StandardCharsets.UTF_8));
    core.createNamespacedSecret(
            ns,
            new V1Secret()
                .metadata(new V1ObjectMeta().name("regcred"))
                .type("kubernetes.io/dockerconfigjson")
                .data(
                    Map.of(
                        ".dockerconfigjson",
                        ("{\"auths\":{\"" + REGISTRY + "\":{\"auth\":\"" + auth + "\"}}}")
                            .getBytes(StandardCharsets.UTF_8))))
        .execute();
    core.createNamespacedPod(ns, Manifests.pod(privatePod("with-creds", true))).execute();
    core.createNamespacedPod(ns, Manifests.pod(privatePod("without-creds", false))).execute();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertEquals(
                    "Running",
                    core.readNamespacedPod("with-creds", ns).execute().getStatus().getPhase()));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              V1Pod pod = core.readNamespacedPod("without-creds", ns).execute();
              assertNotNull(pod.getStatus().getContainerStatuses(), "container statuses");
              V1ContainerStateWaiting waiting =
                  pod.getStatus().getContainerStatuses().get(0).getState().getWaiting();
              assertNotNull(waiting, "the container waits for its image");
              assertTrue(
                  List.of("ErrImagePull", "ImagePullBackOff").contains(waiting.getReason()),
                  waiting.getReason());
            });
  }

  @Test
  void aProviderWithAWronglySigningKeyKeepsItsNodeReadyButTaintedUnreachable() throws Exception {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              V1Node node = core.readNode("eit-badkey-" + ZONE_A).execute();
              // Ready: the agent is alive, and NotReady would make Kubernetes evict running pods.
              assertEquals("True", condition(node, "Ready").getStatus());
              V1NodeCondition cloud = condition(node, "CloudReachable");
              assertEquals("False", cloud.getStatus());
              assertTrue(cloud.getMessage().contains("SignatureDoesNotMatch"), cloud.getMessage());
              assertTrue(!cloud.getMessage().contains(KEY_SECRET));
              assertTrue(
                  node.getSpec().getTaints().stream()
                      .anyMatch(
                          t ->
                              t.getKey().equals("burstlet.io/cloud-unreachable")
                                  && t.getEffect().equals("NoSchedule")),
                  String.valueOf(node.getSpec().getTaints()));
            });
    assertTrue(emulator.calls("DescribeContainerGroups") > 0);
  }

  private static V1NodeCondition condition(V1Node node, String type) {
    return node.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }

  private String privatePod(String name, boolean withCredentials) {
    return """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s}
        spec:
          nodeName: eit-eci-%s
          %s
          containers: [{name: app, image: %s/team/app:1.0}]
        """
        .formatted(
            name, ZONE_A, withCredentials ? "imagePullSecrets: [{name: regcred}]" : "", REGISTRY);
  }

  private ContainerGroup groupOf(V1Pod pod) throws Exception {
    List<ContainerGroup> groups =
        eci.describeContainerGroups(
                new DescribeContainerGroupsRequest(
                    REGION,
                    null,
                    List.of(),
                    null,
                    List.of(new EciTag("burstlet.io/pod-uid", pod.getMetadata().getUid())),
                    null,
                    null))
            .containerGroups();
    assertEquals(1, groups.size(), "one group for " + pod.getMetadata().getName());
    return groups.get(0);
  }

  private List<V1Pod> pods(String selector) throws ApiException {
    return core.listNamespacedPod(ns).labelSelector(selector).execute().getItems();
  }

  private List<V1Pod> running(String selector) throws ApiException {
    return pods(selector).stream().filter(p -> "Running".equals(p.getStatus().getPhase())).toList();
  }
}

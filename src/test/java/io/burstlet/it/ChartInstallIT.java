package io.burstlet.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.burstlet.chart.DashboardMetrics;
import io.burstlet.config.BurstletConfig;
import io.burstlet.config.ConfigLoader;
import io.burstlet.config.ProviderConfig;
import io.burstlet.config.ZoneConfig;
import io.kubernetes.client.Discovery;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1HTTPGetAction;
import io.kubernetes.client.openapi.models.V1KeyToPath;
import io.kubernetes.client.openapi.models.V1ManagedFieldsEntry;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Taint;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code helm install} of {@code charts/burstlet} on the real 1.20 control plane, then the agent
 * run exactly as the chart runs it.
 *
 * <p>The release gets a fresh namespace, a unique release name, clusterName and nodeNamePrefix,
 * free kubelet and metrics ports, the chart's default providers (both built-in emulators, each with
 * an extra node label naming the run) and the Grafana dashboard turned on; the test checks that
 * helm deployed it and that every object of the release's manifest exists, the PodDisruptionBudget
 * as policy/v1beta1 (the only version 1.20 serves).
 *
 * <p>The plane has no kubelet, so the Deployment's pod itself never runs. The test runs its
 * container the way the kubelet would, from what is in the cluster: the command is the image's
 * entry point ({@code java -jar burstlet.jar}, here {@code target/burstlet.jar}) with the
 * container's args; the environment is exactly the container's env; every volume becomes a
 * directory (a configMap or secret volume holds its keys as files, as read back from the cluster;
 * an emptyDir is empty) and every path under a volume mount in args and env points into it. What a
 * pod gets from its surroundings is stood in for and nothing else: fieldRef {@code status.podIP} is
 * 127.0.0.1 (the process listens there), {@code metadata.name} and {@code metadata.namespace} are
 * the Deployment pod's; the in-cluster ServiceAccount token mount is replaced by {@code
 * --kubeconfig} with a token of the chart's ServiceAccount (TokenRequest, as {@link ChartRbac}
 * does); the container's memory limit becomes {@code -XX:MaxRAM}, which the image's {@code
 * MaxRAMPercentage} applies to as it would to the cgroup limit. The process runs as the test's
 * user, without the pod's security context. Probes are the container's probes, sent to 127.0.0.1.
 *
 * <p>The values also make the Deployment's pod tolerate every taint and select one of the release's
 * own virtual nodes, so that only the chart's node affinity keeps the scheduler from binding the
 * agent's pod to a virtual node; a pod without that affinity is bound there.
 *
 * <p>Cleanup stops the process, uninstalls the release, deletes the namespace and the release's own
 * Nodes by name (their Leases go with them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChartInstallIT {
  private static final Path CHART = Path.of("charts/burstlet");
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String POD_IP = "127.0.0.1";
  private static final String RUN_LABEL = "chart-it.burstlet.io/run";

  private final ApiClient admin = TestCluster.admin();
  private final CoreV1Api core = new CoreV1Api(admin);
  private final AppsV1Api apps = new AppsV1Api(admin);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String suffix = TestCluster.uniqueSuffix();
  private final String release = "bl-" + suffix;
  private final String prefix = "chart-" + suffix;
  private final String pinnedNode = prefix + "-eci-ap-northeast-1a";
  private final int kubeletPort = TestCluster.freePort();
  private final int metricsPort = otherFreePort(kubeletPort);

  private Path dir;
  private String ns;
  private Release installed;
  private BurstletConfig config;
  private List<String> nodes = List.of();
  private V1Container container;
  private Process agent;
  private Path agentLog;

  @BeforeAll
  void installAndRunTheAgent() throws Exception {
    dir = Files.createTempDirectory("chart-install-it");
    ns = TestCluster.createNamespace(admin, "chart");
    installed =
        new Helm(CHART)
            .install()
            .withName(release)
            .withNamespace(ns)
            .withKubeConfig(TestCluster.kubeconfig())
            .withValuesFile(writeValues())
            .call();
    startAgentAsTheKubeletWould();
  }

  @AfterAll
  void cleanUp() throws Exception {
    if (agent != null) {
      agent.destroy();
      if (!agent.waitFor(30, TimeUnit.SECONDS)) {
        agent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
    try {
      Helm.uninstall(release)
          .withNamespace(ns)
          .withKubeConfig(TestCluster.kubeconfig())
          .ignoreNotFound()
          .call();
    } finally {
      if (ns != null) {
        TestCluster.deleteNamespace(admin, ns);
      }
      for (String node : nodes) {
        try {
          core.deleteNode(node).execute();
        } catch (ApiException e) {
          if (e.getCode() != 404) {
            throw e;
          }
        }
      }
      // The agent's output is in any failure message; the token in here is of a deleted account.
      if (dir != null) {
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
    }
  }

  /** The chart's defaults, with what makes this release unique and pins its pod (see above). */
  private Path writeValues() throws IOException {
    org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml();
    Map<String, Object> defaults = yaml.load(Files.readString(CHART.resolve("values.yaml")));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> providers = (List<Map<String, Object>>) defaults.get("providers");
    for (Map<String, Object> provider : providers) {
      provider.put("labels", Map.of(RUN_LABEL, suffix));
    }
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("clusterName", "it-" + suffix);
    values.put("nodeNamePrefix", prefix);
    values.put("kubeletPort", kubeletPort);
    values.put("metricsPort", metricsPort);
    values.put("providers", providers);
    values.put("grafanaDashboard", Map.of("enabled", true));
    values.put("tolerations", List.of(Map.of("operator", "Exists")));
    values.put("nodeSelector", Map.of("kubernetes.io/hostname", pinnedNode));
    return Files.writeString(dir.resolve("values.yaml"), yaml.dump(values));
  }

  @Test
  void theReleaseIsDeployedAndEveryObjectItRenderedExists() throws Exception {
    assertEquals("deployed", installed.getStatus());
    List<Map<String, Object>> manifest = releaseManifest();
    Map<String, String> kinds = new TreeMap<>();
    manifest.forEach(o -> kinds.put((String) o.get("kind"), (String) o.get("apiVersion")));
    assertEquals(
        Set.of(
            "ServiceAccount",
            "ConfigMap",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Service",
            "Deployment",
            "PodDisruptionBudget",
            "NetworkPolicy"),
        kinds.keySet());
    assertEquals(
        13,
        manifest.size(),
        "two ConfigMaps (config, dashboard), two Roles and RoleBindings (node Leases, client CA),"
            + " one of each other kind");
    // The node Leases' Role lives in kube-node-lease, the client CA's in kube-system.
    Map<String, String> roleNamespaces = new TreeMap<>();
    for (Map<String, Object> object : manifest) {
      if (List.of("Role", "RoleBinding").contains(object.get("kind"))) {
        Map<?, ?> metadata = (Map<?, ?>) object.get("metadata");
        roleNamespaces.put(
            object.get("kind") + "/" + metadata.get("name"), (String) metadata.get("namespace"));
      }
    }
    assertEquals(
        Map.of(
            "Role/" + release + "-burstlet-node-lease", "kube-node-lease",
            "RoleBinding/" + release + "-burstlet-node-lease", "kube-node-lease",
            "Role/" + release + "-burstlet-client-ca", "kube-system",
            "RoleBinding/" + release + "-burstlet-client-ca", "kube-system"),
        roleNamespaces);

    Set<Discovery.APIResource> resources = new Discovery(admin).findAll();
    for (Map<String, Object> object : manifest) {
      String apiVersion = (String) object.get("apiVersion");
      String kind = (String) object.get("kind");
      Map<?, ?> metadata = (Map<?, ?>) object.get("metadata");
      String name = (String) metadata.get("name");
      String group = apiVersion.contains("/") ? apiVersion.split("/")[0] : "";
      String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
      Discovery.APIResource resource =
          resources.stream()
              .filter(r -> r.getKind().equals(kind) && r.getGroup().equals(group))
              .filter(r -> r.getVersions().contains(version))
              .findFirst()
              .orElseThrow(() -> new AssertionError("the plane does not serve " + apiVersion));
      DynamicKubernetesApi api =
          new DynamicKubernetesApi(group, version, resource.getResourcePlural(), admin);
      String namespace = (String) metadata.get("namespace");
      KubernetesApiResponse<DynamicKubernetesObject> live =
          resource.getNamespaced() ? api.get(namespace, name) : api.get(name);
      assertTrue(live.isSuccess(), kind + " " + name + ": " + live.getHttpStatusCode());
      if (resource.getNamespaced() && !kind.startsWith("Role")) {
        assertEquals(ns, namespace, kind + " " + name);
      }
      assertEquals(
          release, live.getObject().getMetadata().getLabels().get("app.kubernetes.io/instance"));
    }

    // On 1.20 the PodDisruptionBudget is policy/v1beta1, and helm wrote it as such.
    assertFalse(
        resources.stream()
            .anyMatch(r -> r.getGroup().equals("policy") && r.getVersions().contains("v1")),
        "a 1.20 plane serves no policy/v1");
    assertEquals("policy/v1beta1", kinds.get("PodDisruptionBudget"));
    DynamicKubernetesObject pdb =
        new DynamicKubernetesApi("policy", "v1beta1", "poddisruptionbudgets", admin)
            .get(ns, release + "-burstlet")
            .throwsApiException()
            .getObject();
    List<V1ManagedFieldsEntry> writes =
        pdb.getMetadata().getManagedFields().stream()
            .filter(w -> !"kube-controller-manager".equals(w.getManager()))
            .toList();
    assertFalse(writes.isEmpty(), "helm's write is recorded");
    assertTrue(
        writes.stream().allMatch(w -> "policy/v1beta1".equals(w.getApiVersion())),
        "written as policy/v1beta1: " + writes);
    assertEquals(
        1, pdb.getRaw().getAsJsonObject("spec").get("maxUnavailable").getAsInt(), "spec kept");
  }

  @Test
  void theAgentRunAsTheChartRunsItRegistersReadyNodesWithTheConfiguredLabelsAndTaint()
      throws Exception {
    Map<String, String> clouds = Map.of("aci", "azure", "eci", "alibabacloud");
    await("virtual nodes Ready")
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              assertAgentAlive();
              for (ProviderConfig provider : config.providers()) {
                for (ZoneConfig zone : provider.zones()) {
                  V1Node node = node(config.nodeName(provider, zone.zone()));
                  assertNotNull(node, config.nodeName(provider, zone.zone()));
                  assertEquals("True", ready(node), node.getMetadata().getName());
                  Map<String, String> labels = node.getMetadata().getLabels();
                  assertEquals("virtual-kubelet", labels.get("type"));
                  assertEquals(zone.zone(), labels.get("topology.kubernetes.io/zone"));
                  assertEquals(provider.region(), labels.get("topology.kubernetes.io/region"));
                  assertEquals(provider.type(), labels.get("burstlet.io/provider"));
                  assertEquals(suffix, labels.get(RUN_LABEL));
                  V1Taint taint =
                      new V1Taint()
                          .key("virtual-kubelet.io/provider")
                          .value(clouds.get(provider.type()))
                          .effect("NoSchedule");
                  assertTrue(
                      node.getSpec().getTaints().contains(taint),
                      node.getSpec().getTaints().toString());
                  // The pod IP the chart passes, as the only address: the API server's kubelet
                  // client would otherwise try the unresolvable node name first.
                  assertEquals(
                      List.of("InternalIP=" + POD_IP),
                      node.getStatus().getAddresses().stream()
                          .map(a -> a.getType() + "=" + a.getAddress())
                          .toList());
                  assertEquals(
                      kubeletPort,
                      node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort());
                }
              }
            });
    assertEquals(3, nodes.size());
    await("readiness probe")
        .atMost(WAIT)
        .untilAsserted(() -> assertEquals(200, probe(container.getReadinessProbe().getHttpGet())));
    assertEquals(200, probe(container.getLivenessProbe().getHttpGet()));
  }

  @Test
  void theAgentsMetricsServeEverySeriesTheDashboardReads() throws Exception {
    await("metrics")
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertAgentAlive();
              assertEquals(200, status(metricsPort, "/metrics"));
            });
    Map<String, String> families = new HashMap<>();
    Matcher type =
        Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$").matcher(get(metricsPort, "/metrics").body());
    while (type.find()) {
      families.put(type.group(1), type.group(2));
    }
    Map<String, List<String>> suffixes =
        Map.of(
            "counter", List.of(""), // text format 0.0.4 names a counter family with its _total
            "histogram", List.of("_bucket", "_count", "_sum"),
            "summary", List.of("_count", "_sum", ""),
            "gauge", List.of(""),
            "untyped", List.of(""));
    Set<String> missing = new TreeSet<>();
    for (String series : DashboardMetrics.read()) {
      boolean served =
          families.entrySet().stream()
              .anyMatch(
                  f ->
                      suffixes.getOrDefault(f.getValue(), List.of("")).stream()
                          .anyMatch(s -> series.equals(f.getKey() + s)));
      if (!served) {
        missing.add(series);
      }
    }
    assertTrue(missing.isEmpty(), "the agent does not serve " + missing);
  }

  @Test
  void theAgentsOwnPodIsNeverBoundToAVirtualNode() throws Exception {
    await("the release's nodes Ready")
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              assertAgentAlive();
              V1Node node = node(pinnedNode);
              assertNotNull(node);
              assertEquals("True", ready(node));
              assertTrue(
                  node.getSpec().getTaints().stream()
                      .noneMatch(t -> t.getKey().startsWith("node.kubernetes.io/")),
                  "no lifecycle taints left");
            });
    // A fresh pod of the Deployment, scheduled while the pinned node is Ready and tolerated.
    String selector = "app.kubernetes.io/instance=" + release;
    for (V1Pod pod : core.listNamespacedPod(ns).labelSelector(selector).execute().getItems()) {
      core.deleteNamespacedPod(pod.getMetadata().getName(), ns).execute();
    }
    await("an unschedulable agent pod")
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<V1Pod> pods = unboundAgentPods(selector);
              assertEquals(1, pods.size());
              V1Pod pod = pods.get(0);
              assertNull(pod.getMetadata().getDeletionTimestamp());
              V1PodCondition scheduled = condition(pod, "PodScheduled");
              assertNotNull(scheduled, "not looked at by the scheduler yet");
              assertEquals("False", scheduled.getStatus());
              assertEquals("Unschedulable", scheduled.getReason());
            });
    await("still unbound")
        .during(Duration.ofSeconds(10))
        .atMost(Duration.ofSeconds(30))
        .until(() -> !unboundAgentPods(selector).isEmpty());

    // The same placement without the chart's affinity lands on the virtual node and runs there.
    V1PodSpec agentPod =
        apps.readNamespacedDeployment(release + "-burstlet", ns)
            .execute()
            .getSpec()
            .getTemplate()
            .getSpec();
    V1Pod control =
        Manifests.pod(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: without-affinity}
            spec:
              containers: [{name: worker, image: busybox:1.36, command: [sleep, "3600"]}]
            """);
    control
        .getSpec()
        .nodeSelector(agentPod.getNodeSelector())
        .tolerations(agentPod.getTolerations());
    core.createNamespacedPod(ns, control).execute();
    try {
      await("the pod without the affinity runs on " + pinnedNode)
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                assertAgentAlive();
                V1Pod pod = core.readNamespacedPod("without-affinity", ns).execute();
                assertEquals(pinnedNode, pod.getSpec().getNodeName());
                assertEquals("Running", pod.getStatus().getPhase());
              });
    } finally {
      core.deleteNamespacedPod("without-affinity", ns).execute();
      await("the agent finishes the deletion")
          .atMost(WAIT)
          .until(
              () ->
                  core.listNamespacedPod(ns)
                      .fieldSelector("metadata.name=without-affinity")
                      .execute()
                      .getItems()
                      .isEmpty());
    }
  }

  /**
   * The Deployment's pods, none bound. A bound one means the affinity failed: that stops the test
   * at once (not an assertion error, which Awaitility would retry), before the ReplicaSet replaces
   * the pod the agent refuses over and over.
   */
  private List<V1Pod> unboundAgentPods(String selector) throws ApiException {
    List<V1Pod> pods = core.listNamespacedPod(ns).labelSelector(selector).execute().getItems();
    for (V1Pod pod : pods) {
      if (pod.getSpec().getNodeName() != null) {
        throw new IllegalStateException(
            "the agent's pod "
                + pod.getMetadata().getName()
                + " was bound to "
                + pod.getSpec().getNodeName());
      }
    }
    return pods;
  }

  /** The release's manifest as helm stored it (its release Secret: base64 of gzipped JSON). */
  private List<Map<String, Object>> releaseManifest() throws Exception {
    V1Secret stored =
        core.readNamespacedSecret("sh.helm.release.v1." + release + ".v1", ns).execute();
    byte[] gzipped = Base64.getDecoder().decode(stored.getData().get("release"));
    String json;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String manifest = JsonParser.parseString(json).getAsJsonObject().get("manifest").getAsString();
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object o : new org.yaml.snakeyaml.Yaml().loadAll(manifest)) {
      if (o != null) {
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) o;
        objects.add(object);
      }
    }
    return objects;
  }

  /** Runs the Deployment's container, read back from the cluster, as described above. */
  private void startAgentAsTheKubeletWould() throws Exception {
    V1Deployment deployment = apps.readNamespacedDeployment(release + "-burstlet", ns).execute();
    V1PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertEquals(1, pod.getContainers().size());
    container = pod.getContainers().get(0);
    assertTrue(
        container.getCommand() == null || container.getCommand().isEmpty(),
        "the image's entry point runs");

    Map<String, Path> mounts = new TreeMap<>(Comparator.reverseOrder());
    for (V1VolumeMount mount : container.getVolumeMounts()) {
      V1Volume volume =
          pod.getVolumes().stream()
              .filter(v -> v.getName().equals(mount.getName()))
              .findFirst()
              .orElseThrow();
      mounts.put(mount.getMountPath(), materialize(volume));
    }
    BurstletConfig loaded = null;
    for (Map.Entry<String, Path> mount : mounts.entrySet()) {
      Path file = mount.getValue().resolve("config.yaml");
      if (Files.exists(file)) {
        loaded = ConfigLoader.parse(Files.readString(file), Map.of("POD_IP", POD_IP));
      }
    }
    assertNotNull(loaded, "a config.yaml among the volumes");
    config = loaded;
    List<String> names = new ArrayList<>();
    config
        .providers()
        .forEach(p -> p.zones().forEach(z -> names.add(config.nodeName(p, z.zone()))));
    nodes = List.copyOf(names);
    assertTrue(nodes.stream().allMatch(n -> n.startsWith(prefix + "-")), nodes.toString());

    String podName = podName();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Quantity memoryLimit = container.getResources().getLimits().get("memory");
    command.add("-XX:MaxRAM=" + memoryLimit.getNumber().longValueExact());
    command.add("-jar");
    command.add(System.getProperty("burstlet.jar", "target/burstlet.jar"));
    for (String arg : container.getArgs()) {
      command.add(inVolumes(arg, mounts));
    }
    String serviceAccount = pod.getServiceAccountName();
    command.add("--kubeconfig");
    command.add(
        ChartRbac.writeKubeconfig(
                Files.createDirectories(dir.resolve("identity")),
                ChartRbac.token(admin, ns, serviceAccount))
            .toString());

    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> env = builder.environment();
    env.clear();
    for (V1EnvVar var : container.getEnv()) {
      env.put(var.getName(), envValue(var, podName, mounts));
    }
    agentLog = dir.resolve("agent.log");
    agent = builder.redirectErrorStream(true).redirectOutput(agentLog.toFile()).start();
  }

  private Path materialize(V1Volume volume) throws ApiException, IOException {
    Path root = Files.createDirectories(dir.resolve("volumes").resolve(volume.getName()));
    if (volume.getEmptyDir() != null) {
      return root;
    }
    Map<String, byte[]> data = new TreeMap<>();
    List<V1KeyToPath> items;
    if (volume.getConfigMap() != null) {
      V1ConfigMap map = core.readNamespacedConfigMap(volume.getConfigMap().getName(), ns).execute();
      map.getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
      items = volume.getConfigMap().getItems();
    } else if (volume.getSecret() != null) {
      V1Secret secret = core.readNamespacedSecret(volume.getSecret().getSecretName(), ns).execute();
      data.putAll(secret.getData());
      items = volume.getSecret().getItems();
    } else {
      throw new AssertionError("this test cannot provide volume " + volume);
    }
    for (Map.Entry<String, byte[]> entry : data.entrySet()) {
      String path = entry.getKey();
      if (items != null && !items.isEmpty()) {
        path =
            items.stream()
                .filter(i -> i.getKey().equals(entry.getKey()))
                .map(V1KeyToPath::getPath)
                .findFirst()
                .orElse(null);
      }
      if (path != null) {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, entry.getValue());
      }
    }
    return root;
  }

  /** A path under a volume mount (alone, or after "=") points into the volume's directory. */
  private static String inVolumes(String value, Map<String, Path> mounts) {
    String result = value;
    for (Map.Entry<String, Path> mount : mounts.entrySet()) {
      result =
          result.replaceAll(
              "(?<=^|[\\s=])" + Pattern.quote(mount.getKey()) + "(?=/|$|\\s)",
              Matcher.quoteReplacement(mount.getValue().toString()));
    }
    return result;
  }

  private String envValue(V1EnvVar var, String podName, Map<String, Path> mounts) {
    if (var.getValueFrom() == null) {
      return inVolumes(var.getValue() == null ? "" : var.getValue(), mounts);
    }
    if (var.getValueFrom().getFieldRef() != null) {
      String field = var.getValueFrom().getFieldRef().getFieldPath();
      return switch (field) {
        case "status.podIP" -> POD_IP;
        case "metadata.name" -> podName;
        case "metadata.namespace" -> ns;
        default -> throw new AssertionError("this test cannot provide fieldRef " + field);
      };
    }
    throw new AssertionError("this test cannot provide env " + var);
  }

  /** The name of the pod the Deployment created (it stays Pending: there is no kubelet). */
  private String podName() {
    String selector = "app.kubernetes.io/instance=" + release;
    return await("the Deployment's pod")
        .atMost(WAIT)
        .until(
            () -> core.listNamespacedPod(ns).labelSelector(selector).execute().getItems(),
            pods -> !pods.isEmpty())
        .get(0)
        .getMetadata()
        .getName();
  }

  private int probe(V1HTTPGetAction action) throws Exception {
    int port =
        action.getPort().isInteger()
            ? action.getPort().getIntValue()
            : container.getPorts().stream()
                .filter(p -> action.getPort().getStrValue().equals(p.getName()))
                .findFirst()
                .orElseThrow()
                .getContainerPort();
    return status(port, action.getPath());
  }

  /** An HTTP status, or 0 when nothing answers (a failed probe, as for the kubelet). */
  private int status(int port, String path) throws Exception {
    try {
      return get(port, path).statusCode();
    } catch (IOException e) {
      return 0;
    }
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://" + POD_IP + ":" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Not an assertion error, so that a waiting Awaitility gives up at once. */
  private void assertAgentAlive() {
    if (!agent.isAlive()) {
      throw new IllegalStateException(
          "the agent exited with " + agent.exitValue() + ":\n" + readLog());
    }
  }

  private String readLog() {
    try {
      return Files.readString(agentLog);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private V1Node node(String name) throws ApiException {
    try {
      return core.readNode(name).execute();
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  private static String ready(V1Node node) {
    return node.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Ready"))
        .map(c -> c.getStatus())
        .findFirst()
        .orElse("Unknown");
  }

  private static V1PodCondition condition(V1Pod pod, String type) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return null;
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElse(null);
  }

  private static int otherFreePort(int taken) {
    int port = TestCluster.freePort();
    while (port == taken) {
      port = TestCluster.freePort();
    }
    return port;
  }
}

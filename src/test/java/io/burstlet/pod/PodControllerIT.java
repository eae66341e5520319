package io.burstlet.pod;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.burstlet.config.PodsConfig;
import io.burstlet.it.TestCluster;
import io.burstlet.provider.CloudRejectedException;
import io.burstlet.provider.CloudThrottledException;
import io.burstlet.provider.CloudUnavailableException;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodRequest;
import io.burstlet.provider.RegistryCredential;
import io.burstlet.provider.UnsupportedPodException;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapKeySelector;
import io.kubernetes.client.openapi.models.V1ConfigMapProjection;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1DeleteOptions;
import io.kubernetes.client.openapi.models.V1EnvFromSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1KeyToPath;
import io.kubernetes.client.openapi.models.V1LocalObjectReference;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1ProjectedVolumeSource;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretEnvSource;
import io.kubernetes.client.openapi.models.V1SecretKeySelector;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1ServiceAccountTokenProjection;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeProjection;
import io.kubernetes.client.util.PatchUtils;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pod controller against the real control plane ({@code hack/control-plane.sh up}) and an
 * in-memory cloud (never a mock of client-java). Each test serves its own virtual node (a Node
 * object exists for it, so the pod garbage collector leaves its pods alone) in this class's own
 * namespace.
 */
class PodControllerIT {
  private static final String ZONE = "z1";
  private static final String HOST_IP = "192.0.2.10";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final PodsConfig CONFIG =
      new PodsConfig(
          Duration.ofSeconds(1),
          Duration.ofSeconds(2),
          Duration.ofSeconds(1),
          null,
          Duration.ofMinutes(10),
          2,
          600,
          List.of());

  private static ApiClient client;
  private static CoreV1Api api;
  private static String ns;

  private final List<String> nodes = new ArrayList<>();
  private final List<PodController> controllers = new ArrayList<>();
  private String node;
  private FakeCloud cloud;
  private CountingMetrics metrics;

  @BeforeAll
  static void namespace() throws ApiException {
    client = TestCluster.admin();
    api = new CoreV1Api(client);
    ns = TestCluster.createNamespace(client, "pod-it");
  }

  @AfterAll
  static void dropNamespace() throws ApiException {
    TestCluster.deleteNamespace(client, ns);
  }

  @BeforeEach
  void node() throws ApiException {
    node = createNode();
    cloud = new FakeCloud(ZONE);
    metrics = new CountingMetrics();
  }

  @AfterEach
  void cleanUp() throws ApiException {
    controllers.forEach(PodController::close);
    cloud.close();
    // Nothing serves these pods any more: remove them at once, or they would stay Terminating.
    api.deleteCollectionNamespacedPod(ns).gracePeriodSeconds(0).execute();
    for (String n : nodes) {
      api.deleteNode(n).execute();
    }
  }

  @Test
  void createsTheGroupAndWritesRunningStatusOnce() throws Exception {
    V1Pod pod = create(pod("web"));
    OffsetDateTime scheduledAt = OffsetDateTime.of(2020, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
    // What the scheduler would have written when binding.
    patchStatus(
        "web",
        "{\"status\":{\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"True\","
            + "\"lastTransitionTime\":\"2020-01-02T03:04:05Z\"}]}}");
    startController();

    V1Pod running = awaitPhase("web", "Running");
    V1PodStatus status = running.getStatus();
    assertEquals(HOST_IP, status.getHostIP());
    assertTrue(status.getPodIP().startsWith("10.1.0."), status.getPodIP());
    assertEquals(status.getPodIP(), status.getPodIPs().get(0).getIp());
    assertNotNull(status.getStartTime());
    assertEquals("True", condition(running, "Ready").getStatus());
    assertEquals("True", condition(running, "ContainersReady").getStatus());
    assertEquals(scheduledAt, condition(running, "PodScheduled").getLastTransitionTime());
    assertNull(condition(running, "PodScheduled").getReason(), "the scheduler's condition is kept");
    V1ContainerStatus container = status.getContainerStatuses().get(0);
    assertEquals("app", container.getName());
    assertTrue(container.getReady());
    assertNotNull(container.getState().getRunning());
    assertEquals(1, cloud.createsOf("web"));
    awaitEvent(pod, "Created");
    awaitEvent(pod, "Started");

    // A change elsewhere in the pod is reconciled, but an unchanged status is not written again.
    int patches = metrics.statusPatches.get();
    patchPod("web", "{\"metadata\":{\"labels\":{\"touched\":\"yes\"}}}");
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> metrics.statusPatches.get() == patches);
  }

  @Test
  void deletingAPodDeletesItsGroupThenThePod() throws Exception {
    startController();
    V1Pod pod = create(pod("doomed"));
    awaitPhase("doomed", "Running");
    String uid = pod.getMetadata().getUid();
    cloud.lagDeletes("doomed", 1);

    api.deleteNamespacedPod("doomed", ns).execute();

    await().atMost(WAIT).until(() -> read("doomed") == null);
    assertFalse(cloud.hasGroup(uid));
    assertTrue(cloud.deletesOf(uid) >= 2, "the controller waits until the cloud let go");
    awaitEvent(pod, "Killing");
  }

  @Test
  void anUnsupportedPodFailsOnceWithAWarning() throws Exception {
    cloud.failCreates(
        "hostnet",
        new UnsupportedPodException("spec.hostNetwork", "host networking is not available"));
    startController();
    V1Pod pod = create(pod("hostnet"));

    V1Pod failed = awaitPhase("hostnet", "Failed");
    assertEquals("Unsupported", failed.getStatus().getReason());
    assertTrue(failed.getStatus().getMessage().contains("spec.hostNetwork"));
    assertEquals("Warning", awaitEvent(pod, "Unsupported").getType());
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> cloud.createsOf("hostnet") == 1);
    assertEquals(1, metrics.failures(FailureClass.UNSUPPORTED));
  }

  @Test
  void aRejectedPodFailsWithProviderFailed() throws Exception {
    cloud.failCreates(
        "toobig", new CloudRejectedException("InvalidCpu", "4 cores is above the maximum of 2"));
    startController();
    V1Pod pod = create(pod("toobig"));

    V1Pod failed = awaitPhase("toobig", "Failed");
    assertEquals("ProviderFailed", failed.getStatus().getReason());
    assertTrue(failed.getStatus().getMessage().contains("InvalidCpu"));
    awaitEvent(pod, "ProviderFailed");
    assertEquals(1, cloud.createsOf("toobig"));
  }

  @Test
  void aProviderBugIsRetriedWithWarningsThenFailsThePodForGood() throws Exception {
    cloud.crashCreates("absurd", new ArithmeticException("long overflow of 3Ei"));
    startController();
    V1Pod pod = create(pod("absurd"));

    V1Pod failed = awaitPhase("absurd", "Failed");
    assertEquals("ProviderFailed", failed.getStatus().getReason());
    String message = failed.getStatus().getMessage();
    assertTrue(message.contains("ArithmeticException"), message);
    assertFalse(message.contains("3Ei"), "the exception's text may carry pod data: " + message);
    assertEquals("Warning", awaitEvent(pod, "InternalError").getType());
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> cloud.createsOf("absurd") == PodReconciler.INTERNAL_TRIES);
    assertEquals(PodReconciler.INTERNAL_TRIES, metrics.failures(FailureClass.INTERNAL));
  }

  @Test
  void aMissingSecretKeepsThePodPendingUntilItAppears() throws Exception {
    startController();
    V1Pod spec = pod("needs-secret");
    spec.getSpec()
        .getContainers()
        .get(0)
        .addEnvItem(
            new V1EnvVar()
                .name("PASSWORD")
                .valueFrom(
                    new V1EnvVarSource()
                        .secretKeyRef(new V1SecretKeySelector().name("creds").key("password"))));
    V1Pod pod = create(spec);

    await()
        .atMost(WAIT)
        .until(
            () -> {
              V1Pod p = read("needs-secret");
              V1ContainerStatus c =
                  p.getStatus().getContainerStatuses().isEmpty()
                      ? null
                      : p.getStatus().getContainerStatuses().get(0);
              return "Pending".equals(p.getStatus().getPhase())
                  && c != null
                  && c.getState().getWaiting() != null
                  && "CreateContainerConfigError".equals(c.getState().getWaiting().getReason())
                  && c.getState().getWaiting().getMessage().contains("secret \"creds\" not found");
            });
    // Several retries, yet one Event whose count goes up.
    await().atMost(WAIT).until(() -> metrics.failures(FailureClass.MISSING_REFERENCE) >= 3);
    await()
        .atMost(WAIT)
        .until(
            () -> {
              List<CoreV1Event> events = events(pod, "MissingSecret");
              return events.size() == 1 && events.get(0).getCount() >= 2;
            });
    assertEquals(0, cloud.createsOf("needs-secret"));

    api.createNamespacedSecret(
            ns,
            new V1Secret()
                .metadata(new V1ObjectMeta().name("creds"))
                .putStringDataItem("password", "hunter2"))
        .execute();

    awaitPhase("needs-secret", "Running");
    assertEquals(1, cloud.createsOf("needs-secret"));
    PodRequest request = cloud.creates().get(0);
    assertEquals(Set.of("creds"), request.secrets().keySet());
    assertEquals(1, events(pod, "MissingSecret").size());
  }

  @Test
  void podsWaitingOutABackOffAreRetriedWhenTheCloudRecovers() throws Exception {
    cloud.failCreates("patient", new CloudUnavailableException("HTTP 503", false, null));
    // A back-off of ten minutes: without the nudge the pod would wait that long.
    PodController controller =
        startController(new RetryPolicy(Duration.ofMinutes(10), Duration.ofMinutes(10), () -> 0.5));
    create(pod("patient"));
    await().atMost(WAIT).until(() -> cloud.createsOf("patient") == 1);

    controller.cloudRecovered(node);

    awaitPhase("patient", "Running");
    assertEquals(2, cloud.createsOf("patient"));
  }

  @Test
  void transientErrorsAreRetried() throws Exception {
    cloud.failCreates(
        "flaky",
        new CloudUnavailableException("connection reset", false, null),
        new CloudThrottledException("slow down", Duration.ofMillis(500)));
    startController();
    V1Pod pod = create(pod("flaky"));

    awaitPhase("flaky", "Running");
    assertEquals(3, cloud.createsOf("flaky"));
    awaitEvent(pod, "FailedCreate");
    awaitEvent(pod, "Throttled");
    assertEquals(1, metrics.failures(FailureClass.UNAVAILABLE));
    assertEquals(1, metrics.failures(FailureClass.THROTTLED));
  }

  @Test
  void anAmbiguousCreateIsCheckedNotRepeated() throws Exception {
    cloud.failAfterCreating("maybe", new CloudUnavailableException("read timed out", true, null));
    startController();
    create(pod("maybe"));

    awaitPhase("maybe", "Running");
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(() -> cloud.createsOf("maybe") == 1);
    assertEquals(1, cloud.groupCount());
  }

  @Test
  void resolvesReferencedObjectsPullSecretsAndABoundToken() throws Exception {
    api.createNamespacedSecret(
            ns, new V1Secret().metadata(new V1ObjectMeta().name("app")).putStringDataItem("K", "v"))
        .execute();
    api.createNamespacedConfigMap(
            ns, new V1ConfigMap().metadata(new V1ObjectMeta().name("cfg")).putDataItem("mode", "x"))
        .execute();
    api.createNamespacedSecret(ns, dockerConfig("regcred", "registry.example.com", "u1", "p1"))
        .execute();
    api.createNamespacedSecret(
            ns, dockerConfig("sa-regcred", "https://sa.example.com/v1/", "u2", "p2"))
        .execute();
    api.createNamespacedServiceAccount(
            ns,
            new V1ServiceAccount()
                .metadata(new V1ObjectMeta().name("builder"))
                .addImagePullSecretsItem(new V1LocalObjectReference().name("sa-regcred")))
        .execute();
    await().atMost(WAIT).until(() -> configMapExists(PodResolver.ROOT_CA_CONFIG_MAP));
    startController();

    V1Pod spec = pod("resolved");
    spec.getSpec().serviceAccountName("builder");
    spec.getSpec().addImagePullSecretsItem(new V1LocalObjectReference().name("regcred"));
    V1Container c = spec.getSpec().getContainers().get(0);
    c.addEnvFromItem(new V1EnvFromSource().secretRef(new V1SecretEnvSource().name("app")));
    c.addEnvFromItem(
        new V1EnvFromSource().secretRef(new V1SecretEnvSource().name("nope").optional(true)));
    c.addEnvItem(
        new V1EnvVar()
            .name("MODE")
            .valueFrom(
                new V1EnvVarSource()
                    .configMapKeyRef(new V1ConfigMapKeySelector().name("cfg").key("mode"))));
    spec.getSpec()
        .addVolumesItem(
            new V1Volume()
                .name("kube-api-access-test")
                .projected(
                    new V1ProjectedVolumeSource()
                        .addSourcesItem(
                            new V1VolumeProjection()
                                .serviceAccountToken(
                                    new V1ServiceAccountTokenProjection()
                                        .path("token")
                                        .expirationSeconds(3607L)))
                        .addSourcesItem(
                            new V1VolumeProjection()
                                .configMap(
                                    new V1ConfigMapProjection()
                                        .name(PodResolver.ROOT_CA_CONFIG_MAP)
                                        .addItemsItem(
                                            new V1KeyToPath().key("ca.crt").path("ca.crt"))))));
    V1Pod pod = create(spec);

    awaitPhase("resolved", "Running");
    PodRequest request = cloud.creates().get(0);
    assertEquals(Set.of("app"), request.secrets().keySet());
    assertEquals(Set.of("cfg", PodResolver.ROOT_CA_CONFIG_MAP), request.configMaps().keySet());
    Map<String, RegistryCredential> byServer =
        request.registryCredentials().stream()
            .collect(Collectors.toMap(RegistryCredential::server, r -> r));
    assertEquals(Set.of("registry.example.com", "sa.example.com"), byServer.keySet());
    assertEquals("u2", byServer.get("sa.example.com").username());
    assertEquals("p1", byServer.get("registry.example.com").password());

    assertNotNull(request.serviceAccountToken());
    assertEquals(ns, request.serviceAccountToken().namespace());
    assertTrue(request.serviceAccountToken().caCrt().contains("BEGIN CERTIFICATE"));
    JsonObject claims = jwtClaims(request.serviceAccountToken().token());
    JsonObject k8s = claims.getAsJsonObject("kubernetes.io");
    assertEquals(pod.getMetadata().getUid(), k8s.getAsJsonObject("pod").get("uid").getAsString());
    assertEquals("builder", k8s.getAsJsonObject("serviceaccount").get("name").getAsString());
    long lifetime = claims.get("exp").getAsLong() - claims.get("iat").getAsLong();
    // The volume asks for kube-api-access's 3607 s (more than the configured floor of 10 minutes),
    // which the API server extends to a year, as for kubelets: a token never rotated keeps working.
    assertEquals(Duration.ofDays(365).toSeconds(), lifetime);
  }

  @Test
  void aRestartAdoptsGroupsAndCollectsOrphans() throws Exception {
    PodController first = startController();
    V1Pod keeper = create(pod("keeper"));
    awaitPhase("keeper", "Running");
    first.close();

    PodRef ghost = new PodRef(ns, "ghost", UUID.randomUUID().toString(), node, ZONE);
    cloud.addGroup(ghost, new V1PodStatus().phase("Running"));
    int patches = metrics.statusPatches.get();
    startController();

    assertTrue(cloud.hasGroup(ghost.uid()), "an orphan outlives its grace period");
    await().atMost(WAIT).until(() -> !cloud.hasGroup(ghost.uid()));
    assertEquals(1, cloud.createsOf("keeper"));
    assertTrue(cloud.hasGroup(keeper.getMetadata().getUid()));
    assertEquals("Running", read("keeper").getStatus().getPhase());
    assertEquals(patches, metrics.statusPatches.get(), "adoption rewrote an unchanged status");
    assertEquals(2, cloud.starts());
    assertEquals(1, metrics.orphansDeleted.get());
  }

  @Test
  void aGroupWhosePodTheInformerHasNotSeenIsKept() throws Exception {
    // A pod the API server has but this node's informer does not show — as when a watch lags.
    String elsewhere = createNode();
    V1Pod other = pod("lagging");
    other.getSpec().nodeName(elsewhere);
    other = api.createNamespacedPod(ns, other).execute();
    PodRef lagging = new PodRef(ns, "lagging", other.getMetadata().getUid(), node, ZONE);
    PodRef orphan = new PodRef(ns, "orphan", UUID.randomUUID().toString(), node, ZONE);
    cloud.addGroup(lagging, new V1PodStatus().phase("Running"));
    cloud.addGroup(orphan, new V1PodStatus().phase("Running"));
    startController();

    await().atMost(WAIT).until(() -> !cloud.hasGroup(orphan.uid()));
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(6))
        .until(() -> cloud.hasGroup(lagging.uid()));
  }

  @Test
  void aVanishedGroupFailsItsPod() throws Exception {
    startController();
    V1Pod pod = create(pod("vanishing"));
    awaitPhase("vanishing", "Running");

    cloud.vanish(pod.getMetadata().getUid());

    V1Pod failed = awaitPhase("vanishing", "Failed");
    assertEquals("NotFound", failed.getStatus().getReason());
    V1ContainerStatus container = failed.getStatus().getContainerStatuses().get(0);
    assertEquals(137, container.getState().getTerminated().getExitCode());
    assertEquals("False", condition(failed, "Ready").getStatus());
    awaitEvent(pod, "ProviderFailed");
    assertEquals(1, cloud.createsOf("vanishing"));
  }

  @Test
  void aPodRemovedWhileItsGroupIsCreatedLosesTheGroup() throws Exception {
    CountDownLatch release = cloud.blockCreate("racer");
    startController();
    V1Pod pod = create(pod("racer"));
    String uid = pod.getMetadata().getUid();
    await().atMost(WAIT).until(() -> cloud.createsOf("racer") == 1);

    forceDelete("racer");
    await().atMost(WAIT).until(() -> read("racer") == null);
    release.countDown();

    await().atMost(WAIT).until(() -> cloud.deletesOf(uid) >= 1 && !cloud.hasGroup(uid));
  }

  @Test
  void aPodRecreatedUnderTheSameNameGetsItsOwnGroup() throws Exception {
    startController();
    String first = create(pod("same")).getMetadata().getUid();
    awaitPhase("same", "Running");

    forceDelete("same");
    await().atMost(WAIT).until(() -> read("same") == null);
    String second = create(pod("same")).getMetadata().getUid();

    await()
        .atMost(WAIT)
        .until(
            () -> {
              V1Pod p = read("same");
              return p != null
                  && second.equals(p.getMetadata().getUid())
                  && "Running".equals(p.getStatus().getPhase());
            });
    await().atMost(WAIT).until(() -> !cloud.hasGroup(first));
    assertTrue(cloud.hasGroup(second));
    assertEquals(2, cloud.createsOf("same"));
  }

  // --- helpers ---------------------------------------------------------------------------------

  private PodController startController() {
    return startController(
        new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(2), () -> 0.5));
  }

  private PodController startController(RetryPolicy retries) {
    PodController controller =
        new PodController(
            client,
            CONFIG,
            List.of(new NodeBinding(node, ZONE, cloud)),
            HOST_IP,
            metrics,
            retries,
            Clock.systemUTC(),
            Duration.ofMinutes(1));
    controllers.add(controller);
    controller.start();
    assertTrue(controller.awaitReady(WAIT), "controller ready");
    return controller;
  }

  private String createNode() throws ApiException {
    String name = "pod-it-" + UUID.randomUUID().toString().substring(0, 8);
    api.createNode(
            new V1Node()
                .metadata(new V1ObjectMeta().name(name).putLabelsItem("type", "virtual-kubelet")))
        .execute();
    nodes.add(name);
    return name;
  }

  private V1Pod pod(String name) {
    return new V1Pod()
        .metadata(new V1ObjectMeta().name(name).namespace(ns))
        .spec(
            new V1PodSpec()
                .nodeName(node)
                .automountServiceAccountToken(false)
                // client-java sends unset maps as {}; 1.20 refuses an empty overhead without a
                // RuntimeClass.
                .overhead(null)
                .addContainersItem(new V1Container().name("app").image("nginx:1.25")));
  }

  private V1Pod create(V1Pod pod) throws ApiException {
    return api.createNamespacedPod(ns, pod).execute();
  }

  private V1Pod read(String name) throws ApiException {
    try {
      return api.readNamespacedPod(name, ns).execute();
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  private void forceDelete(String name) throws ApiException {
    api.deleteNamespacedPod(name, ns)
        .gracePeriodSeconds(0)
        .body(new V1DeleteOptions().gracePeriodSeconds(0L))
        .execute();
  }

  private V1Pod awaitPhase(String name, String phase) {
    return await()
        .atMost(WAIT)
        .until(
            () -> read(name),
            p -> p != null && p.getStatus() != null && phase.equals(p.getStatus().getPhase()));
  }

  private void patchStatus(String name, String strategicMerge) throws ApiException {
    PatchUtils.patch(
        V1Pod.class,
        () -> api.patchNamespacedPodStatus(name, ns, new V1Patch(strategicMerge)).buildCall(null),
        V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
        client);
  }

  private void patchPod(String name, String strategicMerge) throws ApiException {
    PatchUtils.patch(
        V1Pod.class,
        () -> api.patchNamespacedPod(name, ns, new V1Patch(strategicMerge)).buildCall(null),
        V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
        client);
  }

  private static V1PodCondition condition(V1Pod pod, String type) {
    return pod.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }

  private List<CoreV1Event> events(V1Pod pod, String reason) throws ApiException {
    return api.listNamespacedEvent(ns)
        .fieldSelector("involvedObject.uid=" + pod.getMetadata().getUid() + ",reason=" + reason)
        .execute()
        .getItems();
  }

  private CoreV1Event awaitEvent(V1Pod pod, String reason) {
    List<CoreV1Event> events =
        await().atMost(WAIT).until(() -> events(pod, reason), list -> !list.isEmpty());
    return events.get(0);
  }

  private boolean configMapExists(String name) throws ApiException {
    try {
      api.readNamespacedConfigMap(name, ns).execute();
      return true;
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private static V1Secret dockerConfig(String name, String server, String user, String password) {
    String auth =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    String json = "{\"auths\":{\"" + server + "\":{\"auth\":\"" + auth + "\"}}}";
    return new V1Secret()
        .metadata(new V1ObjectMeta().name(name))
        .type("kubernetes.io/dockerconfigjson")
        .putDataItem(".dockerconfigjson", json.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject jwtClaims(String token) {
    String[] parts = token.split("\\.");
    assertEquals(3, parts.length, "a JWT");
    return JsonParser.parseString(
            new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
        .getAsJsonObject();
  }

  /** Counts what the ITs assert on. */
  static final class CountingMetrics implements PodMetrics {
    final AtomicInteger statusPatches = new AtomicInteger();
    final AtomicInteger orphansDeleted = new AtomicInteger();
    private final Map<FailureClass, AtomicInteger> failures = new EnumMap<>(FailureClass.class);

    CountingMetrics() {
      for (FailureClass c : FailureClass.values()) {
        failures.put(c, new AtomicInteger());
      }
    }

    @Override
    public void createFailed(String provider, FailureClass failure) {
      failures.get(failure).incrementAndGet();
    }

    @Override
    public void statusPatched(String provider) {
      statusPatches.incrementAndGet();
    }

    @Override
    public void orphanDeleted(String provider) {
      orphansDeleted.incrementAndGet();
    }

    int failures(FailureClass c) {
      return failures.get(c).get();
    }
  }
}

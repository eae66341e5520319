package io.burstlet.provider.eci;

import static io.burstlet.provider.eci.EciWire.ZONE_A;
import static io.burstlet.provider.eci.EciWire.ZONE_B;
import static io.burstlet.provider.eci.EciWire.describe;
import static io.burstlet.provider.eci.EciWire.longRunning;
import static io.burstlet.provider.eci.EciWire.newRef;
import static io.burstlet.provider.eci.EciWire.pod;
import static io.burstlet.provider.eci.EciWire.request;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.emulator.Fault;
import io.burstlet.emulator.FaultInjector;
import io.burstlet.emulator.PrivateRegistries;
import io.burstlet.provider.CloudAuthException;
import io.burstlet.provider.CloudPod;
import io.burstlet.provider.CloudRejectedException;
import io.burstlet.provider.CloudThrottledException;
import io.burstlet.provider.CloudUnavailableException;
import io.burstlet.provider.ExecTarget;
import io.burstlet.provider.LogOptions;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.RegistryCredential;
import io.burstlet.provider.RegistryCredentials;
import io.burstlet.provider.TeeLogCapture;
import io.burstlet.provider.UnsupportedPodException;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStateWaiting;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

/**
 * The real {@link EciProvider} — {@link TeaEciClient} on tea-openapi, ACS3 signatures, TLS with the
 * configured CA, config loading, status sweep — against the ECI emulator over HTTPS (0.3 s
 * Scheduling, 0.5 s Pending, 0.3 s sweep). Every pod reads a Secret into its environment; after
 * each test no log line and no exception the test saw may contain that value, a registry password
 * or an AccessKey secret.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EciProviderWireTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String REGISTRY = "wirecr.example.com";
  private static final String REGISTRY_PASSWORD = "pull-Pa55:eci-wire-31";
  private static final String WRONG_SECRET = "not-the-secret-8d7c6b5a";

  private EciWire wire;
  private TeeLogCapture logs;
  private final List<AutoCloseable> closeAfterTest = new ArrayList<>();
  private final List<Throwable> seen = new ArrayList<>();
  private String cluster;
  private EciProvider provider;
  private TeaEciClient client;
  private EciWire.Recorder recorder;

  @BeforeAll
  void startEmulator() {
    wire =
        EciWire.start(
            b ->
                b.privateRegistries(
                    PrivateRegistries.none().with(REGISTRY, "puller", REGISTRY_PASSWORD)));
  }

  @AfterAll
  void stopEmulator() {
    wire.close();
  }

  @BeforeEach
  void startProvider() throws Exception {
    logs = new TeeLogCapture();
    cluster = EciWire.newCluster();
    recorder = new EciWire.Recorder();
    provider = started(EciWire.provider(wire.config(cluster)), recorder);
    client = wire.client(cluster);
    closeAfterTest.add(client);
    wire.emulator.faults().resetCalls();
  }

  @AfterEach
  void stopAndCheckForLeaks() throws Exception {
    wire.emulator.faults().clear();
    wire.emulator.setStock(ZONE_B, true);
    try {
      for (AutoCloseable c : closeAfterTest) {
        c.close();
      }
    } finally {
      closeAfterTest.clear();
      logs.close();
    }
    List<String> secrets =
        List.of(EciWire.SECRET_VALUE, REGISTRY_PASSWORD, wire.accessKeySecret, WRONG_SECRET);
    logs.assertNoneOf(secrets);
    for (Throwable t : seen) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        String text = c + " " + c.getMessage();
        for (String secret : secrets) {
          assertFalse(text.contains(secret), "a " + c.getClass().getSimpleName() + " leaks");
        }
      }
    }
    seen.clear();
  }

  private EciProvider started(EciProvider p, EciWire.Recorder listener) throws Exception {
    closeAfterTest.add(p);
    p.start(listener);
    return p;
  }

  /** Asserts that {@code call} throws {@code type}, and keeps it for the leak check. */
  private <T extends Throwable> T expect(Class<T> type, Executable call) {
    T thrown = assertThrows(type, call);
    seen.add(thrown);
    return thrown;
  }

  private static V1PodStatus awaitStatus(
      EciWire.Recorder on, PodRef ref, String what, Predicate<V1PodStatus> condition) {
    return await(what)
        .atMost(WAIT)
        .until(() -> on.latest(ref).filter(condition).orElse(null), s -> s != null);
  }

  private static boolean ready(V1PodStatus s) {
    return s.getConditions().stream()
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  private static boolean runningAndReady(V1PodStatus s) {
    return "Running".equals(s.getPhase()) && ready(s);
  }

  private ContainerGroup group(PodRef ref) throws Exception {
    return describe(client, ref).orElseThrow(() -> new AssertionError("no group for " + ref));
  }

  @Test
  void theSweepPushesPendingThenRunningWithThePodIp() throws Exception {
    PodRef ref = newRef();
    Instant created = Instant.now();
    provider.createPod(request(longRunning(ref), ref));

    V1PodStatus running =
        awaitStatus(recorder, ref, "Running", EciProviderWireTest::runningAndReady);

    List<String> phases = recorder.statuses(ref).stream().map(V1PodStatus::getPhase).toList();
    assertEquals("Pending", phases.get(0), "the first pushed phase: " + phases);
    assertTrue(phases.indexOf("Running") > phases.lastIndexOf("Pending"), phases.toString());
    assertEquals(group(ref).intranetIp(), running.getPodIP(), "the pod IP is ECI's IntranetIp");
    assertTrue(running.getPodIP().startsWith("10.1."), "on vsw-first: " + running.getPodIP());
    assertNotNull(running.getContainerStatuses().get(0).getState().getRunning(), "app runs");
    assertTrue(running.getContainerStatuses().get(0).getReady(), "app is ready (no probe)");
    assertFalse(
        running.getStartTime().toInstant().isBefore(created.minusSeconds(1)),
        "startTime " + running.getStartTime() + " is of this group");

    // GET reads DescribeContainerGroups, the sweep DescribeContainerGroupStatus; they agree but
    // for the start time, which is CreationTime in one and the (later) start in the other.
    V1PodStatus got = provider.getPodStatus(ref).orElseThrow();
    assertTrue(
        Duration.between(got.getStartTime(), running.getStartTime()).abs().getSeconds() <= 1,
        got.getStartTime() + " vs " + running.getStartTime());
    assertEquals(running.startTime(null), got.startTime(null), "GET maps the same status");
  }

  @Test
  void createIsIdempotentThroughTheLookupAndThroughTheClientToken() throws Exception {
    PodRef ref = newRef();
    provider.createPod(request(longRunning(ref), ref));
    // A retry (after a crash, or from a second replica) builds a fresh request for the same pod.
    provider.createPod(request(longRunning(ref), ref));
    FaultInjector faults = wire.emulator.faults();
    assertEquals(1, faults.calls("CreateContainerGroup"), "the lookup found the group");

    // Without the lookup (as when two replicas race) the ClientToken = UID answers the same id.
    String id = group(ref).containerGroupId();
    CreateContainerGroupRequest again =
        wire.translator(cluster).translate(request(longRunning(ref), ref));
    assertEquals(ref.uid(), again.clientToken());
    assertEquals(id, client.createContainerGroup(again).containerGroupId());

    assertEquals(2, faults.calls("CreateContainerGroup"), faults.callCounts().toString());
    assertEquals(
        1,
        provider.listPods(ZONE_A).stream().filter(p -> p.pod().uid().equals(ref.uid())).count(),
        "one group for the UID");
    awaitStatus(recorder, ref, "Running", EciProviderWireTest::runningAndReady);
  }

  @Test
  void aGroupLandsOnItsZonesVSwitchInTheConfiguredSecurityGroup() throws Exception {
    PodRef a = newRef(ZONE_A);
    PodRef b = newRef(ZONE_B);
    provider.createPod(request(longRunning(a), a));
    provider.createPod(request(longRunning(b), b));

    ContainerGroup inA = group(a);
    assertEquals(ZONE_A, inA.zoneId());
    assertEquals("vsw-first", inA.vSwitchId());
    assertEquals(EciWire.SECURITY_GROUP, inA.securityGroupId());
    assertEquals(EciNames.groupName(a.uid()), inA.containerGroupName());
    ContainerGroup inB = group(b);
    assertEquals(ZONE_B, inB.zoneId());
    assertEquals("vsw-second", inB.vSwitchId(), "the first of the zone's vSwitches with stock");
    assertEquals(EciWire.SECURITY_GROUP, inB.securityGroupId());
  }

  @Test
  void theVSwitchAnnotationIsHonouredWithinTheZoneAndRefusedAcrossZones() throws Exception {
    PodRef third = newRef(ZONE_B);
    V1Pod onThird = longRunning(third);
    onThird.getMetadata().putAnnotationsItem(EciAnnotations.VSWITCH, "vsw-third");
    provider.createPod(request(onThird, third));

    assertEquals("vsw-third", group(third).vSwitchId());
    V1PodStatus running =
        awaitStatus(recorder, third, "Running", EciProviderWireTest::runningAndReady);
    assertTrue(running.getPodIP().startsWith("10.3."), "on vsw-third: " + running.getPodIP());

    PodRef foreign = newRef(ZONE_B);
    V1Pod onFirst = longRunning(foreign);
    onFirst.getMetadata().putAnnotationsItem(EciAnnotations.VSWITCH, "vsw-first");
    UnsupportedPodException e =
        expect(UnsupportedPodException.class, () -> provider.createPod(request(onFirst, foreign)));
    assertTrue(e.getMessage().contains("vsw-first"), e.getMessage());
    assertTrue(e.getMessage().contains(ZONE_A), e.getMessage());
    assertEquals(1, wire.emulator.calls("CreateContainerGroup"), "refused before any call");
    assertEquals(Optional.empty(), describe(client, foreign));
  }

  @Test
  void deleteReportsTheGroupGoneAndItsStatusEmpty() throws Exception {
    PodRef ref = newRef();
    provider.createPod(request(longRunning(ref), ref));
    awaitStatus(recorder, ref, "Running", EciProviderWireTest::runningAndReady);
    String id = group(ref).containerGroupId();

    provider.deletePod(ref);
    provider.deletePod(ref); // the controller's next reconcile, while the group is Terminating
    assertEquals(1, wire.emulator.calls("DeleteContainerGroup"), "deleted once, then waited for");

    // ECI shows the group Terminating for a while; the controller waits for it to vanish.
    await("status empty").atMost(WAIT).until(() -> provider.getPodStatus(ref).isEmpty());
    await("onGone").atMost(WAIT).until(() -> recorder.gone(ref));
    assertFalse(wire.emulator.containerGroupIds().contains(id), "deleted in the cloud");
    provider.deletePod(ref); // idempotent
    assertEquals(1, wire.emulator.calls("DeleteContainerGroup"), "nothing left to delete");
  }

  /** ECI has no published not-found code; the emulator answers InvalidParameter. */
  @Test
  void deleteSucceedsWhenTheGroupVanishedBehindTheProvidersBack() throws Exception {
    PodRef ref = newRef();
    provider.createPod(request(longRunning(ref), ref));
    awaitStatus(recorder, ref, "Running", EciProviderWireTest::runningAndReady);
    String id = group(ref).containerGroupId();
    client.deleteContainerGroup(new DeleteContainerGroupRequest(EciWire.REGION, id));
    await("gone from ECI")
        .atMost(WAIT)
        .until(() -> !wire.emulator.containerGroupIds().contains(id));

    provider.deletePod(ref); // the sweep still knows the id

    await("onGone").atMost(WAIT).until(() -> recorder.gone(ref));
    assertEquals(2, wire.emulator.calls("DeleteContainerGroup"));
  }

  @Test
  void aRestartedProviderAdoptsTheGroupsItFindsWithOneListingPerZone() throws Exception {
    PodRef a = newRef(ZONE_A);
    PodRef b = newRef(ZONE_B);
    provider.createPod(request(longRunning(a), a));
    provider.createPod(request(longRunning(b), b));
    awaitStatus(recorder, a, "Running", EciProviderWireTest::runningAndReady);
    awaitStatus(recorder, b, "Running", EciProviderWireTest::runningAndReady);
    provider.close();
    wire.emulator.faults().resetCalls();

    EciWire.Recorder adopted = new EciWire.Recorder();
    EciProvider restarted = started(EciWire.provider(wire.config(cluster)), adopted);

    assertTrue(runningAndReady(adopted.latest(a).orElseThrow()), "known from the first listing");
    assertTrue(runningAndReady(adopted.latest(b).orElseThrow()));
    // (A status call of the closed provider's last sweep may still arrive; it lists nothing.)
    assertEquals(2, wire.emulator.calls("DescribeContainerGroups"), "one listing per zone");
    restarted.deletePod(a);
    await("onGone").atMost(WAIT).until(() -> adopted.gone(a));
  }

  @Test
  void listPodsReturnsEachGroupWithThePodRefFromItsTags() throws Exception {
    PodRef first = newRef(ZONE_A);
    PodRef second = newRef(ZONE_B);
    provider.createPod(request(longRunning(first), first));
    provider.createPod(request(longRunning(second), second));

    List<CloudPod> zoneA = provider.listPods(ZONE_A);
    assertEquals(1, zoneA.size(), zoneA.toString());
    CloudPod listed = zoneA.get(0);
    assertEquals(first, listed.pod(), "namespace, name, uid, node and zone from the tags");
    assertEquals(EciNames.groupName(first.uid()), listed.groupName());
    assertNotNull(listed.status(), "DescribeContainerGroups carries the state");
    assertEquals(List.of(second), provider.listPods(ZONE_B).stream().map(CloudPod::pod).toList());

    EciProvider otherCluster = EciWire.provider(wire.config(EciWire.newCluster()));
    closeAfterTest.add(otherCluster);
    assertEquals(List.of(), otherCluster.listPods(ZONE_A), "groups of another cluster");
  }

  @Test
  void containerLogsHonourTailTimestampsAndPrevious() throws Exception {
    PodRef ref = newRef();
    Instant created = Instant.now();
    provider.createPod(
        request(
            pod(
                ref,
                "Always",
                "busybox:1.36",
                "echo one; echo mode=$MODE; echo three; sleep infinity"),
            ref));
    PodRef crashing = newRef();
    provider.createPod(
        request(pod(crashing, "Always", "busybox:1.36", "echo attempt; exit 1"), crashing));
    awaitStatus(recorder, ref, "Running", EciProviderWireTest::runningAndReady);

    assertEquals("one\nmode=wire\nthree\n", provider.containerLogs(ref, "app", LogOptions.all()));
    assertEquals(
        "mode=wire\nthree\n",
        provider.containerLogs(ref, "app", new LogOptions(2, false, null, false)));
    String stamped = provider.containerLogs(ref, "app", new LogOptions(1, true, null, false));
    String[] parts = stamped.strip().split(" ", 2);
    assertEquals("three", parts[1], stamped);
    Instant at = OffsetDateTime.parse(parts[0]).toInstant();
    assertFalse(at.isBefore(created.minusSeconds(1)), "timestamp " + at + " of this run");
    assertEquals(
        "one\nmode=wire\nthree\n",
        provider.containerLogs(ref, "app", new LogOptions(null, false, 3600, false)));

    awaitStatus(
        recorder,
        crashing,
        "restarted",
        s -> s.getContainerStatuses().get(0).getRestartCount() >= 1);
    assertEquals(
        "attempt\n",
        provider.containerLogs(crashing, "app", new LogOptions(null, false, null, true)),
        "previous = the log of the run before");
    CloudRejectedException noSuch =
        expect(
            CloudRejectedException.class,
            () -> provider.containerLogs(ref, "nope", LogOptions.all()));
    assertEquals("InvalidParameter", noSuch.code());
  }

  /** The leak checks after each test see real traffic: the secret does reach the cloud. */
  @Test
  void theSecretReachesTheContainerAndNothingElse() throws Exception {
    PodRef ref = newRef();
    provider.createPod(
        request(pod(ref, "Always", "busybox:1.36", "echo $DB_PASSWORD; sleep infinity"), ref));
    awaitStatus(recorder, ref, "Running", EciProviderWireTest::runningAndReady);

    // The container's own output is the pod's business: only there may the value show.
    assertTrue(
        provider.containerLogs(ref, "app", LogOptions.all()).contains(EciWire.SECRET_VALUE),
        "the container got the secret");
    assertTrue(logs.text().contains("created ECI group"), "the log capture works");
    assertFalse(
        provider.getPodStatus(ref).orElseThrow().toString().contains(EciWire.SECRET_VALUE),
        "the pod status does not carry it");
  }

  @Test
  void execOpensASessionInTheContainer() throws Exception {
    PodRef ref = newRef();
    provider.createPod(request(longRunning(ref), ref));
    awaitStatus(recorder, ref, "Running", EciProviderWireTest::runningAndReady);

    ExecTarget target = provider.exec(ref, "app", List.of("ls", "-l", "/"), true);

    assertTrue(
        target.webSocketUri().startsWith("wss://127.0.0.1:" + wire.emulator.port() + "/"),
        target.webSocketUri());
    assertEquals("", target.password(), "the URI carries ECI's one-time credential");
    assertEquals(1, wire.emulator.calls("ExecContainerCommand"));
    expect(
        UnsupportedPodException.class,
        () -> provider.exec(ref, "app", Collections.nCopies(21, "x"), false));
    CloudRejectedException noSuch =
        expect(
            CloudRejectedException.class, () -> provider.exec(ref, "nope", List.of("ls"), false));
    assertEquals("InvalidParameter", noSuch.code());
    assertEquals(2, wire.emulator.calls("ExecContainerCommand"), "21 words never left");
  }

  @Test
  void exitCodesEndThePodAsFailedOrSucceeded() throws Exception {
    PodRef fails = newRef();
    PodRef succeeds = newRef();
    provider.createPod(request(pod(fails, "Never", "busybox:1.36", "echo bye; exit 3"), fails));
    provider.createPod(request(pod(succeeds, "Never", "busybox:1.36", "exit 0"), succeeds));

    V1PodStatus failed = awaitStatus(recorder, fails, "Failed", s -> "Failed".equals(s.getPhase()));
    V1ContainerStateTerminated exit3 =
        failed.getContainerStatuses().get(0).getState().getTerminated();
    assertEquals(3, exit3.getExitCode());
    assertEquals("Error", exit3.getReason());
    assertFalse(ready(failed));

    V1PodStatus done =
        awaitStatus(recorder, succeeds, "Succeeded", s -> "Succeeded".equals(s.getPhase()));
    V1ContainerStateTerminated exit0 =
        done.getContainerStatuses().get(0).getState().getTerminated();
    assertEquals(0, exit0.getExitCode());
    assertEquals("Completed", exit0.getReason());
  }

  @Test
  void aWrongSecretOrAnUnknownKeyIsAnAuthError() {
    EciProvider wrongSecret =
        EciWire.provider(wire.configWithKey(cluster, wire.accessKeyId, WRONG_SECRET));
    closeAfterTest.add(wrongSecret);
    CloudAuthException signature =
        expect(CloudAuthException.class, () -> wrongSecret.checkHealth(ZONE_A));
    assertTrue(signature.getMessage().contains("SignatureDoesNotMatch"), signature.getMessage());

    EciProvider unknownKey =
        EciWire.provider(wire.configWithKey(cluster, "LTAIunknownkey00000000", WRONG_SECRET));
    closeAfterTest.add(unknownKey);
    CloudAuthException unknown =
        expect(CloudAuthException.class, () -> unknownKey.checkHealth(ZONE_A));
    assertTrue(unknown.getMessage().contains("InvalidAccessKeyId"), unknown.getMessage());
    PodRef ref = newRef();
    expect(CloudAuthException.class, () -> unknownKey.createPod(request(longRunning(ref), ref)));
    assertEquals(0, wire.emulator.calls("CreateContainerGroup"), "refused at the lookup");
  }

  @Test
  void throttlingSurfacesAsThrottledAndIsNotRetried() throws Exception {
    PodRef ref = newRef();
    FaultInjector faults = wire.emulator.faults();
    faults.once("DescribeContainerGroups", new Fault.Throttle(Duration.ofSeconds(7)));

    expect(CloudThrottledException.class, () -> provider.createPod(request(longRunning(ref), ref)));
    assertEquals(1, faults.calls("DescribeContainerGroups"), "not retried");

    faults.once("CreateContainerGroup", new Fault.Throttle(Duration.ofSeconds(2)));
    CloudThrottledException onCreate =
        expect(
            CloudThrottledException.class,
            () -> provider.createPod(request(longRunning(ref), ref)));
    assertTrue(onCreate.getMessage().contains("Throttling"), onCreate.getMessage());
    assertEquals(Optional.empty(), describe(client, ref), "a throttled create is not applied");
  }

  @Test
  void serverErrorsSurfaceAsUnavailableAmbiguousOnlyForCreate() throws Exception {
    PodRef ref = newRef();
    FaultInjector faults = wire.emulator.faults();
    faults.once("DescribeContainerGroups", new Fault.ServerError(500));

    CloudUnavailableException onLookup =
        expect(
            CloudUnavailableException.class,
            () -> provider.createPod(request(longRunning(ref), ref)));
    assertFalse(onLookup.isAmbiguous(), "a failed describe changed nothing");
    assertTrue(onLookup.getMessage().contains("InternalError"), onLookup.getMessage());
    assertEquals(0, faults.calls("CreateContainerGroup"));

    faults.once("CreateContainerGroup", new Fault.ServerError(503));
    CloudUnavailableException onCreate =
        expect(
            CloudUnavailableException.class,
            () -> provider.createPod(request(longRunning(ref), ref)));
    assertTrue(onCreate.isAmbiguous(), "the client cannot know whether a failed create applied");
    assertTrue(onCreate.getMessage().contains("ServiceUnavailable"), onCreate.getMessage());
    assertEquals(Optional.empty(), describe(client, ref), "a 503 is not applied");
  }

  @Test
  void aCreateAppliedButAnsweredWithAnErrorIsNeverDuplicated() throws Exception {
    PodRef ref = newRef();
    FaultInjector faults = wire.emulator.faults();
    faults.once("CreateContainerGroup", new Fault.ApplyThenFail(500));

    CloudUnavailableException e =
        expect(
            CloudUnavailableException.class,
            () -> provider.createPod(request(longRunning(ref), ref)));
    assertTrue(e.isAmbiguous());
    String id = group(ref).containerGroupId();

    provider.createPod(request(longRunning(ref), ref));
    assertEquals(1, faults.calls("CreateContainerGroup"), "the retry found the group");
    // A retry that skips the lookup is answered from the ClientToken.
    CreateContainerGroupRequest again =
        wire.translator(cluster).translate(request(longRunning(ref), ref));
    assertEquals(id, client.createContainerGroup(again).containerGroupId());
    assertEquals(1, provider.listPods(ZONE_A).size());
    awaitStatus(recorder, ref, "Running", EciProviderWireTest::runningAndReady);
  }

  @Test
  void aReclaimedSpotInstanceFailsThePodAsExpired() throws Exception {
    PodRef ref = newRef();
    provider.createPod(request(longRunning(ref), ref));
    awaitStatus(recorder, ref, "Running", EciProviderWireTest::runningAndReady);

    wire.emulator.expire(group(ref).containerGroupId());

    V1PodStatus expired = awaitStatus(recorder, ref, "Expired", s -> "Failed".equals(s.getPhase()));
    assertEquals("Expired", expired.getReason());
    V1ContainerStateTerminated killed =
        expired.getContainerStatuses().get(0).getState().getTerminated();
    assertEquals(137, killed.getExitCode());
    assertFalse(ready(expired));
  }

  @Test
  void aZoneWithoutStockFailsThePodAsScheduleFailedWithEcisReason() throws Exception {
    wire.emulator.setStock(ZONE_B, false);
    PodRef ref = newRef(ZONE_B);
    provider.createPod(request(longRunning(ref), ref));

    V1PodStatus failed =
        awaitStatus(
            recorder,
            ref,
            "ScheduleFailed with its event",
            s -> "Failed".equals(s.getPhase()) && s.getMessage().contains("NoStock"));
    assertEquals("ScheduleFailed", failed.getReason());
    V1ContainerStateWaiting waiting = failed.getContainerStatuses().get(0).getState().getWaiting();
    assertEquals("ScheduleFailed", waiting.getReason(), "nothing ever ran");
    assertTrue(
        wire.emulator.calls("DescribeContainerGroupEvents") >= 1, "events fetched to explain");
  }

  @Test
  void aPrivateImageRunsWithAuthOnlyPullSecretAndFailsToPullWithout() throws Exception {
    // A dockerconfigjson entry with only "auth" (base64 of user:password), as `docker login`
    // writes it.
    String auth =
        Base64.getEncoder()
            .encodeToString(("puller:" + REGISTRY_PASSWORD).getBytes(StandardCharsets.UTF_8));
    String dockerConfig =
        "{\"auths\":{\"https://" + REGISTRY + "/v1/\":{\"auth\":\"" + auth + "\"}}}";
    V1Secret pullSecret =
        new V1Secret()
            .metadata(new V1ObjectMeta().namespace("wire").name("pull"))
            .type(RegistryCredentials.TYPE_DOCKERCONFIGJSON)
            .data(
                Map.of(
                    RegistryCredentials.KEY_DOCKERCONFIGJSON,
                    dockerConfig.getBytes(StandardCharsets.UTF_8)));
    List<RegistryCredential> credentials = RegistryCredentials.parse(pullSecret);
    String image = REGISTRY + "/team/app:1.0";
    PodRef allowed = newRef();
    PodRef denied = newRef();

    provider.createPod(request(pod(allowed, "Always", image, null), allowed, credentials));
    provider.createPod(request(pod(denied, "Always", image, null), denied));

    awaitStatus(recorder, allowed, "Running", EciProviderWireTest::runningAndReady);
    V1PodStatus backOff =
        awaitStatus(
            recorder,
            denied,
            "image pull back-off",
            s ->
                s.getContainerStatuses().get(0).getState().getWaiting() != null
                    && "ImagePullBackOff"
                        .equals(
                            s.getContainerStatuses().get(0).getState().getWaiting().getReason()));
    assertEquals("Pending", backOff.getPhase(), "ECI keeps retrying the pull");
    V1ContainerStateWaiting waiting = backOff.getContainerStatuses().get(0).getState().getWaiting();
    assertTrue(waiting.getMessage().contains(image), waiting.getMessage());
    assertTrue(waiting.getMessage().contains("pull access denied"), waiting.getMessage());
  }

  /**
   * The efficiency users rely on: once its groups are known, the sweep makes one
   * DescribeContainerGroupStatus per zone and interval and never describes a group by itself.
   */
  @Test
  void theSweepAsksForStatusOncePerZoneAndIntervalAndNeverPerPod() throws Exception {
    int podsPerZone = 4;
    FaultInjector faults = wire.emulator.faults();
    List<PodRef> refs = new ArrayList<>();
    for (String zone : List.of(ZONE_A, ZONE_B)) {
      for (int i = 0; i < podsPerZone; i++) {
        PodRef ref = newRef(zone);
        refs.add(ref);
        provider.createPod(request(longRunning(ref), ref));
      }
    }
    // A sweep that sees a group before createPod has tracked it looks it up by id; once every
    // pod has had a status pushed, that race is over.
    for (PodRef ref : refs) {
      await("first status").atMost(WAIT).until(() -> recorder.latest(ref).isPresent());
    }
    faults.resetCalls(); // from here on, only the sweep calls the emulator
    long startupBegin = System.nanoTime();
    for (PodRef ref : refs) {
      awaitStatus(recorder, ref, "Running", EciProviderWireTest::runningAndReady);
    }
    long startupMillis = (System.nanoTime() - startupBegin) / 1_000_000;
    Map<String, Long> startup = faults.callCounts();

    int intervals = 10;
    faults.resetCalls();
    long begin = System.nanoTime();
    await("steady passes")
        .atMost(WAIT)
        .until(() -> faults.calls("DescribeContainerGroupStatus") >= 2L * intervals);
    long millis = (System.nanoTime() - begin) / 1_000_000;
    Map<String, Long> steady = faults.callCounts();

    long statusCalls = steady.getOrDefault("DescribeContainerGroupStatus", 0L);
    System.out.printf(
        "ECI sweep calls, %d pods in 2 zones, %d ms interval: start-up (%d ms) %s; steady"
            + " (%d ms) %s%n",
        refs.size(), EciWire.SYNC.toMillis(), startupMillis, startup, millis, steady);
    assertEquals(
        Map.of("DescribeContainerGroupStatus", startup.get("DescribeContainerGroupStatus")),
        startup,
        "no per-pod describes while groups start");
    assertEquals(Map.of("DescribeContainerGroupStatus", statusCalls), steady, "only status calls");
    // One call per zone per pass, and no more passes than intervals; the pass under way when
    // counting began may add its second zone's call.
    long passes = millis / EciWire.SYNC.toMillis() + 1;
    assertTrue(statusCalls <= 2 * passes + 1, statusCalls + " status calls in " + millis + " ms");
  }
}

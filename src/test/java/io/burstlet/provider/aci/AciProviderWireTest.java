package io.burstlet.provider.aci;

import static io.burstlet.provider.aci.AciWire.group;
import static io.burstlet.provider.aci.AciWire.longRunning;
import static io.burstlet.provider.aci.AciWire.newRef;
import static io.burstlet.provider.aci.AciWire.pod;
import static io.burstlet.provider.aci.AciWire.request;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.emulator.Fault;
import io.burstlet.emulator.FaultInjector;
import io.burstlet.emulator.PrivateRegistries;
import io.burstlet.emulator.aci.AciEmulator;
import io.burstlet.provider.CloudPod;
import io.burstlet.provider.CloudRejectedException;
import io.burstlet.provider.CloudThrottledException;
import io.burstlet.provider.CloudUnavailableException;
import io.burstlet.provider.ExecTarget;
import io.burstlet.provider.LogOptions;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.RegistryCredential;
import io.burstlet.provider.TeeLogCapture;
import io.burstlet.provider.UnsupportedPodException;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStateWaiting;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
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
 * The real {@link AciProvider} — Azure SDK, TLS, config loading, status sweep — against the ACI
 * emulator over HTTPS, with short provisioning (0.4 s Pending, 0.4 s Creating) and a 0.3 s sweep.
 * Every pod reads a Secret into its environment; after each test no log line and no exception the
 * test saw may contain that value or a registry password.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AciProviderWireTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String REGISTRY = "wirecr.example.com";
  private static final String REGISTRY_PASSWORD = "pull-Pa55-wire-77";
  private static final List<String> SECRETS = List.of(AciWire.SECRET_VALUE, REGISTRY_PASSWORD);

  private AciWire wire;
  private TeeLogCapture logs;
  private final List<AutoCloseable> closeAfterTest = new ArrayList<>();
  private final List<Throwable> seen = new ArrayList<>();
  private String resourceGroup;
  private AciProvider provider;
  private AciWire.Recorder recorder;

  @BeforeAll
  void startEmulator() {
    wire = AciWire.start();
  }

  @AfterAll
  void stopEmulator() {
    wire.close();
  }

  @BeforeEach
  void startProvider() {
    logs = new TeeLogCapture();
    resourceGroup = AciWire.newResourceGroup();
    recorder = new AciWire.Recorder();
    provider = started(wire, resourceGroup, recorder);
    wire.emulator.faults().resetCalls();
  }

  @AfterEach
  void stopAndCheckForLeaks() throws Exception {
    wire.emulator.faults().clear();
    try {
      for (AutoCloseable c : closeAfterTest) {
        c.close();
      }
    } finally {
      closeAfterTest.clear();
      logs.close();
    }
    logs.assertNoneOf(SECRETS);
    for (Throwable t : seen) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        String text = c + " " + c.getMessage();
        for (String secret : SECRETS) {
          assertFalse(text.contains(secret), "a " + c.getClass().getSimpleName() + " leaks");
        }
      }
    }
    seen.clear();
  }

  private AciProvider started(AciWire on, String rg, AciWire.Recorder listener) {
    AciProvider p = on.provider(rg);
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

  private V1PodStatus awaitStatus(
      AciWire.Recorder on, PodRef ref, String what, Predicate<V1PodStatus> condition) {
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

  @Test
  void theSweepPushesPendingThenRunningWithThePodIp() throws Exception {
    PodRef ref = newRef();
    Instant created = Instant.now();
    provider.createPod(request(longRunning(ref), ref));

    V1PodStatus running =
        awaitStatus(recorder, ref, "Running", AciProviderWireTest::runningAndReady);

    List<String> phases = recorder.statuses(ref).stream().map(V1PodStatus::getPhase).toList();
    assertEquals("Pending", phases.get(0), "the first pushed phase: " + phases);
    assertTrue(phases.indexOf("Running") > phases.lastIndexOf("Pending"), phases.toString());
    assertTrue(running.getPodIP().startsWith("10.7.0."), running.getPodIP());
    assertNotNull(running.getContainerStatuses().get(0).getState().getRunning(), "app runs");
    assertTrue(running.getContainerStatuses().get(0).getReady(), "app is ready (no probe)");
    assertFalse(
        running.getStartTime().toInstant().isBefore(created.minusSeconds(1)),
        "startTime " + running.getStartTime() + " comes from this deployment");
    assertEquals(running, provider.getPodStatus(ref).orElseThrow(), "GET maps the same status");
  }

  @Test
  void createIsIdempotentForTheSameUid() throws Exception {
    PodRef ref = newRef();
    provider.createPod(request(longRunning(ref), ref));
    // A retry (after a crash, or from a second replica) builds a fresh request for the same pod.
    provider.createPod(request(longRunning(ref), ref));
    awaitStatus(recorder, ref, "Running", AciProviderWireTest::runningAndReady);
    provider.createPod(request(longRunning(ref), ref));

    FaultInjector faults = wire.emulator.faults();
    assertEquals(1, faults.calls("PUT containerGroups"), "one PUT: " + faults.callCounts());
    assertEquals(
        1,
        provider.listPods("1").stream().filter(p -> p.pod().uid().equals(ref.uid())).count(),
        "one group for the UID");
  }

  @Test
  void deleteReportsTheGroupGoneAndItsStatusEmpty() throws Exception {
    PodRef ref = newRef();
    provider.createPod(request(longRunning(ref), ref));
    awaitStatus(recorder, ref, "Running", AciProviderWireTest::runningAndReady);

    provider.deletePod(ref);

    assertFalse(wire.emulator.exists(resourceGroup, group(ref)), "deleted in the cloud");
    assertEquals(Optional.empty(), provider.getPodStatus(ref));
    await("onGone").atMost(WAIT).until(() -> recorder.gone(ref));
    provider.deletePod(ref); // idempotent
  }

  @Test
  void listPodsReturnsEachGroupWithThePodRefFromItsTags() throws Exception {
    PodRef first = newRef("1");
    PodRef second = newRef("2");
    provider.createPod(request(longRunning(first), first));
    provider.createPod(request(longRunning(second), second));

    List<CloudPod> zone1 = provider.listPods("1");
    assertEquals(1, zone1.size(), zone1.toString());
    CloudPod listed = zone1.get(0);
    assertEquals(first, listed.pod(), "namespace, name, uid, node and zone from the tags");
    assertEquals(group(first), listed.groupName());
    assertNull(listed.status(), "ARM's list has no instanceView, so no status is guessed");
    List<CloudPod> zone2 = provider.listPods("2");
    assertEquals(List.of(second), zone2.stream().map(CloudPod::pod).toList());
  }

  @Test
  void aPodLargerThanTheLocationsLargestGroupIsRefusedBeforeAnyPut() throws Exception {
    PodRef ref = newRef("1");
    V1Pod huge = longRunning(ref);
    huge.getSpec()
        .getContainers()
        .get(0)
        .resources(
            new V1ResourceRequirements()
                .putRequestsItem("cpu", new Quantity("64"))
                .putRequestsItem("memory", new Quantity("900G")));
    UnsupportedPodException e =
        expect(UnsupportedPodException.class, () -> provider.createPod(request(huge, ref)));
    assertEquals("spec.containers[*].resources", e.field());
    assertTrue(e.getMessage().contains("at most 4 CPU and 16 GB"), e.getMessage());
    assertEquals(0, wire.emulator.faults().calls("PUT containerGroups"), "ARM never asked");
    assertEquals(1, wire.emulator.faults().calls("GET capabilities"));

    PodRef small = newRef("1");
    provider.createPod(request(longRunning(small), small));
    assertEquals(1, wire.emulator.faults().calls("GET capabilities"), "read once, then cached");
  }

  @Test
  void aListingWhoseNextLinkRepeatsEndsWithAnErrorInsteadOfLooping() throws Exception {
    PodRef first = newRef("1");
    provider.createPod(request(longRunning(first), first));
    wire.emulator.repeatNextLink(true);
    try {
      CloudUnavailableException e =
          expect(CloudUnavailableException.class, () -> provider.listPods("1"));
      assertTrue(e.getMessage().contains("same nextLink twice"), e.getMessage());
      assertTrue(e.isRetryable());
    } finally {
      wire.emulator.repeatNextLink(false);
    }
    assertEquals(List.of(first), provider.listPods("1").stream().map(CloudPod::pod).toList());
  }

  @Test
  void containerLogsOfAnEchoCommandHonourTailAndTimestamps() throws Exception {
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
    awaitStatus(recorder, ref, "Running", AciProviderWireTest::runningAndReady);

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
        "mode=wire\nthree\n",
        provider.containerLogs(ref, "app", new LogOptions(2, false, 3600, false)),
        "sinceSeconds is applied locally, then the tail");
    expect(
        UnsupportedPodException.class,
        () -> provider.containerLogs(ref, "app", new LogOptions(null, false, null, true)));
  }

  /** The leak checks after each test see real traffic: the secret does reach the cloud. */
  @Test
  void theSecretReachesTheContainerAsASecureValueAndNothingElse() throws Exception {
    PodRef ref = newRef();
    provider.createPod(
        request(pod(ref, "Always", "busybox:1.36", "echo $DB_PASSWORD; sleep infinity"), ref));
    awaitStatus(recorder, ref, "Running", AciProviderWireTest::runningAndReady);

    // The container's own output is the pod's business: only there may the value show.
    assertTrue(
        provider.containerLogs(ref, "app", LogOptions.all()).contains(AciWire.SECRET_VALUE),
        "the container got the secret");
    assertTrue(logs.text().contains("creating container group"), "the log capture works");
    String status = provider.getPodStatus(ref).orElseThrow().toString();
    assertFalse(status.contains(AciWire.SECRET_VALUE), "the pod status does not carry it");
  }

  @Test
  void execReturnsTheWebSocketOfTheContainer() throws Exception {
    PodRef ref = newRef();
    provider.createPod(request(longRunning(ref), ref));
    awaitStatus(recorder, ref, "Running", AciProviderWireTest::runningAndReady);

    ExecTarget target = provider.exec(ref, "app", List.of("ls", "-l", "/"), true);

    assertTrue(target.webSocketUri().startsWith("wss://127.0.0.1:"), target.webSocketUri());
    assertTrue(target.webSocketUri().contains("/" + group(ref) + "/app/"), target.webSocketUri());
    assertFalse(target.password().isEmpty(), "a one-time password");
    assertFalse(target.toString().contains(target.password()), "the password is not printed");
    assertEquals(1, wire.emulator.faults().calls("POST exec"));
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
  void aPrivateImageRunsWithCredentialsAndFailsToPullWithout() throws Exception {
    AciWire registry =
        AciWire.start(
            b ->
                b.privateRegistries(
                        PrivateRegistries.none().with(REGISTRY, "puller", REGISTRY_PASSWORD))
                    .pullFailure(AciEmulator.PullFailure.FAIL_DURING_PROVISIONING));
    closeAfterTest.add(registry);
    AciWire.Recorder events = new AciWire.Recorder();
    AciProvider p = started(registry, AciWire.newResourceGroup(), events);
    String image = REGISTRY + "/team/app:1.0";
    PodRef allowed = newRef();
    PodRef denied = newRef();

    p.createPod(
        request(
            pod(allowed, "Always", image, null),
            allowed,
            List.of(new RegistryCredential(REGISTRY, "puller", REGISTRY_PASSWORD))));
    p.createPod(request(pod(denied, "Always", image, null), denied));

    awaitStatus(events, allowed, "Running", AciProviderWireTest::runningAndReady);
    V1PodStatus failed =
        awaitStatus(events, denied, "pull failure", s -> "Failed".equals(s.getPhase()));
    assertEquals("ProviderFailed", failed.getReason());
    assertTrue(failed.getMessage().contains("Failed to pull image"), failed.getMessage());
    V1ContainerStateWaiting waiting = failed.getContainerStatuses().get(0).getState().getWaiting();
    assertEquals("ImagePullBackOff", waiting.getReason());
    assertTrue(waiting.getMessage().contains(image), waiting.getMessage());
  }

  @Test
  void aPrivateImageWithoutCredentialsIsRejectedAtCreate() {
    AciWire registry =
        AciWire.start(
            b ->
                b.privateRegistries(
                    PrivateRegistries.none().with(REGISTRY, "puller", REGISTRY_PASSWORD)));
    closeAfterTest.add(registry);
    AciProvider p = started(registry, AciWire.newResourceGroup(), new AciWire.Recorder());
    PodRef ref = newRef();
    PodRef wrong = newRef();

    CloudRejectedException e =
        expect(
            CloudRejectedException.class,
            () -> p.createPod(request(pod(ref, "Always", REGISTRY + "/app:1", null), ref)));
    assertEquals("InaccessibleImage", e.code());
    CloudRejectedException badPassword =
        expect(
            CloudRejectedException.class,
            () ->
                p.createPod(
                    request(
                        pod(wrong, "Always", REGISTRY + "/app:1", null),
                        wrong,
                        List.of(new RegistryCredential(REGISTRY, "puller", "not-the-password")))));
    assertEquals("InaccessibleImage", badPassword.code());
  }

  @Test
  void throttlingSurfacesWithTheServersRetryAfter() throws Exception {
    PodRef ref = newRef();
    wire.emulator.faults().once("GET containerGroups", new Fault.Throttle(Duration.ofSeconds(7)));

    CloudThrottledException e =
        expect(
            CloudThrottledException.class,
            () -> provider.createPod(request(longRunning(ref), ref)));

    assertEquals(Duration.ofSeconds(7), e.retryAfter());
    assertEquals(1, wire.emulator.faults().calls("GET containerGroups"), "429 is not retried");
    wire.emulator.faults().once("PUT containerGroups", new Fault.Throttle(Duration.ofSeconds(2)));
    CloudThrottledException onPut =
        expect(
            CloudThrottledException.class,
            () -> provider.createPod(request(longRunning(ref), ref)));
    assertEquals(Duration.ofSeconds(2), onPut.retryAfter());
    assertFalse(wire.emulator.exists(resourceGroup, group(ref)), "a throttled PUT is not applied");
  }

  @Test
  void serverErrorsAreRetriedThenSurfaceAsUnavailable() throws Exception {
    PodRef ref = newRef();
    FaultInjector faults = wire.emulator.faults();
    faults.inject("GET containerGroups", new Fault.ServerError(500), 3);

    CloudUnavailableException e =
        expect(
            CloudUnavailableException.class,
            () -> provider.createPod(request(longRunning(ref), ref)));

    assertFalse(e.isAmbiguous(), "a failed GET changed nothing");
    assertTrue(e.getMessage().contains("InternalServerError"), e.getMessage());
    assertEquals(3, faults.calls("GET containerGroups"), "the first try and two retries");
    assertEquals(0, faults.calls("PUT containerGroups"));

    faults.inject("PUT containerGroups", new Fault.ServerError(503), 3);
    CloudUnavailableException onPut =
        expect(
            CloudUnavailableException.class,
            () -> provider.createPod(request(longRunning(ref), ref)));
    assertTrue(onPut.isAmbiguous(), "the client cannot know whether a failed PUT applied");
  }

  @Test
  void aPutAppliedButAnsweredWithAnErrorIsNeverDuplicated() throws Exception {
    PodRef ref = newRef();
    FaultInjector faults = wire.emulator.faults();
    faults.inject("PUT containerGroups", new Fault.ApplyThenFail(500), 3);

    CloudUnavailableException e =
        expect(
            CloudUnavailableException.class,
            () -> provider.createPod(request(longRunning(ref), ref)));
    assertTrue(e.isAmbiguous());
    assertTrue(wire.emulator.exists(resourceGroup, group(ref)), "the PUT took effect");
    long puts = faults.calls("PUT containerGroups");

    provider.createPod(request(longRunning(ref), ref));

    assertEquals(puts, faults.calls("PUT containerGroups"), "the retry found the group");
    assertEquals(1, provider.listPods("1").size());
    awaitStatus(recorder, ref, "Running", AciProviderWireTest::runningAndReady);
  }

  @Test
  void changesMadeInTheCloudReachTheListener() throws Exception {
    PodRef stopped = newRef();
    PodRef unhealthy = newRef();
    PodRef repairing = newRef();
    PodRef lost = newRef();
    for (PodRef ref : List.of(stopped, unhealthy, repairing, lost)) {
      provider.createPod(request(longRunning(ref), ref));
    }
    for (PodRef ref : List.of(stopped, unhealthy, repairing, lost)) {
      awaitStatus(recorder, ref, "Running", AciProviderWireTest::runningAndReady);
    }

    assertTrue(wire.emulator.stop(resourceGroup, group(stopped)));
    assertTrue(wire.emulator.markUnhealthy(resourceGroup, group(unhealthy)));
    assertTrue(wire.emulator.markRepairing(resourceGroup, group(repairing)));
    assertTrue(wire.emulator.lose(resourceGroup, group(lost)));

    // Stopping leaves provisioningState Succeeded: the sweep sees it at a steady group's refresh.
    V1PodStatus s = awaitStatus(recorder, stopped, "Stopped", st -> "Failed".equals(st.getPhase()));
    assertEquals("Stopped", s.getReason());
    assertNull(s.getPodIP(), "a stopped group releases its IP");
    V1ContainerStateTerminated killed = s.getContainerStatuses().get(0).getState().getTerminated();
    assertEquals(137, killed.getExitCode());
    V1PodStatus u = awaitStatus(recorder, unhealthy, "Unhealthy", st -> !ready(st));
    assertEquals("Running", u.getPhase(), "its containers keep running");
    V1PodStatus r = awaitStatus(recorder, repairing, "Repairing", st -> !ready(st));
    assertEquals("Running", r.getPhase(), "it ran before, so it is Running but not ready");
    await("onGone").atMost(WAIT).until(() -> recorder.gone(lost));
    assertEquals(Optional.empty(), provider.getPodStatus(lost));

    assertTrue(wire.emulator.clearMarks(resourceGroup, group(unhealthy)));
    awaitStatus(recorder, unhealthy, "healthy again", AciProviderWireTest::runningAndReady);
  }

  @Test
  void healthFailsWhileTheCloudDropsRequestsAndRecovers() throws Exception {
    provider.checkHealth("1");
    expect(UnsupportedPodException.class, () -> provider.checkHealth("3"));

    wire.emulator.faults().always("LIST containerGroups", new Fault.Drop());
    CloudUnavailableException e =
        await("health fails")
            .atMost(WAIT)
            .until(
                () -> {
                  try {
                    provider.checkHealth("1");
                    return null;
                  } catch (CloudUnavailableException thrown) {
                    return thrown;
                  }
                },
                thrown -> thrown != null);
    seen.add(e);
    assertTrue(e.getMessage().startsWith("list container groups"), e.getMessage());

    wire.emulator.faults().clear();
    provider.checkHealth("1");
  }

  /**
   * The efficiency users rely on: a sweep makes one list call per interval, and reads a group with
   * a GET only while it is new, changing or transitioning — plus one refresh per steady group every
   * {@link AciProvider#REFRESH_EVERY} passes — never one GET per pod per interval.
   */
  @Test
  void theSweepListsOncePerIntervalAndReadsOnlyGroupsThatMayHaveChanged() throws Exception {
    int pods = 5;
    FaultInjector faults = wire.emulator.faults();
    List<PodRef> refs = new ArrayList<>();
    for (int i = 0; i < pods; i++) {
      PodRef ref = newRef();
      refs.add(ref);
      provider.createPod(request(longRunning(ref), ref));
    }
    faults.resetCalls(); // from here on, only the sweep calls the emulator
    for (PodRef ref : refs) {
      awaitStatus(recorder, ref, "Running", AciProviderWireTest::runningAndReady);
    }
    Map<String, Long> startup = faults.callCounts();

    faults.resetCalls();
    int passes = AciProvider.REFRESH_EVERY;
    await("steady passes").atMost(WAIT).until(() -> faults.calls("LIST containerGroups") >= passes);
    Map<String, Long> steady = faults.callCounts();

    long startupLists = startup.getOrDefault("LIST containerGroups", 0L);
    long startupGets = startup.getOrDefault("GET containerGroups", 0L);
    long lists = steady.getOrDefault("LIST containerGroups", 0L);
    long gets = steady.getOrDefault("GET containerGroups", 0L);
    System.out.printf(
        "sweep calls, %d pods: start-up %d lists + %d GETs; steady %d lists + %d GETs%n",
        pods, startupLists, startupGets, lists, gets);
    // Start-up: each pass reads only groups that are still provisioning.
    assertTrue(startupGets <= pods * startupLists, "start-up GETs " + startup);
    // Steady: a pass may be under way when the count is read, hence one list and a group's
    // refresh of slack; one GET per pod per pass would be 60 here.
    assertTrue(lists >= passes && lists <= passes + 1, "one list per pass: " + steady);
    assertTrue(gets > 0 && gets <= 2L * pods, "about one refresh per group: " + steady);
    assertEquals(lists + gets, faults.totalCalls(), "nothing but lists and GETs: " + steady);
  }
}

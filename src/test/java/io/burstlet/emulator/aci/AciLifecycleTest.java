package io.burstlet.emulator.aci;

import static io.burstlet.emulator.aci.AciTestClients.container;
import static io.burstlet.emulator.aci.AciTestClients.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.management.Resource;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.polling.PollResult;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.SyncPoller;
import com.azure.resourcemanager.containerinstance.fluent.ContainerGroupsClient;
import com.azure.resourcemanager.containerinstance.fluent.ContainersClient;
import com.azure.resourcemanager.containerinstance.fluent.models.ContainerExecResponseInner;
import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import com.azure.resourcemanager.containerinstance.models.Container;
import com.azure.resourcemanager.containerinstance.models.ContainerExecRequest;
import com.azure.resourcemanager.containerinstance.models.ContainerExecRequestTerminalSize;
import com.azure.resourcemanager.containerinstance.models.ContainerGroupRestartPolicy;
import com.azure.resourcemanager.containerinstance.models.ContainerGroupSubnetId;
import com.azure.resourcemanager.containerinstance.models.ContainerPropertiesInstanceView;
import com.azure.resourcemanager.containerinstance.models.Event;
import com.azure.resourcemanager.containerinstance.models.InitContainerDefinition;
import io.burstlet.emulator.MutableClock;
import io.burstlet.emulator.aci.AciTestClients.Raw;
import io.burstlet.emulator.aci.AciTestClients.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The life of container groups through the real SDK, on a clock the test moves: provisioning,
 * container states, restarts, init containers, stop/start/restart, logs, exec, forced states.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AciLifecycleTest {

  private static final String RG = "lifecycle";
  private static final String SUBNET =
      "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/aci";

  private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
  private AciEmulator emulator;
  private ContainerGroupsClient groups;
  private ContainersClient containers;

  @BeforeAll
  void start() throws Exception {
    emulator =
        AciEmulator.builder()
            .clock(clock)
            .pending(Duration.ofSeconds(1))
            .creating(Duration.ofSeconds(2))
            .restartBackoff(Duration.ofSeconds(5))
            .subnet(SUBNET, "10.1.0.0/24")
            .build()
            .start();
    var manager = AciTestClients.manager(emulator, 0);
    groups = manager.serviceClient().getContainerGroups();
    containers = manager.serviceClient().getContainers();
  }

  @AfterAll
  void stop() {
    emulator.close();
  }

  @Test
  void provisionsRunsAndTerminatesWithTheExitCode() {
    Instant t0 = clock.instant();
    SyncPoller<PollResult<ContainerGroupInner>, ContainerGroupInner> poller =
        groups.beginCreateOrUpdate(
            RG,
            "exit-three",
            group(ContainerGroupRestartPolicy.NEVER, "echo hi; sleep 4; exit 3")
                .withSubnetIds(List.of(new ContainerGroupSubnetId().withId(SUBNET))));

    ContainerGroupInner pending = groups.getByResourceGroup(RG, "exit-three");
    assertEquals("Pending", pending.provisioningState());
    assertEquals("Pending", pending.instanceView().state());
    assertEquals("Waiting", view(pending).currentState().state());
    assertTrue(view(pending).events().isEmpty());
    assertTrue(pending.ipAddress().ip().startsWith("10.1.0."), pending.ipAddress().ip());
    assertEquals("Private", pending.ipAddress().type().toString());

    clock.advance(Duration.ofSeconds(1));
    ContainerGroupInner creating = groups.getByResourceGroup(RG, "exit-three");
    assertEquals("Creating", creating.provisioningState());
    assertEquals(List.of("Pulling"), names(view(creating).events()));
    // ACI reports the provisioning state as the operation status; the SDK keeps polling.
    LongRunningOperationStatus polled = poller.poll().getStatus();
    assertEquals("Creating", polled.toString());
    assertFalse(polled.isComplete());

    clock.advance(Duration.ofSeconds(2));
    ContainerGroupInner running = groups.getByResourceGroup(RG, "exit-three");
    assertEquals("Succeeded", running.provisioningState());
    assertEquals("Running", running.instanceView().state());
    assertEquals("Running", view(running).currentState().state());
    assertEquals(t0.plusSeconds(3), view(running).currentState().startTime().toInstant());
    assertEquals(List.of("Pulling", "Pulled", "Started"), names(view(running).events()));
    assertEquals(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED, poller.poll().getStatus());

    clock.advance(Duration.ofSeconds(4));
    ContainerGroupInner done = groups.getByResourceGroup(RG, "exit-three");
    ContainerPropertiesInstanceView view = view(done);
    assertEquals("Failed", done.instanceView().state());
    assertEquals("Terminated", view.currentState().state());
    assertEquals(3, view.currentState().exitCode());
    assertEquals("Error", view.currentState().detailStatus());
    assertEquals(t0.plusSeconds(7), view.currentState().finishTime().toInstant());
    assertEquals(0, view.restartCount());
    assertEquals("Succeeded", done.provisioningState());
  }

  @Test
  void aContainerThatExitsZeroSucceeds() {
    create("exit-zero", group(ContainerGroupRestartPolicy.ON_FAILURE, "echo done"));

    ContainerGroupInner done = groups.getByResourceGroup(RG, "exit-zero");
    assertEquals("Succeeded", done.instanceView().state());
    assertEquals("Terminated", view(done).currentState().state());
    assertEquals(0, view(done).currentState().exitCode());
    assertEquals("Completed", view(done).currentState().detailStatus());

    // Stopping a group whose container has completed kills nothing.
    groups.stop(RG, "exit-zero");
    ContainerGroupInner stopped = groups.getByResourceGroup(RG, "exit-zero");
    assertEquals("Stopped", stopped.instanceView().state());
    assertEquals("Completed", view(stopped).currentState().detailStatus());
    assertFalse(names(view(stopped).events()).contains("Killing"));
  }

  @Test
  void onFailureRestartsWithBackOffAndKeepsThePreviousState() {
    create("crash", group(ContainerGroupRestartPolicy.ON_FAILURE, "exit 1"));
    clock.advance(Duration.ofSeconds(6));

    ContainerGroupInner crashing = groups.getByResourceGroup(RG, "crash");
    ContainerPropertiesInstanceView view = view(crashing);
    assertEquals("Running", crashing.instanceView().state());
    assertEquals(1, view.restartCount());
    assertEquals("Waiting", view.currentState().state());
    assertEquals(
        "CrashLoopBackOff: Back-off restarting failed", view.currentState().detailStatus());
    assertEquals("Terminated", view.previousState().state());
    assertEquals(1, view.previousState().exitCode());
    Event started = event(view, "Started");
    assertEquals(2, started.count());
    assertEquals("Warning", event(view, "BackOff").type());
    assertEquals(2, event(view, "BackOff").count());
  }

  @Test
  void initContainersRunFirstInOrder() {
    ContainerGroupInner spec =
        group(ContainerGroupRestartPolicy.NEVER, "echo main; sleep infinity")
            .withInitContainers(
                List.of(
                    init("init-one", "echo one; sleep 2"), init("init-two", "echo two; exit 0")));
    create("inits", spec);

    ContainerGroupInner initialising = groups.getByResourceGroup(RG, "inits");
    assertEquals("Pending", initialising.instanceView().state());
    assertEquals(
        "Running", initialising.initContainers().get(0).instanceView().currentState().state());
    assertEquals(
        "Waiting", initialising.initContainers().get(1).instanceView().currentState().state());
    assertEquals("Waiting", view(initialising).currentState().state());

    clock.advance(Duration.ofSeconds(2));
    ContainerGroupInner running = groups.getByResourceGroup(RG, "inits");
    assertEquals("Running", running.instanceView().state());
    for (InitContainerDefinition init : running.initContainers()) {
      assertEquals("Terminated", init.instanceView().currentState().state());
      assertEquals(0, init.instanceView().currentState().exitCode());
    }
    assertEquals("Running", view(running).currentState().state());
    assertEquals("one\n", containers.listLogs(RG, "inits", "init-one").content());
    assertEquals("main\n", containers.listLogs(RG, "inits", "main").content());
  }

  @Test
  void aFailedInitContainerFailsTheGroupAndTheContainersNeverStart() {
    create(
        "init-fails",
        group(ContainerGroupRestartPolicy.NEVER, "sleep infinity")
            .withInitContainers(List.of(init("setup", "exit 2"))));

    ContainerGroupInner failed = groups.getByResourceGroup(RG, "init-fails");
    assertEquals("Failed", failed.instanceView().state());
    assertEquals(2, failed.initContainers().get(0).instanceView().currentState().exitCode());
    assertEquals("Waiting", view(failed).currentState().state());
  }

  @Test
  void stopKillsTheContainersAndReleasesTheIpAndStartRunsThemAgain() {
    create(
        "stop-start",
        group(ContainerGroupRestartPolicy.ALWAYS, "sleep infinity")
            .withSubnetIds(List.of(new ContainerGroupSubnetId().withId(SUBNET))));
    String firstIp = groups.getByResourceGroup(RG, "stop-start").ipAddress().ip();

    groups.stop(RG, "stop-start");
    ContainerGroupInner stopped = groups.getByResourceGroup(RG, "stop-start");
    assertEquals("Stopped", stopped.instanceView().state());
    assertEquals("Terminated", view(stopped).currentState().state());
    assertEquals(137, view(stopped).currentState().exitCode());
    assertEquals("Killed", view(stopped).currentState().detailStatus());
    assertEquals("Killing", event(view(stopped), "Killing").name());
    assertNull(stopped.ipAddress().ip());

    SyncPoller<PollResult<Void>, Void> starting = groups.beginStart(RG, "stop-start");
    assertEquals("Pending", groups.getByResourceGroup(RG, "stop-start").provisioningState());
    clock.advance(Duration.ofSeconds(3));
    assertEquals(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED, starting.poll().getStatus());
    ContainerGroupInner started = groups.getByResourceGroup(RG, "stop-start");
    assertEquals("Running", started.instanceView().state());
    assertEquals("Running", view(started).currentState().state());
    assertNotEquals(firstIp, started.ipAddress().ip());
    assertTrue(started.ipAddress().ip().startsWith("10.1.0."));
  }

  @Test
  void restartRunsTheContainersAgainInPlaceKeepingTheIp() {
    create(
        "restart",
        group(ContainerGroupRestartPolicy.NEVER, "echo once")
            .withSubnetIds(List.of(new ContainerGroupSubnetId().withId(SUBNET))));
    String ip = groups.getByResourceGroup(RG, "restart").ipAddress().ip();
    clock.advance(Duration.ofSeconds(10));
    assertEquals("Succeeded", groups.getByResourceGroup(RG, "restart").instanceView().state());

    groups.restart(RG, "restart");
    Instant restartedAt = clock.instant();
    clock.advance(Duration.ofSeconds(3));

    ContainerGroupInner again = groups.getByResourceGroup(RG, "restart");
    assertEquals(restartedAt.plusSeconds(3), view(again).currentState().startTime().toInstant());
    assertEquals(ip, again.ipAddress().ip());
    assertEquals("once\n", containers.listLogs(RG, "restart", "main").content());
  }

  @Test
  void anIdenticalPutChangesNothingAndAChangedContainerSetRedeploys() {
    create("update", group(ContainerGroupRestartPolicy.NEVER, "echo v1; sleep infinity"));
    Instant firstStart =
        view(groups.getByResourceGroup(RG, "update")).currentState().startTime().toInstant();
    clock.advance(Duration.ofSeconds(5));

    ContainerGroupInner same =
        groups.createOrUpdate(
            RG, "update", group(ContainerGroupRestartPolicy.NEVER, "echo v1; sleep infinity"));
    assertEquals("Succeeded", same.provisioningState());
    assertEquals(firstStart, view(same).currentState().startTime().toInstant());
    // Sending back what a GET returned (states, instance views, ids) is the same request too.
    Raw raw = AciTestClients.raw(emulator);
    String path = Raw.groupPath(RG, "update");
    Reply echoed = raw.call("PUT", path, raw.call("GET", path, null).body());
    assertEquals(200, echoed.status(), echoed.body());
    assertEquals(
        firstStart,
        view(groups.getByResourceGroup(RG, "update")).currentState().startTime().toInstant());

    // Same total resources, split over a changed set of containers: ACI accepts the update.
    ContainerGroupInner changed =
        group(ContainerGroupRestartPolicy.NEVER, "echo v2; sleep infinity");
    changed.containers().add(container("sidecar", "busybox", "sleep infinity"));
    for (Container c : changed.containers()) {
      c.resources().requests().withCpu(0.5).withMemoryInGB(0.75);
    }
    SyncPoller<PollResult<ContainerGroupInner>, ContainerGroupInner> updating =
        groups.beginCreateOrUpdate(RG, "update", changed);
    ContainerGroupInner inProgress = groups.getByResourceGroup(RG, "update");
    assertEquals("Updating", inProgress.provisioningState());
    assertEquals(2, inProgress.containers().size());
    clock.advance(Duration.ofSeconds(3));
    assertEquals(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED, updating.poll().getStatus());
    ContainerGroupInner updated = groups.getByResourceGroup(RG, "update");
    assertEquals("Running", updated.instanceView().state());
    assertEquals(clock.instant(), view(updated).currentState().startTime().toInstant());
    assertEquals("v2\n", containers.listLogs(RG, "update", "main").content());

    ContainerGroupInner moreCpu = group(ContainerGroupRestartPolicy.NEVER, "sleep infinity");
    moreCpu.containers().get(0).resources().requests().withCpu(2.0);
    assertUpdateRefused(400, "InvalidContainerGroupUpdate", moreCpu);
    ContainerGroupInner otherPolicy = group(ContainerGroupRestartPolicy.ALWAYS, "sleep infinity");
    otherPolicy.containers().get(0).resources().requests().withCpu(0.5).withMemoryInGB(0.75);
    otherPolicy.containers().add(changed.containers().get(1));
    assertUpdateRefused(400, "InvalidContainerGroupUpdate", otherPolicy);
    assertUpdateRefused(409, "InvalidResourceLocation", changed.withLocation("eastus"));
  }

  private void assertUpdateRefused(int status, String code, ContainerGroupInner spec) {
    ManagementException refused =
        assertThrows(ManagementException.class, () -> groups.createOrUpdate(RG, "update", spec));
    assertEquals(status, refused.getResponse().getStatusCode());
    assertEquals(code, refused.getValue().getCode());
  }

  @Test
  void patchReplacesTagsWithoutRedeploying() {
    create("tagged", group(ContainerGroupRestartPolicy.NEVER, "sleep infinity"));
    Instant started =
        view(groups.getByResourceGroup(RG, "tagged")).currentState().startTime().toInstant();
    clock.advance(Duration.ofSeconds(5));

    ContainerGroupInner patched =
        groups.update(RG, "tagged", new Resource().withTags(Map.of("burstlet.io/pod-uid", "u-1")));

    assertEquals(Map.of("burstlet.io/pod-uid", "u-1"), patched.tags());
    assertEquals(
        Map.of("burstlet.io/pod-uid", "u-1"), groups.getByResourceGroup(RG, "tagged").tags());
    assertEquals(started, view(patched).currentState().startTime().toInstant());
  }

  @Test
  void logsHonourTailAndTimestamps() {
    create("logs", group(ContainerGroupRestartPolicy.NEVER, "echo one; echo two; echo three"));
    Instant started = clock.instant();

    assertEquals("one\ntwo\nthree\n", containers.listLogs(RG, "logs", "main").content());
    String tailed =
        containers
            .listLogsWithResponse(RG, "logs", "main", 2, true, Context.NONE)
            .getValue()
            .content();
    assertEquals(started + " two\n" + started + " three\n", tailed);
  }

  @Test
  void execAndAttachAnswerWithAWebSocket() {
    create("exec", group(ContainerGroupRestartPolicy.NEVER, "sleep infinity"));

    ContainerExecResponseInner exec =
        containers.executeCommand(
            RG,
            "exec",
            "main",
            new ContainerExecRequest()
                .withCommand("/bin/sh")
                .withTerminalSize(
                    new ContainerExecRequestTerminalSize().withRows(24).withCols(80)));
    assertTrue(exec.webSocketUri().startsWith("wss://127.0.0.1:"), exec.webSocketUri());
    assertTrue(exec.webSocketUri().endsWith("?rows=24&cols=80"), exec.webSocketUri());
    assertTrue(exec.password().length() >= 16);
    assertTrue(containers.attach(RG, "exec", "main").webSocketUri().startsWith("wss://"));
    ManagementException missing =
        assertThrows(
            ManagementException.class,
            () -> containers.executeCommand(RG, "exec", "nope", new ContainerExecRequest()));
    assertEquals(404, missing.getResponse().getStatusCode());
  }

  @Test
  void testHooksForceRepairingUnhealthyAndLostGroups() {
    create("hooks", group(ContainerGroupRestartPolicy.ALWAYS, "sleep infinity"));

    assertTrue(emulator.markRepairing(RG, "hooks"));
    ContainerGroupInner repairing = groups.getByResourceGroup(RG, "hooks");
    assertEquals("Repairing", repairing.provisioningState());
    assertEquals("Repairing", repairing.instanceView().state());

    assertTrue(emulator.markUnhealthy(RG, "hooks"));
    ContainerGroupInner unhealthy = groups.getByResourceGroup(RG, "hooks");
    assertEquals("Unhealthy", unhealthy.provisioningState());
    assertEquals("Running", unhealthy.instanceView().state());

    assertTrue(emulator.clearMarks(RG, "hooks"));
    assertEquals("Succeeded", groups.getByResourceGroup(RG, "hooks").provisioningState());

    assertTrue(emulator.stop(RG, "hooks"));
    assertEquals("Stopped", groups.getByResourceGroup(RG, "hooks").instanceView().state());

    assertTrue(emulator.lose(RG, "hooks"));
    ManagementException lost =
        assertThrows(ManagementException.class, () -> groups.getByResourceGroup(RG, "hooks"));
    assertEquals("ResourceNotFound", lost.getValue().getCode());
    assertEquals(false, emulator.lose(RG, "hooks"));
  }

  /** Creates {@code spec} and moves the clock to the end of provisioning. */
  private void create(String name, ContainerGroupInner spec) {
    SyncPoller<PollResult<ContainerGroupInner>, ContainerGroupInner> poller =
        groups.beginCreateOrUpdate(RG, name, spec);
    clock.advance(Duration.ofSeconds(3));
    assertEquals(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED, poller.poll().getStatus());
  }

  private static InitContainerDefinition init(String name, String script) {
    Container c = container(name, "busybox", script);
    return new InitContainerDefinition()
        .withName(name)
        .withImage(c.image())
        .withCommand(c.command());
  }

  private static ContainerPropertiesInstanceView view(ContainerGroupInner group) {
    return group.containers().get(0).instanceView();
  }

  private static List<String> names(List<Event> events) {
    return events.stream().map(Event::name).toList();
  }

  private static Event event(ContainerPropertiesInstanceView view, String name) {
    return view.events().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
  }
}

package io.burstlet.emulator.aci;

import static io.burstlet.emulator.aci.AciTestClients.container;
import static io.burstlet.emulator.aci.AciTestClients.group;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.management.polling.PollResult;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.SyncPoller;
import com.azure.resourcemanager.containerinstance.fluent.ContainerGroupsClient;
import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import com.azure.resourcemanager.containerinstance.models.Container;
import com.azure.resourcemanager.containerinstance.models.ContainerExec;
import com.azure.resourcemanager.containerinstance.models.ContainerGroupIpAddressType;
import com.azure.resourcemanager.containerinstance.models.ContainerGroupRestartPolicy;
import com.azure.resourcemanager.containerinstance.models.ContainerHttpGet;
import com.azure.resourcemanager.containerinstance.models.ContainerPort;
import com.azure.resourcemanager.containerinstance.models.ContainerProbe;
import com.azure.resourcemanager.containerinstance.models.ContainerPropertiesInstanceView;
import com.azure.resourcemanager.containerinstance.models.Event;
import com.azure.resourcemanager.containerinstance.models.IpAddress;
import com.azure.resourcemanager.containerinstance.models.Port;
import com.azure.resourcemanager.containerinstance.models.Volume;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.burstlet.emulator.MutableClock;
import io.burstlet.emulator.aci.AciTestClients.Raw;
import io.burstlet.emulator.aci.AciTestClients.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Liveness and readiness probes as ACI reports them through the real SDK, on a clock the test
 * moves: failures become {@code Unhealthy} Warning events in the container's instance view, a
 * failing liveness probe restarts the container; and the test hook that reads secret volumes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AciProbesTest {

  private static final String RG = "probes";

  private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
  private AciEmulator emulator;
  private ContainerGroupsClient groups;

  @BeforeAll
  void start() throws Exception {
    emulator =
        AciEmulator.builder()
            .clock(clock)
            .pending(Duration.ofSeconds(1))
            .creating(Duration.ofSeconds(2))
            .restartBackoff(Duration.ofSeconds(5))
            .build()
            .start();
    groups = AciTestClients.manager(emulator, 0).serviceClient().getContainerGroups();
  }

  @AfterAll
  void stop() {
    emulator.close();
  }

  @Test
  void aFailingReadinessProbeIsReportedAsAnAggregatedUnhealthyEvent() {
    ContainerGroupInner spec = group(ContainerGroupRestartPolicy.ALWAYS, "sleep infinity");
    spec.containers()
        .get(0)
        .withReadinessProbe(
            exec("echo db down; exit 1").withInitialDelaySeconds(2).withPeriodSeconds(5));
    Instant started = create("not-ready", spec);

    clock.advance(Duration.ofSeconds(12));
    ContainerGroupInner group = groups.getByResourceGroup(RG, "not-ready");

    assertEquals("Running", group.instanceView().state());
    ContainerPropertiesInstanceView view = group.containers().get(0).instanceView();
    assertEquals("Running", view.currentState().state());
    Event unhealthy = event(view, "Unhealthy");
    assertEquals("Warning", unhealthy.type());
    assertEquals("Readiness probe failed: db down", unhealthy.message());
    assertEquals(3, unhealthy.count(), "attempts 2, 7 and 12 s after the start");
    assertEquals(started.plusSeconds(2), unhealthy.firstTimestamp().toInstant());
    assertEquals(started.plusSeconds(12), unhealthy.lastTimestamp().toInstant());
    assertEquals(0, view.restartCount(), "readiness never restarts");
  }

  @Test
  void httpGetProbesAnswerOnDeclaredPortsOnly() {
    Container web =
        container("web", "nginx")
            .withPorts(List.of(new ContainerPort().withPort(80)))
            .withReadinessProbe(httpGet(80, "/"));
    Container side = container("side", "busybox").withReadinessProbe(httpGet(8080, "/ready"));
    ContainerGroupInner spec =
        group(ContainerGroupRestartPolicy.ALWAYS)
            .withContainers(List.of(web, side))
            .withIpAddress(
                new IpAddress()
                    .withType(ContainerGroupIpAddressType.PUBLIC)
                    .withPorts(List.of(new Port().withPort(80))));
    create("http", spec);

    clock.advance(Duration.ofSeconds(30));
    ContainerGroupInner group = groups.getByResourceGroup(RG, "http");
    String ip = group.ipAddress().ip();

    List<String> webEvents = names(group.containers().get(0).instanceView().events());
    assertFalse(webEvents.contains("Unhealthy"), webEvents.toString());
    Event refused = event(group.containers().get(1).instanceView(), "Unhealthy");
    assertEquals(
        "Readiness probe failed: Get \"http://"
            + ip
            + ":8080/ready\": dial tcp "
            + ip
            + ":8080: connect: connection refused",
        refused.message());
    assertEquals(4, refused.count(), "at 0, 10, 20 and 30 s (Kubernetes' default period)");
  }

  @Test
  void aFailingLivenessProbeRestartsTheContainerPerTheRestartPolicy() {
    // Fails 1 and 3 s into each run: killed at the second failure, 3 s in; back-off is 5 s.
    ContainerProbe liveness =
        exec("exit 1").withInitialDelaySeconds(1).withPeriodSeconds(2).withFailureThreshold(2);
    ContainerGroupInner always = group(ContainerGroupRestartPolicy.ALWAYS, "sleep infinity");
    always.containers().get(0).withLivenessProbe(liveness);
    ContainerGroupInner never = group(ContainerGroupRestartPolicy.NEVER, "sleep infinity");
    never.containers().get(0).withLivenessProbe(liveness);
    Instant started = create(Map.of("liveness", always, "liveness-never", never));

    clock.advance(Duration.ofSeconds(4));
    ContainerPropertiesInstanceView backingOff = view("liveness");
    assertEquals("Waiting", backingOff.currentState().state());
    assertEquals("Terminated", backingOff.previousState().state());
    assertEquals(137, backingOff.previousState().exitCode());
    assertEquals(started.plusSeconds(3), backingOff.previousState().finishTime().toInstant());

    clock.advance(Duration.ofSeconds(5));
    ContainerPropertiesInstanceView restarted = view("liveness");
    assertEquals("Running", restarted.currentState().state());
    assertEquals(1, restarted.restartCount());
    Event unhealthy = event(restarted, "Unhealthy");
    assertEquals("Liveness probe failed: ", unhealthy.message(), "exit 1 prints nothing");
    assertEquals(3, unhealthy.count(), "two in the first run, one in the second");
    Event killing = event(restarted, "Killing");
    assertEquals("Container main failed liveness probe, will be restarted", killing.message());
    assertEquals(started.plusSeconds(3), killing.lastTimestamp().toInstant());
    assertEquals("Running", groups.getByResourceGroup(RG, "liveness").instanceView().state());

    ContainerGroupInner stopped = groups.getByResourceGroup(RG, "liveness-never");
    assertEquals(
        "Failed", stopped.instanceView().state(), "Never: the killed container stays down");
    assertEquals(137, stopped.containers().get(0).instanceView().currentState().exitCode());
  }

  @Test
  void malformedProbesAreRefused() {
    Raw raw = AciTestClients.raw(emulator);
    JsonObject noPort = sampleWithProbe("{\"httpGet\":{\"path\":\"/\"}}");
    Reply missing = raw.call("PUT", Raw.groupPath(RG, "bad-probe"), noPort.toString());
    assertEquals(400, missing.status(), missing.body());
    assertEquals("InvalidRequestContent", missing.errorCode());
    assertTrue(missing.body().contains("readinessProbe.httpGet"), missing.body());

    JsonObject zeroPeriod =
        sampleWithProbe("{\"exec\":{\"command\":[\"true\"]},\"periodSeconds\":0}");
    Reply zero = raw.call("PUT", Raw.groupPath(RG, "bad-probe"), zeroPeriod.toString());
    assertEquals(400, zero.status(), zero.body());
    assertTrue(zero.body().contains("periodSeconds"), zero.body());
    assertFalse(emulator.exists(RG, "bad-probe"));
  }

  @Test
  void secretVolumeFilesAreReadableThroughTheTestHookOnly() {
    String token = "eyJhbGciOiJSUzI1NiJ9.payload.sig";
    ContainerGroupInner spec =
        group(ContainerGroupRestartPolicy.ALWAYS, "sleep infinity")
            .withVolumes(
                List.of(
                    new Volume()
                        .withName("kube-api-access")
                        .withSecret(
                            Map.of(
                                "token", base64(token),
                                "namespace", base64("default"))),
                    new Volume().withName("scratch").withEmptyDir(Map.of())));
    create("hook", spec);

    assertEquals(
        Optional.of(Map.of("token", token, "namespace", "default")),
        emulator.secretVolumeFiles(RG, "hook", "kube-api-access"));
    assertEquals(Optional.empty(), emulator.secretVolumeFiles(RG, "hook", "scratch"));
    assertEquals(Optional.empty(), emulator.secretVolumeFiles(RG, "hook", "absent"));
    assertEquals(
        Optional.empty(), emulator.secretVolumeFiles(RG, "no-such-group", "kube-api-access"));
    Volume returned = groups.getByResourceGroup(RG, "hook").volumes().get(0);
    assertTrue(returned.secret() == null || returned.secret().isEmpty(), "ARM never returns it");
  }

  /** Creates {@code spec}, moves the clock to the end of provisioning; returns the start time. */
  private Instant create(String name, ContainerGroupInner spec) {
    return create(Map.of(name, spec));
  }

  /**
   * Creates the groups at the same instant; their containers start together, at the instant
   * returned.
   */
  private Instant create(Map<String, ContainerGroupInner> specs) {
    List<SyncPoller<PollResult<ContainerGroupInner>, ContainerGroupInner>> pollers =
        specs.entrySet().stream()
            .map(e -> groups.beginCreateOrUpdate(RG, e.getKey(), e.getValue()))
            .toList();
    clock.advance(Duration.ofSeconds(3));
    for (var poller : pollers) {
      assertEquals(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED, poller.poll().getStatus());
    }
    return clock.instant();
  }

  private ContainerPropertiesInstanceView view(String group) {
    return groups.getByResourceGroup(RG, group).containers().get(0).instanceView();
  }

  private static ContainerProbe exec(String script) {
    return new ContainerProbe()
        .withExec(new ContainerExec().withCommand(List.of("/bin/sh", "-c", script)));
  }

  private static ContainerProbe httpGet(int port, String path) {
    return new ContainerProbe().withHttpGet(new ContainerHttpGet().withPort(port).withPath(path));
  }

  private static JsonObject sampleWithProbe(String probe) {
    JsonObject body =
        JsonParser.parseString(
                "{\"location\":\"westeurope\",\"properties\":{\"osType\":\"Linux\",\"containers\":"
                    + "[{\"name\":\"main\",\"properties\":{\"image\":\"busybox\",\"resources\":"
                    + "{\"requests\":{\"cpu\":1,\"memoryInGB\":1.5}}}}]}}")
            .getAsJsonObject();
    body.getAsJsonObject("properties")
        .getAsJsonArray("containers")
        .get(0)
        .getAsJsonObject()
        .getAsJsonObject("properties")
        .add("readinessProbe", JsonParser.parseString(probe));
    return body;
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> names(List<Event> events) {
    return events.stream().map(Event::name).toList();
  }

  private static Event event(ContainerPropertiesInstanceView view, String name) {
    return view.events().stream()
        .filter(e -> e.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " event in " + names(view.events())));
  }
}

package io.burstlet.provider.aci;

import static io.burstlet.provider.aci.AciGroupJson.state;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.resourcemanager.containerinstance.fluent.models.ContainerExecResponseInner;
import io.burstlet.config.ConfigException;
import io.burstlet.config.ProviderConfig;
import io.burstlet.provider.CloudPod;
import io.burstlet.provider.CloudRejectedException;
import io.burstlet.provider.CloudUnavailableException;
import io.burstlet.provider.ExecTarget;
import io.burstlet.provider.LogOptions;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodRequest;
import io.burstlet.provider.UnsupportedPodException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;

class AciProviderTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC);
  final RecordingAciGroups groups = new RecordingAciGroups();
  final AciProvider provider =
      new AciProvider(AciFixtures.provider(), AciFixtures.agent(), groups, CLOCK);

  PodRequest request() throws Exception {
    return AciFixtures.request("/aci/golden/aks-virtual-node.pod.yaml");
  }

  AciGroupJson existing(PodRef ref, String provisioning) {
    var g = new AciGroupJson(AciNames.groupName(ref.uid()), provisioning, "Running");
    g.tags(AciNames.tags(AciFixtures.CLUSTER, ref));
    g.container(
        "aci-helloworld", state("Running", "2026-01-01T11:00:00Z", null, null, ""), null, 0, null);
    return g;
  }

  @Test
  void describesItself() {
    assertEquals("aci", provider.name());
    assertEquals("azure", provider.cloud());
    assertEquals(List.of("1", "2"), provider.zones());
    assertEquals("westeurope", provider.region());
    assertEquals("1000", provider.capacity("1").get("cpu"));
  }

  @Test
  void createsOnceAndIsIdempotent() throws Exception {
    PodRequest r = request();
    String name = AciNames.groupName(r.ref().uid());
    provider.createPod(r);
    assertEquals(List.of("limits westeurope", "get " + name, "create " + name), groups.calls);
    assertEquals("westeurope", groups.created.get(name).location());

    groups.put(existing(r.ref(), "Creating"));
    groups.calls.clear();
    provider.createPod(r);
    assertEquals(List.of("get " + name), groups.calls, "an existing group is never sent again");
  }

  @Test
  void aFailedCapabilitiesReadNeverBlocksACreate() throws Exception {
    PodRequest r = request();
    String name = AciNames.groupName(r.ref().uid());
    groups.failNext = new UncheckedIOException(new ConnectException("refused"));
    provider.createPod(r);
    assertEquals(List.of("limits westeurope", "get " + name, "create " + name), groups.calls);
  }

  @Test
  void refusesToAdoptAGroupOfAnotherPod() throws Exception {
    PodRequest r = request();
    PodRef other = new PodRef("default", "x", "other-uid", "burstlet-aci-1", "1");
    var g = existing(other, "Succeeded");
    g.root.addProperty("name", AciNames.groupName(r.ref().uid()));
    groups.put(g);
    var e = assertThrows(CloudRejectedException.class, () -> provider.createPod(r));
    assertEquals("NameConflict", e.code());
  }

  @Test
  void waitsForADeletingGroup() throws Exception {
    PodRequest r = request();
    groups.put(existing(r.ref(), "Deleting"));
    var e = assertThrows(CloudUnavailableException.class, () -> provider.createPod(r));
    assertFalse(e.isAmbiguous());
    assertTrue(e.isRetryable());
  }

  @Test
  void aTimedOutCreateIsAmbiguous() throws Exception {
    groups.failCreate =
        Exceptions.propagate(new java.util.concurrent.TimeoutException("Timeout on blocking read"));
    var e = assertThrows(CloudUnavailableException.class, () -> provider.createPod(request()));
    assertTrue(e.isAmbiguous());
    assertTrue(e.getMessage().contains("timed out"), e.getMessage());
  }

  @Test
  void deletesAndReadsStatus() throws Exception {
    PodRequest r = request();
    String name = AciNames.groupName(r.ref().uid());
    assertTrue(provider.getPodStatus(r.ref()).isEmpty());
    groups.put(existing(r.ref(), "Succeeded"));
    assertEquals("Running", provider.getPodStatus(r.ref()).orElseThrow().getPhase());
    provider.deletePod(r.ref());
    assertTrue(groups.calls.contains("delete " + name));
    assertTrue(provider.getPodStatus(r.ref()).isEmpty());
  }

  @Test
  void listsOnlyThisNodesGroups() throws Exception {
    PodRef mine = new PodRef("default", "a", "uid-a", "burstlet-aci-1", "1");
    PodRef otherZone = new PodRef("default", "b", "uid-b", "burstlet-aci-2", "2");
    PodRef otherCluster = new PodRef("default", "c", "uid-c", "burstlet-aci-1", "1");
    groups.put(existing(mine, "Succeeded"));
    groups.put(existing(otherZone, "Succeeded"));
    var foreign = existing(otherCluster, "Succeeded");
    foreign.tags(AciNames.tags("another-cluster", otherCluster));
    groups.put(foreign);
    List<CloudPod> pods = provider.listPods("1");
    assertEquals(1, pods.size());
    assertEquals(mine, pods.get(0).pod());
    assertEquals(AciNames.groupName("uid-a"), pods.get(0).groupName());
    assertNull(pods.get(0).status(), "ARM's list has no instanceView");
    assertEquals(otherZone, provider.listPods("2").get(0).pod());
    assertThrows(UnsupportedPodException.class, () -> provider.listPods("9"));
  }

  @Test
  void healthUsesTheSweepsLastListOrProbes() throws Exception {
    provider.checkHealth("1");
    assertEquals(1, groups.count("probe"));
    groups.failNext =
        ArmResponses.error(403, ArmResponses.cloudError("AuthorizationFailed", "no"), Map.of());
    assertThrows(io.burstlet.provider.CloudAuthException.class, () -> provider.checkHealth("1"));
    provider.start((pod, status) -> {});
    await().atMost(Duration.ofSeconds(5)).until(() -> groups.count("list") >= 1);
    long probes = groups.count("probe");
    provider.checkHealth("2");
    assertEquals(probes, groups.count("probe"), "a fresh sweep list makes the check free");
    provider.close();
  }

  @Test
  void logsHonourTailTimestampsAndSince() throws Exception {
    PodRef ref = request().ref();
    groups.logs = "a\nb\n";
    assertEquals(
        "a\nb\n", provider.containerLogs(ref, "app", new LogOptions(10, false, null, false)));
    assertEquals(10, groups.lastTail);
    assertFalse(groups.lastTimestamps);
    groups.logs =
        "2026-01-01T11:58:00Z old\n2026-01-01T11:59:30Z new1\n2026-01-01T11:59:50.5Z new2\nplain\n";
    assertEquals(
        "new2\nplain\n", provider.containerLogs(ref, "app", new LogOptions(2, false, 60, false)));
    assertNull(groups.lastTail, "the tail is applied after the since filter");
    assertTrue(groups.lastTimestamps);
    assertEquals(
        "2026-01-01T11:59:30Z new1\n2026-01-01T11:59:50.5Z new2\nplain\n",
        provider.containerLogs(ref, "app", new LogOptions(null, true, 60, false)));
    var e =
        assertThrows(
            UnsupportedPodException.class,
            () -> provider.containerLogs(ref, "app", new LogOptions(null, false, null, true)));
    assertEquals("previous", e.field());
  }

  @Test
  void execJoinsTheCommand() throws Exception {
    PodRef ref = request().ref();
    groups.execResponse =
        new ContainerExecResponseInner()
            .withWebSocketUri("wss://exec.example/1")
            .withPassword("pw-123");
    ExecTarget t = provider.exec(ref, "app", List.of("/bin/ls", "-la"), true);
    assertEquals("/bin/ls -la", groups.lastExecCommand);
    assertEquals("wss://exec.example/1", t.webSocketUri());
    assertEquals("pw-123", t.password());
    assertFalse(t.toString().contains("pw-123"));
    assertThrows(
        UnsupportedPodException.class,
        () -> provider.exec(ref, "app", List.of("sh", "-c", "ls -la"), false));
  }

  @Test
  void validatesConfiguration() {
    ProviderConfig base = AciFixtures.provider();
    ProviderConfig eci =
        new ProviderConfig(
            base.name(),
            "eci",
            base.region(),
            base.endpoint(),
            null,
            base.zones(),
            base.capacity(),
            base.taint(),
            base.labels(),
            base.credentials(),
            base.settings());
    assertThrows(ConfigException.class, () -> new AciProvider(eci, AciFixtures.agent()));
    ProviderConfig noGroup =
        new ProviderConfig(
            base.name(),
            "aci",
            base.region(),
            base.endpoint(),
            null,
            base.zones(),
            base.capacity(),
            base.taint(),
            base.labels(),
            base.credentials(),
            Map.of("subscriptionId", "00000000-0000-0000-0000-000000000001"));
    var e =
        assertThrows(ConfigException.class, () -> new AciProvider(noGroup, AciFixtures.agent()));
    assertTrue(e.getMessage().contains("resourceGroup"), e.getMessage());
    ProviderConfig http =
        new ProviderConfig(
            base.name(),
            "aci",
            base.region(),
            "http://127.0.0.1:8080",
            null,
            base.zones(),
            base.capacity(),
            base.taint(),
            base.labels(),
            base.credentials(),
            base.settings());
    var h = assertThrows(ConfigException.class, () -> new AciProvider(http, AciFixtures.agent()));
    assertTrue(h.getMessage().contains("https"), h.getMessage());
  }

  /**
   * The real SDK path against a loopback endpoint where nothing listens: the provider builds
   * without network access (static token for the emulator) and reports the refused connection as
   * CloudUnavailableException.
   */
  @Test
  void realSdkAgainstAClosedLoopbackPortIsUnavailable() throws Exception {
    ProviderConfig base = AciFixtures.provider();
    int port;
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    ProviderConfig local =
        new ProviderConfig(
            base.name(),
            "aci",
            base.region(),
            "https://127.0.0.1:" + port,
            null,
            base.zones(),
            base.capacity(),
            base.taint(),
            base.labels(),
            Map.of(),
            base.settings());
    try (AciProvider p = new AciProvider(local, AciFixtures.agent())) {
      var e = assertThrows(CloudUnavailableException.class, () -> p.checkHealth("1"));
      assertInstanceOf(CloudUnavailableException.class, e);
      assertFalse(e.isAmbiguous());
    }
  }
}

package io.burstlet.provider.eci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.emulator.MutableClock;
import io.burstlet.provider.CloudAuthException;
import io.burstlet.provider.CloudPod;
import io.burstlet.provider.CloudRejectedException;
import io.burstlet.provider.LogOptions;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodRequest;
import io.burstlet.provider.PodStatusListener;
import io.burstlet.provider.UnsupportedPodException;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The provider's use of the client: idempotent create, lookups by name, logs, exec, health. */
class EciProviderTest {
  private final ScriptedEciClient client = new ScriptedEciClient();
  private final EciProvider provider =
      new EciProvider(
          EciFixtures.provider(),
          EciFixtures.agent(),
          client,
          new MutableClock(Instant.parse("2026-01-01T00:00:00Z")));

  @AfterEach
  void close() {
    provider.close();
  }

  private static PodRef ref(PodRequest request) {
    return request.ref();
  }

  @Test
  void describesItself() {
    assertEquals("eci", provider.name());
    assertEquals("alibabacloud", provider.cloud());
    assertEquals(List.of(EciFixtures.ZONE_A, EciFixtures.ZONE_B), provider.zones());
    assertEquals(EciFixtures.REGION, provider.region());
    assertEquals("1000", provider.capacity(EciFixtures.ZONE_A).get("cpu"));
  }

  @Test
  void createLooksUpByNameThenCreatesOnce() throws Exception {
    PodRequest request = EciFixtures.simplePod();
    provider.createPod(request);
    assertEquals(List.of("DescribeContainerGroups", "CreateContainerGroup"), client.calls);
    var lookup = client.requestsOf(DescribeContainerGroupsRequest.class).get(0);
    assertEquals("bl-0f3c2a9e5b1d4c7e9a2b1d2e3f4a5b6c", lookup.containerGroupName());
    var create = client.requestsOf(CreateContainerGroupRequest.class).get(0);
    assertEquals(request.ref().uid(), create.clientToken());

    // The group now exists (ECI created it): a retry must not create a second one.
    client.groups.put(
        "eci-created1",
        ScriptedEciClient.group(
            "eci-created1", ref(request), EciFixtures.nodeName(EciFixtures.ZONE_A), "Pending"));
    client.calls.clear();
    provider.createPod(request);
    assertEquals(List.of("DescribeContainerGroups"), client.calls);
  }

  @Test
  void unsupportedPodsCostNoCloudCall() {
    PodRequest request = EciFixtures.simplePod();
    request.pod().getSpec().hostNetwork(true);
    assertThrows(UnsupportedPodException.class, () -> provider.createPod(request));
    assertEquals(List.of(), client.calls);
  }

  @Test
  void deleteIsIdempotent() throws Exception {
    PodRequest request = EciFixtures.simplePod();
    client.groups.put(
        "eci-7",
        ScriptedEciClient.group(
            "eci-7", ref(request), EciFixtures.nodeName(EciFixtures.ZONE_A), "Running"));
    provider.deletePod(ref(request));
    assertEquals(
        "eci-7", client.requestsOf(DeleteContainerGroupRequest.class).get(0).containerGroupId());
    assertTrue(client.groups.isEmpty());
    client.calls.clear();
    provider.deletePod(ref(request)); // already gone: only the lookup
    assertEquals(List.of("DescribeContainerGroups"), client.calls);
  }

  @Test
  void deleteOfAGroupThatVanishedMeanwhileSucceeds() throws Exception {
    PodRequest request = EciFixtures.simplePod();
    List<V1PodStatus> seen = new ArrayList<>();
    client.groups.put(
        "eci-7",
        ScriptedEciClient.group(
            "eci-7", ref(request), EciFixtures.nodeName(EciFixtures.ZONE_A), "Running"));
    provider.start((pod, status) -> seen.add(status)); // tracks eci-7
    assertEquals(1, seen.size());
    client.groups.clear(); // deleted by someone else; the sweep has not noticed yet
    provider.deletePod(ref(request));
    assertEquals(1, client.count("DeleteContainerGroup"));
  }

  @Test
  void listPodsReturnsThisNodesGroupsWithIdentityAndStatus() throws Exception {
    PodRequest request = EciFixtures.simplePod();
    client.pageSize = 1;
    client.groups.put(
        "eci-1",
        ScriptedEciClient.group(
            "eci-1", ref(request), EciFixtures.nodeName(EciFixtures.ZONE_A), "Running"));
    PodRef other =
        new PodRef("ns", "other", "99999999-0000-4000-8000-000000000000", "x", EciFixtures.ZONE_A);
    client.groups.put(
        "eci-2", ScriptedEciClient.group("eci-2", other, "some-other-node", "Running"));
    PodRef second =
        new PodRef(
            "ns",
            "second",
            "99999999-0000-4000-8000-000000000001",
            EciFixtures.nodeName(EciFixtures.ZONE_A),
            EciFixtures.ZONE_A);
    client.groups.put(
        "eci-3",
        ScriptedEciClient.group(
            "eci-3", second, EciFixtures.nodeName(EciFixtures.ZONE_A), "Succeeded"));

    List<CloudPod> pods = provider.listPods(EciFixtures.ZONE_A);
    assertEquals(2, pods.size(), "all pages, this node only");
    CloudPod first = pods.get(0);
    assertEquals("bl-0f3c2a9e5b1d4c7e9a2b1d2e3f4a5b6c", first.groupName());
    assertEquals(ref(request).uid(), first.pod().uid());
    assertEquals("web-7d9f", first.pod().name());
    assertEquals("Running", first.status().getPhase());
    assertEquals("Succeeded", pods.get(1).status().getPhase());
    var filter = client.requestsOf(DescribeContainerGroupsRequest.class).get(0);
    assertEquals(EciFixtures.ZONE_A, filter.zoneId());
    assertEquals(2, filter.tags().size());
  }

  @Test
  void getPodStatus() throws Exception {
    PodRequest request = EciFixtures.simplePod();
    assertTrue(provider.getPodStatus(ref(request)).isEmpty());
    client.groups.put(
        "eci-1",
        ScriptedEciClient.group(
            "eci-1", ref(request), EciFixtures.nodeName(EciFixtures.ZONE_A), "Running"));
    assertEquals("10.0.1.7", provider.getPodStatus(ref(request)).orElseThrow().getPodIP());
  }

  @Test
  void logsMapOptionsToEcisLimits() throws Exception {
    PodRequest request = EciFixtures.simplePod();
    assertEquals(
        EciProvider.NOT_FOUND,
        assertThrows(
                CloudRejectedException.class,
                () -> provider.containerLogs(ref(request), "web", LogOptions.all()))
            .code());
    client.groups.put(
        "eci-1",
        ScriptedEciClient.group(
            "eci-1", ref(request), EciFixtures.nodeName(EciFixtures.ZONE_A), "Running"));
    assertEquals("hello\nworld\n", provider.containerLogs(ref(request), "web", LogOptions.all()));
    provider.containerLogs(ref(request), "web", new LogOptions(5000, true, 30, true));
    provider.containerLogs(ref(request), "web", new LogOptions(10, false, null, false));
    var logs = client.requestsOf(DescribeContainerLogRequest.class);
    assertEquals(2000, logs.get(0).tail(), "all lines = ECI's maximum");
    assertEquals(2000, logs.get(1).tail());
    assertTrue(logs.get(1).timestamps());
    assertTrue(logs.get(1).lastTime(), "previous = LastTime");
    assertEquals(30, logs.get(1).sinceSeconds());
    assertEquals(10, logs.get(2).tail());
    assertFalse(logs.get(2).lastTime());
    assertEquals("eci-1", logs.get(2).containerGroupId());
  }

  @Test
  void execReturnsTheWebSocket() throws Exception {
    PodRequest request = EciFixtures.simplePod();
    client.groups.put(
        "eci-1",
        ScriptedEciClient.group(
            "eci-1", ref(request), EciFixtures.nodeName(EciFixtures.ZONE_A), "Running"));
    var target = provider.exec(ref(request), "web", List.of("/bin/sh"), true);
    assertEquals("wss://eci.example/exec?s=one-time", target.webSocketUri());
    assertEquals("", target.password());
    assertFalse(target.toString().contains("one-time"));
    var exec = client.requestsOf(ExecContainerCommandRequest.class).get(0);
    assertTrue(exec.tty());
    assertEquals(List.of("/bin/sh"), exec.command());
  }

  @Test
  void healthIsOneSmallListingAndFailuresPropagate() throws Exception {
    provider.checkHealth(EciFixtures.ZONE_B);
    var request = client.requestsOf(DescribeContainerGroupsRequest.class).get(0);
    assertEquals(1, request.limit());
    assertEquals(EciFixtures.ZONE_B, request.zoneId());
    client.failNext =
        new CloudAuthException("ECI DescribeContainerGroups: InvalidAccessKeyId.NotFound");
    assertThrows(CloudAuthException.class, () -> provider.checkHealth(EciFixtures.ZONE_A));
    assertThrows(UnsupportedPodException.class, () -> provider.checkHealth("ap-northeast-1z"));
  }

  @Test
  void startPushesStatusesAndCreatedGroupsNeedNoLookupLater() throws Exception {
    List<String> seen = new ArrayList<>();
    provider.start(
        new PodStatusListener() {
          @Override
          public void onStatus(PodRef pod, V1PodStatus status) {
            seen.add(pod.name() + " " + status.getPhase());
          }
        });
    assertTrue(seen.isEmpty(), "no group existed at start");
    PodRequest request = EciFixtures.simplePod();
    provider.createPod(request);
    client.calls.clear();
    client.groups.put(
        "eci-created1",
        ScriptedEciClient.group(
            "eci-created1", ref(request), EciFixtures.nodeName(EciFixtures.ZONE_A), "Running"));
    provider.containerLogs(ref(request), "web", LogOptions.all());
    assertEquals(List.of("DescribeContainerLog"), client.calls, "the id is known from create");
  }
}

package io.burstlet.provider.aci;

import static io.burstlet.provider.aci.AciGroupJson.state;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodStatusListener;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AciStatusSweepTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC);
  static final String NODE = "burstlet-aci-1";

  final RecordingAciGroups groups = new RecordingAciGroups();

  final List<String> heard = Collections.synchronizedList(new ArrayList<>());
  final PodStatusListener listener =
      new PodStatusListener() {
        @Override
        public void onStatus(PodRef pod, V1PodStatus status) {
          heard.add("status " + pod.name() + " " + status.getPhase());
        }

        @Override
        public void onGone(PodRef pod) {
          heard.add("gone " + pod.name());
        }
      };

  AciStatusSweep sweep(int refreshEvery) {
    return sweep(refreshEvery, 1000);
  }

  AciStatusSweep sweep(int refreshEvery, int readsPerPass) {
    return new AciStatusSweep(
        groups,
        new AciStatusMapper(CLOCK),
        AciFixtures.CLUSTER,
        Set.of(NODE),
        Duration.ofMillis(50),
        refreshEvery,
        readsPerPass,
        CLOCK,
        "aci-sweep-test");
  }

  static AciGroupJson group(
      String pod, String cluster, String node, String provisioning, String state) {
    String uid = "00000000-0000-0000-0000-0000000000" + Math.abs(pod.hashCode() % 90 + 10);
    var g = new AciGroupJson(AciNames.groupName(uid), provisioning, state);
    g.tags(AciNames.tags(cluster, new PodRef("default", pod, uid, node, "1")));
    return g;
  }

  static AciGroupJson running(String pod) {
    return group(pod, AciFixtures.CLUSTER, NODE, "Succeeded", "Running")
        .container("app", state("Running", "2026-01-01T11:00:00Z", null, null, ""), null, 0, null);
  }

  static AciGroupJson pending(String pod) {
    return group(pod, AciFixtures.CLUSTER, NODE, "Creating", "Pending")
        .container("app", state("Waiting", null, null, null, ""), null, 0, null);
  }

  String nameOf(String pod) {
    return running(pod).root.get("name").getAsString();
  }

  @Test
  void getsOnlyNewChangedOrTransitioningGroupsAndReportsOnlyChanges() {
    groups.put(running("a"));
    groups.put(pending("b"));
    groups.put(
        group("c", "other-cluster", NODE, "Succeeded", "Running")
            .container(
                "app", state("Running", "2026-01-01T11:00:00Z", null, null, ""), null, 0, null));
    groups.put(
        group("d", AciFixtures.CLUSTER, "burstlet-aci-9", "Succeeded", "Running")
            .container(
                "app", state("Running", "2026-01-01T11:00:00Z", null, null, ""), null, 0, null));
    AciStatusSweep sweep = sweep(Integer.MAX_VALUE);

    sweep.sweep(listener);
    assertEquals(1, groups.count("list"));
    assertEquals(List.of("list", "get " + nameOf("a"), "get " + nameOf("b")), groups.calls);
    assertEquals(List.of("status a Running", "status b Pending"), heard);

    groups.calls.clear();
    heard.clear();
    sweep.sweep(listener);
    // a is steady (running and ready): only the transitioning b is read again; nothing changed.
    assertEquals(List.of("list", "get " + nameOf("b")), groups.calls);
    assertEquals(List.of(), heard);

    groups.put(running("b"));
    groups.calls.clear();
    sweep.sweep(listener);
    assertEquals(List.of("list", "get " + nameOf("b")), groups.calls);
    assertEquals(List.of("status b Running"), heard);

    groups.calls.clear();
    heard.clear();
    sweep.sweep(listener);
    assertEquals(List.of("list"), groups.calls, "steady groups cost no GET");

    groups.groups.remove(nameOf("a"));
    sweep.sweep(listener);
    assertEquals(List.of("gone a"), heard);
    assertTrue(sweep.lastListSuccess() != null);
  }

  @Test
  void aGroupMissingFromALaggingListIsNotGoneWhileAReadStillFindsIt() {
    AciStatusSweep sweep = sweep(12);
    groups.put(running("a"));
    sweep.sweep(listener);
    assertEquals(List.of("status a Running"), heard);

    groups.missingFromList.add(nameOf("a"));
    groups.calls.clear();
    sweep.sweep(listener);
    assertEquals(List.of("list", "get " + nameOf("a")), groups.calls, "confirmed by name");
    assertEquals(List.of("status a Running"), heard, "not gone: the group still runs");

    groups.groups.remove(nameOf("a"));
    sweep.sweep(listener);
    assertEquals(List.of("status a Running", "gone a"), heard);
  }

  @Test
  void theReadBudgetServesChangesFirstAndDefersTheRestWithoutLosingThem() {
    groups.put(running("a"));
    groups.put(running("b"));
    groups.put(running("c"));
    AciStatusSweep sweep = sweep(1, 2);

    sweep.sweep(listener);
    assertEquals(List.of("list", "get " + nameOf("a"), "get " + nameOf("b")), groups.calls);
    assertEquals(List.of("status a Running", "status b Running"), heard);

    // c is still new, a and b are due for a refresh: the new one goes first, then the oldest read.
    groups.calls.clear();
    heard.clear();
    sweep.sweep(listener);
    assertEquals(List.of("list", "get " + nameOf("c"), "get " + nameOf("a")), groups.calls);
    assertEquals(List.of("status c Running"), heard);

    groups.put(pending("b"));
    groups.calls.clear();
    heard.clear();
    sweep.sweep(listener);
    assertEquals("get " + nameOf("b"), groups.calls.get(1), "a changed group comes first");
    assertEquals(List.of("status b Pending"), heard);
    assertEquals(3, groups.calls.size(), "never more GETs than the budget");
  }

  @Test
  void tagChangeTriggersAGet() {
    groups.put(running("a"));
    AciStatusSweep sweep = sweep(Integer.MAX_VALUE);
    sweep.sweep(listener);
    var changed = running("a");
    changed.root.getAsJsonObject("tags").addProperty("extra", "1");
    groups.put(changed);
    groups.calls.clear();
    sweep.sweep(listener);
    assertEquals(List.of("list", "get " + nameOf("a")), groups.calls);
  }

  @Test
  void steadyGroupsAreReReadPeriodically() {
    groups.put(running("a"));
    AciStatusSweep sweep = sweep(1);
    sweep.sweep(listener);
    groups.calls.clear();
    sweep.sweep(listener);
    assertEquals(List.of("list", "get " + nameOf("a")), groups.calls);
    assertEquals(
        List.of("status a Running"), heard, "re-reading an unchanged group reports nothing");
  }

  @Test
  void terminalGroupsAreNotReReadWithoutAChange() {
    groups.put(
        group("job", AciFixtures.CLUSTER, NODE, "Succeeded", "Succeeded")
            .container(
                "app",
                state("Terminated", "2026-01-01T11:00:00Z", 0, "2026-01-01T11:01:00Z", ""),
                null,
                0,
                null));
    AciStatusSweep sweep = sweep(1);
    sweep.sweep(listener);
    groups.calls.clear();
    sweep.sweep(listener);
    assertEquals(List.of("list"), groups.calls);
    assertEquals(List.of("status job Succeeded"), heard);
  }

  @Test
  void aFailedListChangesNothingAndTheNextPassRecovers() {
    groups.put(running("a"));
    AciStatusSweep sweep = sweep(Integer.MAX_VALUE);
    sweep.sweep(listener);
    groups.failNext = new UncheckedIOException(new ConnectException("Connection refused"));
    sweep.sweep(listener);
    assertEquals(List.of("status a Running"), heard, "no gone after a failed list");
    sweep.sweep(listener);
    assertEquals(List.of("status a Running"), heard);
  }

  @Test
  void aFailingListenerDoesNotStopThePass() {
    groups.put(running("a"));
    groups.put(running("b"));
    List<String> got = new ArrayList<>();
    sweep(Integer.MAX_VALUE)
        .sweep(
            (pod, status) -> {
              got.add(pod.name());
              throw new IllegalStateException("listener broke");
            });
    assertEquals(List.of("a", "b"), got);
  }

  @Test
  void startRunsPassesOnItsThreadUntilClosed() {
    groups.put(running("a"));
    try (AciStatusSweep sweep = sweep(Integer.MAX_VALUE)) {
      sweep.start(listener);
      await().atMost(Duration.ofSeconds(5)).until(() -> groups.count("list") >= 3);
      assertEquals(List.of("status a Running"), heard);
    }
    long after = groups.count("list");
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(2))
        .until(() -> groups.count("list") <= after + 1);
  }

  @Test
  void listedGroupsKeepTheirIdentity() {
    groups.put(running("a"));
    var pod = AciNames.podOf(AciFixtures.CLUSTER, groups.list().get(0).tags()).orElseThrow();
    assertEquals(
        Map.of("ns", "default", "node", NODE, "zone", "1"),
        Map.of("ns", pod.namespace(), "node", pod.nodeName(), "zone", pod.zone()));
  }
}

package io.burstlet.provider.eci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.emulator.MutableClock;
import io.burstlet.provider.CloudUnavailableException;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodStatusListener;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sweep's call pattern and change detection, driven step by step with a manual clock. */
class EciStatusSweeperTest {
  private static final Duration INTERVAL = Duration.ofSeconds(5);

  private final ScriptedEciClient client = new ScriptedEciClient();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<String> events = new ArrayList<>();
  private final List<V1PodStatus> statuses = new ArrayList<>();
  private EciStatusSweeper sweeper;

  private final PodStatusListener listener =
      new PodStatusListener() {
        @Override
        public void onStatus(PodRef pod, V1PodStatus status) {
          events.add("status " + pod.name() + " " + status.getPhase());
          statuses.add(status);
        }

        @Override
        public void onGone(PodRef pod) {
          events.add("gone " + pod.name());
        }
      };

  private static PodRef pod(String name, String zone) {
    String uid = "00000000-0000-4000-8000-" + String.format("%012d", Math.abs(name.hashCode()));
    return new PodRef("ns", name, uid, EciFixtures.nodeName(zone), zone);
  }

  private void put(String id, PodRef pod, String status) {
    client.groups.put(
        id, ScriptedEciClient.group(id, pod, EciFixtures.nodeName(pod.zone()), status));
  }

  @BeforeEach
  void setUp() {
    sweeper =
        new EciStatusSweeper(
            client,
            EciFixtures.REGION,
            List.of(EciFixtures.ZONE_A, EciFixtures.ZONE_B),
            EciFixtures.CLUSTER,
            INTERVAL,
            clock,
            listener,
            "test-sweep");
  }

  @Test
  void firstSweepListsEveryZoneAndReportsEveryGroupOnce() {
    put("eci-1", pod("a", EciFixtures.ZONE_A), "Running");
    put("eci-2", pod("b", EciFixtures.ZONE_B), "Pending");
    sweeper.sweep();
    assertEquals(List.of("status a Running", "status b Pending"), events);
    assertEquals(List.of("DescribeContainerGroups", "DescribeContainerGroups"), client.calls);
    for (var request : client.requestsOf(DescribeContainerGroupsRequest.class)) {
      assertEquals(EciNames.clusterTags(EciFixtures.CLUSTER), request.tags());
    }
  }

  @Test
  void deltasAreOneCallPerZoneAndOnlyChangesAreReported() {
    for (int i = 0; i < 30; i++) {
      put("eci-" + i, pod("p" + i, EciFixtures.ZONE_A), "Running");
    }
    sweeper.sweep();
    events.clear();
    client.calls.clear();

    // The same state again (overlapping windows): nothing to report.
    client.deltas.add(ScriptedEciClient.delta("eci-3", "Running"));
    clock.advance(INTERVAL);
    sweeper.sweep();
    assertEquals(List.of(), events);
    assertEquals(
        List.of("DescribeContainerGroupStatus", "DescribeContainerGroupStatus"), client.calls);

    client.deltas.clear();
    client.deltas.add(ScriptedEciClient.delta("eci-3", "Succeeded"));
    clock.advance(INTERVAL);
    sweeper.sweep();
    assertEquals(List.of("status p3 Succeeded"), events);
    assertEquals(4, client.calls.size(), "still no describe per pod: " + client.calls);
  }

  @Test
  void sinceSecondCoversTheIntervalPlusSlackAndWidensAfterFailures() {
    sweeper.sweep();
    clock.advance(INTERVAL);
    sweeper.sweep();
    var first = client.requestsOf(DescribeContainerGroupStatusRequest.class).get(0);
    assertEquals(10, first.sinceSecond(), "5 s since the last sweep plus 5 s slack");
    assertEquals(EciFixtures.ZONE_A, first.zoneId());
    assertEquals(EciNames.clusterTags(EciFixtures.CLUSTER), first.tags());

    clock.advance(INTERVAL);
    client.failNext = new CloudUnavailableException("down", false, null);
    sweeper.sweep(); // zone a fails, zone b succeeds
    clock.advance(INTERVAL);
    sweeper.sweep();
    var requests = client.requestsOf(DescribeContainerGroupStatusRequest.class);
    var zoneA = requests.get(requests.size() - 2);
    assertEquals(EciFixtures.ZONE_A, zoneA.zoneId());
    assertEquals(15, zoneA.sinceSecond(), "the failed window is covered again");
    assertEquals(10, requests.get(requests.size() - 1).sinceSecond());
  }

  @Test
  void groupsSeenFirstInADeltaAreFetchedByIdInBatches() {
    sweeper.sweep();
    client.calls.clear();
    for (int i = 0; i < 25; i++) {
      put("eci-" + i, pod("p" + i, EciFixtures.ZONE_A), "Running");
      client.deltas.add(ScriptedEciClient.delta("eci-" + i, "Running"));
    }
    clock.advance(INTERVAL);
    sweeper.sweep();
    assertEquals(25, events.size());
    assertTrue(events.contains("status p24 Running"));
    var byId =
        client.requestsOf(DescribeContainerGroupsRequest.class).stream()
            .filter(r -> !r.containerGroupIds().isEmpty())
            .toList();
    assertEquals(2, byId.size(), "25 unknown ids need two batches of at most 20");
    assertEquals(20, byId.get(0).containerGroupIds().size());
    assertEquals(25, sweeper.trackedCount());
  }

  @Test
  void goneIsReportedOnlyWhenAFullListingAndALookupByIdAgree() {
    PodRef a = pod("a", EciFixtures.ZONE_A);
    put("eci-1", a, "Running");
    sweeper.sweep();
    // A group this replica created a moment ago is not yet listed (eventual consistency).
    clock.advance(Duration.ofSeconds(55));
    sweeper.track("eci-new", pod("fresh", EciFixtures.ZONE_A));
    client.groups.remove("eci-1");
    clock.advance(Duration.ofSeconds(5));
    sweeper.sweep(); // full listing due after 60 s
    assertEquals(List.of("status a Running", "gone a"), events);
    assertEquals(1, sweeper.trackedCount(), "the fresh group is still tracked");
    assertTrue(
        client.requestsOf(DescribeContainerGroupsRequest.class).stream()
            .anyMatch(r -> r.containerGroupIds().equals(List.of("eci-1"))),
        "confirmed by id before reporting");
  }

  @Test
  void aDeletedGroupIsLookedUpByIdEachSweepUntilItIsGone() {
    PodRef a = pod("a", EciFixtures.ZONE_A);
    put("eci-1", a, "Running");
    sweeper.sweep();
    sweeper.deleted("eci-1", a);
    client.calls.clear();

    clock.advance(INTERVAL);
    sweeper.sweep(); // still Terminating
    clock.advance(INTERVAL);
    client.groups.remove("eci-1");
    sweeper.sweep();
    clock.advance(INTERVAL);
    sweeper.sweep(); // nothing left to look up

    assertEquals(List.of("status a Running", "gone a"), events);
    assertEquals(2, client.count("DescribeContainerGroups"), "one lookup per sweep while deleting");
    assertEquals(6, client.count("DescribeContainerGroupStatus"));
    assertEquals(0, sweeper.trackedCount());
  }

  @Test
  void scheduleFailedFetchesEventsToExplain() {
    PodRef a = pod("a", EciFixtures.ZONE_A);
    put("eci-1", a, "Pending");
    sweeper.sweep();
    client.events.put(
        "eci-1",
        List.of(
            new EciEvent(
                "Warning", "NoStock", "out of stock in zone", 1, "t1", "2026-01-01T00:00:03Z")));
    client.deltas.add(
        new ContainerGroupStatus(
            "eci-1",
            "n",
            "ns",
            "uuid",
            "ScheduleFailed",
            new ContainerGroupStatus.PodStatus("Failed", null, null, null, List.of(), List.of())));
    clock.advance(INTERVAL);
    sweeper.sweep();
    assertEquals(1, client.count("DescribeContainerGroupEvents"));
    V1PodStatus last = statuses.get(statuses.size() - 1);
    assertEquals("Failed", last.getPhase());
    assertEquals("ScheduleFailed", last.getReason());
    assertTrue(last.getMessage().contains("NoStock"), last.getMessage());
  }

  @Test
  void aFailedFullListingIsRetriedBeforeAnyDelta() {
    put("eci-1", pod("a", EciFixtures.ZONE_A), "Running");
    client.failNext = new CloudUnavailableException("down", false, null);
    sweeper.sweep(); // zone a fails, zone b is listed
    client.calls.clear();
    clock.advance(INTERVAL);
    sweeper.sweep();
    assertEquals(
        List.of("DescribeContainerGroups", "DescribeContainerGroups"),
        client.calls,
        "without a complete listing there is no base for deltas");
    assertEquals(List.of("status a Running"), events);
    client.calls.clear();
    clock.advance(INTERVAL);
    sweeper.sweep();
    assertEquals(
        List.of("DescribeContainerGroupStatus", "DescribeContainerGroupStatus"), client.calls);
  }

  @Test
  void trackKnowsTheGroupOfAPod() {
    PodRef a = pod("a", EciFixtures.ZONE_A);
    sweeper.track("eci-9", a);
    assertEquals("eci-9", sweeper.groupIdOf(a.uid()).orElseThrow());
    sweeper.forget("eci-9");
    assertTrue(sweeper.groupIdOf(a.uid()).isEmpty());
  }
}

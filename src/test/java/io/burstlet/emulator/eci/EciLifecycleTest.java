package io.burstlet.emulator.eci;

import static io.burstlet.emulator.eci.EciTestSupport.container;
import static io.burstlet.emulator.eci.EciTestSupport.createQuery;
import static io.burstlet.emulator.eci.EciTestSupport.integer;
import static io.burstlet.emulator.eci.EciTestSupport.list;
import static io.burstlet.emulator.eci.EciTestSupport.map;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A group's life as the real SDK sees it, with the clock moved by hand. */
class EciLifecycleTest {

  private final EciTestSupport eci;

  EciLifecycleTest() throws Exception {
    eci = new EciTestSupport();
  }

  @AfterEach
  void stop() {
    eci.close();
  }

  @Test
  void groupGoesFromSchedulingThroughPendingAndRunningToSucceeded() throws Exception {
    Map<String, String> query = createQuery("job-ok", "echo hello; sleep 2; echo bye; exit 0");
    query.put("RestartPolicy", "Never");
    String id = eci.create(query);

    assertTrue(id.matches("eci-[a-z0-9]{20}"), id);
    Map<String, Object> scheduling = eci.describe(id);
    assertEquals("Scheduling", scheduling.get("Status"));
    assertEquals("", scheduling.get("IntranetIp"));
    assertEquals("ap-northeast-1a", scheduling.get("ZoneId"));
    assertEquals("vsw-first", scheduling.get("VSwitchId"));
    assertEquals("Waiting", map(container(scheduling, 0).get("CurrentState")).get("State"));

    eci.advance(1);
    Map<String, Object> pending = eci.describe(id);
    assertEquals("Pending", pending.get("Status"));
    assertTrue(((String) pending.get("IntranetIp")).startsWith("10.1."));

    eci.advance(1);
    Map<String, Object> running = eci.describe(id);
    assertEquals("Running", running.get("Status"));
    Map<String, Object> current = map(container(running, 0).get("CurrentState"));
    assertEquals("Running", current.get("State"));
    assertEquals("2030-01-02T03:04:07Z", current.get("StartTime"));
    assertEquals(true, container(running, 0).get("Ready"));

    eci.advance(2);
    Map<String, Object> done = eci.describe(id);
    assertEquals("Succeeded", done.get("Status"));
    Map<String, Object> terminated = map(container(done, 0).get("CurrentState"));
    assertEquals("Terminated", terminated.get("State"));
    assertEquals(0, integer(terminated.get("ExitCode")));
    assertEquals("Completed", terminated.get("Reason"));
    assertEquals("2030-01-02T03:04:09Z", terminated.get("FinishTime"));
    assertEquals("2030-01-02T03:04:09Z", done.get("SucceededTime"));
    assertEquals(
        List.of("Pulling", "Pulled", "Created", "Started"),
        list(done.get("Events")).stream().map(e -> e.get("Reason")).toList());
  }

  @Test
  void withTheRealClockAGroupRunsByItself() throws Exception {
    try (EciTestSupport live =
        new EciTestSupport(
            b -> b.clock(Clock.systemUTC()).timings(EciTimings.uniform(Duration.ofMillis(50))))) {
      String id = live.create(createQuery("live", "echo hi; sleep 0.2; exit 0"));

      await().atMost(Duration.ofSeconds(10)).until(() -> live.status(id).equals("Running"));
      // Always restarts the container after each exit: it restarts while the group stays Running.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> integer(container(live.describe(id), 0).get("RestartCount")) >= 1);
      assertEquals("Running", live.status(id));
    }
  }

  @Test
  void nonZeroExitFailsTheGroupWithItsExitCode() throws Exception {
    Map<String, String> query = createQuery("job-bad", "echo oops; exit 3");
    query.put("RestartPolicy", "Never");
    String id = eci.create(query);

    eci.advance(2);
    Map<String, Object> group = eci.describe(id);

    assertEquals("Failed", group.get("Status"));
    Map<String, Object> state = map(container(group, 0).get("CurrentState"));
    assertEquals(3, integer(state.get("ExitCode")));
    assertEquals("Error", state.get("Reason"));
    assertEquals("2030-01-02T03:04:07Z", group.get("FailedTime"));
  }

  @Test
  void onFailureRestartsFailingContainersAndAlwaysKeepsTheGroupRunning() throws Exception {
    Map<String, String> onFailure = createQuery("retry", "sleep 1; exit 1");
    onFailure.put("RestartPolicy", "OnFailure");
    String retrying = eci.create(onFailure);
    String always = eci.create(createQuery("always", "sleep 1; exit 0"));

    // Started at +2 s; each run lasts 1 s and is followed by 1 s of back-off.
    eci.advance(5.5);
    Map<String, Object> group = eci.describe(retrying);
    assertEquals("Running", group.get("Status"));
    Map<String, Object> c = container(group, 0);
    assertEquals(1, integer(c.get("RestartCount")));
    assertEquals("Waiting", map(c.get("CurrentState")).get("State"));
    assertEquals("CrashLoopBackOff", map(c.get("CurrentState")).get("Reason"));
    assertEquals(1, integer(map(c.get("PreviousState")).get("ExitCode")));

    Map<String, Object> other = eci.describe(always);
    assertEquals("Running", other.get("Status"));
    assertEquals(1, integer(container(other, 0).get("RestartCount")));
  }

  @Test
  void initContainersRunFirstAndFailingOneFailsANeverGroup() throws Exception {
    Map<String, String> ok = createQuery("with-init", null);
    ok.put("InitContainer.1.Name", "setup");
    ok.put("InitContainer.1.Image", "busybox");
    ok.put("InitContainer.1.Command.1", "sh");
    ok.put("InitContainer.1.Command.2", "-c");
    ok.put("InitContainer.1.Command.3", "sleep 3");
    String id = eci.create(ok);

    eci.advance(3);
    Map<String, Object> initialising = eci.describe(id);
    assertEquals("Pending", initialising.get("Status"));
    assertEquals(
        "PodInitializing", map(container(initialising, 0).get("CurrentState")).get("Reason"));
    eci.advance(2);
    Map<String, Object> running = eci.describe(id);
    assertEquals("Running", running.get("Status"));
    Map<String, Object> init = list(running.get("InitContainers")).get(0);
    assertEquals("Completed", map(init.get("CurrentState")).get("Reason"));

    Map<String, String> bad = createQuery("bad-init", null);
    bad.put("RestartPolicy", "Never");
    bad.put("InitContainer.1.Name", "setup");
    bad.put("InitContainer.1.Image", "busybox");
    bad.put("InitContainer.1.Command.1", "exit 2");
    String failing = eci.create(bad);
    eci.advance(2);
    assertEquals("Failed", eci.status(failing));
  }

  @Test
  void clientTokenMakesCreateIdempotent() throws Exception {
    Map<String, String> query = createQuery("idem", null);
    query.put("ClientToken", "token-123");

    String first = eci.create(query);
    String second = eci.create(query);
    Map<String, String> other = createQuery("idem", null);
    other.put("ClientToken", "token-456");
    String third = eci.create(other);

    assertEquals(first, second);
    assertNotEquals(first, third);
    assertEquals(List.of(first, third), eci.emulator.containerGroupIds());
  }

  @Test
  void deleteShowsTerminatingThenTheGroupIsGone() throws Exception {
    String id = eci.create(createQuery("doomed", null));
    eci.advance(3);

    eci.call(
        "DeleteContainerGroup", Map.of("RegionId", EciTestSupport.REGION, "ContainerGroupId", id));

    Map<String, Object> terminating = eci.describe(id);
    assertEquals("Terminating", terminating.get("Status"));
    Map<String, Object> killed = map(container(terminating, 0).get("CurrentState"));
    assertEquals("Terminated", killed.get("State"));
    assertEquals(137, integer(killed.get("ExitCode")));
    assertEquals(9, integer(killed.get("Signal")));
    // A second delete while terminating succeeds.
    eci.call(
        "DeleteContainerGroup", Map.of("RegionId", EciTestSupport.REGION, "ContainerGroupId", id));

    eci.advance(1);
    Map<String, Object> body =
        eci.call(
            "DescribeContainerGroups",
            Map.of("RegionId", EciTestSupport.REGION, "ContainerGroupIds", "[\"" + id + "\"]"));
    assertEquals(0, integer(body.get("TotalCount")));
    assertEquals(
        "InvalidParameter",
        eci.error(
                "DeleteContainerGroup",
                Map.of("RegionId", EciTestSupport.REGION, "ContainerGroupId", id))
            .getCode());
  }

  @Test
  void forcedDeleteRemovesAtOnceAndATokenMakesRepeatsSucceed() throws Exception {
    String id = eci.create(createQuery("forced", null));
    Map<String, String> delete =
        Map.of(
            "RegionId",
            EciTestSupport.REGION,
            "ContainerGroupId",
            id,
            "Force",
            "true",
            "ClientToken",
            "del-1");

    eci.call("DeleteContainerGroup", delete);
    eci.call("DeleteContainerGroup", delete);

    assertEquals(List.of(), eci.emulator.containerGroupIds());
  }

  @Test
  void expireInjectionReclaimsASpotGroup() throws Exception {
    Map<String, String> query = createQuery("spot", null);
    query.put("SpotStrategy", "SpotAsPriceGo");
    String id = eci.create(query);
    eci.advance(3);

    eci.emulator.expire(id);

    Map<String, Object> group = eci.describe(id);
    assertEquals("Expired", group.get("Status"));
    assertEquals("2030-01-02T03:04:08Z", group.get("ExpiredTime"));
    assertEquals(137, integer(map(container(group, 0).get("CurrentState")).get("ExitCode")));
    List<Map<String, Object>> events = list(group.get("Events"));
    Map<String, Object> reclaim = events.get(events.size() - 1);
    assertEquals("SpotToBeReleased", reclaim.get("Reason"));
    assertEquals("Warning", reclaim.get("Type"));
  }

  @Test
  void noStockEndsScheduleFailedUnlessAnotherVSwitchZoneHasStock() throws Exception {
    eci.emulator.setStock("ap-northeast-1a", false);
    String stuck = eci.create(createQuery("no-stock", null));
    Map<String, String> multi = createQuery("multi-zone", null);
    multi.put("VSwitchId", "vsw-first,vsw-second");
    String moved = eci.create(multi);

    eci.advance(1);

    Map<String, Object> failed = eci.describe(stuck);
    assertEquals("ScheduleFailed", failed.get("Status"));
    assertEquals("NoStock", list(failed.get("Events")).get(0).get("Reason"));
    Map<String, Object> placed = eci.describe(moved);
    assertEquals("Pending", placed.get("Status"));
    assertEquals("ap-northeast-1b", placed.get("ZoneId"));
    assertEquals("vsw-second", placed.get("VSwitchId"));
  }

  @Test
  void restartPassesThroughRestartingAndCarriesTheRestartCount() throws Exception {
    String id = eci.create(createQuery("restartable", "echo up; sleep infinity"));
    eci.advance(3);

    eci.call(
        "RestartContainerGroup", Map.of("RegionId", EciTestSupport.REGION, "ContainerGroupId", id));

    assertEquals("Restarting", eci.status(id));
    eci.advance(1);
    Map<String, Object> group = eci.describe(id);
    assertEquals("Running", group.get("Status"));
    Map<String, Object> c = container(group, 0);
    assertEquals(1, integer(c.get("RestartCount")));
    assertEquals(137, integer(map(c.get("PreviousState")).get("ExitCode")));
  }

  @Test
  void restartOfAFinishedGroupIsIncorrectStatus() throws Exception {
    Map<String, String> query = createQuery("finished", "exit 0");
    query.put("RestartPolicy", "Never");
    String id = eci.create(query);
    eci.advance(2);

    var error =
        eci.error(
            "RestartContainerGroup",
            Map.of("RegionId", EciTestSupport.REGION, "ContainerGroupId", id));

    assertEquals("IncorrectStatus", error.getCode());
    assertEquals(400, error.getStatusCode());
  }

  @Test
  void updateRetagsInPlaceAndRestartsForANewImage() throws Exception {
    String id = eci.create(createQuery("updatable", "sleep infinity"));
    eci.advance(3);

    eci.call(
        "UpdateContainerGroup",
        Map.of(
            "RegionId",
            EciTestSupport.REGION,
            "ContainerGroupId",
            id,
            "Tag.1.Key",
            "team",
            "Tag.1.Value",
            "blue"));
    Map<String, Object> retagged = eci.describe(id);
    assertEquals("Running", retagged.get("Status"));
    assertEquals(List.of(Map.of("Key", "team", "Value", "blue")), retagged.get("Tags"));

    eci.call(
        "UpdateContainerGroup",
        Map.of(
            "RegionId", EciTestSupport.REGION,
            "ContainerGroupId", id,
            "UpdateType", "IncrementalUpdate",
            "Container.1.Name", "main",
            "Container.1.Image", "busybox:1.37"));
    assertEquals("Updating", eci.status(id));
    eci.advance(1);
    Map<String, Object> updated = eci.describe(id);
    assertEquals("Running", updated.get("Status"));
    assertEquals("busybox:1.37", container(updated, 0).get("Image"));
    assertEquals(List.of("/bin/sh", "-c"), container(updated, 0).get("Commands"));

    var refused =
        eci.error(
            "UpdateContainerGroup",
            Map.of(
                "RegionId",
                EciTestSupport.REGION,
                "ContainerGroupId",
                id,
                "Volume.1.Name",
                "v",
                "Volume.1.Type",
                "EmptyDirVolume"));
    assertEquals("UnsupportedParameter", refused.getCode());
  }
}

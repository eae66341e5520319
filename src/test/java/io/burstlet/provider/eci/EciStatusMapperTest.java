package io.burstlet.provider.eci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every ECI group state mapped to a pod status, starting from the reference example bodies (parsed
 * by tea's JSON reader and {@link EciResponseParser}) with the fields of each state changed.
 */
class EciStatusMapperTest {

  /** The DescribeContainerGroups example with its first group changed. */
  @SuppressWarnings("unchecked")
  private static V1PodStatus describe(Consumer<Map<String, Object>> change) {
    Map<String, Object> body = EciFixtures.example("DescribeContainerGroups");
    Map<String, Object> group = ((List<Map<String, Object>>) body.get("ContainerGroups")).get(0);
    change.accept(group);
    ContainerGroup parsed =
        EciResponseParser.describeContainerGroups(body).containerGroups().get(0);
    return EciStatusMapper.map(GroupSnapshot.of(parsed));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> app(Map<String, Object> group) {
    return ((List<Map<String, Object>>) group.get("Containers")).get(0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> init(Map<String, Object> group) {
    return ((List<Map<String, Object>>) group.get("InitContainers")).get(0);
  }

  private static Map<String, Object> state(String state, String reason, String message, int exit) {
    Map<String, Object> s = new java.util.HashMap<>();
    s.put("State", state);
    s.put("Reason", reason);
    s.put("Message", message);
    s.put("ExitCode", exit);
    s.put("StartTime", "2018-08-02T15:00:01Z");
    s.put("FinishTime", state.equals("Terminated") ? "2018-08-02T15:10:00Z" : "");
    return s;
  }

  private static String condition(V1PodStatus status, String type) {
    for (V1PodCondition c : status.getConditions()) {
      if (c.getType().equals(type)) {
        return c.getStatus() + (c.getReason() == null ? "" : "/" + c.getReason());
      }
    }
    return "absent";
  }

  private static V1ContainerStatus container(V1PodStatus status) {
    return status.getContainerStatuses().get(0);
  }

  @Test
  void runningAsInTheExample() {
    V1PodStatus s = describe(g -> {});
    assertEquals("Running", s.getPhase());
    assertNull(s.getReason());
    assertEquals("172.16.XX.XX", s.getPodIP());
    assertEquals("172.16.XX.XX", s.getPodIPs().get(0).getIp());
    assertEquals(OffsetDateTime.parse("2018-08-02T15:00:00Z"), s.getStartTime());
    assertEquals("True", condition(s, "PodScheduled"));
    assertEquals("True", condition(s, "Initialized"));
    assertEquals("True", condition(s, "ContainersReady"));
    assertEquals("True", condition(s, "Ready"));
    V1ContainerStatus nginx = container(s);
    assertEquals("nginx", nginx.getName());
    assertEquals("nginx", nginx.getImage());
    assertTrue(nginx.getReady());
    assertTrue(nginx.getStarted());
    assertEquals(
        OffsetDateTime.parse("2019-12-19T12:05:02Z"), nginx.getState().getRunning().getStartedAt());
    assertEquals("Completed", nginx.getLastState().getTerminated().getReason());
    assertEquals(0, nginx.getLastState().getTerminated().getExitCode());
    V1ContainerStatus initStatus = s.getInitContainerStatuses().get(0);
    assertEquals("init-busybox", initStatus.getName());
    assertEquals("Completed", initStatus.getState().getTerminated().getReason());
    assertEquals(
        OffsetDateTime.parse("2018-08-02T14:59:55Z"),
        initStatus.getState().getTerminated().getFinishedAt());
    assertTrue(initStatus.getReady());
  }

  @Test
  void schedulingAndPendingAreWaitingToBeCreated() {
    for (String status : List.of("Scheduling", "Pending")) {
      V1PodStatus s =
          describe(
              g -> {
                g.put("Status", status);
                g.put("IntranetIp", "");
                app(g).put("CurrentState", state("Waiting", "", "", 0));
                app(g).put("PreviousState", Map.of("State", ""));
                app(g).put("Ready", false);
              });
      assertEquals("Pending", s.getPhase(), status);
      assertNull(s.getPodIP());
      assertEquals("ContainerCreating", container(s).getState().getWaiting().getReason());
      assertFalse(container(s).getReady());
      assertNull(container(s).getLastState().getTerminated());
      assertEquals("True", condition(s, "PodScheduled"));
      assertEquals("False/ContainersNotReady", condition(s, "Ready"));
    }
  }

  @Test
  void imagePullFailuresUseKubernetesReasonsWithEcisMessage() {
    V1PodStatus err =
        describe(
            g -> {
              g.put("Status", "Pending");
              app(g)
                  .put(
                      "CurrentState",
                      state("Waiting", "ErrImagePull", "pull access denied for nginx:nope", 0));
            });
    assertEquals("ErrImagePull", container(err).getState().getWaiting().getReason());
    assertEquals(
        "pull access denied for nginx:nope", container(err).getState().getWaiting().getMessage());
    V1PodStatus eciName =
        describe(
            g -> {
              g.put("Status", "Pending");
              app(g).put("CurrentState", state("Waiting", "PullImageFailed", "timeout", 0));
            });
    assertEquals("ErrImagePull", container(eciName).getState().getWaiting().getReason());
    V1PodStatus backOff =
        describe(
            g -> {
              g.put("Status", "Pending");
              app(g)
                  .put(
                      "CurrentState",
                      state("Waiting", "ImagePullBackOff", "Back-off pulling image", 0));
            });
    assertEquals("ImagePullBackOff", container(backOff).getState().getWaiting().getReason());
  }

  @Test
  void initContainersStillRunning() {
    V1PodStatus s =
        describe(
            g -> {
              g.put("Status", "Pending");
              init(g).put("CurrentState", state("Running", "Started", "", 0));
              app(g).put("CurrentState", state("Waiting", "", "", 0));
            });
    assertEquals("Pending", s.getPhase());
    assertEquals("False/ContainersNotInitialized", condition(s, "Initialized"));
    assertEquals("PodInitializing", container(s).getState().getWaiting().getReason());
    assertNotNull(s.getInitContainerStatuses().get(0).getState().getRunning());
  }

  @Test
  void succeededAndFailedShowTerminatedContainers() {
    V1PodStatus ok =
        describe(
            g -> {
              g.put("Status", "Succeeded");
              app(g).put("CurrentState", state("Terminated", "Completed", "", 0));
            });
    assertEquals("Succeeded", ok.getPhase());
    assertEquals(0, container(ok).getState().getTerminated().getExitCode());
    assertEquals("False/PodCompleted", condition(ok, "Ready"));
    assertFalse(container(ok).getReady());

    V1PodStatus failed =
        describe(
            g -> {
              g.put("Status", "Failed");
              app(g).put("CurrentState", state("Terminated", "", "segfault", 139));
            });
    assertEquals("Failed", failed.getPhase());
    var terminated = container(failed).getState().getTerminated();
    assertEquals(139, terminated.getExitCode());
    assertEquals("Error", terminated.getReason());
    assertEquals("segfault", terminated.getMessage());
    assertEquals(OffsetDateTime.parse("2018-08-02T15:10:00Z"), terminated.getFinishedAt());
  }

  @Test
  void aFinishedGroupNeverShowsARunningContainer() {
    V1PodStatus s = describe(g -> g.put("Status", "Failed"));
    assertEquals("Failed", s.getPhase());
    assertNull(container(s).getState().getRunning());
    assertEquals("ContainerStatusUnknown", container(s).getState().getTerminated().getReason());
    assertEquals(137, container(s).getState().getTerminated().getExitCode());
    assertFalse(container(s).getStarted());
  }

  @Test
  void expiredIsFailedSoOwnersReplaceThePod() {
    V1PodStatus s = describe(g -> g.put("Status", "Expired"));
    assertEquals("Failed", s.getPhase());
    assertEquals("Expired", s.getReason());
    assertTrue(s.getMessage().contains("spot instance was reclaimed"), s.getMessage());
    var terminated = container(s).getState().getTerminated();
    assertEquals("Expired", terminated.getReason());
    assertEquals(137, terminated.getExitCode());
    assertEquals("False/PodCompleted", condition(s, "Ready"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void scheduleFailedIsFailedWithEcisWarning() {
    V1PodStatus s =
        describe(
            g -> {
              g.put("Status", "ScheduleFailed");
              g.put("IntranetIp", "");
              app(g).put("CurrentState", state("Waiting", "", "", 0));
              List<Object> events = new ArrayList<>((List<Object>) g.get("Events"));
              events.add(
                  Map.of(
                      "Count", 1,
                      "Type", "Warning",
                      "Name", "test.nostock",
                      "Reason", "NoStock",
                      "Message", "the resource is out of stock in the specified zone",
                      "FirstTimestamp", "2018-08-02T15:00:05Z",
                      "LastTimestamp", "2018-08-02T15:00:05Z"));
              g.put("Events", events);
            });
    assertEquals("Failed", s.getPhase());
    assertEquals("ScheduleFailed", s.getReason());
    assertTrue(s.getMessage().contains("NoStock"), s.getMessage());
    assertTrue(s.getMessage().contains("out of stock"), s.getMessage());
    // Nothing ran: the containers are neither Running nor Terminated.
    assertEquals("ScheduleFailed", container(s).getState().getWaiting().getReason());
  }

  @Test
  void scheduleFailedWithoutEventsStillExplains() {
    V1PodStatus s =
        describe(
            g -> {
              g.put("Status", "ScheduleFailed");
              g.put("Events", List.of());
            });
    assertEquals("ScheduleFailed", s.getReason());
    assertTrue(s.getMessage().contains("will not retry"), s.getMessage());
  }

  @Test
  void restartingUpdatingAndTerminatingStayRunning() {
    V1PodStatus restarting =
        describe(
            g -> {
              g.put("Status", "Restarting");
              app(g).put("CurrentState", state("Waiting", "", "", 0));
            });
    assertEquals("Running", restarting.getPhase());
    assertEquals("False/ContainersNotReady", condition(restarting, "Ready"));
    assertEquals("Running", describe(g -> g.put("Status", "Updating")).getPhase());

    V1PodStatus terminating = describe(g -> g.put("Status", "Terminating"));
    assertEquals("Running", terminating.getPhase());
    assertFalse(container(terminating).getReady(), "a terminating pod is not ready");

    V1PodStatus done =
        describe(
            g -> {
              g.put("Status", "Terminating");
              app(g).put("CurrentState", state("Terminated", "Completed", "", 0));
            });
    assertEquals("Succeeded", done.getPhase());
  }

  @Test
  void unknownStatusIsReportedAsSuch() {
    V1PodStatus s = describe(g -> g.put("Status", "Hibernating"));
    assertEquals("Unknown", s.getPhase());
    assertTrue(s.getMessage().contains("Hibernating"));
  }

  @Test
  void statusDeltaExampleMapsToo() {
    var delta =
        EciResponseParser.describeContainerGroupStatus(
                EciFixtures.example("DescribeContainerGroupStatus"))
            .data()
            .get(0);
    V1PodStatus s = EciStatusMapper.map(GroupSnapshot.of(delta));
    assertEquals("Running", s.getPhase());
    assertEquals("192.168.XX.XX", s.getPodIP());
    assertEquals(OffsetDateTime.parse("2021-05-12T07:02:47Z"), s.getStartTime());
    V1ContainerStatus nginx = container(s);
    assertEquals(1, nginx.getRestartCount());
    assertTrue(nginx.getReady());
    assertEquals(
        OffsetDateTime.parse("2021-05-12T07:02:52Z"), nginx.getState().getRunning().getStartedAt());
    assertEquals(137, nginx.getLastState().getTerminated().getExitCode());
    assertEquals(9, nginx.getLastState().getTerminated().getSignal());
    assertEquals("Error", nginx.getLastState().getTerminated().getReason());
    assertEquals("True", condition(s, "Ready"));
  }

  @Test
  void bothApisGiveTheSameStatusForTheSameState() {
    // The sweep alternates between the two sources; equal states must map to equal statuses or
    // every full listing would report a spurious change.
    var delta =
        EciResponseParser.describeContainerGroupStatus(
                EciFixtures.example("DescribeContainerGroupStatus"))
            .data()
            .get(0);
    V1PodStatus fromDelta = EciStatusMapper.map(GroupSnapshot.of(delta));
    V1PodStatus fromList =
        describe(
            g -> {
              g.put("IntranetIp", "192.168.XX.XX");
              g.put("CreationTime", "2021-05-12T07:02:47Z");
              g.put("InitContainers", List.of());
              Map<String, Object> c = app(g);
              c.put("Image", "registry-vpc.cn-hangzhou.aliyuncs.com/eci_open/nginx:1.14.2");
              c.put("RestartCount", 1);
              Map<String, Object> running = state("Running", "Started", "", 0);
              running.put("StartTime", "2021-05-12T07:02:52Z");
              c.put("CurrentState", running);
              Map<String, Object> previous = state("Terminated", "Error", "", 137);
              previous.put("Signal", 9);
              previous.put("StartTime", "2021-05-12T07:00:10Z");
              previous.put("FinishTime", "2021-05-12T07:02:50Z");
              c.put("PreviousState", previous);
            });
    assertEquals(fromDelta, fromList);
  }
}

package io.burstlet.provider.aci;

import static io.burstlet.provider.aci.AciGroupJson.event;
import static io.burstlet.provider.aci.AciGroupJson.probe;
import static io.burstlet.provider.aci.AciGroupJson.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AciStatusMapperTest {
  static final String T0 = "2026-01-01T10:00:00Z";
  static final Instant NOW = Instant.parse("2026-01-01T10:05:00Z");
  final AciStatusMapper mapper = new AciStatusMapper(Clock.fixed(NOW, ZoneOffset.UTC));

  static String condition(V1PodStatus s, String type) {
    return s.getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .map(V1PodCondition::getStatus)
        .findFirst()
        .orElseThrow();
  }

  static Stream<Arguments> groupStates() {
    var running = state("Running", T0, null, null, "");
    var started = state("Terminated", T0, 0, "2026-01-01T10:01:00Z", "Completed");
    var failed = state("Terminated", T0, 1, "2026-01-01T10:01:00Z", "Error");
    return Stream.of(
        // provisioningState, instance state, container state, phase, reason, ready
        Arguments.of("Pending", null, null, "Pending", null, false),
        Arguments.of("Creating", null, null, "Pending", null, false),
        Arguments.of("Accepted", null, null, "Pending", null, false),
        Arguments.of("Updating", null, null, "Pending", null, false),
        Arguments.of("Unhealthy", null, null, "Pending", null, false),
        Arguments.of("Succeeded", null, null, "Running", null, true),
        Arguments.of(
            "Pending", "Pending", state("Waiting", null, null, null, ""), "Pending", null, false),
        Arguments.of("Succeeded", "Running", running, "Running", null, true),
        Arguments.of("Succeeded", "Succeeded", started, "Succeeded", null, false),
        Arguments.of("Succeeded", "Failed", failed, "Failed", null, false),
        Arguments.of("Succeeded", "Stopped", failed, "Failed", "Stopped", false),
        Arguments.of("Succeeded", "Repairing", running, "Running", null, false),
        Arguments.of(
            "Repairing",
            "Repairing",
            state("Waiting", null, null, null, ""),
            "Pending",
            null,
            false),
        Arguments.of("Repairing", "Running", running, "Running", null, false),
        Arguments.of("Unhealthy", "Running", running, "Running", null, false),
        Arguments.of("Deleting", "Running", running, "Running", null, false),
        Arguments.of("Deleting", null, null, "Pending", null, false),
        Arguments.of(
            "Failed",
            "Pending",
            state("Waiting", null, null, null, ""),
            "Failed",
            "ProviderFailed",
            false),
        Arguments.of("Failed", null, null, "Failed", "ProviderFailed", false),
        Arguments.of("Canceled", null, null, "Failed", "ProviderCanceled", false));
  }

  @ParameterizedTest(name = "{0}/{1} -> {3}")
  @MethodSource("groupStates")
  void mapsEveryGroupState(
      String provisioning,
      String instance,
      com.google.gson.JsonObject container,
      String phase,
      String reason,
      boolean ready) {
    var group =
        new AciGroupJson("bl-1", provisioning, instance)
            .container("app", container, null, 0, null)
            .build();
    V1PodStatus s = mapper.map(group);
    assertEquals(phase, s.getPhase());
    assertEquals(reason, s.getReason());
    assertEquals(ready ? "True" : "False", condition(s, "Ready"));
    assertEquals(condition(s, "Ready"), condition(s, "ContainersReady"));
    assertEquals("True", condition(s, "PodScheduled"));
    assertEquals(ready, s.getContainerStatuses().get(0).getReady());
    assertEquals(s, mapper.map(group), "mapping must be deterministic");
    if (phase.equals("Succeeded") || phase.equals("Failed")) {
      V1PodCondition readyCondition =
          s.getConditions().stream()
              .filter(c -> c.getType().equals("Ready"))
              .findFirst()
              .orElseThrow();
      assertEquals("PodCompleted", readyCondition.getReason());
      assertTrue(AciStatusMapper.isSteady(s));
    }
  }

  @Test
  void mapsRunningContainerWithRestartsAndLastState() {
    var group =
        new AciGroupJson("bl-1", "Succeeded", "Running")
            .container(
                "app",
                state("Running", "2026-01-01T10:02:00Z", null, null, ""),
                state("Terminated", T0, 137, "2026-01-01T10:01:59Z", "OOMKilled"),
                2,
                null,
                event(
                    "Pulled",
                    "Normal",
                    T0,
                    "Successfully pulled image \"app@sha256:" + "a".repeat(64) + "\""))
            .ip("10.1.2.3")
            .build();
    V1PodStatus s = mapper.map(group);
    V1ContainerStatus c = s.getContainerStatuses().get(0);
    assertEquals(
        OffsetDateTime.parse("2026-01-01T10:02:00Z"), c.getState().getRunning().getStartedAt());
    assertEquals(137, c.getLastState().getTerminated().getExitCode());
    assertEquals("OOMKilled", c.getLastState().getTerminated().getReason());
    assertEquals(2, c.getRestartCount());
    assertEquals("example.com/app:1", c.getImage());
    assertEquals("app@sha256:" + "a".repeat(64), c.getImageID());
    assertEquals("aci://bl-1/app", c.getContainerID());
    assertTrue(c.getStarted());
    assertEquals("10.1.2.3", s.getPodIP());
    assertEquals("10.1.2.3", s.getPodIPs().get(0).getIp());
    assertEquals(OffsetDateTime.parse(T0), s.getStartTime());
    assertTrue(AciStatusMapper.isSteady(s));
  }

  @Test
  void mapsTerminatedContainers() {
    var group =
        new AciGroupJson("bl-1", "Succeeded", "Failed")
            .container("a", state("Terminated", T0, 2, "2026-01-01T10:01:00Z", ""), null, 0, null)
            .container("b", state("Terminated", T0, 0, "2026-01-01T10:01:00Z", null), null, 0, null)
            .container(
                "c",
                state("Terminated", T0, 1, "2026-01-01T10:01:00Z", "Error: exit status 1"),
                null,
                0,
                null)
            .build();
    var statuses = mapper.map(group).getContainerStatuses();
    var a = statuses.get(0).getState().getTerminated();
    assertEquals(2, a.getExitCode());
    assertEquals("Error", a.getReason());
    assertEquals(OffsetDateTime.parse("2026-01-01T10:01:00Z"), a.getFinishedAt());
    assertEquals("Completed", statuses.get(1).getState().getTerminated().getReason());
    assertEquals("Error", statuses.get(2).getState().getTerminated().getReason());
    assertEquals("exit status 1", statuses.get(2).getState().getTerminated().getMessage());
  }

  static Stream<Arguments> waitingCases() {
    String image = "myregistry.azurecr.io/app:v1";
    return Stream.of(
        Arguments.of(
            "",
            new com.google.gson.JsonObject[] {
              event("Pulling", "Normal", T0, "pulling image \"" + image + "\""),
              event(
                  "Failed",
                  "Warning",
                  "2026-01-01T10:00:05Z",
                  "Failed to pull image \"" + image + "\": unauthorized")
            },
            "ErrImagePull",
            "Failed to pull image \"" + image + "\": unauthorized"),
        Arguments.of(
            "",
            new com.google.gson.JsonObject[] {
              event("Failed", "Warning", T0, "Failed to pull image \"" + image + "\""),
              event(
                  "BackOff",
                  "Normal",
                  "2026-01-01T10:00:30Z",
                  "Back-off pulling image \"" + image + "\"")
            },
            "ImagePullBackOff",
            "Back-off pulling image \"" + image + "\""),
        Arguments.of(
            "CrashLoopBackOff: Back-off 40s restarting failed container",
            new com.google.gson.JsonObject[] {},
            "CrashLoopBackOff",
            "Back-off 40s restarting failed container"),
        Arguments.of(
            "",
            new com.google.gson.JsonObject[] {
              event("BackOff", "Warning", T0, "Back-off restarting failed container")
            },
            "CrashLoopBackOff",
            "Back-off restarting failed container"),
        Arguments.of(
            "",
            new com.google.gson.JsonObject[] {
              event("Pulling", "Normal", T0, "pulling image \"" + image + "\"")
            },
            "ContainerCreating",
            "pulling image \"" + image + "\""),
        Arguments.of("", new com.google.gson.JsonObject[] {}, "ContainerCreating", null));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("waitingCases")
  void mapsWaitingReasons(
      String detail, com.google.gson.JsonObject[] events, String reason, String message) {
    var group =
        new AciGroupJson("bl-1", "Pending", "Pending")
            .container("app", state("Waiting", null, null, null, detail), null, 0, null, events)
            .build();
    var waiting = mapper.map(group).getContainerStatuses().get(0).getState().getWaiting();
    assertEquals(reason, waiting.getReason());
    assertEquals(message, waiting.getMessage());
  }

  @Test
  void readinessWaitsForTheProbeDelay() {
    // Started 14 s ago; delay 10 + period 5 × success 1 + timeout 1 = 16 s: not yet ready.
    String started = NOW.minusSeconds(14).toString();
    var notYet =
        new AciGroupJson("bl-1", "Succeeded", "Running")
            .container(
                "app", state("Running", started, null, null, ""), null, 0, probe(10, 5, 1, 1))
            .build();
    V1PodStatus s = mapper.map(notYet);
    assertEquals("False", condition(s, "Ready"));
    assertFalse(AciStatusMapper.isSteady(s));

    String longAgo = NOW.minusSeconds(16).toString();
    var ready =
        new AciGroupJson("bl-1", "Succeeded", "Running")
            .container(
                "app", state("Running", longAgo, null, null, ""), null, 0, probe(10, 5, 1, 1))
            .build();
    assertEquals("True", condition(mapper.map(ready), "Ready"));
  }

  @Test
  void aSlowProbeIsNotReadyBeforeItsFirstAttemptsCouldHaveAnswered() {
    // Period 1 s, timeout 5 s: a failing attempt started at 0 s reports at 5 s. Started 4 s ago
    // and no failure event yet says nothing: not ready.
    var slow =
        new AciGroupJson("bl-1", "Succeeded", "Running")
            .container(
                "app",
                state("Running", NOW.minusSeconds(4).toString(), null, null, ""),
                null,
                0,
                probe(0, 1, 1, 5))
            .build();
    assertEquals("False", condition(mapper.map(slow), "Ready"));
    var answered =
        new AciGroupJson("bl-1", "Succeeded", "Running")
            .container(
                "app",
                state("Running", NOW.minusSeconds(6).toString(), null, null, ""),
                null,
                0,
                probe(0, 1, 1, 5))
            .build();
    assertEquals("True", condition(mapper.map(answered), "Ready"));
  }

  @Test
  void recentReadinessFailureMakesTheContainerUnready() {
    var recent =
        new AciGroupJson("bl-1", "Succeeded", "Running")
            .container(
                "app",
                state("Running", T0, null, null, ""),
                null,
                0,
                probe(0, 10, 1, 1),
                event(
                    "Unhealthy",
                    "Warning",
                    NOW.minusSeconds(3).toString(),
                    "Readiness probe failed: HTTP 503"))
            .build();
    assertEquals("False", condition(mapper.map(recent), "Ready"));
    var old =
        new AciGroupJson("bl-1", "Succeeded", "Running")
            .container(
                "app",
                state("Running", T0, null, null, ""),
                null,
                0,
                probe(0, 10, 1, 1),
                event(
                    "Unhealthy",
                    "Warning",
                    NOW.minusSeconds(60).toString(),
                    "Readiness probe failed: HTTP 503"),
                event(
                    "Unhealthy",
                    "Warning",
                    NOW.minusSeconds(1).toString(),
                    "Liveness probe failed: timeout"))
            .build();
    assertEquals("True", condition(mapper.map(old), "Ready"));
  }

  @Test
  void mapsInitContainers() {
    var initializing =
        new AciGroupJson("bl-1", "Creating", "Pending")
            .init("fetch", state("Running", T0, null, null, ""))
            .container("app", state("Waiting", null, null, null, ""), null, 0, null)
            .build();
    V1PodStatus s = mapper.map(initializing);
    assertEquals("Pending", s.getPhase());
    assertEquals("False", condition(s, "Initialized"));
    assertNotNull(s.getInitContainerStatuses().get(0).getState().getRunning());
    assertFalse(s.getInitContainerStatuses().get(0).getReady());

    var done =
        new AciGroupJson("bl-1", "Succeeded", "Running")
            .init("fetch", state("Terminated", T0, 0, "2026-01-01T10:00:10Z", "Completed"))
            .container(
                "app", state("Running", "2026-01-01T10:00:11Z", null, null, ""), null, 0, null)
            .build();
    V1PodStatus d = mapper.map(done);
    assertEquals("True", condition(d, "Initialized"));
    assertTrue(d.getInitContainerStatuses().get(0).getReady());
    assertEquals(
        "Completed", d.getInitContainerStatuses().get(0).getState().getTerminated().getReason());

    var failedInit =
        new AciGroupJson("bl-1", "Succeeded", "Failed")
            .init("fetch", state("Terminated", T0, 3, "2026-01-01T10:00:10Z", ""))
            .container("app", state("Waiting", null, null, null, ""), null, 0, null)
            .build();
    V1PodStatus f = mapper.map(failedInit);
    assertEquals("Failed", f.getPhase());
    assertEquals("False", condition(f, "Initialized"));
    assertEquals(3, f.getInitContainerStatuses().get(0).getState().getTerminated().getExitCode());
  }

  @Test
  void failedGroupsCarryTheLatestWarning() {
    var group =
        new AciGroupJson("bl-1", "Failed", "Pending")
            .groupEvent(event("Scheduled", "Normal", T0, "assigned"))
            .groupEvent(event("FailedMount", "Warning", "2026-01-01T10:00:09Z", "mount error(13)"))
            .container("app", state("Waiting", null, null, null, ""), null, 0, null)
            .build();
    V1PodStatus s = mapper.map(group);
    assertEquals("Failed", s.getPhase());
    assertEquals("FailedMount: mount error(13)", s.getMessage());
    assertNull(s.getContainerStatuses().get(0).getState().getRunning());
  }
}

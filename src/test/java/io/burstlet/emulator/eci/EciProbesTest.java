package io.burstlet.emulator.eci;

import static io.burstlet.emulator.eci.EciTestSupport.REGION;
import static io.burstlet.emulator.eci.EciTestSupport.container;
import static io.burstlet.emulator.eci.EciTestSupport.createQuery;
import static io.burstlet.emulator.eci.EciTestSupport.integer;
import static io.burstlet.emulator.eci.EciTestSupport.list;
import static io.burstlet.emulator.eci.EciTestSupport.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyun.tea.TeaException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Liveness and readiness probes as ECI runs them, seen through the real SDK with the clock moved by
 * hand: containers start at 03:04:07 (1 s Scheduling, 1 s Pending), back-off is 1 s. Also the
 * ConfigFileVolume test hook.
 */
class EciProbesTest {

  private final EciTestSupport eci;

  EciProbesTest() throws Exception {
    eci = new EciTestSupport();
  }

  @AfterEach
  void stop() {
    eci.close();
  }

  /** A group whose container {@code main} runs forever, declares port 80 and has the probe. */
  private String createWithProbe(String name, Map<String, String> probe) throws Exception {
    Map<String, String> query = createQuery(name, "echo up; sleep infinity");
    query.put("Container.1.Port.1.Port", "80");
    probe.forEach((k, v) -> query.put("Container.1." + k, v));
    return eci.create(query);
  }

  private Map<String, Object> statusOf(String id) throws Exception {
    Map<String, Object> body =
        eci.call(
            "DescribeContainerGroupStatus",
            Map.of("RegionId", REGION, "ContainerGroupIds", "[\"" + id + "\"]"));
    return list(body.get("Data")).get(0);
  }

  private static Map<String, Object> podContainer(Map<String, Object> status) {
    return list(map(status.get("PodStatus")).get("ContainerStatuses")).get(0);
  }

  private static Map<String, Object> condition(Map<String, Object> status, String type) {
    return list(map(status.get("PodStatus")).get("Conditions")).stream()
        .filter(c -> c.get("type").equals(type))
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, Object> event(Map<String, Object> group, String reason) {
    List<Map<String, Object>> matching =
        list(group.get("Events")).stream().filter(e -> e.get("Reason").equals(reason)).toList();
    assertEquals(1, matching.size(), "one aggregated " + reason + " event: " + matching);
    return matching.get(0);
  }

  @Test
  void aPassingReadinessProbeMakesTheContainerReadyAtItsSuccessThreshold() throws Exception {
    String id =
        createWithProbe(
            "ready-later",
            Map.of(
                "ReadinessProbe.Exec.Command.1", "sh",
                "ReadinessProbe.Exec.Command.2", "-c",
                "ReadinessProbe.Exec.Command.3", "exit 0",
                "ReadinessProbe.InitialDelaySeconds", "1",
                "ReadinessProbe.PeriodSeconds", "2",
                "ReadinessProbe.SuccessThreshold", "2"));

    eci.advance(4); // 03:04:09: two seconds into the run, one success so far
    assertEquals("Running", eci.status(id));
    assertEquals(false, container(eci.describe(id), 0).get("Ready"));
    assertEquals(false, podContainer(statusOf(id)).get("Ready"));
    assertEquals("False", condition(statusOf(id), "Ready").get("status"));

    eci.advance(1); // 03:04:10: the second success
    assertEquals(true, container(eci.describe(id), 0).get("Ready"));
    Map<String, Object> ready = statusOf(id);
    assertEquals(true, podContainer(ready).get("Ready"));
    assertEquals("True", condition(ready, "Ready").get("status"));
    assertEquals("2030-01-02T03:04:10Z", condition(ready, "Ready").get("lastTransitionTime"));
    List<Map<String, Object>> changed =
        list(
            eci.call("DescribeContainerGroupStatus", Map.of("RegionId", REGION, "SinceSecond", "1"))
                .get("Data"));
    assertEquals(1, changed.size(), "turning ready is a change SinceSecond reports");
    assertTrue(
        list(eci.describe(id).get("Events")).stream()
            .noneMatch(e -> e.get("Reason").equals("Unhealthy")),
        "a passing probe causes no events");
  }

  @Test
  void aFailingReadinessProbeKeepsTheContainerRunningButNeverReady() throws Exception {
    String id =
        createWithProbe(
            "never-ready",
            Map.of(
                "ReadinessProbe.HttpGet.Path", "/healthz",
                "ReadinessProbe.HttpGet.Port", "8080",
                "ReadinessProbe.PeriodSeconds", "1"));

    eci.advance(7.5); // 03:04:12.5: attempts at 07, 08, …, 12
    Map<String, Object> group = eci.describe(id);
    assertEquals("Running", group.get("Status"));
    assertEquals(false, container(group, 0).get("Ready"));
    assertEquals(0, integer(container(group, 0).get("RestartCount")), "readiness never kills");
    assertEquals(false, podContainer(statusOf(id)).get("Ready"));

    String ip = (String) group.get("IntranetIp");
    Map<String, Object> unhealthy = event(group, "Unhealthy");
    assertEquals("Warning", unhealthy.get("Type"));
    assertEquals(
        "Readiness probe failed: Get \"http://"
            + ip
            + ":8080/healthz\": dial tcp "
            + ip
            + ":8080: connect: connection refused",
        unhealthy.get("Message"));
    assertEquals(6, integer(unhealthy.get("Count")));
    assertEquals("2030-01-02T03:04:07Z", unhealthy.get("FirstTimestamp"));
    assertEquals("2030-01-02T03:04:12Z", unhealthy.get("LastTimestamp"));

    Map<String, Object> events =
        list(eci.call(
                    "DescribeContainerGroupEvents",
                    Map.of("RegionId", REGION, "ContainerGroupIds", "[\"" + id + "\"]"))
                .get("Data"))
            .get(0);
    Map<String, Object> same = event(events, "Unhealthy");
    assertEquals(unhealthy.get("Message"), same.get("Message"));
    assertEquals("kubelet", map(same.get("Source")).get("Component"));
  }

  @Test
  void tcpSocketAndExecProbesPassOrFailAsTheirTargetAnswers() throws Exception {
    String declared =
        createWithProbe(
            "tcp-declared",
            Map.of("ReadinessProbe.TcpSocket.Port", "80", "ReadinessProbe.PeriodSeconds", "1"));
    String undeclared =
        createWithProbe(
            "tcp-undeclared",
            Map.of("ReadinessProbe.TcpSocket.Port", "81", "ReadinessProbe.PeriodSeconds", "1"));
    // The simulated shell runs "sleep 5" for 5 s: longer than the 1 s timeout.
    String slow =
        createWithProbe(
            "exec-timeout",
            Map.of(
                "ReadinessProbe.Exec.Command.1", "sleep",
                "ReadinessProbe.Exec.Command.2", "5",
                "ReadinessProbe.PeriodSeconds", "1"));

    eci.advance(3);
    assertEquals(true, container(eci.describe(declared), 0).get("Ready"));
    assertEquals(false, container(eci.describe(undeclared), 0).get("Ready"));
    assertEquals(false, container(eci.describe(slow), 0).get("Ready"));
    assertTrue(
        ((String) event(eci.describe(undeclared), "Unhealthy").get("Message"))
            .matches("Readiness probe failed: dial tcp [0-9.]+:81: connect: connection refused"));
    assertEquals(
        "Readiness probe failed: command \"sleep 5\" timed out",
        event(eci.describe(slow), "Unhealthy").get("Message"));
  }

  @Test
  void aFailingLivenessProbeKillsAndRestartsTheContainer() throws Exception {
    String id =
        createWithProbe(
            "not-alive",
            Map.of(
                "LivenessProbe.Exec.Command.1", "sh",
                "LivenessProbe.Exec.Command.2", "-c",
                "LivenessProbe.Exec.Command.3", "exit 1",
                "LivenessProbe.InitialDelaySeconds", "1",
                "LivenessProbe.PeriodSeconds", "1",
                "LivenessProbe.FailureThreshold", "2"));

    // Runs start at 07, 10 and 13 (killed 2 s in, restarted after 1 s of back-off).
    eci.advance(8.5); // 03:04:13.5
    Map<String, Object> group = eci.describe(id);
    assertEquals("Running", group.get("Status"), "Always restarts it");
    Map<String, Object> main = container(group, 0);
    assertEquals(2, integer(main.get("RestartCount")));
    assertEquals("Running", map(main.get("CurrentState")).get("State"));
    Map<String, Object> previous = map(main.get("PreviousState"));
    assertEquals("Terminated", previous.get("State"));
    assertEquals(137, integer(previous.get("ExitCode")));
    assertEquals(9, integer(previous.get("Signal")));
    assertEquals("2030-01-02T03:04:12Z", previous.get("FinishTime"));

    Map<String, Object> unhealthy = event(group, "Unhealthy");
    assertEquals("Warning", unhealthy.get("Type"));
    assertEquals("Liveness probe failed: ", unhealthy.get("Message"), "exit 1 prints nothing");
    assertEquals(4, integer(unhealthy.get("Count")));
    assertEquals("2030-01-02T03:04:08Z", unhealthy.get("FirstTimestamp"));
    assertEquals("2030-01-02T03:04:12Z", unhealthy.get("LastTimestamp"));
    Map<String, Object> killing =
        list(group.get("Events")).stream()
            .filter(e -> e.get("Reason").equals("Killing"))
            .findFirst()
            .orElseThrow();
    assertEquals("Normal", killing.get("Type"));
    assertEquals("Container main failed liveness probe, will be restarted", killing.get("Message"));
    assertEquals(2, integer(killing.get("Count")));

    Map<String, Object> status = podContainer(statusOf(id));
    assertEquals(2, integer(status.get("RestartCount")));
    assertEquals(137, integer(map(map(status.get("LastState")).get("Terminated")).get("ExitCode")));
  }

  @Test
  void withRestartPolicyNeverALivenessKillFailsTheGroup() throws Exception {
    Map<String, String> query = createQuery("killed-once", "sleep infinity");
    query.put("RestartPolicy", "Never");
    query.put("Container.1.LivenessProbe.TcpSocket.Port", "8080");
    query.put("Container.1.LivenessProbe.PeriodSeconds", "1");
    query.put("Container.1.LivenessProbe.FailureThreshold", "1");
    String id = eci.create(query);

    eci.advance(3); // killed at its first failure, at 03:04:07
    Map<String, Object> group = eci.describe(id);
    assertEquals("Failed", group.get("Status"));
    Map<String, Object> state = map(container(group, 0).get("CurrentState"));
    assertEquals(137, integer(state.get("ExitCode")));
  }

  @Test
  void aProbeNamesExactlyOneHandler() {
    Map<String, String> none = createQuery("no-handler", null);
    none.put("Container.1.ReadinessProbe.PeriodSeconds", "5");
    TeaException missing = eci.error("CreateContainerGroup", none);
    assertEquals("InvalidParameter", missing.getCode());
    assertTrue(missing.getMessage().contains("Container.1.ReadinessProbe"), missing.getMessage());

    Map<String, String> two = createQuery("two-handlers", null);
    two.put("Container.1.LivenessProbe.TcpSocket.Port", "80");
    two.put("Container.1.LivenessProbe.HttpGet.Port", "80");
    TeaException both = eci.error("CreateContainerGroup", two);
    assertEquals("InvalidParameter", both.getCode());
    assertTrue(both.getMessage().contains("Container.1.LivenessProbe"), both.getMessage());
  }

  @Test
  void theConfigFilesHookDecodesAVolumesFilesWithoutAnApiCall() throws Exception {
    Map<String, String> query = createQuery("with-files", null);
    query.put("Volume.1.Name", "sa");
    query.put("Volume.1.Type", "ConfigFileVolume");
    query.put("Volume.1.ConfigFileVolume.ConfigFileToPath.1.Path", "token");
    query.put("Volume.1.ConfigFileVolume.ConfigFileToPath.1.Content", base64("eyJ.token.sig"));
    query.put("Volume.1.ConfigFileVolume.ConfigFileToPath.2.Path", "namespace");
    query.put("Volume.1.ConfigFileVolume.ConfigFileToPath.2.Content", base64("team-a"));
    query.put("Volume.2.Name", "scratch");
    query.put("Volume.2.Type", "EmptyDirVolume");
    String id = eci.create(query);
    long calls = eci.emulator.faults().totalCalls();

    Map<String, String> files = eci.emulator.configFiles(id, "sa").orElseThrow();

    assertEquals(List.of("token", "namespace"), List.copyOf(files.keySet()));
    assertEquals("eyJ.token.sig", files.get("token"));
    assertEquals("team-a", files.get("namespace"));
    assertEquals(Optional.empty(), eci.emulator.configFiles(id, "scratch"), "not a config volume");
    assertEquals(Optional.empty(), eci.emulator.configFiles(id, "nope"));
    assertEquals(Optional.empty(), eci.emulator.configFiles("eci-unknown", "sa"));
    assertEquals(calls, eci.emulator.faults().totalCalls(), "the hook is no API call");

    eci.call("DeleteContainerGroup", Map.of("RegionId", REGION, "ContainerGroupId", id));
    eci.advance(2);
    assertEquals(Optional.empty(), eci.emulator.configFiles(id, "sa"), "gone with its group");
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}

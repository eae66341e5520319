package io.burstlet.emulator.eci;

import static io.burstlet.emulator.eci.EciTestSupport.REGION;
import static io.burstlet.emulator.eci.EciTestSupport.createQuery;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DescribeContainerLog and ExecContainerCommand against simulated containers. */
class EciLogsAndExecTest {

  private final EciTestSupport eci;

  EciLogsAndExecTest() throws Exception {
    eci = new EciTestSupport();
  }

  @AfterEach
  void stop() {
    eci.close();
  }

  @Test
  void logsHonourTailSinceSecondsAndTimestamps() throws Exception {
    String id =
        eci.create(
            createQuery(
                "chatty", "echo one; sleep 1; echo two; sleep 1; echo three; sleep infinity"));
    eci.advance(3.5); // started at +2 s: "one" at +2, "two" at +3, "three" due at +4

    assertEquals("one\ntwo\n", content(id, Map.of()));
    assertEquals("two\n", content(id, Map.of("Tail", "1")));
    assertEquals("two\n", content(id, Map.of("SinceSeconds", "1")));
    assertEquals(
        "2030-01-02T03:04:07.000000000Z one\n2030-01-02T03:04:08.000000000Z two\n",
        content(id, Map.of("Timestamps", "true")));
    assertEquals("on", content(id, Map.of("LimitBytes", "2")));
    assertEquals(
        "InvalidParameter",
        eci.error(
                "DescribeContainerLog",
                Map.of("RegionId", REGION, "ContainerGroupId", id, "ContainerName", "nope"))
            .getCode());
  }

  @Test
  void lastTimeReturnsThePreviousRunAfterARestart() throws Exception {
    Map<String, String> query = createQuery("crashy", "echo run; sleep 1; exit 1");
    query.put("RestartPolicy", "OnFailure");
    String id = eci.create(query);
    eci.advance(4.5); // run 1 at +2 s, exit at +3 s, run 2 at +4 s

    assertEquals("2030-01-02T03:04:09.000000000Z run\n", content(id, Map.of("Timestamps", "true")));
    assertEquals(
        "2030-01-02T03:04:07.000000000Z run\n",
        content(id, Map.of("Timestamps", "true", "LastTime", "true")));
  }

  @Test
  void logsSurviveAGroupRestartAsThePreviousRun() throws Exception {
    String id = eci.create(createQuery("restarted", "echo before; sleep infinity"));
    eci.advance(3);
    eci.call("RestartContainerGroup", Map.of("RegionId", REGION, "ContainerGroupId", id));
    eci.advance(1.5);

    assertEquals(
        "2030-01-02T03:04:09.000000000Z before\n", content(id, Map.of("Timestamps", "true")));
    assertEquals(
        "2030-01-02T03:04:07.000000000Z before\n",
        content(id, Map.of("Timestamps", "true", "LastTime", "true")));
  }

  @Test
  void syncExecRunsTheCommandInTheSimulatedShell() throws Exception {
    Map<String, String> query = createQuery("exec-me", "sleep infinity");
    query.put("Container.1.EnvironmentVar.1.Key", "GREETING");
    query.put("Container.1.EnvironmentVar.1.Value", "Hello");
    String id = eci.create(query);
    eci.advance(2);

    Map<String, Object> body =
        eci.call(
            "ExecContainerCommand",
            Map.of(
                "RegionId", REGION,
                "ContainerGroupId", id,
                "ContainerName", "main",
                "Command", "[\"/bin/sh\",\"-c\",\"echo $GREETING; sleep 5; echo done\"]",
                "Sync", "true"));

    assertEquals("Hello\ndone\n", body.get("SyncResponse"));
    assertFalse(body.containsKey("WebSocketUri"));
  }

  @Test
  void interactiveExecAnswersWithSessionUris() throws Exception {
    String id = eci.create(createQuery("shell", "sleep infinity"));
    eci.advance(2);

    Map<String, Object> body =
        eci.call(
            "ExecContainerCommand",
            Map.of(
                "RegionId", REGION,
                "ContainerGroupId", id,
                "ContainerName", "main",
                "Command", "[\"/bin/sh\"]",
                "TTY", "true"));

    String uri = (String) body.get("WebSocketUri");
    assertTrue(uri.startsWith("ws://" + eci.emulator.endpoint() + "/exec/?s="), uri);
    assertTrue(((String) body.get("HttpUrl")).contains("/terminal?param="));
  }

  @Test
  void execIsRefusedWhenNotRunningOrSyncWithTty() throws Exception {
    String id = eci.create(createQuery("not-yet", "sleep infinity"));
    Map<String, String> query = new HashMap<>();
    query.put("RegionId", REGION);
    query.put("ContainerGroupId", id);
    query.put("ContainerName", "main");
    query.put("Command", "[\"echo\",\"hi\"]");
    query.put("Sync", "true");

    assertEquals("IncorrectStatus", eci.error("ExecContainerCommand", query).getCode());
    eci.advance(2);
    query.put("TTY", "true");
    assertEquals("InvalidParameter", eci.error("ExecContainerCommand", query).getCode());
    query.put("TTY", "false");
    query.put("Command", "echo hi");
    assertEquals("InvalidParameter", eci.error("ExecContainerCommand", query).getCode());
  }

  private String content(String id, Map<String, String> options) throws Exception {
    Map<String, String> query = new HashMap<>(options);
    query.put("RegionId", REGION);
    query.put("ContainerGroupId", id);
    query.put("ContainerName", "main");
    Map<String, Object> body = eci.call("DescribeContainerLog", query);
    assertEquals("main", body.get("ContainerName"));
    return (String) body.get("Content");
  }
}

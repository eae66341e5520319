package io.burstlet.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.emulator.SimulatedProbe.Events;
import io.burstlet.emulator.SimulatedProbe.Exec;
import io.burstlet.emulator.SimulatedProbe.HttpGet;
import io.burstlet.emulator.SimulatedProbe.Kind;
import io.burstlet.emulator.SimulatedProbe.Report;
import io.burstlet.emulator.SimulatedProbe.Target;
import io.burstlet.emulator.SimulatedProbe.TcpSocket;
import io.burstlet.emulator.SimulatedProbe.Timing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatedProbeTest {

  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final Target APP =
      new Target("app", "10.0.0.5", Set.of(80), Map.of("READY_CODE", "0", "TOKEN", "hush-123"));

  /** First attempt 5 s into a run, then every 10 s. */
  private static final Timing EVERY_10S = new Timing(5, 10, 1, 1, 3);

  private static Instant at(double seconds) {
    return T0.plusMillis((long) (seconds * 1000));
  }

  private static Exec sh(String script) {
    return new Exec(List.of("sh", "-c", script));
  }

  private static SimulatedProbe readiness(SimulatedProbe.Action action, Timing timing) {
    return new SimulatedProbe(Kind.READINESS, action, timing, APP);
  }

  /** A container that runs forever from T0. */
  private static SimulatedProcess runningFromT0() {
    return SimulatedProcess.start(SimulatedProgram.forever(), T0);
  }

  @Test
  void aPassingProbeIsReadyFromItsSuccessThresholdthResult() {
    SimulatedProbe probe = readiness(sh("exit $READY_CODE"), new Timing(5, 10, 1, 2, 3));
    SimulatedProcess process = runningFromT0();

    assertFalse(probe.report(process, at(4.9)).passing(), "before the first attempt");
    assertFalse(probe.report(process, at(5)).passing(), "one success of the two needed");
    Report ready = probe.report(process, at(15));
    assertTrue(ready.passing(), "two successes in a row");
    assertEquals(Optional.empty(), ready.failures());
    assertEquals(Optional.empty(), ready.kills());
  }

  @Test
  void aFailingCommandNeverPassesAndReportsItsOutputEachAttempt() {
    SimulatedProbe probe = readiness(sh("echo not yet; exit 1"), EVERY_10S);
    SimulatedProcess process = runningFromT0();

    assertEquals(Optional.empty(), probe.report(process, at(4)).failures());
    Report report = probe.report(process, at(25));

    assertFalse(report.passing());
    assertEquals(
        Optional.of(new Events(3, at(5), at(25), "Readiness probe failed: not yet")),
        report.failures());
    assertEquals(Optional.empty(), report.kills(), "readiness never kills");
  }

  @Test
  void aCommandThatDoesNotEndInTimeFailsWhenTheTimeoutPasses() {
    SimulatedProbe unknown =
        readiness(new Exec(List.of("cat", "/tmp/ready")), new Timing(0, 10, 2, 1, 3));
    SimulatedProcess process = runningFromT0();

    assertEquals(Optional.empty(), unknown.report(process, at(1.9)).failures());
    assertEquals(
        Optional.of(
            new Events(
                1, at(2), at(2), "Readiness probe failed: command \"cat /tmp/ready\" timed out")),
        unknown.report(process, at(2)).failures());

    SimulatedProbe slow = readiness(sh("sleep 3; exit 0"), new Timing(0, 10, 2, 1, 3));
    assertFalse(slow.attempt().success(), "3 s is longer than the 2 s timeout");
    SimulatedProbe inTime = readiness(sh("sleep 1.5; exit 0"), new Timing(0, 10, 2, 1, 3));
    assertFalse(inTime.report(process, at(1.4)).passing());
    assertTrue(inTime.report(process, at(1.5)).passing(), "ready once the command has ended");
  }

  @Test
  void httpGetAndTcpSocketPassOnlyOnADeclaredPort() {
    SimulatedProcess process = runningFromT0();

    assertTrue(
        readiness(new HttpGet(80, "/healthz", "HTTP"), EVERY_10S).report(process, at(5)).passing());
    assertTrue(readiness(new TcpSocket(80), EVERY_10S).report(process, at(5)).passing());

    Report http = readiness(new HttpGet(8080, "/healthz", null), EVERY_10S).report(process, at(5));
    assertFalse(http.passing());
    assertEquals(
        "Readiness probe failed: Get \"http://10.0.0.5:8080/healthz\": dial tcp 10.0.0.5:8080:"
            + " connect: connection refused",
        http.failures().orElseThrow().message());
    Report tcp = readiness(new TcpSocket(5432), EVERY_10S).report(process, at(5));
    assertEquals(
        "Readiness probe failed: dial tcp 10.0.0.5:5432: connect: connection refused",
        tcp.failures().orElseThrow().message());
  }

  @Test
  void nothingIsProbedBeforeTheContainerRunsNorAfterItStopped() {
    SimulatedProbe probe = readiness(new TcpSocket(9), EVERY_10S);
    SimulatedProcess later = SimulatedProcess.start(SimulatedProgram.forever(), at(100));

    assertEquals(
        new Report(false, Optional.empty(), Optional.empty()), probe.report(later, at(99)));

    SimulatedProcess stopped = runningFromT0().stoppedAt(at(20));
    Report report = probe.report(stopped, at(500));
    assertFalse(report.passing());
    assertEquals(
        Optional.of(new Events(2, at(5), at(15), report.failures().get().message())),
        report.failures());
    SimulatedProcess neverStarted = later.stoppedAt(at(50));
    assertEquals(Optional.empty(), probe.report(neverStarted, at(500)).failures());
  }

  @Test
  void aFailingLivenessProbeKillsEachRunAndTheRestartPolicyRestartsIt() {
    // Fails at 2 s and 5 s into each run: killed at its second failure, 5 s in.
    SimulatedProbe liveness =
        new SimulatedProbe(Kind.LIVENESS, sh("exit 1"), new Timing(2, 3, 1, 1, 2), APP);
    assertEquals(Optional.of(Duration.ofSeconds(5)), liveness.killsAfter());
    SimulatedProcess process =
        new SimulatedProcess(
            liveness.restrict(SimulatedProgram.forever()),
            T0,
            RestartPolicy.ALWAYS,
            Duration.ofSeconds(10));

    assertTrue(liveness.report(process, at(4)).passing(), "one failure of the two allowed");
    ContainerStatus backingOff = process.status(at(6));
    assertEquals(
        new ContainerState.Terminated(137, ContainerState.ERROR, T0, at(5)),
        backingOff.previous().orElseThrow());
    assertEquals(
        new ContainerState.Waiting(ContainerState.CRASH_LOOP_BACK_OFF), backingOff.current());

    assertEquals(1, process.status(at(17)).restartCount(), "restarted at 15 s");
    Report second = liveness.report(process, at(17));
    assertTrue(second.passing(), "the new run has failed once");
    assertEquals(
        Optional.of(new Events(3, at(2), at(17), "Liveness probe failed: ")), second.failures());
    assertEquals(
        Optional.of(
            new Events(1, at(5), at(5), "Container app failed liveness probe, will be restarted")),
        second.kills());

    Report third = liveness.report(process, at(21));
    assertEquals(4, third.failures().orElseThrow().count());
    assertEquals(new Events(2, at(5), at(20), third.kills().get().message()), third.kills().get());
  }

  @Test
  void aContainerKilledByItsLivenessProbeWithRestartPolicyNeverStaysTerminated() {
    SimulatedProbe liveness =
        new SimulatedProbe(
            Kind.LIVENESS, new HttpGet(8080, "/", "http"), new Timing(0, 1, 1, 1, 3), APP);
    SimulatedProcess process =
        SimulatedProcess.start(
            liveness.restrict(
                SimulatedProgram.parse(
                    List.of("sh", "-c", "echo up; sleep 1; echo on; sleep infinity"), null)),
            T0);

    assertEquals(
        new ContainerState.Terminated(137, ContainerState.ERROR, T0, at(2)), process.state(at(60)));
    assertEquals(2, process.logs(at(60)).size(), "lines echoed before the kill are kept");
    Report report = liveness.report(process, at(60));
    assertFalse(report.passing());
    assertEquals(3, report.failures().orElseThrow().count());
    assertEquals(1, report.kills().orElseThrow().count());
  }

  @Test
  void livenessLeavesProgramsAloneThatPassOrEndFirst() {
    SimulatedProgram program = SimulatedProgram.parse(List.of("sh", "-c", "sleep 3; exit 0"), null);
    SimulatedProbe passing = new SimulatedProbe(Kind.LIVENESS, sh("exit 0"), EVERY_10S, APP);
    SimulatedProbe failing = new SimulatedProbe(Kind.LIVENESS, sh("exit 2"), EVERY_10S, APP);

    assertSame(program, passing.restrict(program));
    assertEquals(Optional.empty(), passing.killsAfter());
    assertSame(program, failing.restrict(program), "it exits at 3 s, before the kill at 25 s");
    SimulatedProbe readiness = readiness(sh("exit 2"), EVERY_10S);
    assertSame(program, readiness.restrict(program), "readiness never kills");
  }

  @Test
  void timingsDefaultAndValidateLikeKubernetes() {
    assertEquals(new Timing(0, 10, 1, 1, 3), Timing.defaults());
    assertEquals(new Timing(4, 10, 1, 2, 3), Timing.of(4, null, null, 2, null));
    assertThrows(IllegalArgumentException.class, () -> new Timing(-1, 10, 1, 1, 3));
    assertThrows(IllegalArgumentException.class, () -> new Timing(0, 0, 1, 1, 3));
    assertThrows(IllegalArgumentException.class, () -> new Timing(0, 10, 1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new HttpGet(0, "/", "http"));
    assertThrows(IllegalArgumentException.class, () -> new Exec(List.of()));
    assertFalse(APP.toString().contains("hush-123"), "the environment is not printed");
  }
}

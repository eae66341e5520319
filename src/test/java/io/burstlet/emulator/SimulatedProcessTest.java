package io.burstlet.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SimulatedProcessTest {

  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private final MutableClock clock = new MutableClock(T0);

  private static SimulatedProgram script(String script) {
    return SimulatedProgram.parse(List.of("/bin/sh", "-c"), List.of(script));
  }

  private static Instant at(double seconds) {
    return T0.plusMillis((long) (seconds * 1000));
  }

  @Test
  void waitsThenRunsThenTerminatesWithItsExitCode() {
    SimulatedProcess process =
        SimulatedProcess.start(script("echo hello; sleep 2; echo bye; exit 3"), at(1));

    assertEquals(
        new ContainerState.Waiting(ContainerState.CONTAINER_CREATING),
        process.state(clock.instant()));
    assertEquals(List.of(), process.logs(clock.instant()));

    clock.advance(Duration.ofMillis(1500));
    assertEquals(new ContainerState.Running(at(1)), process.state(clock.instant()));
    assertEquals(List.of(new LogLine(at(1), "hello")), process.logs(clock.instant()));

    clock.advance(Duration.ofMillis(1500));
    assertEquals(
        new ContainerState.Terminated(3, ContainerState.ERROR, at(1), at(3)),
        process.state(clock.instant()));
    assertEquals(
        List.of(new LogLine(at(1), "hello"), new LogLine(at(3), "bye")),
        process.logs(clock.instant()));
    assertEquals(0, process.status(clock.instant()).restartCount());
  }

  @Test
  void exitZeroIsCompleted() {
    SimulatedProcess process = SimulatedProcess.start(script("echo a && exit 0"), T0);

    assertEquals(
        new ContainerState.Terminated(0, ContainerState.COMPLETED, T0, T0), process.state(T0));
  }

  @Test
  void foreverProgramKeepsRunning() {
    SimulatedProcess process = SimulatedProcess.start(SimulatedProgram.forever(), T0);

    assertEquals(new ContainerState.Running(T0), process.state(at(86_400 * 365)));
  }

  @Test
  void alwaysRestartsAfterDelayAndReportsPreviousRun() {
    SimulatedProcess process =
        new SimulatedProcess(
            script("echo run; sleep 1; exit 1"), T0, RestartPolicy.ALWAYS, Duration.ofSeconds(2));

    ContainerStatus inBackOff = process.status(at(1.5));
    assertEquals(
        new ContainerState.Waiting(ContainerState.CRASH_LOOP_BACK_OFF), inBackOff.current());
    assertEquals(
        Optional.of(new ContainerState.Terminated(1, ContainerState.ERROR, T0, at(1))),
        inBackOff.previous());
    assertEquals(0, inBackOff.restartCount());

    ContainerStatus secondRun = process.status(at(3.2));
    assertEquals(new ContainerState.Running(at(3)), secondRun.current());
    assertEquals(1, secondRun.restartCount());
    assertEquals(List.of(new LogLine(at(3), "run")), process.logs(at(3.2)));
    assertEquals(List.of(new LogLine(T0, "run")), process.previousLogs(at(3.2)));

    assertEquals(1000, process.status(at(3000.5)).restartCount());
  }

  @Test
  void onFailureDoesNotRestartSuccessfulRun() {
    SimulatedProcess process =
        new SimulatedProcess(
            script("sleep 1"), T0, RestartPolicy.ON_FAILURE, Duration.ofSeconds(1));

    ContainerStatus status = process.status(at(100));
    assertEquals(
        new ContainerState.Terminated(0, ContainerState.COMPLETED, T0, at(1)), status.current());
    assertEquals(0, status.restartCount());
    assertTrue(status.previous().isEmpty());
  }

  @Test
  void stoppingARunKillsItAndFreezesItsLogs() {
    SimulatedProcess process =
        SimulatedProcess.start(script("echo a; sleep 5; echo b"), T0).stoppedAt(at(2));

    assertEquals(new ContainerState.Running(T0), process.state(at(1)));
    ContainerState.Terminated expected =
        new ContainerState.Terminated(
            ContainerState.KILLED_EXIT_CODE, ContainerState.KILLED, T0, at(2));
    assertEquals(expected, process.state(at(10)));
    assertEquals(List.of(new LogLine(T0, "a")), process.logs(at(10)));
    // A second stop does not move the first.
    assertEquals(expected, process.stoppedAt(at(3)).state(at(10)));
  }

  @Test
  void stoppingAfterExitKeepsTheRealExitCode() {
    SimulatedProcess process = SimulatedProcess.start(script("exit 2"), T0).stoppedAt(at(5));

    assertEquals(2, ((ContainerState.Terminated) process.state(at(10))).exitCode());
  }

  @Test
  void restartDelayMustBePositive() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new SimulatedProcess(
                SimulatedProgram.forever(), T0, RestartPolicy.ALWAYS, Duration.ZERO));
  }
}

package io.burstlet.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SimulatedProgramTest {

  private static List<String> texts(SimulatedProgram program) {
    return program.lines().stream().map(SimulatedProgram.TimedLine::text).toList();
  }

  @Test
  void shellScriptInArgsEchoesSleepsAndExits() {
    SimulatedProgram program =
        SimulatedProgram.parse(List.of("/bin/sh", "-c"), List.of("echo hello; sleep 2; exit 3"));

    assertEquals(List.of("hello"), texts(program));
    assertEquals(Duration.ZERO, program.lines().get(0).offset());
    assertEquals(Duration.ofSeconds(2), program.runtime().orElseThrow());
    assertEquals(OptionalInt.of(3), program.exitCode());
  }

  @Test
  void scriptInCommandWithAndChain() {
    SimulatedProgram program =
        SimulatedProgram.parse(
            List.of("sh", "-c", "echo a && sleep 1.5 && echo b && exit 0"), null);

    assertEquals(List.of("a", "b"), texts(program));
    assertEquals(Duration.ofMillis(1500), program.lines().get(1).offset());
    assertEquals(Duration.ofMillis(1500), program.runtime().orElseThrow());
    assertEquals(OptionalInt.of(0), program.exitCode());
  }

  @Test
  void quotesKeepSeparatorsAndSpacesInsideText() {
    SimulatedProgram program =
        SimulatedProgram.parse(
            List.of("bash", "-ec", "echo 'one; two' && echo \"a  b\\\"c\"; echo x\\ y"), null);

    assertEquals(List.of("one; two", "a  b\"c", "x y"), texts(program));
    assertEquals(OptionalInt.of(0), program.exitCode());
  }

  @Test
  void scriptEndingWithoutExitExitsZeroAfterItsSleeps() {
    SimulatedProgram program = SimulatedProgram.parse(null, List.of("sleep", ".25"));

    assertEquals(Duration.ofMillis(250), program.runtime().orElseThrow());
    assertEquals(OptionalInt.of(0), program.exitCode());
  }

  @Test
  void sleepSuffixesAndExitCodeTruncation() {
    SimulatedProgram program =
        SimulatedProgram.parse(List.of("sh", "-c", "sleep 2m; sleep 1s\nexit 300"), null);

    assertEquals(Duration.ofSeconds(121), program.runtime().orElseThrow());
    assertEquals(OptionalInt.of(300 & 0xFF), program.exitCode());
  }

  @Test
  void argsOnlySingleScriptIsRunAsShellScript() {
    SimulatedProgram program = SimulatedProgram.parse(List.of(), List.of("echo hi; exit 1"));

    assertEquals(List.of("hi"), texts(program));
    assertEquals(OptionalInt.of(1), program.exitCode());
  }

  @Test
  void directExecOfEchoJoinsArguments() {
    SimulatedProgram program =
        SimulatedProgram.parse(List.of("/bin/echo"), List.of("hello", "world"));

    assertEquals(List.of("hello world"), texts(program));
    assertEquals(Duration.ZERO, program.runtime().orElseThrow());
  }

  @Test
  void noCommandIsTheImageEntrypointAndRunsForever() {
    SimulatedProgram program = SimulatedProgram.parse(null, null);

    assertTrue(program.runsForever());
    assertTrue(program.exitCode().isEmpty());
    assertTrue(program.lines().isEmpty());
  }

  @Test
  void unsupportedCommandRunsForeverAfterEarlierEchoes() {
    SimulatedProgram program =
        SimulatedProgram.parse(
            List.of("sh", "-c", "echo starting; nginx -g 'daemon off;'; echo never"), null);

    assertEquals(List.of("starting"), texts(program));
    assertTrue(program.runsForever());
  }

  @Test
  void pipesSubstitutionsAndSleepInfinityRunForever() {
    for (String script :
        List.of("echo a | cat", "echo $(date)", "sleep infinity", "exit x", "echo 'open")) {
      SimulatedProgram program = SimulatedProgram.parse(List.of("sh", "-c", script), null);
      assertTrue(program.runsForever(), script);
    }
  }

  @Test
  void shellWithoutScriptRunsForever() {
    assertTrue(SimulatedProgram.parse(List.of("sh"), List.of("-c")).runsForever());
  }

  @Test
  void expandsEnvironmentOutsideSingleQuotes() {
    SimulatedProgram program =
        SimulatedProgram.parse(
            List.of("sh", "-c", "echo \"hi $NAME\" ${OTHER}x '$NAME' $UNSET."),
            null,
            Map.of("NAME", "ann", "OTHER", "o"));

    assertEquals(List.of("hi ann ox $NAME ."), texts(program));
  }

  @Test
  void commentsAndEmptyStatementsAreIgnored() {
    SimulatedProgram program =
        SimulatedProgram.parse(List.of("sh", "-c", ";; echo a # not this; exit 9\n exit 4;"), null);

    assertEquals(List.of("a"), texts(program));
    assertEquals(OptionalInt.of(4), program.exitCode());
    assertFalse(program.runsForever());
  }
}

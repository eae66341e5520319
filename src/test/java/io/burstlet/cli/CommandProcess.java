package io.burstlet.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * {@code burstlet <args>} in a JVM of its own, on the test class path, as an operator runs it; its
 * stdout and stderr go to files. {@link #close()} kills what a failed test leaves running.
 */
final class CommandProcess implements AutoCloseable {
  /** One log line: its level and message, in either format. */
  record Line(String level, String message, String raw) {}

  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final boolean json;

  private CommandProcess(Process process, Path stdout, Path stderr, boolean json) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.json = json;
  }

  static CommandProcess start(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "stdout-", ".log");
    Path err = Files.createTempFile(dir, "stderr-", ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    return new CommandProcess(process, out, err, command.contains("json"));
  }

  /** Waits until stdout contains {@code text}; fails when the process ends or time runs out. */
  void awaitOutput(String text, Duration timeout) throws Exception {
    try {
      await()
          .atMost(timeout)
          .failFast("the process ended early", () -> !process.isAlive())
          .until(() -> stdout().contains(text));
    } catch (ConditionTimeoutException | TerminalFailureException e) {
      throw new AssertionError(
          "no '" + text + "' (" + e.getMessage() + "):\n" + stdout() + stderr(), e);
    }
  }

  /** Sends SIGTERM, as Kubernetes does, and returns the exit code. */
  int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    assertTrue(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS), "still running");
    return process.exitValue();
  }

  String stdout() throws IOException {
    return Files.readString(stdout);
  }

  String stderr() throws IOException {
    return Files.readString(stderr);
  }

  /** The log lines on stdout; in JSON each must be an object with the documented fields. */
  List<Line> lines() throws IOException {
    List<Line> lines = new ArrayList<>();
    for (String raw : stdout().lines().toList()) {
      if (json) {
        JsonObject o = JsonParser.parseString(raw).getAsJsonObject();
        for (String field : List.of("time", "level", "logger", "thread", "message")) {
          assertTrue(o.has(field), field + " missing in " + raw);
        }
        lines.add(new Line(o.get("level").getAsString(), o.get("message").getAsString(), raw));
      } else {
        // 2026-01-02T03:04:05.678Z INFO Logger - message
        String[] parts = raw.split(" ", 4);
        boolean log = parts.length == 4 && parts[0].matches("\\d{4}-\\d\\d-\\d\\dT.*");
        lines.add(
            log
                ? new Line(parts[1], parts[3].substring(2), raw)
                : new Line("", raw, raw)); // a command's own line
      }
    }
    return lines;
  }

  /**
   * A normal stop: "shutting down", no warning or error after it, no exception anywhere, nothing on
   * stderr, and "stopped" last.
   */
  void assertStoppedQuietly() throws IOException {
    String all = stdout() + stderr();
    assertFalse(all.contains("Exception"), all);
    assertFalse(all.contains("\tat "), all);
    assertEquals(
        "",
        stderr().lines().filter(l -> !l.startsWith("Picked up ")).reduce("", String::concat),
        "stderr");
    List<Line> lines = lines();
    int shuttingDown = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).message().equals("shutting down")) {
        shuttingDown = i;
      }
    }
    assertTrue(shuttingDown >= 0, "no 'shutting down':\n" + all);
    for (Line line : lines.subList(shuttingDown, lines.size())) {
      assertFalse(
          line.level().equals("WARN") || line.level().equals("ERROR"), "while stopping: " + line);
    }
    Line last = lines.get(lines.size() - 1);
    assertEquals("stopped", last.message(), all);
    assertEquals("INFO", last.level());
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}

package io.burstlet.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The agent as users run it: {@code java -jar target/burstlet.jar run}, in its own process. */
public final class AgentProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private AgentProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts the agent; its output goes to {@code <dir>/agent-<n>.log}. */
  public static AgentProcess start(Path config, Path kubeconfig, Path dir) throws IOException {
    return start(config, kubeconfig, dir, List.of());
  }

  /** Starts the agent with extra JVM options ({@code -Dname=value}) before {@code -jar}. */
  public static AgentProcess start(Path config, Path kubeconfig, Path dir, List<String> jvmOptions)
      throws IOException {
    String jar = System.getProperty("burstlet.jar", "target/burstlet.jar");
    Path log = Files.createTempFile(dir, "agent-", ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-jar",
            jar,
            "run",
            "--config",
            config.toString(),
            "--kubeconfig",
            kubeconfig.toString()));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new AgentProcess(process, log);
  }

  /** Kills the process at once (SIGKILL): no shutdown hook, no cleanup — a crash. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** What the agent printed so far. */
  public String output() throws IOException {
    return Files.readString(log);
  }

  /** Stops the process gracefully (SIGTERM), as Kubernetes does. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}

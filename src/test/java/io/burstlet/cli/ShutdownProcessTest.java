package io.burstlet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.burstlet.tls.SelfSignedCertificate;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGTERM stops the commands cleanly, in both log formats: every part closed within the shutdown
 * budget, no warning, error or stack trace on the way, and "stopped" as the last line. The agent
 * runs against {@link FakeApiServer} with both embedded clouds, so its informers, work queue,
 * nodes, kubelet API, metrics server, providers and emulators all start and stop for real.
 */
class ShutdownProcessTest {
  /** JVM exit status after SIGTERM. */
  private static final int SIGTERM_EXIT = 128 + 15;

  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration STOP = Shutdown.BUDGET.plusSeconds(10);

  @ParameterizedTest
  @ValueSource(strings = {"text", "json"})
  @Timeout(180)
  void theAgentStopsQuietly(String format, @TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("client-ca.pem"), SelfSignedCertificate.generate().certificatePem());
    Path config =
        Files.writeString(
            dir.resolve("config.yaml"),
            """
            clusterName: demo
            nodeAddress: 127.0.0.1
            kubeletPort: %d
            metricsPort: %d
            kubelet: {clientCaFile: %s}
            providers:
              - name: eci
                type: eci
                region: ap-northeast-1
                endpoint: embedded
                securityGroupId: sg-demo
                zones: [{zone: ap-northeast-1a, vSwitchId: vsw-first}]
              - name: aci
                type: aci
                region: japaneast
                subscriptionId: 00000000-0000-0000-0000-000000000000
                resourceGroup: burst-rg
                endpoint: embedded
                zones: [{zone: "1"}]
            """
                .formatted(freePort(), freePort(), dir.resolve("client-ca.pem")));
    try (FakeApiServer api = new FakeApiServer();
        CommandProcess agent =
            CommandProcess.start(
                dir,
                "run",
                "--config",
                config.toString(),
                "--kubeconfig",
                api.writeKubeconfig(dir).toString(),
                "--log-format",
                format)) {
      agent.awaitOutput("all 2 virtual nodes registered", START);
      assertEquals(SIGTERM_EXIT, agent.terminate(STOP), agent.stdout());
      agent.assertStoppedQuietly();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"text", "json"})
  @Timeout(120)
  void theEmulatorStopsQuietly(String format, @TempDir Path dir) throws Exception {
    try (CommandProcess emulator =
        CommandProcess.start(
            dir,
            "emulator",
            "eci",
            "--access-key",
            "LTAItest:not-a-secret",
            "--log-format",
            format)) {
      emulator.awaitOutput("ECI emulator (OpenAPI 2018-08-08) at https://", START);
      assertEquals(SIGTERM_EXIT, emulator.terminate(STOP), emulator.stdout());
      emulator.assertStoppedQuietly();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

package io.burstlet.provider.grpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.cli.ProviderFactory;
import io.burstlet.cli.ProviderServerCommand;
import io.burstlet.config.ZoneConfig;
import io.burstlet.provider.InMemoryProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code burstlet provider-server}: picks the named provider from the config and serves it. (Lives
 * here beside the server it drives; the cli test package is owned elsewhere.)
 */
class ProviderServerCommandTest {
  private static final ProviderFactory IN_MEMORY =
      (pc, agent) -> {
        Map<String, Map<String, String>> zones = new LinkedHashMap<>();
        for (ZoneConfig z : pc.zones()) {
          zones.put(z.zone(), pc.capacity());
        }
        return new InMemoryProvider(pc.name(), pc.taint().value(), pc.region(), zones);
      };

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private Path config;

  @BeforeEach
  void writeConfig(@TempDir Path dir) throws Exception {
    config =
        Files.writeString(
            dir.resolve("config.yaml"),
            """
            clusterName: demo
            nodeAddress: 127.0.0.1
            providers:
              - name: aci-west
                type: aci
                region: westeurope
                endpoint: embedded
                subscriptionId: 00000000-0000-0000-0000-000000000000
                resourceGroup: rg
                zones: [{zone: "1"}]
              - name: eci-tokyo
                type: eci
                region: ap-northeast-1
                endpoint: embedded
                securityGroupId: sg-demo
                zones:
                  - {zone: ap-northeast-1a, vSwitchId: vsw-a}
                  - {zone: ap-northeast-1b, vSwitchId: vsw-b}
            """);
  }

  private int run(CountDownLatch stop, String... args) {
    return ProviderServerCommand.run(
        List.of(args),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        IN_MEMORY,
        stop);
  }

  @Test
  void servesTheNamedProviderUntilStopped() throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                run(
                    stop,
                    "--config",
                    config.toString(),
                    "--provider",
                    "eci-tokyo",
                    "--listen",
                    "127.0.0.1:0"));
    Pattern serving =
        Pattern.compile("serving provider eci-tokyo on 127.0.0.1:(\\d+) \\(plaintext\\)");
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> serving.matcher(out.toString(StandardCharsets.UTF_8)).find() || exit.isDone());
    Matcher m = serving.matcher(out.toString(StandardCharsets.UTF_8));
    assertTrue(m.find(), "out: " + out + "\nerr: " + err);

    try (RemoteProvider remote =
        RemoteProvider.connect(RemoteProviderOptions.plaintext("127.0.0.1:" + m.group(1)))) {
      assertEquals("eci-tokyo", remote.name());
      assertEquals("alibabacloud", remote.cloud());
      assertEquals(List.of("ap-northeast-1a", "ap-northeast-1b"), remote.zones());
      remote.checkHealth("ap-northeast-1b");
    }

    stop.countDown();
    assertEquals(0, exit.get(15, TimeUnit.SECONDS));
  }

  @Test
  void anUnknownProviderNameIsAConfigError() {
    int code =
        run(
            new CountDownLatch(0),
            "--config",
            config.toString(),
            "--provider",
            "gce",
            "--listen",
            "127.0.0.1:0");
    assertEquals(3, code);
    String printed = err.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("no provider named 'gce'"), printed);
    assertTrue(printed.contains("aci-west, eci-tokyo"), printed);
  }

  @Test
  void plaintextOnAPublicAddressNeedsTheFlag() throws Exception {
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () ->
                run(
                    new CountDownLatch(0),
                    "--config",
                    config.toString(),
                    "--provider",
                    "eci-tokyo",
                    "--listen",
                    "0.0.0.0:0"));
    assertTrue(
        e.getMessage().startsWith("--listen: 0.0.0.0 is not a loopback address"), e.getMessage());

    int code =
        run(
            new CountDownLatch(0),
            "--config",
            config.toString(),
            "--provider",
            "eci-tokyo",
            "--listen",
            "0.0.0.0:0",
            "--plaintext");
    assertEquals(0, code, "err: " + err);
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("on 0.0.0.0:"), out.toString());
  }

  @Test
  void theCommandLineIsChecked() {
    assertEquals(
        "--listen is required",
        assertThrows(
                RuntimeException.class,
                () -> run(new CountDownLatch(0), "--config", "c.yaml", "--provider", "p"))
            .getMessage());
    assertEquals(
        "--listen: must be HOST:PORT (was '7443')",
        assertThrows(
                RuntimeException.class,
                () ->
                    run(
                        new CountDownLatch(0),
                        "--config",
                        "c.yaml",
                        "--provider",
                        "p",
                        "--listen",
                        "7443"))
            .getMessage());
    assertEquals(
        "--tls-cert, --tls-key: give both for TLS, or neither",
        assertThrows(
                RuntimeException.class,
                () ->
                    run(
                        new CountDownLatch(0),
                        "--config",
                        "c.yaml",
                        "--provider",
                        "p",
                        "--listen",
                        "127.0.0.1:1",
                        "--tls-cert",
                        config.toString()))
            .getMessage());
  }
}

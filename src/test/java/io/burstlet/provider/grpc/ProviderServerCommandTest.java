package io.burstlet.provider.grpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.cli.ProviderFactory;
import io.burstlet.cli.ProviderServerCommand;
import io.burstlet.config.ZoneConfig;
import io.burstlet.provider.CloudUnavailableException;
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
  @TempDir Path dir;
  private Path config;

  @BeforeEach
  void writeConfig() throws Exception {
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

  /** Starts the command on another thread; returns its exit and the port once it serves. */
  private CompletableFuture<Integer> serve(CountDownLatch stop, String mode, String... args) {
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(stop, args));
    Pattern serving =
        Pattern.compile("serving provider eci-tokyo on [^ ]+:\\d+ \\(" + mode + "\\)");
    // Generous: a loaded machine takes a while to load the TLS stack.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> serving.matcher(out.toString(StandardCharsets.UTF_8)).find() || exit.isDone());
    assertTrue(
        serving.matcher(out.toString(StandardCharsets.UTF_8)).find(),
        "out: " + out + "\nerr: " + err);
    return exit;
  }

  private int servedPort() {
    Matcher m =
        Pattern.compile("serving provider eci-tokyo on [^ ]+:(\\d+) ")
            .matcher(out.toString(StandardCharsets.UTF_8));
    assertTrue(m.find(), out.toString(StandardCharsets.UTF_8));
    return Integer.parseInt(m.group(1));
  }

  @Test
  void servesTheNamedProviderWithMutualTlsUntilStopped() throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    CompletableFuture<Integer> exit =
        serve(
            stop,
            "mutual TLS",
            "--config",
            config.toString(),
            "--provider",
            "eci-tokyo",
            "--listen",
            "127.0.0.1:0",
            "--tls-cert",
            TestPki.Shared.SERVER.certFile().toString(),
            "--tls-key",
            TestPki.Shared.SERVER.keyFile().toString(),
            "--client-ca",
            TestPki.Shared.CA.certFile.toString());
    String target = "127.0.0.1:" + servedPort();

    try (RemoteProvider remote = RemoteProvider.connect(TestPki.clientOptions(target))) {
      assertEquals("eci-tokyo", remote.name());
      assertEquals("alibabacloud", remote.cloud());
      assertEquals(List.of("ap-northeast-1a", "ap-northeast-1b"), remote.zones());
      remote.checkHealth("ap-northeast-1b");
    }
    TestPki.Issued stranger = TestPki.authority(dir, "stranger").client("burstlet-agent");
    assertThrows(
        CloudUnavailableException.class,
        () ->
            RemoteProvider.connect(
                RemoteProviderOptions.mutualTls(
                    target, TestPki.Shared.CA.certFile, stranger.certFile(), stranger.keyFile())));

    stop.countDown();
    assertEquals(0, exit.get(60, TimeUnit.SECONDS));
  }

  @Test
  void insecurePlaintextServesOnLoopbackOnly() throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    CompletableFuture<Integer> exit =
        serve(
            stop,
            "plaintext",
            "--config",
            config.toString(),
            "--provider",
            "eci-tokyo",
            "--listen",
            "127.0.0.1:0",
            "--insecure-plaintext");
    try (RemoteProvider remote =
        RemoteProvider.connect(
            RemoteProviderOptions.insecurePlaintext("127.0.0.1:" + servedPort()))) {
      assertEquals("eci-tokyo", remote.name());
    }
    stop.countDown();
    assertEquals(0, exit.get(60, TimeUnit.SECONDS));

    for (String listen : List.of("0.0.0.0:0", "10.0.0.5:7443", "[::]:7443")) {
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
                      listen,
                      "--insecure-plaintext"));
      assertTrue(
          e.getMessage()
              .startsWith("--insecure-plaintext: only allowed on a loopback address (127.0.0.1,"),
          e.getMessage());
    }
  }

  @Test
  void withoutTlsFilesOrTheFlagNothingIsServed() {
    // Not even on loopback: plaintext must be asked for.
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
                    "127.0.0.1:0"));
    assertTrue(e.getMessage().startsWith("--tls-cert: required"), e.getMessage());

    RuntimeException noClientCa =
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
                    "0.0.0.0:0",
                    "--tls-cert",
                    TestPki.Shared.SERVER.certFile().toString(),
                    "--tls-key",
                    TestPki.Shared.SERVER.keyFile().toString()));
    assertTrue(
        noClientCa.getMessage().startsWith("--client-ca: required"), noClientCa.getMessage());

    RuntimeException old =
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
                    "0.0.0.0:0",
                    "--plaintext"));
    assertTrue(
        old.getMessage().startsWith("--plaintext: replaced by --insecure-plaintext"),
        old.getMessage());
    assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing was served");
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
            "127.0.0.1:0",
            "--insecure-plaintext");
    assertEquals(3, code);
    String printed = err.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("no provider named 'gce'"), printed);
    assertTrue(printed.contains("aci-west, eci-tokyo"), printed);
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
    assertTrue(
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
            .getMessage()
            .startsWith("--tls-key: required"));
    assertEquals(
        "--insecure-plaintext: not with TLS files (they mean mutual TLS)",
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
                        "--insecure-plaintext",
                        "--client-ca",
                        config.toString()))
            .getMessage());
    assertEquals(
        "--max-watchers: must be a number (was 'many')",
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
                        "--insecure-plaintext",
                        "--max-watchers",
                        "many"))
            .getMessage());
  }
}

package io.burstlet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void invalidConfigPrintsEveryFieldAndExitsNonZero(@TempDir Path dir) throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("config.yaml"),
            """
            clusterName: demo
            nodeAddress: 127.0.0.1
            providers:
              - name: eci
                type: eci
                region: ap-northeast-1
                endpoint: embedded
                securityGroupId: sg-demo
                zones:
                  - {zone: ap-northeast-1a}
              - name: aci
                type: aci
                endpoint: embedded
                subscriptionId: 00000000-0000-0000-0000-000000000000
                resourceGroup: rg
                zones: [{zone: "1"}]
            """);
    int code = run("run", "--config", config.toString());
    assertEquals(Main.EXIT_CONFIG, code);
    String printed = err.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("providers[0].zones[0].vSwitchId: required"), printed);
    assertTrue(printed.contains("providers[1].region: required"), printed);
  }

  @Test
  void missingConfigFileIsAConfigError(@TempDir Path dir) {
    assertEquals(Main.EXIT_CONFIG, run("run", "--config", dir.resolve("nope.yaml").toString()));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot read config file"));
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertEquals(Main.EXIT_USAGE, run("run"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--config is required"));
    assertEquals(Main.EXIT_USAGE, run("frobnicate"));
    assertEquals(Main.EXIT_USAGE, run("run", "--config", "a", "--colour", "red"));
    assertEquals(Main.EXIT_USAGE, run());
  }

  @Test
  void versionAndHelp() {
    assertEquals(0, run("version"));
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("burstlet "));
    assertEquals(0, run("--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("run --config FILE"));
  }
}

package io.burstlet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
    Path missing = dir.resolve("nope.yaml");
    assertEquals(Main.EXIT_CONFIG, run("run", "--config", missing.toString()));
    assertTrue(
        err.toString(StandardCharsets.UTF_8)
            .contains("config: file " + missing + " does not exist"));
  }

  /** A variable no test environment sets. */
  private static final String UNSET = "BURSTLET_TEST_NEVER_SET_7D1C";

  private static final String SECRET = "hunter2-not-for-logs";

  /**
   * Every kind of configuration problem, of the file or of what it points to, exits 3 with {@code
   * <field path>: <problem>} on stderr: no stack trace, no secret.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          no such file            | none      |                                                      | config: file {dir}/config.yaml does not exist
          a directory             | directory |                                                      | config: {dir}/config.yaml is a directory, not a file
          empty file              | file      |                                                      | config: must not be empty
          not YAML                | file      | 'clusterName: [demo'                                 | 'config: not valid YAML: '
          a list, not a mapping   | file      | '- clusterName: demo'                                | config: must be a mapping of fields (found a list)
          secret file missing     | provider  | 'credentials: {accessKeyIdFile: {dir}/absent, accessKeySecretFile: {dir}/secret}' | providers[0].credentials.accessKeyIdFile: file {dir}/absent does not exist
          secret file a directory | provider  | 'credentials: {accessKeyIdFile: {dir}, accessKeySecretFile: {dir}/secret}'        | providers[0].credentials.accessKeyIdFile: {dir} is a directory, not a file
          secret file empty       | provider  | 'credentials: {accessKeyIdFile: {dir}/empty, accessKeySecretFile: {dir}/secret}'  | providers[0].credentials.accessKeyIdFile: file {dir}/empty is empty
          secret variable unset   | provider  | 'credentials: {accessKeyIdFile: {dir}/secret, accessKeySecretEnv: {unset}}'       | providers[0].credentials.accessKeySecretEnv: environment variable {unset} is not set
          CA file not PEM         | provider  | 'caFile: {dir}/secret'                               | providers[0].caFile: file {dir}/secret holds no PEM certificate
          client CA file missing  | top       | 'kubelet: {clientCaFile: {dir}/absent.pem}'          | kubelet.clientCaFile: file {dir}/absent.pem does not exist
          text for a number       | top       | 'pods: {workers: four}'                              | pods.workers: must be an integer
          bad duration            | top       | 'node: {leaseRenewInterval: 10 seconds}'             | node.leaseRenewInterval: must be a duration
          bad quantity            | provider  | 'capacity: {memory: 4 TB}'                           | providers[0].capacity.memory: '4 TB' is not a Kubernetes quantity
          grpc without TLS        | file      | 'clusterName: demo\nnodeAddress: 127.0.0.1\nproviders: [{name: far, type: grpc, region: r, endpoint: \"127.0.0.1:9443\", zones: [{zone: z1}]}]' | providers[0].caFile: required for a grpc provider
          grpc plaintext off loopback | file  | 'clusterName: demo\nnodeAddress: 127.0.0.1\nproviders: [{name: far, type: grpc, region: r, endpoint: \"10.0.0.5:9443\", insecurePlaintext: true, zones: [{zone: z1}]}]' | providers[0].insecurePlaintext: only allowed for an endpoint on a loopback address
          """)
  void everyConfigErrorExitsThreeNamingTheField(
      String name, String where, String line, String expected, @TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("secret"), SECRET + "\n");
    Files.writeString(dir.resolve("empty"), "");
    Path config = dir.resolve("config.yaml");
    String d = dir.toString();
    String text = line == null ? "" : line.replace("{dir}", d).replace("{unset}", UNSET);
    switch (where) {
      case "none" -> {}
      case "directory" -> Files.createDirectory(config);
      case "file" -> Files.writeString(config, text.replace("\\n", "\n"));
      case "top" -> Files.writeString(config, REAL + text + "\n");
      case "provider" ->
          Files.writeString(
              config,
              REAL.replace("    securityGroupId: sg-demo\n", PROVIDER_LINE + "    " + text + "\n"));
      default -> throw new IllegalArgumentException(where);
    }
    int code = run("run", "--config", config.toString());
    String printed = err.toString(StandardCharsets.UTF_8);
    assertEquals(Main.EXIT_CONFIG, code, printed);
    assertTrue(
        printed.contains("  " + expected.replace("{dir}", d).replace("{unset}", UNSET)),
        "expected [" + expected + "] in:\n" + printed);
    assertFalse(printed.contains("Exception"), printed);
    assertFalse(printed.contains("\tat "), printed);
    assertFalse(printed.contains(SECRET), "a secret is shown:\n" + printed);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  private static final String PROVIDER_LINE = "    securityGroupId: sg-demo\n";

  /** A complete configuration with a real ECI endpoint; cases add one line to it. */
  private static final String REAL =
      """
      clusterName: demo
      nodeAddress: 127.0.0.1
      providers:
        - name: eci
          type: eci
          region: ap-northeast-1
          endpoint: https://eci.ap-northeast-1.aliyuncs.com
          securityGroupId: sg-demo
          zones:
            - {zone: ap-northeast-1a, vSwitchId: vsw-first}
      """;

  @Test
  void anUnknownLogFormatIsAUsageErrorNamingTheFlag() {
    assertEquals(Main.EXIT_USAGE, run("run", "--config", "c.yaml", "--log-format", "xml"));
    assertTrue(
        err.toString(StandardCharsets.UTF_8)
            .startsWith("--log-format: must be text or json (was 'xml')"),
        err.toString(StandardCharsets.UTF_8));
    err.reset();
    assertEquals(Main.EXIT_USAGE, run("emulator", "eci", "--log-format=yaml"));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("--log-format: must be text"));
    err.reset();
    assertEquals(Main.EXIT_USAGE, run("provider-server", "--log-format"));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("--log-format needs a value"));
    err.reset();
    assertEquals(
        Main.EXIT_USAGE, run("run", "--log-format", "text", "--config", "c", "--log-format=json"));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("--log-format given twice"));
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

package io.burstlet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
  static final String VALID =
      """
      clusterName: demo
      nodeNamePrefix: burstlet
      kubeletPort: 10250
      nodeAddress: 127.0.0.1
      providers:
        - name: eci
          type: eci
          region: ap-northeast-1
          endpoint: embedded
          securityGroupId: sg-demo
          zones:
            - {zone: ap-northeast-1a, vSwitchId: vsw-first}
            - {zone: ap-northeast-1b, vSwitchId: vsw-second}
          capacity: {cpu: "1000", memory: 4Ti, pods: "1000"}
        - name: aci
          type: aci
          region: japaneast
          subscriptionId: 00000000-0000-0000-0000-000000000000
          resourceGroup: burst-rg
          endpoint: embedded
          zones:
            - {zone: "1", subnetId: /subscriptions/0000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aksvirtualsubnet}
      """;

  @Test
  void theDocumentedExampleLoadsWithDefaults() {
    BurstletConfig config = ConfigLoader.parse(VALID, Map.of());
    assertEquals("demo", config.clusterName());
    assertEquals(2, config.providers().size());
    ProviderConfig eci = config.providers().get(0);
    assertEquals("eci", eci.type());
    assertEquals("sg-demo", eci.setting("securityGroupId"));
    assertEquals("vsw-second", eci.zones().get(1).vSwitchId());
    assertEquals("4Ti", eci.capacity().get("memory"));
    assertEquals("alibabacloud", eci.taint().value());
    assertEquals("virtual-kubelet.io/provider", eci.taint().key());
    assertEquals("NoSchedule", eci.taint().effect());
    assertTrue(eci.embedded());
    ProviderConfig aci = config.providers().get(1);
    assertEquals("azure", aci.taint().value());
    assertEquals("burst-rg", aci.setting("resourceGroup"));
    assertEquals("1000", aci.capacity().get("pods"), "capacity defaults apply");
    assertEquals(
        List.of("burstlet-eci-ap-northeast-1a", "burstlet-eci-ap-northeast-1b", "burstlet-aci-1"),
        config.providers().stream()
            .flatMap(p -> p.zones().stream().map(z -> config.nodeName(p, z.zone())))
            .toList());
    assertEquals(Duration.ofSeconds(10), config.node().healthCheckInterval());
    assertEquals(3, config.node().unreachableAfterFailures());
    assertEquals(Duration.ofSeconds(10), config.node().leaseRenewInterval());
    assertEquals(Duration.ofMinutes(2), config.node().stallLimit());
    assertEquals("cluster.local", config.dns().clusterDomain());
    assertNull(config.dns().clusterDnsIp());
    assertEquals(Duration.ofHours(1), config.pods().tokenExpiration());
    assertEquals(List.of(), config.pods().namespaces(), "pods of every namespace");
  }

  @Test
  void podNamespacesLimitWhichPodsTheAgentServes() {
    String yaml =
        VALID.replace("clusterName: demo", "clusterName: demo\npods: {namespaces: [a, b]}");
    assertEquals(List.of("a", "b"), ConfigLoader.parse(yaml, Map.of()).pods().namespaces());
  }

  @Test
  void nodeAddressFallsBackToPodIp() {
    String yaml = VALID.replace("nodeAddress: 127.0.0.1\n", "");
    assertEquals("10.1.2.3", ConfigLoader.parse(yaml, Map.of("POD_IP", "10.1.2.3")).nodeAddress());
    assertProblem(yaml, "nodeAddress: required (or set the POD_IP environment variable)");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          missing vSwitch         | '{zone: ap-northeast-1b, vSwitchId: vsw-second}' | '{zone: ap-northeast-1b}' | providers[0].zones[1].vSwitchId: required
          missing zone name       | '{zone: ap-northeast-1a, vSwitchId: vsw-first}' | '{vSwitchId: vsw-first}' | providers[0].zones[0].zone: required
          duplicate zone          | 'zone: ap-northeast-1b,' | 'zone: ap-northeast-1a,' | providers[0].zones[1].zone: duplicate zone 'ap-northeast-1a'
          unknown type            | 'type: aci' | 'type: gce' | providers[1].type: must be one of aci, eci, grpc (was 'gce')
          bad subscription        | 'subscriptionId: 00000000-0000-0000-0000-000000000000' | 'subscriptionId: abc' | providers[1].subscriptionId: must be a GUID
          missing security group  | 'securityGroupId: sg-demo' | 'securityGroupIdx: sg-demo' | providers[0].securityGroupId: required
          misspelt field          | 'securityGroupId: sg-demo' | 'securityGroupId: sg-demo\n    secrityGroup: x' | providers[0].secrityGroup: unknown field
          bad capacity            | 'memory: 4Ti' | 'memory: lots' | providers[0].capacity.memory: 'lots' is not a Kubernetes quantity
          bad endpoint            | 'endpoint: embedded\n    securityGroupId' | 'endpoint: eci.example.com\n    securityGroupId' | providers[0].endpoint: must be 'embedded' or an http(s):// URL
          bad cluster name        | 'clusterName: demo' | 'clusterName: Demo_1' | clusterName: must be a DNS label
          bad port                | 'kubeletPort: 10250' | 'kubeletPort: 70000' | kubeletPort: must be a port number between 1 and 65535
          port not a number       | 'kubeletPort: 10250' | 'kubeletPort: ten' | kubeletPort: must be an integer
          subnet on eci           | '{zone: ap-northeast-1a, vSwitchId: vsw-first}' | '{zone: ap-northeast-1a, vSwitchId: vsw-first, subnetId: x}' | providers[0].zones[0].subnetId: not used by eci providers
          bad subnet id           | '/subscriptions/0000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/aksvirtualsubnet' | 'subnet-1' | providers[1].zones[0].subnetId: must be a subnet resource id
          duplicate provider name | 'name: aci' | 'name: eci' | providers[1].name: duplicate provider name 'eci'
          bad taint effect        | 'region: japaneast' | 'region: japaneast\n    taint: {effect: Never}' | providers[1].taint.effect: must be one of NoSchedule, PreferNoSchedule, NoExecute
          zones not a list        | 'zones:\n      - {zone: \"1\"' | 'zones: {zone: \"1\"' | providers[1].zones: must be a list
          bad duration            | 'clusterName: demo' | 'clusterName: demo\npods: {statusSyncInterval: soon}' | pods.statusSyncInterval: must be a duration
          short token             | 'clusterName: demo' | 'clusterName: demo\npods: {tokenExpiration: 1m}' | pods.tokenExpiration: must be at least 10m
          bad pod namespace       | 'clusterName: demo' | 'clusterName: demo\npods: {namespaces: [team-a, Team_B]}' | pods.namespaces[1]: must be a DNS label
          duplicate pod namespace | 'clusterName: demo' | 'clusterName: demo\npods: {namespaces: [team-a, team-a]}' | pods.namespaces[1]: duplicate namespace 'team-a'
          pod namespaces not list | 'clusterName: demo' | 'clusterName: demo\npods: {namespaces: team-a}' | pods.namespaces: must be a list of strings
          slow lease              | 'clusterName: demo' | 'clusterName: demo\nnode: {leaseRenewInterval: 30s}' | node.leaseRenewInterval: must be at most 20s
          renamed health field    | 'clusterName: demo' | 'clusterName: demo\nnode: {notReadyAfterFailures: 3}' | node.notReadyAfterFailures: renamed to unreachableAfterFailures: a failing cloud taints the node, it never turns it NotReady
          stall limit too short   | 'clusterName: demo' | 'clusterName: demo\nnode: {stallLimit: 10s}' | node.stallLimit: must be between 30s and 4m
          stall limit too long    | 'clusterName: demo' | 'clusterName: demo\nnode: {stallLimit: 5m}' | node.stallLimit: must be between 30s and 4m
          no failures allowed     | 'clusterName: demo' | 'clusterName: demo\nnode: {unreachableAfterFailures: 0}' | node.unreachableAfterFailures: must be at least 1
          long node name          | 'nodeNamePrefix: burstlet' | 'nodeNamePrefix: burstlet-with-a-very-long-prefix-that-goes-on-and-on' | providers[0].zones: node name 'burstlet-with-a-very-long-prefix-that-goes-on-and-on-eci-ap-northeast-1a' is not a valid DNS label
          inline secret           | 'securityGroupId: sg-demo' | 'securityGroupId: sg-demo\n    credentials: {accessKeySecret: hunter2}' | providers[0].credentials.accessKeySecret: unknown field
          """)
  void eachProblemNamesItsField(String name, String from, String to, String expected) {
    String yaml = VALID.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n"));
    assertTrue(!yaml.equals(VALID), "the test case must change the config: " + name);
    assertProblem(yaml, expected);
  }

  @Test
  void realEndpointsNeedCredentialsFromFilesOrEnvironment(@TempDir Path dir) throws Exception {
    String real =
        VALID.replace(
            "endpoint: embedded\n    securityGroupId",
            "endpoint: https://eci.ap-northeast-1.aliyuncs.com\n    securityGroupId");
    assertProblem(
        real,
        "providers[0].credentials.accessKeyIdFile: required (or accessKeyIdEnv) unless endpoint is 'embedded'");

    Path id = Files.writeString(dir.resolve("id"), "LTAI-test\n");
    String withCreds =
        real.replace(
            "securityGroupId: sg-demo",
            "securityGroupId: sg-demo\n    credentials: {accessKeyIdFile: "
                + id
                + ", accessKeySecretEnv: ECI_SECRET}");
    ProviderConfig eci = ConfigLoader.parse(withCreds, Map.of()).providers().get(0);
    assertEquals("LTAI-test", eci.credentials().get("accessKeyId").read());
    assertEquals("env:ECI_SECRET", eci.credentials().get("accessKeySecret").toString());
  }

  @Test
  void remoteProvidersUseMutualTlsOrLoopbackPlaintext(@TempDir Path dir) throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), CA_PEM);
    Path cert = Files.writeString(dir.resolve("agent.crt"), CA_PEM);
    Path key =
        Files.writeString(
            dir.resolve("agent.key"),
            "-----BEGIN PRIVATE KEY-----\nMIIB-5ec2e7\n-----END PRIVATE KEY-----\n");
    String remote =
        """
        clusterName: demo
        nodeAddress: 127.0.0.1
        providers:
          - name: far
            type: grpc
            region: r1
            endpoint: "provider.example.com:9443"
            caFile: {ca}
            clientCertFile: {cert}
            clientKeyFile: {key}
            zones: [{zone: z1}]
        """
            .replace("{ca}", ca.toString())
            .replace("{cert}", cert.toString())
            .replace("{key}", key.toString());
    ProviderConfig far = ConfigLoader.parse(remote, Map.of()).providers().get(0);
    assertEquals("provider.example.com:9443", far.endpoint());
    assertEquals(ca.toString(), far.caFile());
    assertEquals(cert.toString(), far.setting("clientCertFile"));
    assertEquals(key.toString(), far.setting("clientKeyFile"));
    assertEquals("", far.taint().value(), "the remote provider names its own cloud");
    Path file = Files.writeString(dir.resolve("config.yaml"), remote);
    assertEquals(
        key.toString(),
        ConfigLoader.load(file, Map.of()).providers().get(0).setting("clientKeyFile"));

    assertProblem(
        remote.replace("\"provider.example.com:9443\"", "https://provider.example.com"),
        "providers[0].endpoint: must be the provider server's HOST:PORT");
    for (String field : List.of("caFile", "clientCertFile", "clientKeyFile")) {
      assertProblem(
          remote.replaceAll("\n    " + field + ": .*", ""),
          "providers[0]."
              + field
              + ": required for a grpc provider (mutual TLS), unless"
              + " insecurePlaintext: true with a loopback endpoint");
    }
    Path noKey =
        Files.writeString(
            dir.resolve("no-key.yaml"), remote.replace(key.toString(), ca.toString()));
    assertTrue(
        assertThrows(ConfigException.class, () -> ConfigLoader.load(noKey, Map.of()))
            .problems()
            .contains("providers[0].clientKeyFile: file " + ca + " holds no PEM private key"));
    Files.writeString(
        dir.resolve("locked.key"),
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");
    Path locked =
        Files.writeString(
            dir.resolve("locked.yaml"),
            remote.replace(key.toString(), dir.resolve("locked.key").toString()));
    ConfigException encrypted =
        assertThrows(ConfigException.class, () -> ConfigLoader.load(locked, Map.of()));
    assertTrue(
        encrypted
            .problems()
            .contains(
                "providers[0].clientKeyFile: file "
                    + dir.resolve("locked.key")
                    + " holds an encrypted private key; give it unencrypted"),
        encrypted.problems().toString());
    assertFalse(encrypted.getMessage().contains("MIIB"), "key content is never quoted");
  }

  @Test
  void plaintextToARemoteProviderIsOnlyForLoopbackAndMustBeAskedFor() {
    String loopback =
        """
        clusterName: demo
        nodeAddress: 127.0.0.1
        providers:
          - {name: near, type: grpc, region: r1, endpoint: "127.0.0.1:9443", insecurePlaintext: true, zones: [{zone: z1}]}
        """;
    assertEquals(
        "true",
        ConfigLoader.parse(loopback, Map.of()).providers().get(0).setting("insecurePlaintext"));
    ConfigLoader.parse(loopback.replace("127.0.0.1:9443", "localhost:9443"), Map.of());
    ConfigLoader.parse(loopback.replace("127.0.0.1:9443", "[::1]:9443"), Map.of());

    for (String endpoint :
        List.of("provider.example.com:9443", "10.0.0.5:9443", "[fd00::1]:9443")) {
      assertProblem(
          loopback.replace("127.0.0.1:9443", endpoint),
          "providers[0].insecurePlaintext: only allowed for an endpoint on a loopback address"
              + " (127.0.0.1, ::1, localhost), not ");
    }
    assertProblem(
        loopback.replace("insecurePlaintext: true", "insecurePlaintext: yes please"),
        "providers[0].insecurePlaintext: must be true or false");
    assertProblem(
        loopback.replace("insecurePlaintext: true", "clientCertFile: /x, insecurePlaintext: true"),
        "providers[0].clientCertFile: not with insecurePlaintext: true (it means mutual TLS)");
    // Without the flag there is no plaintext, even on loopback.
    assertProblem(
        loopback.replace(" insecurePlaintext: true,", ""),
        "providers[0].caFile: required for a grpc provider (mutual TLS)");
    // The old key meant "plaintext anywhere": it is refused with the new key's name.
    assertProblem(
        loopback.replace("insecurePlaintext: true", "plaintext: true"),
        "providers[0].plaintext: replaced by insecurePlaintext, which is allowed only for an"
            + " endpoint on a loopback address");
  }

  @Test
  void duplicateKeysAreRefused() {
    assertTrue(
        assertThrows(
                ConfigException.class,
                () -> ConfigLoader.parse(VALID + "clusterName: other\n", Map.of()))
            .getMessage()
            .contains("duplicate key"));
  }

  @Test
  void allProblemsAreReportedAtOnce() {
    String yaml =
        VALID.replace("clusterName: demo", "clusterName: Demo!").replace("region: japaneast", "");
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, Map.of()));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.problems().contains("providers[1].region: required"), e.getMessage());
  }

  @Test
  void structuralErrorsAreClear() {
    assertEquals(
        "config: must be a mapping of fields (found a list)",
        assertThrows(ConfigException.class, () -> ConfigLoader.parse("- a\n- b\n", Map.of()))
            .getMessage());
    assertTrue(
        assertThrows(ConfigException.class, () -> ConfigLoader.parse("a: [", Map.of()))
            .getMessage()
            .startsWith("config: not valid YAML"));
    assertProblem(
        "clusterName: demo\nnodeAddress: 1.2.3.4\nproviders: []\n",
        "providers: at least one provider is required");
  }

  /** What the secret files and variables of the tests below hold; no message may show it. */
  private static final String SECRET = "hunter2-not-for-logs";

  /**
   * {@link #VALID} with a real ECI endpoint: the key id from a file, the secret from a variable.
   * {@code {dir}} is the test's directory, filled by {@link #files}.
   */
  static final String REAL =
      VALID.replace(
          "endpoint: embedded\n    securityGroupId: sg-demo",
          "endpoint: https://eci.ap-northeast-1.aliyuncs.com\n    securityGroupId: sg-demo\n"
              + "    credentials: {accessKeyIdFile: {dir}/id, accessKeySecretEnv: ECI_SECRET}");

  private static final Map<String, String> ENV = Map.of("ECI_SECRET", SECRET);

  /** Good and bad files for the cases below. */
  private static void files(Path dir) throws Exception {
    Files.writeString(dir.resolve("id"), "LTAI-test\n");
    Files.writeString(dir.resolve("ca.pem"), CA_PEM);
    Files.writeString(dir.resolve("empty"), "");
    Files.writeString(dir.resolve("blank"), " \n\t\n");
    Files.write(
        dir.resolve("latin1"),
        (SECRET + "\u00e9").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    Files.writeString(dir.resolve("not-pem.pem"), SECRET + "\n");
    Files.writeString(
        dir.resolve("malformed.pem"),
        "-----BEGIN CERTIFICATE-----\nMIIB" + SECRET + "\n-----END CERTIFICATE-----\n");
    Files.writeString(
        dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n");
    Files.createDirectory(dir.resolve("sub"));
  }

  private static final String CA_PEM =
      io.burstlet.tls.SelfSignedCertificate.generate().certificatePem();

  @Test
  void theRealEndpointExampleLoadsWithItsSecrets(@TempDir Path dir) throws Exception {
    files(dir);
    Path file =
        Files.writeString(dir.resolve("config.yaml"), REAL.replace("{dir}", dir.toString()));
    ProviderConfig eci = ConfigLoader.load(file, ENV).providers().get(0);
    assertEquals("LTAI-test", eci.credentials().get("accessKeyId").read());
  }

  /**
   * Every kind of problem with the file or what it points to names its field, as {@code <field
   * path>: <problem>}, and never what a secret holds.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          key file missing         | accessKeyIdFile: {dir}/id | accessKeyIdFile: {dir}/absent | | providers[0].credentials.accessKeyIdFile: file {dir}/absent does not exist
          key file a directory     | accessKeyIdFile: {dir}/id | accessKeyIdFile: {dir}/sub | | providers[0].credentials.accessKeyIdFile: {dir}/sub is a directory, not a file
          key file empty           | accessKeyIdFile: {dir}/id | accessKeyIdFile: {dir}/empty | | providers[0].credentials.accessKeyIdFile: file {dir}/empty is empty
          key file blank           | accessKeyIdFile: {dir}/id | accessKeyIdFile: {dir}/blank | | providers[0].credentials.accessKeyIdFile: file {dir}/blank is empty
          key file not UTF-8       | accessKeyIdFile: {dir}/id | accessKeyIdFile: {dir}/latin1 | | providers[0].credentials.accessKeyIdFile: file {dir}/latin1 is not UTF-8 text
          key variable unset       | accessKeyIdFile: {dir}/id | accessKeyIdFile: {dir}/id | unset | providers[0].credentials.accessKeySecretEnv: environment variable ECI_SECRET is not set
          key variable empty       | accessKeyIdFile: {dir}/id | accessKeyIdFile: {dir}/id | empty | providers[0].credentials.accessKeySecretEnv: environment variable ECI_SECRET is empty
          client secret file gone  | resourceGroup: burst-rg | resourceGroup: burst-rg\\n    tenantId: t\\n    clientId: c\\n    credentials: {clientSecretFile: {dir}/absent} | | providers[1].credentials.clientSecretFile: file {dir}/absent does not exist
          client secret, no tenant | resourceGroup: burst-rg | resourceGroup: burst-rg\\n    clientId: c\\n    credentials: {clientSecretFile: {dir}/id} | | providers[1].tenantId: required when the credentials give a client secret
          caFile missing           | sg-demo\\n    credentials | sg-demo\\n    caFile: {dir}/absent.pem\\n    credentials | | providers[0].caFile: file {dir}/absent.pem does not exist
          caFile a directory       | sg-demo\\n    credentials | sg-demo\\n    caFile: {dir}/sub\\n    credentials | | providers[0].caFile: {dir}/sub is a directory, not a file
          caFile not PEM           | sg-demo\\n    credentials | sg-demo\\n    caFile: {dir}/not-pem.pem\\n    credentials | | providers[0].caFile: file {dir}/not-pem.pem holds no PEM certificate
          caFile malformed PEM     | sg-demo\\n    credentials | sg-demo\\n    caFile: {dir}/malformed.pem\\n    credentials | | providers[0].caFile: file {dir}/malformed.pem holds a malformed PEM certificate
          caFile a key             | sg-demo\\n    credentials | sg-demo\\n    caFile: {dir}/key.pem\\n    credentials | | providers[0].caFile: file {dir}/key.pem holds no PEM certificate
          caFile on http           | https://eci.ap-northeast-1.aliyuncs.com\\n | http://eci.ap-northeast-1.aliyuncs.com\\n    caFile: {dir}/ca.pem\\n | | providers[0].caFile: only used with an https:// endpoint
          client CA missing        | clusterName: demo | clusterName: demo\\nkubelet: {clientCaFile: {dir}/absent.pem} | | kubelet.clientCaFile: file {dir}/absent.pem does not exist
          client CA malformed      | clusterName: demo | clusterName: demo\\nkubelet: {clientCaFile: {dir}/malformed.pem} | | kubelet.clientCaFile: file {dir}/malformed.pem holds a malformed PEM certificate
          client CA not PEM        | clusterName: demo | clusterName: demo\\nkubelet: {clientCaFile: {dir}/not-pem.pem} | | kubelet.clientCaFile: file {dir}/not-pem.pem holds no PEM certificate
          endpoint not a URL       | https://eci.ap-northeast-1.aliyuncs.com | 'https://eci example.com' | | providers[0].endpoint: must be 'embedded' or an http(s):// URL
          eci endpoint with path   | https://eci.ap-northeast-1.aliyuncs.com | https://eci.ap-northeast-1.aliyuncs.com/api | | providers[0].endpoint: must not have a path
          aci endpoint over http   | endpoint: embedded | endpoint: http://arm.example.com | | providers[1].endpoint: must be an https:// URL for aci
          number as text           | kubeletPort: 10250 | kubeletPort: ten thousand | | kubeletPort: must be an integer
          quoted number            | kubeletPort: 10250 | 'kubeletPort: \"10250\"' | | kubeletPort: must be an integer
          fraction for a count     | clusterName: demo | clusterName: demo\\npods: {workers: 2.5} | | pods.workers: must be an integer
          list for a count         | clusterName: demo | clusterName: demo\\nnode: {unreachableAfterFailures: [3]} | | node.unreachableAfterFailures: must be an integer
          scalar for a section     | clusterName: demo | clusterName: demo\\nnode: 5 | | node: must be a mapping
          mapping for a string     | clusterName: demo | clusterName: {name: demo} | | clusterName: must be a string
          string for a list        | clusterName: demo | clusterName: demo\\ndns: {searchDomains: corp.example} | | dns.searchDomains: must be a list of strings
          scalar for capacity      | 'capacity: {cpu: \"1000\", memory: 4Ti, pods: \"1000\"}' | 'capacity: lots' | | providers[0].capacity: must be a mapping
          duration with no unit    | clusterName: demo | clusterName: demo\\nnode: {healthCheckInterval: 10 seconds} | | node.healthCheckInterval: must be a duration such as 500ms, 10s, 5m or 1h (was '10 seconds')
          duration as a list       | clusterName: demo | clusterName: demo\\npods: {gcInterval: [2m]} | | pods.gcInterval: must be a duration such as 500ms, 10s, 5m or 1h (was a list)
          duration overflowing     | clusterName: demo | clusterName: demo\\npods: {gcInterval: 99999999999999999999s} | | pods.gcInterval: must be at most 365 days
          duration too long        | clusterName: demo | clusterName: demo\\npods: {gcInterval: 9999999999999h} | | pods.gcInterval: must be at most 365 days
          zero duration            | clusterName: demo | clusterName: demo\\npods: {gcInterval: 0s} | | pods.gcInterval: must be greater than zero
          negative quantity        | 'memory: 4Ti' | 'memory: \"-1Gi\"' | | providers[0].capacity.memory: must not be negative
          malformed quantity       | 'memory: 4Ti' | 'memory: 4 TB' | | providers[0].capacity.memory: '4 TB' is not a Kubernetes quantity
          """)
  void everyKindOfProblemNamesItsField(
      String name, String from, String to, String env, String expected, @TempDir Path dir)
      throws Exception {
    files(dir);
    String d = dir.toString();
    String base = REAL.replace("{dir}", d);
    String yaml = base.replace(unescape(from, d), unescape(to, d));
    assertTrue(env != null || !yaml.equals(base), "the test case must change the config: " + name);
    Map<String, String> environment =
        env == null ? ENV : env.equals("unset") ? Map.of() : Map.of("ECI_SECRET", "");
    Path file = Files.writeString(dir.resolve("config.yaml"), yaml);
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigLoader.load(file, environment));
    String expectedPrefix = expected.replace("{dir}", d);
    assertTrue(
        e.problems().stream().anyMatch(p -> p.startsWith(expectedPrefix)),
        "expected a problem starting with [" + expectedPrefix + "] but got " + e.problems());
    assertFalse(e.getMessage().contains(SECRET), "a message shows a secret: " + e.getMessage());
  }

  /** Problems with the file itself are problems of the field path {@code config}. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          missing        | config: file {file} does not exist
          directory      | config: {file} is a directory, not a file
          empty          | config: must not be empty
          comments only  | config: must not be empty
          not YAML       | 'config: not valid YAML: '
          tab indented   | 'config: not valid YAML: '
          a list         | config: must be a mapping of fields (found a list)
          a scalar       | config: must be a mapping of fields (found a scalar)
          not UTF-8      | config: file {file} is not UTF-8 text
          duplicate key  | 'config: not valid YAML: found duplicate key clusterName'
          """)
  void problemsWithTheFileItselfNameTheConfig(String kind, String expected, @TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("config.yaml");
    switch (kind) {
      case "missing" -> {}
      case "directory" -> Files.createDirectory(file);
      case "empty" -> Files.writeString(file, "");
      case "comments only" -> Files.writeString(file, "# nothing yet\n\n");
      case "not YAML" -> Files.writeString(file, "clusterName: demo\nproviders: [\n");
      case "tab indented" -> Files.writeString(file, "node:\n\thealthCheckInterval: 10s\n");
      case "a list" -> Files.writeString(file, "- clusterName: demo\n");
      case "a scalar" -> Files.writeString(file, "clusterName\n");
      case "not UTF-8" ->
          Files.write(
              file,
              "clusterName: d\u00e9mo\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      case "duplicate key" -> Files.writeString(file, VALID + "clusterName: other\n");
      default -> throw new IllegalArgumentException(kind);
    }
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, ENV));
    assertEquals(1, e.problems().size(), e.getMessage());
    String problem = e.problems().get(0);
    assertTrue(
        problem.startsWith(expected.replace("{file}", file.toString())),
        "expected [" + expected + "] but got [" + problem + "]");
  }

  private static String unescape(String cell, String dir) {
    return cell.replace("\\n", "\n").replace("{dir}", dir);
  }

  @Test
  void metricsAuthenticationIsOffUnlessAskedForAndIsABoolean() {
    assertFalse(ConfigLoader.parse(VALID, Map.of()).metrics().authenticate());
    assertTrue(
        ConfigLoader.parse(VALID + "metrics: {authenticate: true}\n", Map.of())
            .metrics()
            .authenticate());
    assertProblem(
        VALID + "metrics: {authenticate: sometimes}\n",
        "metrics.authenticate: must be true or false");
    assertProblem(
        VALID + "metrics: {authenticated: true}\n", "metrics.authenticated: unknown field");
  }

  private static void assertProblem(String yaml, String expectedPrefix) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, Map.of()));
    assertTrue(
        e.problems().stream().anyMatch(p -> p.startsWith(expectedPrefix)),
        "expected a problem starting with [" + expectedPrefix + "] but got " + e.problems());
  }
}

package io.burstlet.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    assertEquals("cluster.local", config.dns().clusterDomain());
    assertNull(config.dns().clusterDnsIp());
    assertEquals(Duration.ofHours(1), config.pods().tokenExpiration());
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
          slow lease              | 'clusterName: demo' | 'clusterName: demo\nnode: {leaseRenewInterval: 30s}' | node.leaseRenewInterval: must be at most 20s
          renamed health field    | 'clusterName: demo' | 'clusterName: demo\nnode: {notReadyAfterFailures: 3}' | node.notReadyAfterFailures: renamed to unreachableAfterFailures: a failing cloud taints the node, it never turns it NotReady
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
  void remoteProvidersNameTheirServer() {
    String remote =
        """
        clusterName: demo
        nodeAddress: 127.0.0.1
        providers:
          - {name: far, type: grpc, region: r1, endpoint: "provider.example.com:9443", zones: [{zone: z1}]}
        """;
    ProviderConfig far = ConfigLoader.parse(remote, Map.of()).providers().get(0);
    assertEquals("provider.example.com:9443", far.endpoint());
    assertEquals("", far.taint().value(), "the remote provider names its own cloud");
    assertProblem(
        remote.replace("\"provider.example.com:9443\"", "https://provider.example.com"),
        "providers[0].endpoint: must be the provider server's HOST:PORT");
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
        "config must be a YAML mapping",
        assertThrows(ConfigException.class, () -> ConfigLoader.parse("- a\n- b\n", Map.of()))
            .getMessage());
    assertTrue(
        assertThrows(ConfigException.class, () -> ConfigLoader.parse("a: [", Map.of()))
            .getMessage()
            .startsWith("config is not valid YAML"));
    assertProblem(
        "clusterName: demo\nnodeAddress: 1.2.3.4\nproviders: []\n",
        "providers: at least one provider is required");
  }

  private static void assertProblem(String yaml, String expectedPrefix) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, Map.of()));
    assertTrue(
        e.problems().stream().anyMatch(p -> p.startsWith(expectedPrefix)),
        "expected a problem starting with [" + expectedPrefix + "] but got " + e.problems());
  }
}

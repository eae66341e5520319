package io.burstlet.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.burstlet.config.BurstletConfig;
import io.burstlet.config.ConfigLoader;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.util.Yaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Helm chart: lint, render, least privilege, and a config the agent accepts. */
class ChartTest {
  private static final Path CHART = Path.of("charts/burstlet");

  @Test
  void lintsCleanlyInStrictModeWithItsDefaults() {
    LintResult result = new Helm(CHART).lint().strict().call();
    assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
  }

  /**
   * helm-java's lint takes no values file, so each example is merged over the defaults into a copy
   * of the chart, which is what {@code helm lint -f} checks.
   */
  @ParameterizedTest
  @ValueSource(strings = {"examples/helm/aci-values.yaml", "examples/helm/eci-values.yaml"})
  void lintsCleanlyInStrictModeWithEachExample(String values, @TempDir Path dir) throws Exception {
    Path copy = dir.resolve("burstlet");
    try (Stream<Path> files = Files.walk(CHART)) {
      for (Path source : files.toList()) {
        Path target = copy.resolve(CHART.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
    org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml();
    Map<String, Object> merged = yaml.load(Files.readString(CHART.resolve("values.yaml")));
    Map<String, Object> example = yaml.load(Files.readString(Path.of(values)));
    merged.putAll(example);
    Files.writeString(copy.resolve("values.yaml"), yaml.dump(merged));
    LintResult result = new Helm(copy).lint().strict().call();
    assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"examples/helm/aci-values.yaml", "examples/helm/eci-values.yaml"})
  void rendersAConfigTheAgentAccepts(String values) throws Exception {
    List<Object> objects = render(Path.of(values));
    V1ConfigMap configMap = only(objects, V1ConfigMap.class);
    BurstletConfig config =
        ConfigLoader.parse(configMap.getData().get("config.yaml"), Map.of("POD_IP", "10.0.0.5"));
    assertEquals("10.0.0.5", config.nodeAddress());
    assertFalse(config.providers().isEmpty());
    config
        .providers()
        .forEach(p -> assertFalse(p.credentials().isEmpty(), "credentials from files"));

    V1Deployment deployment = only(objects, V1Deployment.class);
    var pod = deployment.getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);
    assertEquals("Recreate", deployment.getSpec().getStrategy().getType());
    assertTrue(pod.getSecurityContext().getRunAsNonRoot());
    assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem());
    assertEquals("/healthz", container.getLivenessProbe().getHttpGet().getPath());
    assertEquals(
        "status.podIP",
        container.getEnv().stream()
            .filter(e -> e.getName().equals("POD_IP"))
            .findFirst()
            .orElseThrow()
            .getValueFrom()
            .getFieldRef()
            .getFieldPath());
  }

  @Test
  void theClusterRoleGrantsNoWildcards() throws Exception {
    V1ClusterRole role =
        only(render(Path.of("examples/helm/eci-values.yaml")), V1ClusterRole.class);
    for (V1PolicyRule rule : role.getRules()) {
      for (List<String> list : List.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs())) {
        assertFalse(list.contains("*"), "wildcard in " + rule);
      }
      assertNotNull(rule.getVerbs());
    }
    assertTrue(
        role.getRules().stream()
            .noneMatch(
                r -> r.getResources().contains("secrets") && r.getVerbs().contains("create")),
        "the agent reads Secrets, never writes them");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "clusterName: Not_A_Label",
        "providers: [{name: eci, type: gce, region: r, endpoint: embedded, zones: [{zone: a}]}]",
        "providers: [{name: eci, type: eci, region: r, endpoint: embedded, securityGroupId: sg,"
            + " zones: [{zone: a}]}]",
        "providers: []",
        "replicaCount: 2"
      })
  void theSchemaRejectsBadValues(String values, @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.yaml"), values);
    Exception e =
        assertThrows(Exception.class, () -> new Helm(CHART).template().withValuesFile(file).call());
    assertTrue(
        e.getMessage().contains("don't meet the specifications of the schema"), e.getMessage());
  }

  private static List<Object> render(Path values) throws Exception {
    String rendered =
        new Helm(CHART)
            .template()
            .withName("burstlet")
            .withNamespace("kube-system")
            .withValuesFile(values)
            .call();
    return Yaml.loadAll(rendered);
  }

  private static <T> T only(List<Object> objects, Class<T> type) {
    List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertEquals(1, found.size(), "one " + type.getSimpleName());
    return found.get(0);
  }
}

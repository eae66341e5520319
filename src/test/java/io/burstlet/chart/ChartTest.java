package io.burstlet.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.burstlet.config.BurstletConfig;
import io.burstlet.config.ConfigLoader;
import io.burstlet.metrics.PrometheusPodMetrics;
import io.kubernetes.client.openapi.models.RbacV1Subject;
import io.kubernetes.client.openapi.models.V1Affinity;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1NetworkPolicyIngressRule;
import io.kubernetes.client.openapi.models.V1NetworkPolicyPort;
import io.kubernetes.client.openapi.models.V1NodeSelectorRequirement;
import io.kubernetes.client.openapi.models.V1NodeSelectorTerm;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.util.Yaml;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.hotspot.DefaultExports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The Helm chart: lint, render, least privilege, and a config the agent accepts. */
class ChartTest {
  private static final Path CHART = Path.of("charts/burstlet");
  private static final List<String> EXAMPLES =
      List.of("examples/helm/aci-values.yaml", "examples/helm/eci-values.yaml");
  private static final V1NodeSelectorRequirement NOT_VIRTUAL =
      new V1NodeSelectorRequirement()
          .key("type")
          .operator("NotIn")
          .values(List.of("virtual-kubelet"));

  /**
   * helm-java's lint takes no values file, so values are merged over the defaults into a copy of
   * the chart, which is what {@code helm lint -f} checks. The defaults alone have no clusterName
   * (lint only logs a missing {@code required} value), so the defaults are linted with one.
   */
  @Test
  void lintsCleanlyInStrictModeWithItsDefaultsAndAClusterName(@TempDir Path dir) throws Exception {
    Path copy = chartWithValues(dir, Map.of("clusterName", "lint"));
    LintResult result = new Helm(copy).lint().strict().call();
    assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"examples/helm/aci-values.yaml", "examples/helm/eci-values.yaml"})
  void lintsCleanlyInStrictModeWithEachExample(String values, @TempDir Path dir) throws Exception {
    Path copy =
        chartWithValues(dir, new org.yaml.snakeyaml.Yaml().load(Files.readString(Path.of(values))));
    LintResult result = new Helm(copy).lint().strict().call();
    assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "clusterName: \"\""})
  void refusesToRenderWithoutAClusterNameAndSaysWhy(String values, @TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("values.yaml"), values);
    Exception e =
        assertThrows(Exception.class, () -> new Helm(CHART).template().withValuesFile(file).call());
    assertTrue(
        e.getMessage().contains("clusterName is required and has no default"), e.getMessage());
    assertTrue(e.getMessage().contains("two clusters sharing a resource group"), e.getMessage());
    assertTrue(e.getMessage().contains("garbage-collect each other's"), e.getMessage());
  }

  @Test
  void everyExampleNamesItsCluster() throws Exception {
    for (String example : EXAMPLES) {
      Map<String, Object> values =
          new org.yaml.snakeyaml.Yaml().load(Files.readString(Path.of(example)));
      assertTrue(values.get("clusterName") instanceof String s && !s.isBlank(), example);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"examples/helm/aci-values.yaml", "examples/helm/eci-values.yaml"})
  void rendersAConfigTheAgentAccepts(String values) throws Exception {
    List<Map<String, Object>> objects = render(t -> t.withValuesFile(Path.of(values)));
    V1ConfigMap configMap = only(objects, "ConfigMap", V1ConfigMap.class);
    BurstletConfig config =
        ConfigLoader.parse(configMap.getData().get("config.yaml"), Map.of("POD_IP", "10.0.0.5"));
    assertEquals("10.0.0.5", config.nodeAddress());
    assertFalse(config.providers().isEmpty());
    config
        .providers()
        .forEach(p -> assertFalse(p.credentials().isEmpty(), "credentials from files"));

    V1Deployment deployment = only(objects, "Deployment", V1Deployment.class);
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
    assertEquals(
        List.of("run", "--config", "/etc/burstlet/config/config.yaml", "--log-format", "text"),
        container.getArgs());
  }

  @ParameterizedTest
  @CsvSource({"text, text", "json, json"})
  void passesTheLogFormatToTheAgent(String value, String expected) throws Exception {
    V1Container container =
        agentContainer(render(t -> t.set("clusterName", "c").set("logFormat", value)));
    List<String> args = container.getArgs();
    assertEquals(expected, args.get(args.indexOf("--log-format") + 1));
  }

  @Test
  void thePodDisruptionBudgetApiFollowsTheCluster() throws Exception {
    // Client-side rendering has group versions but no kinds, so it goes by the Kubernetes version
    // (helm's default is 1.20). An install sees the cluster's API resources instead:
    // ChartInstallIT installs on the 1.20 plane, which serves only policy/v1beta1.
    assertEquals("policy/v1beta1", pdbApiVersion(t -> t));
    assertEquals("policy/v1beta1", pdbApiVersion(t -> t.withKubeVersion("1.20.2")));
    assertEquals("policy/v1", pdbApiVersion(t -> t.withKubeVersion("1.21.0")));
    assertEquals("policy/v1", pdbApiVersion(t -> t.withKubeVersion("v1.29.3-gke.1282000")));
  }

  private static String pdbApiVersion(UnaryOperator<TemplateCommand> options) throws Exception {
    List<Map<String, Object>> objects = render(t -> options.apply(t.set("clusterName", "c")));
    List<Map<String, Object>> pdbs = ofKind(objects, "PodDisruptionBudget");
    assertEquals(1, pdbs.size());
    Map<?, ?> spec = (Map<?, ?>) pdbs.get(0).get("spec");
    assertEquals(1, spec.get("maxUnavailable"));
    return (String) pdbs.get(0).get("apiVersion");
  }

  @Test
  void theAgentNeverRunsOnAVirtualNode() throws Exception {
    List<V1NodeSelectorTerm> terms =
        requiredTerms(agentAffinity(render(t -> t.set("clusterName", "c"))));
    assertEquals(List.of(new V1NodeSelectorTerm().matchExpressions(List.of(NOT_VIRTUAL))), terms);
  }

  private static V1Affinity agentAffinity(List<Map<String, Object>> objects) {
    return only(objects, "Deployment", V1Deployment.class)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getAffinity();
  }

  private static List<V1NodeSelectorTerm> requiredTerms(V1Affinity affinity) {
    return affinity
        .getNodeAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms();
  }

  /** Terms are ORed: the expression is ANDed into each one; the rest of the affinity is kept. */
  @Test
  void theVirtualNodeExclusionIsMergedIntoAGivenAffinity(@TempDir Path dir) throws Exception {
    Path values =
        Files.writeString(
            dir.resolve("values.yaml"),
            """
            clusterName: c
            affinity:
              nodeAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                  nodeSelectorTerms:
                    - matchExpressions: [{key: pool, operator: In, values: [system]}]
                    - matchFields: [{key: metadata.name, operator: In, values: [node-a]}]
                preferredDuringSchedulingIgnoredDuringExecution:
                  - weight: 10
                    preference: {matchExpressions: [{key: disk, operator: In, values: [ssd]}]}
              podAntiAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                  - topologyKey: kubernetes.io/hostname
                    labelSelector: {matchLabels: {app: other}}
            """);
    V1Affinity affinity = agentAffinity(render(t -> t.withValuesFile(values)));
    List<V1NodeSelectorTerm> terms = requiredTerms(affinity);
    assertEquals(2, terms.size());
    assertEquals(
        List.of(
            new V1NodeSelectorRequirement().key("pool").operator("In").values(List.of("system")),
            NOT_VIRTUAL),
        terms.get(0).getMatchExpressions());
    assertEquals(List.of(NOT_VIRTUAL), terms.get(1).getMatchExpressions());
    assertEquals("metadata.name", terms.get(1).getMatchFields().get(0).getKey());
    assertEquals(
        "disk",
        affinity
            .getNodeAffinity()
            .getPreferredDuringSchedulingIgnoredDuringExecution()
            .get(0)
            .getPreference()
            .getMatchExpressions()
            .get(0)
            .getKey());
    assertEquals(
        "kubernetes.io/hostname",
        affinity
            .getPodAntiAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .get(0)
            .getTopologyKey());
  }

  @Test
  void theServiceMonitorAndDashboardAreOffByDefault() throws Exception {
    List<Map<String, Object>> objects = render(t -> t.set("clusterName", "c"));
    assertTrue(ofKind(objects, "ServiceMonitor").isEmpty());
    assertEquals(1, ofKind(objects, "ConfigMap").size(), "only the agent's config");
  }

  @Test
  void theServiceMonitorScrapesTheAgentsMetricsPort() throws Exception {
    List<Map<String, Object>> objects =
        render(
            t ->
                t.set("clusterName", "c")
                    .set("metricsPort", 19100)
                    .set("serviceMonitor.enabled", true)
                    .set("serviceMonitor.interval", "15s")
                    .set("serviceMonitor.labels.release", "kube-prometheus-stack"));
    List<Map<String, Object>> monitors = ofKind(objects, "ServiceMonitor");
    assertEquals(1, monitors.size());
    Map<String, Object> monitor = monitors.get(0);
    assertEquals("monitoring.coreos.com/v1", monitor.get("apiVersion"));
    Map<?, ?> metadata = (Map<?, ?>) monitor.get("metadata");
    assertEquals("kube-system", metadata.get("namespace"));
    assertEquals("kube-prometheus-stack", ((Map<?, ?>) metadata.get("labels")).get("release"));
    Map<?, ?> spec = (Map<?, ?>) monitor.get("spec");
    Map<?, ?> endpoint = (Map<?, ?>) ((List<?>) spec.get("endpoints")).get(0);
    assertEquals("metrics", endpoint.get("port"));
    assertEquals("/metrics", endpoint.get("path"));
    assertEquals("15s", endpoint.get("interval"));
    assertNull(endpoint.get("scrapeTimeout"));
    assertEquals(
        List.of("kube-system"), ((Map<?, ?>) spec.get("namespaceSelector")).get("matchNames"));

    // The selector finds the Service, whose "metrics" port leads to the agent's metricsPort.
    V1Service service = only(objects, "Service", V1Service.class);
    Map<?, ?> selector = (Map<?, ?>) ((Map<?, ?>) spec.get("selector")).get("matchLabels");
    assertTrue(service.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()));
    V1ServicePort port =
        service.getSpec().getPorts().stream()
            .filter(p -> "metrics".equals(p.getName()))
            .findFirst()
            .orElseThrow();
    V1ContainerPort containerPort =
        agentContainer(objects).getPorts().stream()
            .filter(p -> p.getName().equals(port.getTargetPort().getStrValue()))
            .findFirst()
            .orElseThrow();
    assertEquals(19100, containerPort.getContainerPort());
    V1ConfigMap configMap = only(objects, "ConfigMap", V1ConfigMap.class);
    assertTrue(configMap.getData().get("config.yaml").contains("metricsPort: 19100"));
  }

  @Test
  void theDashboardShipsInAConfigMapForTheGrafanaSidecar() throws Exception {
    List<Map<String, Object>> objects =
        render(
            t ->
                t.set("clusterName", "c")
                    .set("grafanaDashboard.enabled", true)
                    .set("grafanaDashboard.annotations.grafana_folder", "Burstlet"));
    V1ConfigMap dashboard =
        ofKind(objects, "ConfigMap").stream()
            .map(o -> convert(o, V1ConfigMap.class))
            .filter(c -> c.getData().containsKey("burstlet.json"))
            .findFirst()
            .orElseThrow();
    assertEquals("1", dashboard.getMetadata().getLabels().get("grafana_dashboard"));
    assertEquals("Burstlet", dashboard.getMetadata().getAnnotations().get("grafana_folder"));
    assertEquals(
        JsonParser.parseString(Files.readString(DashboardMetrics.DASHBOARD)),
        JsonParser.parseString(dashboard.getData().get("burstlet.json")));
  }

  @Test
  void theDashboardQueriesOnlyMetricsTheAgentExports() throws Exception {
    // The agent's registry, built as the run command builds it.
    CollectorRegistry registry = new CollectorRegistry(true);
    DefaultExports.register(registry);
    new PrometheusPodMetrics(registry);
    Set<String> exported =
        Collections.list(registry.metricFamilySamples()).stream()
            .map(Collector.MetricFamilySamples::getNames)
            .flatMap(Arrays::stream)
            .collect(Collectors.toCollection(TreeSet::new));

    Set<String> queried = DashboardMetrics.read();
    Set<String> unknown = new TreeSet<>(queried);
    unknown.removeAll(exported);
    assertTrue(unknown.isEmpty(), "the dashboard reads series the agent never exports: " + unknown);

    // Every metric of the agent's own has a panel.
    for (String own :
        List.of(
            "burstlet_pods_created_total",
            "burstlet_pod_create_failures_total",
            "burstlet_pod_status_patches_total",
            "burstlet_orphan_groups_deleted_total",
            "burstlet_pod_reconcile_seconds_bucket")) {
      assertTrue(queried.contains(own), own + " has no panel");
    }
    assertTrue(queried.stream().anyMatch(n -> n.startsWith("jvm_")), "JVM panels");
  }

  @Test
  void readsSeriesNamesOutOfPromQl() {
    assertEquals(
        Set.of("burstlet_pod_reconcile_seconds_bucket"),
        DashboardMetrics.metricNames(
            "histogram_quantile(0.95, sum by (le, provider) (rate("
                + "burstlet_pod_reconcile_seconds_bucket{namespace=~\"$namespace\", le!=\"x\"}"
                + "[$__rate_interval] offset 5m)))"));
    assertEquals(
        Set.of("a_total", "b"),
        DashboardMetrics.metricNames(
            "sum(rate(a_total[5m])) by (pod) / on (pod) group_left (x) b > bool 1e-9"));
    assertEquals(
        List.of("process_start_time_seconds{container=\"burstlet\"}"),
        DashboardMetrics.queries(
            """
            {"panels": [], "templating": {"list": [
              {"type": "query", "query": "label_values(process_start_time_seconds{container=\\"burstlet\\"}, pod)"},
              {"type": "datasource", "query": "prometheus"}]}}
            """));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "team-a"})
  void noRoleGrantsWildcardsOrWritesSecrets(String watchNamespace) throws Exception {
    List<Map<String, Object>> objects =
        render(
            t -> {
              t.withValuesFile(Path.of("examples/helm/eci-values.yaml"));
              return watchNamespace.isEmpty() ? t : t.set("watchNamespaces[0]", watchNamespace);
            });
    List<V1PolicyRule> rules = allRules(objects);
    assertFalse(rules.isEmpty());
    for (V1PolicyRule rule : rules) {
      for (List<String> list : List.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs())) {
        assertFalse(list.contains("*"), "wildcard in " + rule);
      }
      assertNotNull(rule.getVerbs());
      assertFalse(
          rule.getResources().contains("secrets") && !rule.getVerbs().equals(List.of("get")),
          "the agent reads Secrets by name, never lists or writes them: " + rule);
      // A create cannot be limited by name: the authorizer sees none, and such a rule denies.
      assertFalse(
          rule.getVerbs().contains("create") && named(rule),
          "create with resourceNames never matches: " + rule);
    }
  }

  /**
   * The rights on nodes and Leases name exactly the nodes the agent registers, as the agent itself
   * names them from the rendered config.
   */
  @ParameterizedTest
  @ValueSource(strings = {"examples/helm/aci-values.yaml", "examples/helm/eci-values.yaml", ""})
  void nodeAndLeaseRightsNameOnlyTheAgentsOwnNodes(String values) throws Exception {
    List<Map<String, Object>> objects =
        render(
            t ->
                values.isEmpty()
                    ? t.set("clusterName", "c").set("nodeNamePrefix", "edge")
                    : t.withValuesFile(Path.of(values)));
    BurstletConfig config = agentConfig(objects);
    List<String> nodes = new ArrayList<>();
    config
        .providers()
        .forEach(p -> p.zones().forEach(z -> nodes.add(config.nodeName(p, z.zone()))));
    assertFalse(nodes.isEmpty());
    if (values.isEmpty()) {
      assertEquals(
          List.of("edge-aci-1", "edge-eci-ap-northeast-1a", "edge-eci-ap-northeast-1b"), nodes);
    }

    V1ClusterRole clusterRole = only(objects, "ClusterRole", V1ClusterRole.class);
    assertEquals(
        List.of(rule("", "nodes", List.of("create"), null)),
        unnamed(clusterRole.getRules(), "nodes"));
    assertEquals(
        List.of(
            rule("", "nodes", List.of("get", "patch"), nodes),
            rule("", "nodes/status", List.of("patch"), nodes)),
        clusterRole.getRules().stream()
            .filter(r -> r.getResources().get(0).startsWith("nodes"))
            .filter(ChartTest::named)
            .toList());

    V1Role lease = role(objects, "kube-node-lease", "burstlet-node-lease");
    assertEquals(
        List.of(
            rule("coordination.k8s.io", "leases", List.of("create"), null),
            rule("coordination.k8s.io", "leases", List.of("get", "update"), nodes)),
        lease.getRules());
    assertTrue(
        allRules(objects).stream()
            .filter(r -> r.getResources().contains("leases"))
            .allMatch(r -> lease.getRules().contains(r)),
        "Leases only in kube-node-lease");
    assertTrue(boundToTheAgent(objects, "kube-node-lease", "burstlet-node-lease"));
  }

  /**
   * Every rule on nodes, Leases or service-account tokens names its objects, or is one of the few
   * that cannot (a create, whose name the authorizer never sees), with the reason written above it
   * in the rendered manifest.
   */
  @ParameterizedTest
  @ValueSource(strings = {"", "team-a"})
  void everyUnnamedRuleOnNodesLeasesOrTokensIsAnAllowedCreateWithItsReason(String watchNamespace)
      throws Exception {
    TemplateCommand template =
        new Helm(CHART)
            .template()
            .withName("burstlet")
            .withNamespace("kube-system")
            .set("clusterName", "c");
    if (!watchNamespace.isEmpty()) {
      template.set("watchNamespaces[0]", watchNamespace);
    }
    Set<String> sensitive = Set.of("nodes", "nodes/status", "leases", "serviceaccounts/token");
    List<String> unnamed = new ArrayList<>();
    for (CommentedRule r : commentedRules(template.call())) {
      List<String> touched =
          r.rule().getResources().stream().filter(sensitive::contains).sorted().toList();
      if (touched.isEmpty() || named(r.rule())) {
        continue;
      }
      assertTrue(
          r.comment().length() > 40, "no reason written above " + r.where() + " " + r.rule());
      unnamed.add(r.where() + " " + touched + " " + r.rule().getVerbs());
    }
    String tokens =
        watchNamespace.isEmpty()
            ? "ClusterRole/burstlet [serviceaccounts/token] [create]"
            : "Role/team-a/burstlet-pods [serviceaccounts/token] [create]";
    assertEquals(
        new TreeSet<>(
            List.of(
                "ClusterRole/burstlet [nodes] [create]",
                "Role/kube-node-lease/burstlet-node-lease [leases] [create]",
                tokens)),
        new TreeSet<>(unnamed));
  }

  /** Namespace mode: the agent serves and may touch pods and what they reference only there. */
  @Test
  void namespaceModeGrantsThePodRightsOnlyInTheListedNamespaces() throws Exception {
    List<Map<String, Object>> objects =
        render(
            t ->
                t.set("clusterName", "c")
                    .set("watchNamespaces[0]", "team-a")
                    .set("watchNamespaces[1]", "team-b"));
    assertEquals(List.of("team-a", "team-b"), agentConfig(objects).pods().namespaces());

    V1ClusterRole clusterRole = only(objects, "ClusterRole", V1ClusterRole.class);
    assertEquals(
        new TreeSet<>(List.of("nodes", "nodes/status", "tokenreviews", "subjectaccessreviews")),
        resources(clusterRole.getRules()));

    List<V1PolicyRule> clusterMode =
        only(render(t -> t.set("clusterName", "c")), "ClusterRole", V1ClusterRole.class).getRules();
    List<V1PolicyRule> podRules =
        clusterMode.stream().filter(r -> !clusterRole.getRules().contains(r)).toList();
    assertEquals(
        new TreeSet<>(
            List.of(
                "configmaps",
                "events",
                "pods",
                "pods/status",
                "secrets",
                "serviceaccounts",
                "serviceaccounts/token")),
        resources(podRules));
    for (String namespace : List.of("team-a", "team-b")) {
      assertEquals(podRules, role(objects, namespace, "burstlet-pods").getRules(), namespace);
      assertTrue(boundToTheAgent(objects, namespace, "burstlet-pods"), namespace);
    }
    assertEquals(
        Set.of("kube-node-lease", "kube-system", "team-a", "team-b"),
        ofKind(objects, "Role").stream()
            .map(o -> (String) ((Map<?, ?>) o.get("metadata")).get("namespace"))
            .collect(Collectors.toSet()));
  }

  @Test
  void clusterModeServesEveryNamespace() throws Exception {
    assertEquals(
        List.of(), agentConfig(render(t -> t.set("clusterName", "c"))).pods().namespaces());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "team-a"})
  void theClusterClientCaIsReadableByNameInBothModes(String watchNamespace) throws Exception {
    List<Map<String, Object>> objects =
        render(
            t -> {
              t.set("clusterName", "c");
              return watchNamespace.isEmpty() ? t : t.set("watchNamespaces[0]", watchNamespace);
            });
    assertEquals(
        List.of(
            rule("", "configmaps", List.of("get"), List.of("extension-apiserver-authentication"))),
        role(objects, "kube-system", "burstlet-client-ca").getRules());
    assertTrue(boundToTheAgent(objects, "kube-system", "burstlet-client-ca"));
  }

  /** The API server calls the kubelet port at the Node's address (the pod IP), never a Service. */
  @Test
  void theServiceExposesOnlyTheMetricsPort() throws Exception {
    List<Map<String, Object>> objects = render(t -> t.set("clusterName", "c"));
    V1Service service = only(objects, "Service", V1Service.class);
    assertEquals(
        List.of("metrics:10255->metrics"),
        service.getSpec().getPorts().stream()
            .map(p -> p.getName() + ":" + p.getPort() + "->" + p.getTargetPort().getStrValue())
            .toList());
    assertEquals(
        List.of("kubelet", "metrics"),
        agentContainer(objects).getPorts().stream().map(V1ContainerPort::getName).toList(),
        "the pod still listens on both");
  }

  @Test
  void theNetworkPolicyAdmitsTheApiServerToTheKubeletPortAndMonitoringToMetrics() throws Exception {
    List<Map<String, Object>> objects = render(t -> t.set("clusterName", "c"));
    V1NetworkPolicy policy = only(objects, "NetworkPolicy", V1NetworkPolicy.class);
    assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes(), "egress stays open");
    Map<String, String> podLabels =
        only(objects, "Deployment", V1Deployment.class)
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getLabels();
    assertTrue(
        podLabels
            .entrySet()
            .containsAll(policy.getSpec().getPodSelector().getMatchLabels().entrySet()));
    assertEquals(
        Map.of(
            "kubelet",
            List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"),
            "metrics",
            List.of("namespace kubernetes.io/metadata.name=monitoring")),
        sources(policy));
  }

  @Test
  void theNetworkPolicySourcesComeFromValues(@TempDir Path dir) throws Exception {
    Path values =
        Files.writeString(
            dir.resolve("values.yaml"),
            """
            clusterName: c
            networkPolicy:
              kubelet:
                cidrs: [172.16.0.0/28]
                from: [{namespaceSelector: {matchLabels: {app: konnectivity}}}]
              metrics:
                cidrs: [10.1.0.0/16]
                from: []
            """);
    V1NetworkPolicy policy =
        only(render(t -> t.withValuesFile(values)), "NetworkPolicy", V1NetworkPolicy.class);
    assertEquals(
        Map.of(
            "kubelet",
            List.of("namespace app=konnectivity", "172.16.0.0/28"),
            "metrics",
            List.of("10.1.0.0/16")),
        sources(policy));
  }

  @Test
  void aPortWithoutSourcesIsClosedAndThePolicyCanBeTurnedOff(@TempDir Path dir) throws Exception {
    Path closed =
        Files.writeString(
            dir.resolve("closed.yaml"),
            "clusterName: c\nnetworkPolicy: {metrics: {cidrs: [], from: []}}\n");
    V1NetworkPolicy policy =
        only(render(t -> t.withValuesFile(closed)), "NetworkPolicy", V1NetworkPolicy.class);
    assertEquals(Set.of("kubelet"), sources(policy).keySet());

    assertTrue(
        ofKind(
                render(t -> t.set("clusterName", "c").set("networkPolicy.enabled", false)),
                "NetworkPolicy")
            .isEmpty());
  }

  /** Port name → its sources, as CIDRs or "namespace k=v". */
  private static Map<String, List<String>> sources(V1NetworkPolicy policy) {
    Map<String, List<String>> sources = new HashMap<>();
    for (V1NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
      assertEquals(1, rule.getPorts().size());
      V1NetworkPolicyPort port = rule.getPorts().get(0);
      assertEquals("TCP", port.getProtocol());
      sources.put(
          port.getPort().getStrValue(),
          rule.getFrom().stream()
              .map(
                  peer ->
                      peer.getIpBlock() != null
                          ? peer.getIpBlock().getCidr()
                          : "namespace "
                              + peer.getNamespaceSelector().getMatchLabels().entrySet().stream()
                                  .map(e -> e.getKey() + "=" + e.getValue())
                                  .collect(Collectors.joining(",")))
              .toList());
    }
    return sources;
  }

  private static BurstletConfig agentConfig(List<Map<String, Object>> objects) {
    V1ConfigMap configMap =
        ofKind(objects, "ConfigMap").stream()
            .map(o -> convert(o, V1ConfigMap.class))
            .filter(c -> c.getData().containsKey("config.yaml"))
            .findFirst()
            .orElseThrow();
    return ConfigLoader.parse(configMap.getData().get("config.yaml"), Map.of("POD_IP", "10.0.0.5"));
  }

  private static V1PolicyRule rule(
      String group, String resource, List<String> verbs, List<String> names) {
    return new V1PolicyRule()
        .apiGroups(List.of(group))
        .resources(List.of(resource))
        .verbs(verbs)
        .resourceNames(names == null ? List.of() : names);
  }

  /** Read back, a rule without resourceNames has an empty list. */
  private static boolean named(V1PolicyRule rule) {
    return rule.getResourceNames() != null && !rule.getResourceNames().isEmpty();
  }

  private static Set<String> resources(List<V1PolicyRule> rules) {
    return rules.stream()
        .flatMap(r -> r.getResources().stream())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<V1PolicyRule> unnamed(List<V1PolicyRule> rules, String resource) {
    return rules.stream().filter(r -> r.getResources().contains(resource) && !named(r)).toList();
  }

  private static List<V1PolicyRule> allRules(List<Map<String, Object>> objects) {
    List<V1PolicyRule> rules = new ArrayList<>();
    ofKind(objects, "ClusterRole")
        .forEach(o -> rules.addAll(convert(o, V1ClusterRole.class).getRules()));
    ofKind(objects, "Role").forEach(o -> rules.addAll(convert(o, V1Role.class).getRules()));
    return rules;
  }

  private static V1Role role(List<Map<String, Object>> objects, String namespace, String name) {
    return ofKind(objects, "Role").stream()
        .map(o -> convert(o, V1Role.class))
        .filter(r -> namespace.equals(r.getMetadata().getNamespace()))
        .filter(r -> name.equals(r.getMetadata().getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Role " + namespace + "/" + name));
  }

  /** A RoleBinding of that Role, in its namespace, to the release's ServiceAccount. */
  private static boolean boundToTheAgent(
      List<Map<String, Object>> objects, String namespace, String role) {
    RbacV1Subject agent =
        new RbacV1Subject().kind("ServiceAccount").name("burstlet").namespace("kube-system");
    return ofKind(objects, "RoleBinding").stream()
        .map(o -> convert(o, V1RoleBinding.class))
        .anyMatch(
            b ->
                namespace.equals(b.getMetadata().getNamespace())
                    && b.getRoleRef().getKind().equals("Role")
                    && b.getRoleRef().getName().equals(role)
                    && b.getSubjects().equals(List.of(agent)));
  }

  /** A rule of a rendered (Cluster)Role with the comment lines written right above it. */
  private record CommentedRule(String where, String comment, V1PolicyRule rule) {}

  /**
   * The rules of every Role and ClusterRole in helm's output, each with its comment: the parsed
   * objects lose comments, so the text is read alongside, the n-th list item under {@code rules:}
   * being the n-th rule.
   */
  private static List<CommentedRule> commentedRules(String rendered) {
    List<CommentedRule> out = new ArrayList<>();
    for (String document : rendered.split("(?m)^---$")) {
      Object parsed = new org.yaml.snakeyaml.Yaml().load(document);
      if (!(parsed instanceof Map<?, ?> map)
          || !List.of("Role", "ClusterRole").contains(map.get("kind"))) {
        continue;
      }
      @SuppressWarnings("unchecked")
      V1ClusterRole role = convert((Map<String, Object>) map, V1ClusterRole.class);
      String namespace = (String) ((Map<?, ?>) map.get("metadata")).get("namespace");
      String where =
          map.get("kind")
              + "/"
              + (namespace == null ? "" : namespace + "/")
              + role.getMetadata().getName();
      List<String> lines = document.lines().toList();
      int index = 0;
      StringBuilder comment = new StringBuilder();
      for (String line : lines.subList(lines.indexOf("rules:") + 1, lines.size())) {
        if (line.startsWith("  # ")) {
          comment.append(line.substring(4)).append(' ');
        } else if (line.startsWith("  - ")) {
          out.add(new CommentedRule(where, comment.toString().strip(), role.getRules().get(index)));
          index++;
          comment.setLength(0);
        }
      }
      assertEquals(role.getRules().size(), index, "every rule of " + where + " read");
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "clusterName: Not_A_Label",
        "providers: [{name: eci, type: gce, region: r, endpoint: embedded, zones: [{zone: a}]}]",
        "providers: [{name: eci, type: eci, region: r, endpoint: embedded, securityGroupId: sg,"
            + " zones: [{zone: a}]}]",
        "providers: []",
        "replicaCount: 2",
        "logFormat: xml",
        "serviceMonitor: {enabled: true, interval: often}",
        "grafanaDashboard: {enabled: yes-please}",
        "watchNamespaces: [Team_A]",
        "watchNamespaces: [team-a, team-a]",
        "networkPolicy: {kubelet: {cidrs: [everywhere]}}",
        "networkPolicy: {kubelet: {from: [{}]}}",
        "networkPolicy: {enabled: true, egress: []}"
      })
  void theSchemaRejectsBadValues(String values, @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.yaml"), values);
    Exception e =
        assertThrows(Exception.class, () -> new Helm(CHART).template().withValuesFile(file).call());
    assertTrue(
        e.getMessage().contains("don't meet the specifications of the schema"), e.getMessage());
  }

  /** A copy of the chart whose values.yaml is its own with {@code values} merged over it. */
  private static Path chartWithValues(Path dir, Map<String, Object> values) throws Exception {
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
    merged.putAll(values);
    Files.writeString(copy.resolve("values.yaml"), yaml.dump(merged));
    return copy;
  }

  /**
   * Renders the chart as release "burstlet" in kube-system. Objects stay maps: the Kubernetes
   * client has no model for policy/v1beta1 or ServiceMonitor; {@link #only} converts the rest.
   */
  private static List<Map<String, Object>> render(UnaryOperator<TemplateCommand> options)
      throws Exception {
    String rendered =
        options
            .apply(new Helm(CHART).template().withName("burstlet").withNamespace("kube-system"))
            .call();
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object o : new org.yaml.snakeyaml.Yaml().loadAll(rendered)) {
      if (o != null) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) o;
        objects.add(map);
      }
    }
    return objects;
  }

  private static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
  }

  private static <T> T only(List<Map<String, Object>> objects, String kind, Class<T> type) {
    List<Map<String, Object>> found = ofKind(objects, kind);
    assertEquals(1, found.size(), "one " + kind);
    return convert(found.get(0), type);
  }

  private static <T> T convert(Map<String, Object> object, Class<T> type) {
    return Yaml.loadAs(new org.yaml.snakeyaml.Yaml().dump(new HashMap<>(object)), type);
  }

  private static V1Container agentContainer(List<Map<String, Object>> objects) {
    return only(objects, "Deployment", V1Deployment.class)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }
}

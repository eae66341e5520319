package io.burstlet.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyun.teaopenapi.Client;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teaopenapi.models.OpenApiRequest;
import com.aliyun.teaopenapi.models.Params;
import com.aliyun.teautil.models.RuntimeOptions;
import io.burstlet.tls.TrustedCertificates;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1Secret;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret a pod hands to the agent ever shows up where operators and other tenants can read: the
 * agent process runs with both embedded emulators (ECI and ACI), at debug log level, and pods use a
 * Secret as env, as envFrom and as a volume, an imagePullSecret and a projected service-account
 * token, on both clouds, plus pods the clouds refuse or fail, and a create that fails after taking
 * effect. Then every form of every secret (as is, URL-encoded, base64 at any alignment) is searched
 * for in everything the agent wrote: its whole output (which holds the emulators' logs too), the
 * namespace's Events, the pods' statuses and {@code /metrics}. The search is not vacuous: the test
 * first reads the values back from the emulated ECI, so they did cross the wire.
 */
class SecretLeakIT {
  private static final String REGION = "ap-northeast-1";
  private static final String ZONE = "ap-northeast-1a";
  private static final String ECI_NODE = "leak-eci-" + ZONE;
  private static final String ACI_NODE = "leak-aci-1";
  private static final String REGISTRY = "registry.leak.example";
  private static final Duration WAIT = Duration.ofSeconds(90);

  // '/' and '+' change under URL-encoding, so the encoded forms differ from the plain ones.
  private static final String ENV_SECRET = "leak-env-Q7v/Rk+2pZ9w";
  private static final String ENV_FROM_SECRET = "leak-envfrom-M4x/Tn+8cB1e";
  private static final String VOLUME_SECRET = "leak-volume-H2d/Wy+5sK3j";
  private static final String PULL_PASSWORD = "leak-pull-P9f/Lb+6rD4q";

  @TempDir Path dir;
  private final ApiClient admin = TestCluster.admin();
  private final CoreV1Api core = new CoreV1Api(admin);
  private ChartRbac rbac;
  private String ns;
  private AgentProcess agent;
  private String agentToken;

  @BeforeEach
  void setUp() throws Exception {
    ns = TestCluster.createNamespace(admin, "secret-leak");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (agent != null) {
      agent.close();
    }
    if (ns != null) {
      for (V1Pod pod : core.listNamespacedPod(ns).execute().getItems()) {
        core.deleteNamespacedPod(pod.getMetadata().getName(), ns).gracePeriodSeconds(0).execute();
      }
      TestCluster.deleteNamespace(admin, ns);
    }
    if (rbac != null) {
      rbac.close();
    }
    for (String node : List.of(ECI_NODE, ACI_NODE)) {
      try {
        core.deleteNode(node).execute();
      } catch (ApiException e) {
        // Already gone.
      }
    }
  }

  @Test
  void noSecretReachesLogsEventsPodStatusesOrMetrics() throws Exception {
    int metricsPort = TestCluster.freePort();
    Path config = writeConfig(metricsPort);
    rbac = ChartRbac.apply(admin, ns, Files.readString(config));
    Path kubeconfig = rbac.writeKubeconfig(dir);
    agentToken = kubeconfigToken(kubeconfig);
    Path tmp = Files.createDirectories(dir.resolve("agent-tmp"));
    agent =
        AgentProcess.start(
            config,
            kubeconfig,
            dir,
            List.of(
                "-Djava.io.tmpdir=" + tmp,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
                "-Dorg.slf4j.simpleLogger.log.io.burstlet=debug"));
    for (String node : List.of(ECI_NODE, ACI_NODE)) {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> assertEquals("True", ready(node), node + " Ready; agent log:\n" + tail()));
    }
    EmbeddedEci eci = EmbeddedEci.find(agent.output(), tmp);
    createSecrets();
    // The first ECI create takes effect but answers 500: the ambiguous-create path runs too.
    eci.injectFault(
        "{\"operation\":\"CreateContainerGroup\",\"kind\":\"apply-then-fail\",\"status\":500}");

    for (String cloud : List.of("eci", "aci")) {
      String node = cloud.equals("eci") ? ECI_NODE : ACI_NODE;
      core.createNamespacedPod(ns, pod(cloud + "-ok", node, REGISTRY + "/app:1")).execute();
      // An image reference no registry accepts: refused or failed by the cloud, with every secret
      // of the pod in the same request.
      core.createNamespacedPod(ns, pod(cloud + "-bad", node, REGISTRY + "/Bad_Image:1")).execute();
    }
    for (String name : List.of("eci-ok", "aci-ok")) {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertEquals(
                      "Running",
                      core.readNamespacedPod(name, ns).execute().getStatus().getPhase(),
                      name + "; agent log:\n" + tail()));
    }
    for (String name : List.of("eci-bad", "aci-bad")) {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertTrue(
                      failing(core.readNamespacedPod(name, ns).execute().getStatus()),
                      name + " shows its failure; agent log:\n" + tail()));
    }

    // Not vacuous: the secrets did reach the emulated cloud, in the request body.
    Set<String> secrets = new LinkedHashSet<>(fixedSecrets());
    Map<String, Object> group = eci.group(groupName("eci-ok"));
    List<String> env = eci.envValues(group);
    assertTrue(env.contains(ENV_SECRET), "env reached ECI");
    assertTrue(env.contains(ENV_FROM_SECRET), "envFrom reached ECI");
    List<String> files = eci.fileContents(group);
    assertTrue(files.contains(VOLUME_SECRET), "the Secret volume reached ECI");
    List<String> tokens = files.stream().filter(f -> f.startsWith("eyJ")).toList();
    assertFalse(tokens.isEmpty(), "the projected service-account token reached ECI");
    secrets.addAll(tokens);
    // ARM never returns secure values, so for ACI the group's existence is what can be read back.
    assertTrue(
        new ArmClient(embeddedUri(agent.output(), "ACI"), read(tmp, "burstlet-aci-", "-ca.pem"))
            .groupNames("00000000-0000-0000-0000-000000000000", "leak-rg")
            .contains(groupName("aci-ok")),
        "ACI has the group of aci-ok");
    secrets.add(eci.keySecret);

    // Everything readable is gathered while the pods exist, then after their deletion.
    StringBuilder statuses = new StringBuilder();
    for (V1Pod pod : core.listNamespacedPod(ns).execute().getItems()) {
      statuses.append(admin.getJSON().serialize(pod.getStatus())).append('\n');
    }
    String metrics = get(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"));
    assertTrue(metrics.contains("burstlet_pods_created_total"), "metrics are served");
    for (String name : List.of("eci-ok", "eci-bad", "aci-ok", "aci-bad")) {
      core.deleteNamespacedPod(name, ns).execute();
    }
    await().atMost(WAIT).until(() -> core.listNamespacedPod(ns).execute().getItems().isEmpty());
    List<CoreV1Event> events = core.listNamespacedEvent(ns).execute().getItems();
    assertFalse(events.isEmpty(), "the agent wrote events");
    String eventText = admin.getJSON().serialize(events);
    agent.close();
    String output = agent.output();
    assertTrue(output.contains(" DEBUG "), "the agent ran at debug level");

    Map<String, String> sources = new LinkedHashMap<>();
    sources.put("agent output (with the embedded emulators' logs)", output);
    sources.put("events", eventText);
    sources.put("pod statuses", statuses.toString());
    sources.put("/metrics", metrics);
    // The search itself can find things: the pod the agent logs about, and an encoded echo.
    assertTrue(output.contains(ns + "/eci-ok"), "the search reads the agent's output");
    String echo =
        Base64.getEncoder()
            .encodeToString(("x=" + ENV_SECRET + "\n").getBytes(StandardCharsets.UTF_8));
    assertTrue(
        forms(ENV_SECRET).values().stream().anyMatch(echo::contains), "base64 echoes are found");
    List<String> leaks = new ArrayList<>();
    for (String secret : secrets) {
      forms(secret)
          .forEach(
              (how, form) ->
                  sources.forEach(
                      (where, text) -> {
                        if (text.contains(form)) {
                          leaks.add(where + " holds " + label(secret) + ", " + how);
                        }
                      }));
    }
    assertEquals(List.of(), leaks);
  }

  /** A failed or failing pod: its phase, reason or a container's waiting reason says so. */
  private static boolean failing(V1PodStatus status) {
    if (status == null) {
      return false;
    }
    if ("Failed".equals(status.getPhase()) || status.getReason() != null) {
      return true;
    }
    List<V1ContainerStatus> containers =
        status.getContainerStatuses() == null ? List.of() : status.getContainerStatuses();
    return containers.stream()
        .anyMatch(
            c ->
                c.getState() != null
                    && c.getState().getWaiting() != null
                    && c.getState().getWaiting().getReason() != null
                    && !c.getState().getWaiting().getReason().equals("ContainerCreating"));
  }

  /**
   * The forms a secret may be echoed in, by name: as is, URL-encoded (form and RFC 3986), and
   * base64 (standard and URL-safe) at each of the three alignments inside a longer encoded text.
   */
  static Map<String, String> forms(String secret) {
    Map<String, String> forms = new LinkedHashMap<>();
    forms.put("plain", secret);
    String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
    forms.put("form-encoded", encoded);
    forms.put("percent-encoded", encoded.replace("+", "%20"));
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    for (int offset = 0; offset < 3; offset++) {
      byte[] shifted = new byte[offset + bytes.length];
      System.arraycopy(bytes, 0, shifted, offset, bytes.length);
      int start = offset == 0 ? 0 : 4;
      int end = 4 * (shifted.length / 3);
      forms.put(
          "base64 at offset " + offset,
          Base64.getEncoder().encodeToString(shifted).substring(start, end));
      forms.put(
          "url-safe base64 at offset " + offset,
          Base64.getUrlEncoder().encodeToString(shifted).substring(start, end));
    }
    return forms;
  }

  /** Names a secret in the failure message without printing it. */
  private String label(String secret) {
    List<String> named = List.of(ENV_SECRET, ENV_FROM_SECRET, VOLUME_SECRET, PULL_PASSWORD);
    String[] names = {
      "the env Secret", "the envFrom Secret", "the volume Secret", "the pull password"
    };
    int index = named.indexOf(secret);
    if (index >= 0) {
      return names[index];
    }
    return secret.equals(agentToken) ? "the agent's own token" : "a service-account token or key";
  }

  private void createSecrets() throws ApiException {
    core.createNamespacedSecret(
            ns,
            new V1Secret()
                .metadata(new V1ObjectMeta().name("app"))
                .stringData(Map.of("password", ENV_SECRET, "config", VOLUME_SECRET)))
        .execute();
    core.createNamespacedSecret(
            ns,
            new V1Secret()
                .metadata(new V1ObjectMeta().name("bulk"))
                .stringData(Map.of("API_TOKEN", ENV_FROM_SECRET)))
        .execute();
    String auth =
        Base64.getEncoder()
            .encodeToString(("puller:" + PULL_PASSWORD).getBytes(StandardCharsets.UTF_8));
    String dockerConfig =
        "{\"auths\":{\""
            + REGISTRY
            + "\":{\"username\":\"puller\",\"password\":\""
            + PULL_PASSWORD
            + "\",\"auth\":\""
            + auth
            + "\"}}}";
    core.createNamespacedSecret(
            ns,
            new V1Secret()
                .metadata(new V1ObjectMeta().name("pull"))
                .type("kubernetes.io/dockerconfigjson")
                .stringData(Map.of(".dockerconfigjson", dockerConfig)))
        .execute();
  }

  private static V1Pod pod(String name, String node, String image) {
    return Manifests.pod(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s}
        spec:
          nodeName: %s
          restartPolicy: Never
          automountServiceAccountToken: false
          imagePullSecrets: [{name: pull}]
          containers:
            - name: app
              image: %s
              command: [/bin/sh, -c, "sleep 3600"]
              env:
                - name: DB_PASSWORD
                  valueFrom: {secretKeyRef: {name: app, key: password}}
              envFrom: [{secretRef: {name: bulk}}]
              volumeMounts:
                - {name: config, mountPath: /etc/app}
                - {name: token, mountPath: /var/run/secrets/tokens}
          volumes:
            - name: config
              secret: {secretName: app, items: [{key: config, path: app.conf}]}
            - name: token
              projected:
                sources:
                  - serviceAccountToken: {path: token, expirationSeconds: 3600}
        """
            .formatted(name, node, image));
  }

  private Path writeConfig(int metricsPort) throws Exception {
    return Files.writeString(
        dir.resolve("config.yaml"),
        """
        clusterName: leak
        nodeNamePrefix: leak
        nodeAddress: 127.0.0.1
        kubeletPort: %d
        metricsPort: %d
        node: {healthCheckInterval: 2s}
        pods: {statusSyncInterval: 500ms, gcInterval: 2s, orphanGracePeriod: 3s}
        providers:
          - name: eci
            type: eci
            region: %s
            endpoint: embedded
            securityGroupId: sg-leak
            labels: {it.burstlet.io/suite: leak}
            zones:
              - {zone: %s, vSwitchId: vsw-leak}
          - name: aci
            type: aci
            region: westeurope
            subscriptionId: 00000000-0000-0000-0000-000000000000
            resourceGroup: leak-rg
            endpoint: embedded
            labels: {it.burstlet.io/suite: leak}
            zones:
              - {zone: "1", subnetId: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/leak}
        """
            .formatted(TestCluster.freePort(), metricsPort, REGION, ZONE));
  }

  private String ready(String node) {
    try {
      return core.readNode(node).execute().getStatus().getConditions().stream()
          .filter(c -> "Ready".equals(c.getType()))
          .map(c -> c.getStatus())
          .findFirst()
          .orElse("missing");
    } catch (ApiException e) {
      return "no node (" + e.getCode() + ")";
    }
  }

  private String groupName(String pod) throws ApiException {
    return "bl-"
        + core.readNamespacedPod(pod, ns).execute().getMetadata().getUid().replace("-", "");
  }

  private List<String> fixedSecrets() {
    List<String> fixed = new ArrayList<>(List.of(ENV_SECRET, ENV_FROM_SECRET, VOLUME_SECRET));
    fixed.add(PULL_PASSWORD);
    if (agentToken != null) {
      fixed.add(agentToken);
    }
    return fixed;
  }

  /** The end of the agent's output for a failure message, with the known secrets masked. */
  private String tail() {
    try {
      String out = agent.output();
      for (String secret : fixedSecrets()) {
        for (String form : forms(secret).values()) {
          out = out.replace(form, "***");
        }
      }
      return out.substring(Math.max(0, out.length() - 4000));
    } catch (Exception e) {
      return "(no output: " + e.getClass().getSimpleName() + ")";
    }
  }

  /** The URL of an emulator the agent started, from its log line. */
  private static URI embeddedUri(String agentOutput, String cloud) {
    Matcher m =
        Pattern.compile("embedded " + cloud + " emulator for provider \\w+ at (https://\\S+)")
            .matcher(agentOutput);
    assertTrue(m.find(), "the agent logs the embedded " + cloud + " emulator's URL");
    return URI.create(m.group(1));
  }

  /** A private file the agent wrote into its temporary directory. */
  private static String read(Path tmp, String prefix, String suffix) throws Exception {
    try (Stream<Path> files = Files.list(tmp)) {
      Path file =
          files
              .filter(
                  f ->
                      f.getFileName().toString().startsWith(prefix)
                          && f.getFileName().toString().endsWith(suffix))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no " + prefix + "*" + suffix + " in " + tmp));
      return Files.readString(file).strip();
    }
  }

  private static String kubeconfigToken(Path kubeconfig) throws Exception {
    Matcher m = Pattern.compile("token: \"([^\"]+)\"").matcher(Files.readString(kubeconfig));
    assertTrue(m.find(), "the agent's kubeconfig has a token");
    return m.group(1);
  }

  private static String get(URI uri) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), uri.toString());
    return response.body();
  }

  /**
   * The ECI emulator the agent process started: its URL from the agent's log line, its AccessKey
   * and certificate from the private files the agent wrote into its temporary directory.
   */
  private static final class EmbeddedEci {
    final URI baseUri;
    final String keySecret;
    private final String pem;
    private final Client client;

    private EmbeddedEci(URI baseUri, String keyId, String keySecret, String pem) throws Exception {
      this.baseUri = baseUri;
      this.keySecret = keySecret;
      this.pem = pem;
      this.client =
          new Client(
              new Config()
                  .setAccessKeyId(keyId)
                  .setAccessKeySecret(keySecret)
                  .setEndpoint(baseUri.getHost() + ":" + baseUri.getPort())
                  .setProtocol("HTTPS")
                  .setRegionId(REGION));
    }

    static EmbeddedEci find(String agentOutput, Path tmp) throws Exception {
      return new EmbeddedEci(
          embeddedUri(agentOutput, "ECI"),
          read(tmp, "burstlet-eci-", "-key-id"),
          read(tmp, "burstlet-eci-", "-key-secret"),
          read(tmp, "burstlet-eci-", "-ca.pem"));
    }

    void injectFault(String json) throws Exception {
      HttpClient http =
          HttpClient.newBuilder().sslContext(TrustedCertificates.clientContext(pem, false)).build();
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(baseUri.resolve("/_emulator/faults"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(204, response.statusCode(), response.body());
    }

    /** The group named {@code name}, as DescribeContainerGroups returns it. */
    @SuppressWarnings("unchecked")
    Map<String, Object> group(String name) throws Exception {
      Map<String, ?> response =
          client.callApi(
              new Params()
                  .setAction("DescribeContainerGroups")
                  .setVersion("2018-08-08")
                  .setProtocol("HTTPS")
                  .setMethod("POST")
                  .setAuthType("AK")
                  .setStyle("RPC")
                  .setPathname("/")
                  .setReqBodyType("formData")
                  .setBodyType("json"),
              new OpenApiRequest().setBody(Map.of("RegionId", REGION, "Limit", "20")),
              new RuntimeOptions().setCa(pem));
      Map<String, Object> body = (Map<String, Object>) response.get("body");
      List<Map<String, Object>> groups = (List<Map<String, Object>>) body.get("ContainerGroups");
      Map<String, Object> group =
          groups.stream()
              .filter(g -> name.equals(g.get("ContainerGroupName")))
              .findFirst()
              .orElse(null);
      assertNotNull(group, "ECI has group " + name);
      return group;
    }

    @SuppressWarnings("unchecked")
    List<String> envValues(Map<String, Object> group) {
      List<String> values = new ArrayList<>();
      for (Map<String, Object> c : (List<Map<String, Object>>) group.get("Containers")) {
        for (Map<String, Object> e : (List<Map<String, Object>>) c.get("EnvironmentVars")) {
          values.add(String.valueOf(e.get("Value")));
        }
      }
      return values;
    }

    /** Every config file of the group's volumes, decoded from base64. */
    @SuppressWarnings("unchecked")
    List<String> fileContents(Map<String, Object> group) {
      List<String> contents = new ArrayList<>();
      for (Map<String, Object> v : (List<Map<String, Object>>) group.get("Volumes")) {
        Object files = v.get("ConfigFileVolumeConfigFileToPaths");
        if (files instanceof List<?> list) {
          for (Object f : list) {
            String content = String.valueOf(((Map<String, Object>) f).get("Content"));
            contents.add(new String(Base64.getDecoder().decode(content), StandardCharsets.UTF_8));
          }
        }
      }
      return contents;
    }
  }
}

package io.burstlet.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.emulator.aci.AciEmulator;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent process reaches the API server through a proxy that then stops forwarding — the
 * connection neither answers nor closes. {@code /healthz} must fail within the stall limit, so the
 * liveness probe restarts an agent that would otherwise stop taking pods and renewing Leases
 * without a word; and while the path is healthy, an idle watch must never count as stalled.
 */
class AgentLivenessIT {
  private static final String NODE = "liveness-aci-1";
  private static final Duration STALL_LIMIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final ApiClient admin = TestCluster.admin();
  private final CoreV1Api core = new CoreV1Api(admin);
  private final HttpClient http = HttpClient.newHttpClient();
  private AciEmulator emulator;
  private ChartRbac rbac;
  private String ns;
  private FreezableProxy proxy;
  private AgentProcess agent;
  private int metricsPort;

  @BeforeEach
  void setUp() throws Exception {
    emulator = AciEmulator.builder().build().start();
    ns = TestCluster.createNamespace(admin, "liveness");
    proxy = new FreezableProxy(URI.create(TestCluster.server()));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (agent != null) {
      agent.kill();
    }
    proxy.close();
    TestCluster.deleteNamespace(admin, ns);
    if (rbac != null) {
      rbac.close();
    }
    try {
      core.deleteNode(NODE).execute();
    } catch (ApiException e) {
      // Already gone.
    }
    emulator.close();
  }

  @Test
  void aWatchThatStopsHearingFromTheApiServerFailsHealthz() throws Exception {
    Path config = writeConfig();
    rbac = ChartRbac.apply(admin, ns, Files.readString(config));
    Path kubeconfig = rbac.writeKubeconfig(dir);
    String server = TestCluster.server();
    Files.writeString(
        kubeconfig,
        Files.readString(kubeconfig).replace(server, proxy.uri(URI.create(server)).toString()));
    agent = AgentProcess.start(config, kubeconfig, dir);
    await()
        .atMost(Duration.ofMinutes(2))
        .ignoreExceptions()
        .untilAsserted(
            () -> assertEquals("True", readyStatus(), "node Ready; agent log:\n" + agent.output()));

    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> healthz().statusCode() == 200);
    // Healthy and idle for longer than the limit: every watch is answered anew well within it.
    await()
        .during(STALL_LIMIT.plusSeconds(10))
        .atMost(STALL_LIMIT.plusSeconds(20))
        .untilAsserted(
            () -> {
              HttpResponse<String> health = healthz();
              assertEquals(200, health.statusCode(), health.body() + agent.output());
            });

    proxy.freeze();
    // Each loop stalls at its own moment (last watch answer, last renewal); both within the limit
    // plus one watch timeout and a probe period.
    await()
        .atMost(STALL_LIMIT.plusSeconds(30))
        .untilAsserted(
            () -> {
              HttpResponse<String> health = healthz();
              assertEquals(503, health.statusCode(), health.body());
              assertTrue(
                  health.body().contains("pod watch " + NODE + ": no answer from the API server"),
                  health.body());
              assertTrue(health.body().contains("node lease " + NODE), health.body());
            });
    assertTrue(agent.output().contains("the liveness probe will restart the agent"));
  }

  private HttpResponse<String> healthz() throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/healthz"))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String readyStatus() throws ApiException {
    return core.readNode(NODE).execute().getStatus().getConditions().stream()
        .filter(c -> "Ready".equals(c.getType()))
        .map(V1NodeCondition::getStatus)
        .findFirst()
        .orElse(null);
  }

  private Path writeConfig() throws Exception {
    Path ca = Files.writeString(dir.resolve("aci-emulator.pem"), emulator.certificatePem());
    metricsPort = TestCluster.freePort();
    return Files.writeString(
        dir.resolve("config.yaml"),
        """
        clusterName: liveness
        nodeNamePrefix: liveness
        nodeAddress: 127.0.0.1
        kubeletPort: %d
        metricsPort: %d
        node: {healthCheckInterval: 2s, stallLimit: %ds}
        providers:
          - name: aci
            type: aci
            region: westeurope
            subscriptionId: 00000000-0000-0000-0000-000000000000
            resourceGroup: liveness-rg
            endpoint: %s
            caFile: %s
            labels: {it.burstlet.io/suite: liveness}
            zones: [{zone: "1"}]
        """
            .formatted(
                TestCluster.freePort(),
                metricsPort,
                STALL_LIMIT.toSeconds(),
                emulator.baseUri(),
                ca));
  }
}

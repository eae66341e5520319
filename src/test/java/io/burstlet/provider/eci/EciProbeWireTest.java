package io.burstlet.provider.eci;

import static io.burstlet.provider.eci.EciWire.describe;
import static io.burstlet.provider.eci.EciWire.longRunning;
import static io.burstlet.provider.eci.EciWire.newRef;
import static io.burstlet.provider.eci.EciWire.request;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodRequest;
import io.burstlet.provider.ServiceAccountToken;
import io.burstlet.provider.TeeLogCapture;
import io.burstlet.provider.WirePods;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1ExecAction;
import io.kubernetes.client.openapi.models.V1HTTPGetAction;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1TCPSocketAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Probes end to end: the pod's probes go through {@link EciProvider}'s translation to the emulator,
 * which runs them ({@link io.burstlet.emulator.SimulatedProbe}) and reports each container's {@code
 * Ready} and restarts as ECI does; the provider's sweep and status mapper turn that back into the
 * pod's readiness. Also the emulator's ConfigFileVolume hook on the token the provider mounted. No
 * log line may carry the pods' secret or token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EciProbeWireTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eci-wire-token.sig";

  private EciWire wire;
  private TeeLogCapture logs;
  private String cluster;
  private EciProvider provider;
  private final EciWire.Recorder recorder = new EciWire.Recorder();

  @BeforeAll
  void startEmulator() {
    wire = EciWire.start();
  }

  @AfterAll
  void stopEmulator() {
    wire.close();
  }

  @BeforeEach
  void startProvider() throws Exception {
    logs = new TeeLogCapture();
    cluster = EciWire.newCluster();
    provider = wire.provider(cluster);
    provider.start(recorder);
  }

  @AfterEach
  void closeProvider() {
    provider.close();
    logs.close();
    logs.assertNoneOf(List.of(EciWire.SECRET_VALUE, TOKEN, wire.accessKeySecret));
  }

  /** A probe every second, from the start, deciding after one result. */
  private static V1Probe everySecond() {
    return new V1Probe()
        .initialDelaySeconds(0)
        .periodSeconds(1)
        .timeoutSeconds(1)
        .successThreshold(1)
        .failureThreshold(1);
  }

  private static V1Probe exec(String script) {
    return everySecond().exec(new V1ExecAction().command(List.of("/bin/sh", "-c", script)));
  }

  private static V1Probe httpGet(int port) {
    return everySecond()
        .httpGet(new V1HTTPGetAction().path("/healthz").port(new IntOrString(port)));
  }

  private static V1Probe tcpSocket(int port) {
    return everySecond().tcpSocket(new V1TCPSocketAction().port(new IntOrString(port)));
  }

  /** A long-running pod whose container {@code app} declares port 80, changed by {@code change}. */
  private PodRef create(UnaryOperator<V1Pod> change) throws Exception {
    PodRef ref = newRef();
    V1Pod pod = longRunning(ref);
    pod.getSpec().getContainers().get(0).addPortsItem(new V1ContainerPort().containerPort(80));
    provider.createPod(request(change.apply(pod), ref));
    return ref;
  }

  private PodRef withReadiness(V1Probe probe) throws Exception {
    return create(
        p -> {
          p.getSpec().getContainers().get(0).readinessProbe(probe);
          return p;
        });
  }

  private static boolean ready(V1PodStatus s) {
    return s.getConditions().stream()
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  @Test
  void aPodIsReadyOnlyWhileItsReadinessProbePasses() throws Exception {
    PodRef execFails = withReadiness(exec("exit 1"));
    PodRef portNotDeclared = withReadiness(httpGet(8080));
    PodRef tcpNotDeclared = withReadiness(tcpSocket(8443));
    // Its first result, a timeout, comes 3 s after the start: it must not look ready before.
    PodRef timesOut = withReadiness(exec("sleep 10").timeoutSeconds(3));
    PodRef execPasses = withReadiness(exec("exit 0"));
    PodRef portDeclared = withReadiness(httpGet(80));
    PodRef tcpDeclared = withReadiness(tcpSocket(80));

    for (PodRef ref : List.of(execPasses, portDeclared, tcpDeclared)) {
      await("ready " + ref)
          .atMost(WAIT)
          .until(() -> recorder.latest(ref).filter(EciProbeWireTest::ready).isPresent());
      assertEquals("Running", recorder.latest(ref).orElseThrow().getPhase());
    }
    // Longer than a passing probe needs to make its container ready (one period).
    List<PodRef> failing = List.of(execFails, portNotDeclared, tcpNotDeclared, timesOut);
    await("running but never ready")
        .during(Duration.ofSeconds(2))
        .atMost(WAIT)
        .until(
            () -> {
              for (PodRef ref : failing) {
                V1PodStatus s = provider.getPodStatus(ref).orElseThrow();
                if (!"Running".equals(s.getPhase()) || ready(s)) {
                  return false;
                }
              }
              return true;
            });
    for (PodRef ref : failing) {
      assertTrue(recorder.statuses(ref).stream().noneMatch(EciProbeWireTest::ready), ref.name());
      V1PodStatus pushed = recorder.latest(ref).orElseThrow();
      assertEquals("Running", pushed.getPhase(), "the sweep pushed Running for " + ref.name());
      V1ContainerStatus app = pushed.getContainerStatuses().get(0);
      assertTrue(app.getStarted(), "the container runs");
      assertFalse(app.getReady(), "but is not ready");
    }
  }

  @Test
  void aFailingLivenessProbeRestartsTheContainer() throws Exception {
    V1Probe liveness = exec("exit 1").initialDelaySeconds(1).failureThreshold(2);
    PodRef ref =
        create(
            p -> {
              p.getSpec().getContainers().get(0).livenessProbe(liveness);
              return p;
            });

    // Killed 2 s into each run (its second failure), restarted after the emulator's 0.5 s back-off.
    V1PodStatus restarted =
        await("restarted")
            .atMost(WAIT)
            .until(
                () -> recorder.latest(ref).orElse(null),
                s -> s != null && s.getContainerStatuses().get(0).getRestartCount() >= 1);
    V1ContainerStatus app = restarted.getContainerStatuses().get(0);
    assertEquals(137, app.getLastState().getTerminated().getExitCode());
    assertEquals("Running", restarted.getPhase());
    assertEquals(
        app.getRestartCount(),
        provider.getPodStatus(ref).orElseThrow().getContainerStatuses().get(0).getRestartCount(),
        "DescribeContainerGroups agrees with the status deltas");
  }

  @Test
  void theServiceAccountTokenTheProviderMountedIsReadableThroughTheEmulatorHook() throws Exception {
    PodRef ref = newRef();
    V1Pod pod = WirePods.withServiceAccountToken(longRunning(ref), "kube-api-access-x1");
    PodRequest plain = request(pod, ref);
    provider.createPod(
        new PodRequest(
            pod,
            ref,
            plain.secrets(),
            Map.of(),
            List.of(),
            new ServiceAccountToken(TOKEN, "-----BEGIN CERTIFICATE-----\n", ref.namespace())));

    String id;
    try (TeaEciClient client = wire.client(cluster)) {
      id = describe(client, ref).orElseThrow().containerGroupId();
    }
    Map<String, String> files = wire.emulator.configFiles(id, "kube-api-access-x1").orElseThrow();
    assertEquals(Map.of("token", TOKEN), files);
  }
}

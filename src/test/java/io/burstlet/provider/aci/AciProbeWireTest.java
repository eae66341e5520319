package io.burstlet.provider.aci;

import static io.burstlet.provider.aci.AciWire.group;
import static io.burstlet.provider.aci.AciWire.longRunning;
import static io.burstlet.provider.aci.AciWire.newRef;
import static io.burstlet.provider.aci.AciWire.request;
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
 * Probes end to end: the pod's probes go through {@link AciProvider}'s translation to the emulator,
 * which runs them ({@link io.burstlet.emulator.SimulatedProbe}) and reports failures as ACI does;
 * the provider's status mapper turns that back into readiness. Also the emulator's secret-volume
 * hook on what the provider mounted. No log line may carry the pods' secret or token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AciProbeWireTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.wire-token.sig";

  private AciWire wire;
  private TeeLogCapture logs;
  private String resourceGroup;
  private AciProvider provider;
  private final AciWire.Recorder recorder = new AciWire.Recorder();

  @BeforeAll
  void startEmulator() {
    wire = AciWire.start();
  }

  @AfterAll
  void stopEmulator() {
    wire.close();
  }

  @BeforeEach
  void startProvider() {
    logs = new TeeLogCapture();
    resourceGroup = AciWire.newResourceGroup();
    provider = wire.provider(resourceGroup);
    provider.start(recorder);
  }

  @AfterEach
  void closeProvider() {
    provider.close();
    logs.close();
    logs.assertNoneOf(List.of(AciWire.SECRET_VALUE, TOKEN));
  }

  /** A probe every second, from the start, failing after one failure. */
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

  /** A long-running pod whose container {@code app} declares port 80, changed by {@code change}. */
  private PodRef create(UnaryOperator<V1Pod> change) throws Exception {
    PodRef ref = newRef();
    V1Pod pod = longRunning(ref);
    pod.getSpec().getContainers().get(0).addPortsItem(new V1ContainerPort().containerPort(80));
    provider.createPod(request(change.apply(pod), ref));
    return ref;
  }

  private static V1Pod readiness(V1Pod pod, V1Probe probe) {
    pod.getSpec().getContainers().get(0).readinessProbe(probe);
    return pod;
  }

  private static boolean ready(V1PodStatus s) {
    return s.getConditions().stream()
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  @Test
  void aPodIsReadyOnlyWhileItsReadinessProbePasses() throws Exception {
    PodRef execFails = create(p -> readiness(p, exec("exit 1")));
    PodRef portNotDeclared = create(p -> readiness(p, httpGet(8080)));
    // Its first result, a timeout, comes 3 s after the start: it must not look ready before.
    PodRef timesOut = create(p -> readiness(p, exec("sleep 10").timeoutSeconds(3)));
    PodRef execPasses = create(p -> readiness(p, exec("exit 0")));
    PodRef portDeclared = create(p -> readiness(p, httpGet(80)));

    for (PodRef ref : List.of(execPasses, portDeclared)) {
      await("ready " + ref)
          .atMost(WAIT)
          .until(() -> recorder.latest(ref).filter(AciProbeWireTest::ready).isPresent());
    }
    // For longer than the mapper needs to call a passing probe ready (period + timeout).
    List<PodRef> failing = List.of(execFails, portNotDeclared, timesOut);
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
      assertTrue(recorder.statuses(ref).stream().noneMatch(AciProbeWireTest::ready), ref.name());
      V1ContainerStatus app =
          provider.getPodStatus(ref).orElseThrow().getContainerStatuses().get(0);
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
    V1ContainerStatus app =
        await("restarted")
            .atMost(WAIT)
            .until(
                () -> provider.getPodStatus(ref).orElseThrow().getContainerStatuses().get(0),
                s -> s.getRestartCount() >= 1);
    assertEquals(137, app.getLastState().getTerminated().getExitCode());
    assertEquals("Running", provider.getPodStatus(ref).orElseThrow().getPhase());
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

    Map<String, String> files =
        wire.emulator
            .secretVolumeFiles(resourceGroup, group(ref), "kube-api-access-x1")
            .orElseThrow();
    assertEquals(TOKEN, files.get("token"));
  }
}

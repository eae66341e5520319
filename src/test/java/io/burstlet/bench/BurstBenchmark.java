package io.burstlet.bench;

import io.burstlet.cli.Agent;
import io.burstlet.cli.CloudProviders;
import io.burstlet.config.BurstletConfig;
import io.burstlet.config.ConfigLoader;
import io.burstlet.emulator.aci.AciEmulator;
import io.burstlet.it.Manifests;
import io.burstlet.it.TestCluster;
import io.burstlet.pod.PodMetrics;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.util.PatchUtils;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bursts N pods to the embedded ACI emulator through the real control plane and measures what users
 * feel: how fast pods reach Running, how much the agent adds to the cloud's own provisioning time,
 * how many cloud calls a pod costs, how quickly a cloud-side change reaches the pod, and memory.
 * Run by {@code hack/bench/run.sh}; prints a Markdown table.
 */
public final class BurstBenchmark {
  private static final String NS = "bench";

  public static void main(String[] args) throws Exception {
    int pods = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    String interval = args.length > 1 ? args[1] : "5s";
    int readsPerMinute = args.length > 2 ? Integer.parseInt(args[2]) : 600;
    Duration provisioning = Duration.ofSeconds(2);
    ApiClient admin = TestCluster.admin();
    CoreV1Api core = new CoreV1Api(admin);
    AppsV1Api apps = new AppsV1Api(admin);
    String ns = TestCluster.createNamespace(admin, NS);
    String config =
        """
        clusterName: bench
        nodeNamePrefix: bench
        nodeAddress: 127.0.0.1
        kubeletPort: %d
        metricsPort: 0
        pods: {statusSyncInterval: %s, cloudReadsPerMinute: %d, workers: 8}
        providers:
          - name: aci
            type: aci
            region: westeurope
            subscriptionId: 00000000-0000-0000-0000-000000000000
            resourceGroup: bench-rg
            endpoint: embedded
            capacity: {cpu: "1000", memory: 4Ti, pods: "10000"}
            labels: {burstlet.io/benchmark: bench}
            zones: [{zone: "1"}]
        """
            .formatted(TestCluster.freePort(), interval, readsPerMinute);
    BurstletConfig parsed = ConfigLoader.parse(config, Map.of());
    try (CloudProviders clouds = new CloudProviders();
        Agent agent = new Agent(parsed, admin, clouds, PodMetrics.NOOP)) {
      agent.start();
      agent.awaitReady(Duration.ofMinutes(1));
      AciEmulator emulator = clouds.embeddedAci("aci").orElseThrow();
      long heapBefore = usedHeapAfterGc();
      emulator.faults().resetCalls();

      apps.createNamespacedDeployment(ns, deployment(pods)).execute();
      Map<String, Long> firstSeen = new HashMap<>();
      Map<String, Long> running = new HashMap<>();
      long start = System.nanoTime();
      while (running.size() < pods) {
        long now = System.nanoTime();
        for (V1Pod pod : core.listNamespacedPod(ns).execute().getItems()) {
          String uid = pod.getMetadata().getUid();
          firstSeen.putIfAbsent(uid, now);
          if ("Running".equals(pod.getStatus().getPhase())) {
            running.putIfAbsent(uid, now);
          }
        }
        if (Duration.ofNanos(now - start).toMinutes() > 10) {
          throw new IllegalStateException("only " + running.size() + " pods Running after 10 min");
        }
        Thread.sleep(100);
      }
      long allRunning = System.nanoTime();
      Map<String, Long> createCalls = new HashMap<>(emulator.faults().callCounts());
      long heapAfter = usedHeapAfterGc();

      // Steady state: what N running pods cost per sweep interval.
      emulator.faults().resetCalls();
      // A whole refresh cycle of the steady groups (12 sweeps), and at least 20 s.
      Duration cycle = parsed.pods().statusSyncInterval().multipliedBy(12);
      Duration window =
          cycle.compareTo(Duration.ofSeconds(20)) > 0 ? cycle : Duration.ofSeconds(20);
      Thread.sleep(window.toMillis());
      Map<String, Long> steadyCalls = new HashMap<>(emulator.faults().callCounts());

      // Status lag: stop 10 groups behind the agent's back; time until their pods show it.
      List<V1Pod> sample =
          core.listNamespacedPod(ns).execute().getItems().subList(0, Math.min(10, pods));
      Map<String, Long> stoppedAt = new HashMap<>();
      for (V1Pod pod : sample) {
        emulator.stop("bench-rg", "bl-" + pod.getMetadata().getUid().replace("-", ""));
        stoppedAt.put(pod.getMetadata().getName(), System.nanoTime());
      }
      List<Double> lags = new ArrayList<>();
      while (lags.size() < sample.size()) {
        for (V1Pod pod : core.listNamespacedPod(ns).execute().getItems()) {
          Long at = stoppedAt.remove(pod.getMetadata().getName());
          if (at != null && !"Running".equals(pod.getStatus().getPhase())) {
            lags.add((System.nanoTime() - at) / 1e9);
          } else if (at != null) {
            stoppedAt.put(pod.getMetadata().getName(), at);
          }
        }
        Thread.sleep(50);
      }

      String patch = "{\"spec\":{\"replicas\":0}}";
      PatchUtils.patch(
          V1Deployment.class,
          () -> apps.patchNamespacedDeployment("bench", ns, new V1Patch(patch)).buildCall(null),
          V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
          admin);
      long scaleDown = System.nanoTime();
      // The stopped pods stay Failed (a ReplicaSet leaves terminated pods to the pod GC).
      while (core.listNamespacedPod(ns).execute().getItems().stream()
          .anyMatch(
              p ->
                  "Running".equals(p.getStatus().getPhase())
                      || p.getMetadata().getDeletionTimestamp() != null)) {
        Thread.sleep(100);
      }
      double scaleDownSeconds = (System.nanoTime() - scaleDown) / 1e9;

      List<Double> latencies = new ArrayList<>();
      running.forEach((uid, t) -> latencies.add((t - firstSeen.get(uid)) / 1e9));
      Collections.sort(latencies);
      Collections.sort(lags);
      double total = (allRunning - start) / 1e9;
      long creates = createCalls.values().stream().mapToLong(Long::longValue).sum();
      long steady = steadyCalls.values().stream().mapToLong(Long::longValue).sum();
      System.out.printf(
          Locale.ROOT,
          """
          | metric | value |
          |---|---|
          | pods | %d |
          | status sweep interval, read budget | %s, %d GETs/min |
          | emulated cloud provisioning per group | %.1f s |
          | all pods Running after | %.1f s (%.1f pods/s) |
          | pod seen → Running, p50 / p90 / p99 | %.2f / %.2f / %.2f s |
          | agent time on top of provisioning, p50 | %.2f s |
          | cloud calls during the burst | %d (%.2f per pod: %s) |
          | cloud calls per second while %d pods run | %.1f (%s over %d s) |
          | cloud-side stop → pod status, p50 / max | %.2f / %.2f s |
          | scale to 0 → all pods gone | %.1f s |
          | heap growth with %d pods | %.1f MiB (%.1f KiB per pod) |
          """,
          pods,
          interval,
          readsPerMinute,
          provisioning.toMillis() / 1e3,
          total,
          pods / total,
          pct(latencies, 50),
          pct(latencies, 90),
          pct(latencies, 99),
          pct(latencies, 50) - provisioning.toMillis() / 1e3,
          creates,
          creates / (double) pods,
          createCalls,
          pods,
          steady / (double) window.toSeconds(),
          steadyCalls,
          window.toSeconds(),
          pct(lags, 50),
          lags.get(lags.size() - 1),
          scaleDownSeconds,
          pods,
          (heapAfter - heapBefore) / 1048576.0,
          (heapAfter - heapBefore) / 1024.0 / pods);
    } finally {
      for (V1Pod pod : core.listNamespacedPod(ns).execute().getItems()) {
        core.deleteNamespacedPod(pod.getMetadata().getName(), ns).gracePeriodSeconds(0).execute();
      }
      TestCluster.deleteNamespace(admin, ns);
      try {
        core.deleteNode("bench-aci-1").execute();
      } catch (Exception e) {
        // Already gone.
      }
    }
    System.exit(0);
  }

  private static V1Deployment deployment(int replicas) {
    return Manifests.deployment(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: bench}
        spec:
          replicas: %d
          selector: {matchLabels: {app: bench}}
          template:
            metadata: {labels: {app: bench}}
            spec:
              nodeSelector: {type: virtual-kubelet, burstlet.io/benchmark: bench}
              tolerations: [{key: virtual-kubelet.io/provider, operator: Exists}]
              containers:
                - name: app
                  image: busybox:1.36
                  command: ["/bin/sh", "-c", "sleep 3600"]
                  resources: {requests: {cpu: 100m, memory: 128Mi}}
        """
            .formatted(replicas));
  }

  private static double pct(List<Double> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}

package io.burstlet.bench;

import io.burstlet.emulator.Fault;
import io.burstlet.emulator.FaultInjector;
import io.burstlet.emulator.aci.AciEmulator;
import io.burstlet.emulator.eci.EciEmulator;
import io.burstlet.it.AgentProcess;
import io.burstlet.it.ArmClient;
import io.burstlet.it.ChartRbac;
import io.burstlet.it.Manifests;
import io.burstlet.it.TestCluster;
import io.burstlet.provider.eci.ContainerGroup;
import io.burstlet.provider.eci.DescribeContainerGroupsRequest;
import io.burstlet.provider.eci.DescribeContainerGroupsResponse;
import io.burstlet.provider.eci.EciEndpoint;
import io.burstlet.provider.eci.TeaEciClient;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Taint;
import io.kubernetes.client.util.PatchUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fault suite: the agent as a process of its own, both clouds' emulators in this JVM (so they
 * outlive the agent, as real clouds do), the real control plane, and pods that must never be hurt.
 * Run by {@code hack/chaos/run.sh}; prints Markdown tables for RELIABILITY.md.
 *
 * <ul>
 *   <li>{@code burst PODS SEED...}: half the pods to ACI, half to ECI; for the first three minutes
 *       both clouds throttle, answer 5xx, drop connections, delay calls up to 30 s and apply
 *       creates but answer 5xx (one fault every 400 ms, drawn from the seed), and the agent is
 *       killed (SIGKILL) twice at random moments; per seed: pods lost, duplicate and orphaned
 *       groups after one GC period, Lease lateness.
 *   <li>{@code outage PODS MINUTES}: every cloud call fails for MINUTES with the pods running:
 *       nodes must stay Ready, the zones tainted, no pod evicted, no group deleted; then recovery.
 *   <li>{@code slow PODS SECONDS MINUTES}: every cloud call takes SECONDS for MINUTES: the Leases
 *       must never be late.
 * </ul>
 */
public final class ChaosRun {
  private static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
  private static final String RESOURCE_GROUP = "chaos-rg";
  private static final String ECI_REGION = "cn-hangzhou";
  private static final String ECI_ZONE = "cn-hangzhou-h";
  private static final String KEY_ID = "LTAI-chaos";
  private static final String KEY_SECRET = "chaos-secret-value";
  private static final String ACI_NODE = "chaos-aci-1";
  private static final String ECI_NODE = "chaos-eci-" + ECI_ZONE;
  private static final Duration GC_INTERVAL = Duration.ofSeconds(10);
  private static final Duration ORPHAN_GRACE = Duration.ofSeconds(30);
  private static final Duration LEASE_DURATION = Duration.ofSeconds(40);
  private static final Duration UNREACHABLE_TAINT_WAIT = Duration.ofMinutes(2);

  /** Faults come for this long from the start of the burst, one every {@link #FAULT_EVERY}. */
  private static final Duration FAULT_PHASE = Duration.ofMinutes(3);

  private static final Duration FAULT_EVERY = Duration.ofMillis(400);

  private final ApiClient admin = TestCluster.admin();
  private final CoreV1Api core = new CoreV1Api(admin);
  private final AppsV1Api apps = new AppsV1Api(admin);
  private final Path dir;
  private AciEmulator aci;
  private EciEmulator eci;
  private String ns;
  private ChartRbac rbac;
  private Path config;
  private Path kubeconfig;
  private volatile AgentProcess agent;
  private final Monitor monitor = new Monitor();

  private ChaosRun(Path dir) {
    this.dir = dir;
  }

  public static void main(String[] args) throws Exception {
    String scenario = args.length > 0 ? args[0] : "burst";
    int pods = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    Path dir = Files.createTempDirectory("burstlet-chaos");
    switch (scenario) {
      case "burst" -> {
        System.out.println(
            "| seed | pods | faults injected | agent kills | all Running after | of which after"
                + " the faults | pods lost | duplicate groups | orphaned groups after GC | groups"
                + " left after scale-down | Lease age max | Ready≠True seen |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (int i = 2; i < Math.max(3, args.length); i++) {
          long seed = args.length > i ? Long.parseLong(args[i]) : 1;
          ChaosRun run = new ChaosRun(Files.createDirectories(dir.resolve("seed-" + seed)));
          System.out.println(run.cleanedUp(() -> run.burst(pods, seed)));
        }
      }
      case "outage" -> {
        Duration outage = Duration.ofMinutes(args.length > 2 ? Long.parseLong(args[2]) : 10);
        System.out.println(
            "| pods | cloud down for | both zones tainted after | Ready≠True seen | pods evicted |"
                + " groups deleted | Lease age max | taints cleared after recovery |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        ChaosRun run = new ChaosRun(dir);
        System.out.println(run.cleanedUp(() -> run.outage(pods, outage)));
      }
      case "slow" -> {
        Duration delay = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 120);
        Duration span = Duration.ofMinutes(args.length > 3 ? Long.parseLong(args[3]) : 5);
        System.out.println(
            "| pods | every cloud call delayed by | for | Lease age max | Ready≠True seen |"
                + " pods lost |");
        System.out.println("|---|---|---|---|---|---|");
        ChaosRun run = new ChaosRun(dir);
        System.out.println(run.cleanedUp(() -> run.slow(pods, delay, span)));
      }
      default -> throw new IllegalArgumentException("scenario: burst, outage or slow");
    }
    System.exit(0);
  }

  private interface Scenario {
    String run() throws Exception;
  }

  /** Runs a scenario and cleans up after it, also when the run is interrupted (Ctrl-C). */
  private String cleanedUp(Scenario scenario) throws Exception {
    Thread hook = new Thread(this::closeQuietly, "chaos-clean-up");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return scenario.run();
    } finally {
      closeQuietly();
      Runtime.getRuntime().removeShutdownHook(hook);
    }
  }

  // --- scenarios ---

  private String burst(int pods, long seed) throws Exception {
    start();
    Random random = new Random(seed);
    Map<String, AtomicInteger> injected = new TreeMap<>();
    AtomicLong faultsUntil = new AtomicLong(System.nanoTime() + FAULT_PHASE.toNanos());
    Thread faults =
        daemon(
            "chaos-faults",
            () -> {
              while (System.nanoTime() < faultsUntil.get()) {
                injectRandomFault(random, injected);
                sleep(FAULT_EVERY);
              }
            });
    Instant begin = Instant.now();
    deploy(pods);
    faults.start();
    int kills = 0;
    for (int k = 0; k < 2; k++) {
      sleep(Duration.ofSeconds(5 + random.nextInt(40)));
      agent.kill();
      kills++;
      agent = AgentProcess.start(config, kubeconfig, dir);
    }
    Duration allRunning = awaitRunning(pods, begin, Duration.ofMinutes(15));
    Duration afterFaults =
        allRunning == null
            ? null
            : allRunning.minus(FAULT_PHASE).isNegative()
                ? Duration.ZERO
                : allRunning.minus(FAULT_PHASE);
    faultsUntil.set(0);
    faults.join();
    clearFaults();
    // One GC period after the faults: every orphan must be gone by now.
    sleep(ORPHAN_GRACE.plus(GC_INTERVAL.multipliedBy(2)));
    Audit audit = audit();
    scale(0);
    awaitNoPods(Duration.ofMinutes(5));
    sleep(ORPHAN_GRACE.plus(GC_INTERVAL.multipliedBy(2)));
    Audit after = audit();
    return String.format(
        Locale.ROOT,
        "| %d | %d | %s | %d | %s | %s | %d | %d | %d | %d | %ds | %d |",
        seed,
        pods,
        injected.toString().replaceAll("[{}]", ""),
        kills,
        allRunning == null ? "never (15 min)" : allRunning.toSeconds() + " s",
        afterFaults == null ? "—" : afterFaults.toSeconds() + " s",
        monitor.lost(),
        audit.duplicates(),
        audit.orphans(),
        after.groups(),
        monitor.leaseAgeMax().toSeconds(),
        monitor.notReadySeen());
  }

  private String outage(int pods, Duration outage) throws Exception {
    start();
    Instant begin = Instant.now();
    deploy(pods);
    Duration allRunning = awaitRunning(pods, begin, Duration.ofMinutes(10));
    if (allRunning == null) {
      throw new IllegalStateException("pods did not all reach Running before the outage");
    }
    Set<String> before = podUids();
    aci.faults().resetCalls();
    eci.faults().resetCalls();
    monitor.reset();
    aci.faults().always(FaultInjector.ANY, new Fault.ServerError(503));
    eci.faults().always(FaultInjector.ANY, new Fault.ServerError(503));
    Instant outageStart = Instant.now();
    Duration tainted = null;
    while (Duration.between(outageStart, Instant.now()).compareTo(outage) < 0) {
      if (tainted == null && unreachableTainted(ACI_NODE) && unreachableTainted(ECI_NODE)) {
        tainted = Duration.between(outageStart, Instant.now());
      }
      sleep(Duration.ofSeconds(1));
    }
    long deletes =
        aci.faults().calls("DELETE containerGroups") + eci.faults().calls("DeleteContainerGroup");
    Set<String> during = podUids();
    clearFaults();
    Instant recoveryStart = Instant.now();
    Duration cleared = null;
    while (Duration.between(recoveryStart, Instant.now()).compareTo(UNREACHABLE_TAINT_WAIT) < 0) {
      if (!unreachableTainted(ACI_NODE) && !unreachableTainted(ECI_NODE)) {
        cleared = Duration.between(recoveryStart, Instant.now());
        break;
      }
      sleep(Duration.ofSeconds(1));
    }
    Set<String> evicted = new HashSet<>(before);
    evicted.removeAll(during);
    return String.format(
        Locale.ROOT,
        "| %d | %d min | %s | %d | %d | %d | %ds | %s |",
        pods,
        outage.toMinutes(),
        tainted == null ? "never" : tainted.toSeconds() + " s",
        monitor.notReadySeen(),
        evicted.size(),
        deletes,
        monitor.leaseAgeMax().toSeconds(),
        cleared == null ? "not within 2 min" : cleared.toSeconds() + " s");
  }

  private String slow(int pods, Duration delay, Duration span) throws Exception {
    start();
    Instant begin = Instant.now();
    deploy(pods);
    if (awaitRunning(pods, begin, Duration.ofMinutes(10)) == null) {
      throw new IllegalStateException("pods did not all reach Running before the slow cloud");
    }
    monitor.reset();
    aci.faults().always(FaultInjector.ANY, new Fault.Delay(delay));
    eci.faults().always(FaultInjector.ANY, new Fault.Delay(delay));
    sleep(span);
    clearFaults();
    return String.format(
        Locale.ROOT,
        "| %d | %d s | %d min | %ds | %d | %d |",
        pods,
        delay.toSeconds(),
        span.toMinutes(),
        monitor.leaseAgeMax().toSeconds(),
        monitor.notReadySeen(),
        monitor.lost());
  }

  // --- set-up ---

  private void start() throws Exception {
    aci =
        AciEmulator.builder()
            .pending(Duration.ofMillis(500))
            .creating(Duration.ofSeconds(1))
            .build()
            .start();
    eci =
        EciEmulator.builder()
            .https(true)
            .accessKey(KEY_ID, KEY_SECRET)
            .region(ECI_REGION)
            .zone(ECI_ZONE, List.of("vsw-chaos"))
            .securityGroups("sg-chaos")
            .build()
            .start();
    ns = TestCluster.createNamespace(admin, "chaos");
    Path aciCa = Files.writeString(dir.resolve("aci.pem"), aci.certificatePem());
    Path eciCa = Files.writeString(dir.resolve("eci.pem"), eci.certificatePem());
    Path keyId = Files.writeString(dir.resolve("key-id"), KEY_ID);
    Path keySecret = Files.writeString(dir.resolve("key-secret"), KEY_SECRET);
    config =
        Files.writeString(
            dir.resolve("config.yaml"),
            """
            clusterName: chaos
            nodeNamePrefix: chaos
            nodeAddress: 127.0.0.1
            kubeletPort: %d
            metricsPort: 0
            node: {healthCheckInterval: 5s}
            pods: {statusSyncInterval: 2s, gcInterval: %ds, orphanGracePeriod: %ds, workers: 16}
            providers:
              - name: aci
                type: aci
                region: westeurope
                subscriptionId: %s
                resourceGroup: %s
                endpoint: %s
                caFile: %s
                capacity: {cpu: "1000", memory: 4Ti, pods: "5000"}
                labels: {burstlet.io/benchmark: chaos}
                zones: [{zone: "1"}]
              - name: eci
                type: eci
                region: %s
                endpoint: %s
                caFile: %s
                securityGroupId: sg-chaos
                credentials: {accessKeyIdFile: %s, accessKeySecretFile: %s}
                capacity: {cpu: "1000", memory: 4Ti, pods: "5000"}
                labels: {burstlet.io/benchmark: chaos}
                zones: [{zone: %s, vSwitchId: vsw-chaos}]
            """
                .formatted(
                    TestCluster.freePort(),
                    GC_INTERVAL.toSeconds(),
                    ORPHAN_GRACE.toSeconds(),
                    SUBSCRIPTION,
                    RESOURCE_GROUP,
                    aci.baseUri(),
                    aciCa,
                    ECI_REGION,
                    eci.baseUri(),
                    eciCa,
                    keyId,
                    keySecret,
                    ECI_ZONE));
    rbac = ChartRbac.apply(admin, ns, Files.readString(config));
    kubeconfig = rbac.writeKubeconfig(dir);
    agent = AgentProcess.start(config, kubeconfig, dir);
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (!ready(ACI_NODE) || !ready(ECI_NODE) || tainted(ACI_NODE) || tainted(ECI_NODE)) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("nodes not Ready and untainted; agent:\n" + agent.output());
      }
      sleep(Duration.ofSeconds(1));
    }
    daemon("chaos-monitor", monitor::run).start();
  }

  private void deploy(int pods) throws ApiException {
    for (String node : List.of(ACI_NODE, ECI_NODE)) {
      int replicas = node.equals(ACI_NODE) ? pods / 2 : pods - pods / 2;
      apps.createNamespacedDeployment(
              ns,
              Manifests.deployment(
                  """
                  apiVersion: apps/v1
                  kind: Deployment
                  metadata: {name: %s}
                  spec:
                    replicas: %d
                    selector: {matchLabels: {app: %s}}
                    template:
                      metadata: {labels: {app: %s}}
                      spec:
                        nodeSelector: {kubernetes.io/hostname: %s}
                        tolerations: [{key: virtual-kubelet.io/provider, operator: Exists}]
                        containers:
                          - name: app
                            image: nginx:1.25
                            resources: {requests: {cpu: 250m, memory: 512Mi}}
                  """
                      .formatted(node, replicas, node, node, node)))
          .execute();
    }
  }

  private void scale(int replicas) throws ApiException {
    for (String node : List.of(ACI_NODE, ECI_NODE)) {
      PatchUtils.patch(
          Object.class,
          () ->
              apps.patchNamespacedDeployment(
                      node, ns, new V1Patch("{\"spec\":{\"replicas\":" + replicas + "}}"))
                  .buildCall(null),
          V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
          admin);
    }
  }

  // --- faults ---

  /** One fault on the next call of one cloud, drawn from the seed. */
  private void injectRandomFault(Random random, Map<String, AtomicInteger> injected) {
    boolean onAci = random.nextBoolean();
    FaultInjector faults = onAci ? aci.faults() : eci.faults();
    String create = onAci ? "PUT containerGroups" : "CreateContainerGroup";
    int kind = random.nextInt(100);
    Fault fault;
    String operation = FaultInjector.ANY;
    String name;
    if (kind < 35) {
      fault = new Fault.Throttle(Duration.ofSeconds(1 + random.nextInt(5)));
      name = "throttle";
    } else if (kind < 60) {
      fault = new Fault.ServerError(random.nextBoolean() ? 500 : 503);
      name = "5xx";
    } else if (kind < 75) {
      fault = new Fault.Drop();
      name = "drop";
    } else if (kind < 80) {
      fault = new Fault.Delay(Duration.ofSeconds(30));
      name = "delay 30 s";
    } else if (kind < 90) {
      fault = new Fault.Delay(Duration.ofMillis(500 + random.nextInt(4500)));
      name = "delay <5 s";
    } else {
      fault = new Fault.ApplyThenFail(500);
      operation = create;
      name = "apply-then-fail";
    }
    faults.once(operation, fault);
    injected.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
  }

  private void clearFaults() {
    aci.faults().clear();
    eci.faults().clear();
  }

  // --- observations ---

  /** How long until every wanted pod is Running, or null when not within {@code limit}. */
  private Duration awaitRunning(int pods, Instant begin, Duration limit) throws Exception {
    while (Duration.between(begin, Instant.now()).compareTo(limit) < 0) {
      long running =
          core.listNamespacedPod(ns).execute().getItems().stream()
              .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
              .filter(p -> "Running".equals(p.getStatus().getPhase()))
              .count();
      if (running >= pods) {
        return Duration.between(begin, Instant.now());
      }
      sleep(Duration.ofSeconds(1));
    }
    return null;
  }

  private void awaitNoPods(Duration limit) throws Exception {
    Instant deadline = Instant.now().plus(limit);
    while (!core.listNamespacedPod(ns).execute().getItems().isEmpty()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("pods still there after scale-down");
      }
      sleep(Duration.ofSeconds(1));
    }
  }

  private Set<String> podUids() throws ApiException {
    Set<String> uids = new HashSet<>();
    for (V1Pod pod : core.listNamespacedPod(ns).execute().getItems()) {
      uids.add(pod.getMetadata().getUid());
    }
    return uids;
  }

  /** Groups in both clouds against the pods that exist now. */
  private record Audit(int groups, int duplicates, int orphans) {}

  private Audit audit() throws Exception {
    Set<String> live = new HashSet<>();
    for (String uid : podUids()) {
      live.add(uid.replace("-", ""));
    }
    Map<String, Integer> perPod = new HashMap<>();
    List<String> aciGroups =
        new ArmClient(aci.baseUri(), aci.certificatePem()).groupNames(SUBSCRIPTION, RESOURCE_GROUP);
    for (String name : aciGroups) {
      perPod.merge(name.replaceFirst("^bl-", ""), 1, Integer::sum);
    }
    List<ContainerGroup> eciGroups = eciGroups();
    for (ContainerGroup g : eciGroups) {
      String uid = g.tag("burstlet.io/pod-uid");
      perPod.merge(uid == null ? "?" : uid.replace("-", ""), 1, Integer::sum);
    }
    int duplicates = 0;
    int orphans = 0;
    for (Map.Entry<String, Integer> e : perPod.entrySet()) {
      duplicates += e.getValue() - 1;
      if (!live.contains(e.getKey())) {
        orphans += e.getValue();
      }
    }
    return new Audit(aciGroups.size() + eciGroups.size(), duplicates, orphans);
  }

  private List<ContainerGroup> eciGroups() throws Exception {
    List<ContainerGroup> groups = new ArrayList<>();
    try (TeaEciClient client =
        new TeaEciClient(
            EciEndpoint.parse(eci.baseUri().toString(), dir.resolve("eci.pem").toString()),
            ECI_REGION,
            KEY_ID,
            KEY_SECRET,
            Duration.ofSeconds(30))) {
      String token = null;
      for (int page = 0; page < 10_000; page++) {
        DescribeContainerGroupsResponse response =
            client.describeContainerGroups(
                new DescribeContainerGroupsRequest(
                    ECI_REGION, null, List.of(), null, List.of(), 20, token));
        groups.addAll(response.containerGroups());
        token = response.nextToken();
        if (token == null || token.isEmpty()) {
          return groups;
        }
      }
    }
    throw new IllegalStateException("ECI listing did not end");
  }

  private boolean ready(String node) throws ApiException {
    try {
      V1Node n = core.readNode(node).execute();
      return n.getStatus().getConditions().stream()
          .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private boolean tainted(String node) throws ApiException {
    List<V1Taint> taints = core.readNode(node).execute().getSpec().getTaints();
    return taints != null
        && taints.stream().anyMatch(t -> !t.getKey().startsWith("virtual-kubelet.io/"));
  }

  private boolean unreachableTainted(String node) throws ApiException {
    List<V1Taint> taints = core.readNode(node).execute().getSpec().getTaints();
    return taints != null
        && taints.stream().anyMatch(t -> t.getKey().equals("burstlet.io/cloud-unreachable"));
  }

  /**
   * Watches, once a second, what users would see go wrong: pods that failed (a lost pod), node
   * Ready conditions other than True, and how old each node's Lease got.
   */
  private final class Monitor {
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger notReady = new AtomicInteger();
    private final AtomicLong leaseAgeMaxMillis = new AtomicLong();
    private volatile boolean stopped;

    void run() {
      CoordinationV1Api leases = new CoordinationV1Api(admin);
      while (!stopped) {
        try {
          for (V1Pod pod : core.listNamespacedPod(ns).execute().getItems()) {
            if ("Failed".equals(pod.getStatus().getPhase())) {
              failed.add(pod.getMetadata().getUid());
            }
          }
          for (String node : List.of(ACI_NODE, ECI_NODE)) {
            V1Node n = core.readNode(node).execute();
            for (V1NodeCondition c : n.getStatus().getConditions()) {
              if ("Ready".equals(c.getType()) && !"True".equals(c.getStatus())) {
                notReady.incrementAndGet();
              }
            }
            V1Lease lease = leases.readNamespacedLease(node, "kube-node-lease").execute();
            long age =
                Duration.between(lease.getSpec().getRenewTime().toInstant(), Instant.now())
                    .toMillis();
            leaseAgeMaxMillis.accumulateAndGet(age, Math::max);
          }
        } catch (ApiException | RuntimeException e) {
          // The API server is not the subject here; look again next second.
        }
        sleep(Duration.ofSeconds(1));
      }
    }

    void reset() {
      failed.clear();
      notReady.set(0);
      leaseAgeMaxMillis.set(0);
    }

    int lost() {
      return failed.size();
    }

    int notReadySeen() {
      return notReady.get();
    }

    Duration leaseAgeMax() {
      return Duration.ofMillis(leaseAgeMaxMillis.get());
    }
  }

  // --- clean-up ---

  private synchronized void closeQuietly() {
    try {
      close();
    } catch (Exception e) {
      System.err.println("clean-up: " + e);
    }
  }

  private void close() throws Exception {
    monitor.stopped = true;
    if (agent != null) {
      agent.kill();
      agent = null;
    }
    if (ns != null) {
      TestCluster.deleteNamespace(admin, ns);
      ns = null;
    }
    if (rbac != null) {
      rbac.close();
      rbac = null;
    }
    for (String node : List.of(ACI_NODE, ECI_NODE)) {
      try {
        core.deleteNode(node).execute();
      } catch (ApiException e) {
        // Not registered.
      }
    }
    if (aci != null) {
      aci.close();
      aci = null;
    }
    if (eci != null) {
      eci.close();
      eci = null;
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}

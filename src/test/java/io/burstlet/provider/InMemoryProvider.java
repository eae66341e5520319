package io.burstlet.provider;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateRunning;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodIP;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A provider whose "cloud" is a map in memory: a fake of our own SPI for contract and gRPC tests.
 * It keeps the SPI contract (idempotent create by UID, delete of a missing pod succeeds, statuses
 * pushed to every listener) and lets a test make pods run or vanish, fail the next call with any
 * exception, and hold calls at a gate.
 */
public final class InMemoryProvider implements Provider {
  private final String name;
  private final String cloud;
  private final String region;
  private final Map<String, Map<String, String>> capacityByZone;
  private final Map<String, Group> groups = new ConcurrentHashMap<>();
  private final List<PodStatusListener> listeners = new CopyOnWriteArrayList<>();

  /** Per pod UID and container: each log line with when it was written, as a cloud keeps them. */
  private final Map<String, List<LogLine>> logs = new ConcurrentHashMap<>();

  private volatile int logWindow = Integer.MAX_VALUE;
  private final AtomicReference<ProviderException> nextFailure = new AtomicReference<>();
  private final AtomicReference<RuntimeException> nextBug = new AtomicReference<>();
  private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
  private final AtomicReference<PodRequest> lastCreate = new AtomicReference<>();
  private final AtomicInteger creates = new AtomicInteger();
  private final AtomicInteger starts = new AtomicInteger();

  private record Group(String groupName, PodRequest request, V1PodStatus status) {}

  public InMemoryProvider(
      String name, String cloud, String region, Map<String, Map<String, String>> capacityByZone) {
    this.name = name;
    this.cloud = cloud;
    this.region = region;
    this.capacityByZone = new LinkedHashMap<>(capacityByZone);
  }

  /** "mem" in region "westeurope" of cloud "azure", serving zones "1" and "2". */
  public static InMemoryProvider standard() {
    Map<String, Map<String, String>> zones = new LinkedHashMap<>();
    zones.put("1", Map.of("cpu", "1000", "memory", "4Ti", "pods", "1000"));
    zones.put("2", Map.of("cpu", "200", "memory", "800Gi", "pods", "100", "nvidia.com/gpu", "8"));
    return new InMemoryProvider("mem", "azure", "westeurope", zones);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String cloud() {
    return cloud;
  }

  @Override
  public List<String> zones() {
    return List.copyOf(capacityByZone.keySet());
  }

  @Override
  public String region() {
    return region;
  }

  @Override
  public Map<String, String> capacity(String zone) {
    return capacityByZone.getOrDefault(zone, Map.of());
  }

  @Override
  public void checkHealth(String zone) throws ProviderException {
    enter();
    requireZone(zone);
  }

  @Override
  public void start(PodStatusListener listener) throws ProviderException {
    enter();
    starts.incrementAndGet();
    listeners.add(listener);
  }

  @Override
  public void createPod(PodRequest request) throws ProviderException {
    enter();
    requireZone(request.ref().zone());
    if (Boolean.TRUE.equals(request.pod().getSpec().getHostNetwork())) {
      throw new UnsupportedPodException("spec.hostNetwork", "host networking is not available");
    }
    lastCreate.set(request);
    String uid = request.ref().uid();
    V1PodStatus pending = new V1PodStatus().phase("Pending");
    Group created = new Group("bl-" + uid.replace("-", ""), request, pending);
    if (groups.putIfAbsent(uid, created) == null) {
      creates.incrementAndGet();
      push(request.ref(), pending);
    }
  }

  @Override
  public void deletePod(PodRef pod) throws ProviderException {
    enter();
    if (groups.remove(pod.uid()) != null) {
      listeners.forEach(l -> l.onGone(pod));
    }
  }

  @Override
  public Optional<V1PodStatus> getPodStatus(PodRef pod) throws ProviderException {
    enter();
    return Optional.ofNullable(groups.get(pod.uid())).map(Group::status);
  }

  @Override
  public List<CloudPod> listPods(String zone) throws ProviderException {
    enter();
    requireZone(zone);
    List<CloudPod> pods = new ArrayList<>();
    for (Group g : groups.values()) {
      if (g.request().ref().zone().equals(zone)) {
        pods.add(new CloudPod(g.groupName(), g.request().ref(), g.status()));
      }
    }
    return pods;
  }

  @Override
  public String containerLogs(PodRef pod, String container, LogOptions options)
      throws ProviderException {
    enter();
    group(pod);
    List<LogLine> lines = logs.getOrDefault(pod.uid() + "/" + container, List.of());
    if (options.sinceSeconds() != null) {
      Instant from = Instant.now().minusSeconds(options.sinceSeconds());
      lines = lines.stream().filter(l -> !l.at().isBefore(from)).toList();
    }
    int keep = Math.min(logWindow, options.tailLines() == null ? logWindow : options.tailLines());
    lines = lines.subList(Math.max(0, lines.size() - keep), lines.size());
    StringBuilder text = new StringBuilder();
    for (LogLine line : lines) {
      if (options.timestamps()) {
        text.append(line.at()).append(' ');
      }
      text.append(line.text()).append('\n');
    }
    return text.toString();
  }

  private record LogLine(Instant at, String text) {}

  @Override
  public ExecTarget exec(PodRef pod, String container, List<String> command, boolean tty)
      throws ProviderException {
    enter();
    Group g = group(pod);
    return new ExecTarget(
        "wss://exec.example/" + g.groupName() + "/" + container + "?tty=" + tty + "&t=one-time",
        "pw-" + String.join("-", command));
  }

  // --- test controls ---

  /** Makes the pod's group run: Running, Ready, with IPs and start times; pushes the status. */
  public void run(PodRef pod) {
    Group g = groups.get(pod.uid());
    if (g == null) {
      throw new IllegalStateException("no group for " + pod);
    }
    // Kubernetes JSON carries microseconds in UTC, so that is what a status holds.
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    V1PodStatus status =
        new V1PodStatus()
            .phase("Running")
            .podIP("10.240.0.7")
            .addPodIPsItem(new V1PodIP().ip("10.240.0.7"))
            .hostIP("10.240.0.7")
            .startTime(now.minusSeconds(3))
            .addConditionsItem(
                new V1PodCondition().type("Ready").status("True").lastTransitionTime(now));
    for (V1Container c : g.request().pod().getSpec().getContainers()) {
      status.addContainerStatusesItem(
          new V1ContainerStatus()
              .name(c.getName())
              .image(c.getImage())
              .imageID("")
              .ready(true)
              .started(true)
              .restartCount(0)
              .state(new V1ContainerState().running(new V1ContainerStateRunning().startedAt(now))));
    }
    groups.put(pod.uid(), new Group(g.groupName(), g.request(), status));
    push(pod, status);
  }

  /** Pushes a status for a pod, as a sweep would after a change. */
  public void push(PodRef pod, V1PodStatus status) {
    listeners.forEach(l -> l.onStatus(pod, status));
  }

  /** The group disappears from the cloud (deleted behind our back); pushes gone. */
  public void vanish(PodRef pod) {
    if (groups.remove(pod.uid()) != null) {
      listeners.forEach(l -> l.onGone(pod));
    }
  }

  public void setLog(PodRef pod, String container, String text) {
    logs.compute(
        pod.uid() + "/" + container,
        (key, old) -> {
          // Lines already there keep their time; new ones are written now, a nanosecond apart.
          List<String> texts = text.lines().toList();
          List<LogLine> lines = new ArrayList<>();
          Instant now = Instant.now();
          for (int i = 0; i < texts.size(); i++) {
            boolean kept = old != null && i < old.size() && old.get(i).text().equals(texts.get(i));
            lines.add(kept ? old.get(i) : new LogLine(now.plusNanos(i), texts.get(i)));
          }
          return List.copyOf(lines);
        });
  }

  /** The cloud returns at most the last {@code lines} lines of a log, as ECI does (2 000). */
  public void setLogWindow(int lines) {
    logWindow = lines;
  }

  /** The next SPI call (any method that talks to the "cloud") throws {@code e}. */
  public void failNext(ProviderException e) {
    nextFailure.set(e);
  }

  /** The next SPI call throws {@code e}, as a buggy provider would. */
  public void crashNext(RuntimeException e) {
    nextBug.set(e);
  }

  /** Every SPI call waits until {@code g} opens (or 30 s pass). */
  public void holdCallsAt(CountDownLatch g) {
    gate.set(g);
  }

  /** The last request createPod accepted, as the provider received it. */
  public PodRequest lastCreate() {
    return lastCreate.get();
  }

  /** How many groups were actually created (idempotent retries do not count). */
  public int creates() {
    return creates.get();
  }

  /** How many times start() was called. */
  public int starts() {
    return starts.get();
  }

  public void removeListeners() {
    listeners.clear();
  }

  private void enter() throws ProviderException {
    CountDownLatch g = gate.get();
    if (g != null) {
      try {
        g.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    RuntimeException bug = nextBug.getAndSet(null);
    if (bug != null) {
      throw bug;
    }
    ProviderException failure = nextFailure.getAndSet(null);
    if (failure != null) {
      throw failure;
    }
  }

  private void requireZone(String zone) throws CloudRejectedException {
    if (!capacityByZone.containsKey(zone)) {
      throw new CloudRejectedException("InvalidZone", "zone " + zone + " is not served");
    }
  }

  private Group group(PodRef pod) throws CloudRejectedException {
    Group g = groups.get(pod.uid());
    if (g == null) {
      throw new CloudRejectedException("ContainerGroupNotFound", "no group for " + pod);
    }
    return g;
  }
}

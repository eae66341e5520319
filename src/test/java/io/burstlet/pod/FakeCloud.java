package io.burstlet.pod;

import io.burstlet.provider.CloudPod;
import io.burstlet.provider.LogOptions;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodRequest;
import io.burstlet.provider.PodStatusListener;
import io.burstlet.provider.Provider;
import io.burstlet.provider.ProviderException;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateRunning;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory cloud implementing our own provider SPI, scriptable from tests: groups live in a
 * map, status changes are pushed from a separate thread like a real sweep, and create calls can be
 * made to fail (before or after taking effect) or to block.
 */
final class FakeCloud implements Provider {
  private final String zone;
  private final Map<String, CloudPod> groups = new ConcurrentHashMap<>();
  private final List<PodRequest> creates = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> deletes = new ConcurrentHashMap<>();
  private final Map<String, Deque<ProviderException>> failBefore = new ConcurrentHashMap<>();
  private final Map<String, ProviderException> failAfter = new ConcurrentHashMap<>();
  private final Map<String, RuntimeException> crashes = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> blocks = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> deleteLag = new ConcurrentHashMap<>();
  private final AtomicInteger starts = new AtomicInteger();
  private final AtomicInteger ips = new AtomicInteger(10);
  private final ExecutorService sweeper = Executors.newSingleThreadExecutor();
  private volatile PodStatusListener listener;

  FakeCloud(String zone) {
    this.zone = zone;
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public String cloud() {
    return "azure";
  }

  @Override
  public List<String> zones() {
    return List.of(zone);
  }

  @Override
  public String region() {
    return "test";
  }

  @Override
  public Map<String, String> capacity(String zone) {
    return Map.of("cpu", "100", "memory", "100Gi", "pods", "100");
  }

  @Override
  public void checkHealth(String zone) {}

  @Override
  public void start(PodStatusListener listener) {
    this.listener = listener;
    starts.incrementAndGet();
  }

  @Override
  public void createPod(PodRequest request) throws ProviderException {
    String name = request.ref().name();
    creates.add(request);
    CountDownLatch block = blocks.remove(name);
    if (block != null) {
      try {
        block.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    RuntimeException crash = crashes.get(name);
    if (crash != null) {
      throw crash;
    }
    Deque<ProviderException> before = failBefore.get(name);
    ProviderException early = before == null ? null : before.poll();
    if (early != null) {
      throw early;
    }
    PodRef ref = request.ref();
    CloudPod group = new CloudPod("fake-" + ref.uid(), ref, running(request));
    boolean created = groups.putIfAbsent(ref.uid(), group) == null;
    ProviderException late = failAfter.remove(name);
    if (late != null) {
      throw late;
    }
    if (created) {
      push(ref, group.status());
    }
  }

  @Override
  public void deletePod(PodRef pod) {
    deletes.computeIfAbsent(pod.uid(), u -> new AtomicInteger()).incrementAndGet();
    AtomicInteger lag = deleteLag.get(pod.name());
    if (lag != null && lag.getAndDecrement() > 0) {
      return; // the cloud accepted the delete but still lists the group for a while
    }
    if (groups.remove(pod.uid()) != null) {
      gone(pod);
    }
  }

  @Override
  public Optional<V1PodStatus> getPodStatus(PodRef pod) {
    return Optional.ofNullable(groups.get(pod.uid())).map(CloudPod::status);
  }

  @Override
  public List<CloudPod> listPods(String zone) {
    return groups.values().stream().filter(g -> zone.equals(g.pod().zone())).toList();
  }

  @Override
  public String containerLogs(PodRef pod, String container, LogOptions options) {
    return "";
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }

  // --- scripting -----------------------------------------------------------------------------

  /** The next creates of pod {@code name} throw these, in order, without creating anything. */
  /** Every create of {@code name} throws {@code bug}, as a provider with a bug would. */
  void crashCreates(String name, RuntimeException bug) {
    crashes.put(name, bug);
  }

  void failCreates(String name, ProviderException... errors) {
    failBefore.computeIfAbsent(name, n -> new ArrayDeque<>()).addAll(List.of(errors));
  }

  /** The next create of pod {@code name} creates the group and then throws {@code error}. */
  void failAfterCreating(String name, ProviderException error) {
    failAfter.put(name, error);
  }

  /** The next create of pod {@code name} waits for the returned latch. */
  CountDownLatch blockCreate(String name) {
    CountDownLatch latch = new CountDownLatch(1);
    blocks.put(name, latch);
    return latch;
  }

  /** The first {@code calls} deletes of pod {@code name} leave the group listed. */
  void lagDeletes(String name, int calls) {
    deleteLag.put(name, new AtomicInteger(calls));
  }

  /** A group that exists without this controller having created it (adoption, orphans). */
  void addGroup(PodRef ref, V1PodStatus status) {
    groups.put(ref.uid(), new CloudPod("fake-" + ref.uid(), ref, status));
  }

  /** The group disappears behind our back (deleted in the cloud console). */
  void vanish(String uid) {
    CloudPod group = groups.remove(uid);
    if (group != null) {
      gone(group.pod());
    }
  }

  /** Sets a group's status and pushes it. */
  void report(String uid, V1PodStatus status) {
    CloudPod group =
        groups.computeIfPresent(uid, (u, g) -> new CloudPod(g.groupName(), g.pod(), status));
    if (group != null) {
      push(group.pod(), status);
    }
  }

  List<PodRequest> creates() {
    return new ArrayList<>(creates);
  }

  long createsOf(String name) {
    return creates.stream().filter(r -> r.ref().name().equals(name)).count();
  }

  int deletesOf(String uid) {
    AtomicInteger n = deletes.get(uid);
    return n == null ? 0 : n.get();
  }

  boolean hasGroup(String uid) {
    return groups.containsKey(uid);
  }

  int groupCount() {
    return groups.size();
  }

  int starts() {
    return starts.get();
  }

  /** What a healthy group reports: Running, ready, with a fresh IP and sub-second timestamps. */
  V1PodStatus running(PodRequest request) {
    OffsetDateTime now = OffsetDateTime.now();
    List<V1ContainerStatus> containers = new ArrayList<>();
    for (V1Container c : request.pod().getSpec().getContainers()) {
      containers.add(
          new V1ContainerStatus()
              .name(c.getName())
              .image(c.getImage())
              .imageID("")
              .ready(true)
              .started(true)
              .restartCount(0)
              .state(new V1ContainerState().running(new V1ContainerStateRunning().startedAt(now))));
    }
    return new V1PodStatus()
        .phase("Running")
        .podIP("10.1.0." + ips.incrementAndGet())
        .startTime(now)
        .conditions(
            List.of(
                condition("Initialized", now),
                condition("ContainersReady", now),
                condition("Ready", now),
                // Providers may report PodScheduled; the scheduler's must win.
                condition("PodScheduled", now).reason("ScheduledByFakeCloud")))
        .containerStatuses(containers);
  }

  private static V1PodCondition condition(String type, OffsetDateTime now) {
    return new V1PodCondition().type(type).status("True").lastTransitionTime(now);
  }

  private void push(PodRef ref, V1PodStatus status) {
    PodStatusListener l = listener;
    if (l != null) {
      sweeper.execute(() -> l.onStatus(ref, status));
    }
  }

  private void gone(PodRef ref) {
    PodStatusListener l = listener;
    if (l != null) {
      sweeper.execute(() -> l.onGone(ref));
    }
  }
}

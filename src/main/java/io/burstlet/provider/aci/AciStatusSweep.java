package io.burstlet.provider.aci;

import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import io.burstlet.provider.GoneRule;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodStatusListener;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the status of this agent's container groups with few ARM calls and pushes changes.
 *
 * <p>Each pass makes one {@code listByResourceGroup} call (all zones of a provider share the
 * resource group) and keeps the groups tagged with this cluster and one of the provider's nodes.
 * ARM's list omits the instanceView, so a group is then read with a GET only when it is
 * <em>new</em>, <em>changed</em> (provisioningState or tags differ from the last pass), or <em>in
 * transition</em> (its last status was not steady: see {@link AciStatusMapper#isSteady}). Steady
 * running groups are also re-read once they were last read {@code refreshEvery} passes ago, because
 * a container restart or a failing readiness probe changes the instanceView without changing the
 * provisioningState. Terminal groups are not re-read unless ARM shows a change.
 *
 * <p>GETs per pass are capped by a read budget, so a thousand pods cannot throttle the
 * subscription: new and changed groups are read first, then groups in transition, then the steady
 * refreshes that are most overdue. What the budget leaves out is still new, changed or overdue at
 * the next pass, so nothing is lost, only later.
 *
 * <p>The listener hears {@code onStatus} only when the mapped status differs from the last one it
 * was told (the first pass reports every group, which adopts groups after a restart), and {@code
 * onGone} when a group seen before is no longer listed. Passes run on one daemon thread, one at a
 * time; a failed list is logged and retried at the next pass, a failed GET leaves that group's last
 * status in place. {@link #close()} stops the thread.
 */
final class AciStatusSweep implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AciStatusSweep.class);
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

  /** What the last pass knew of one group. */
  private record Tracked(
      PodRef pod,
      String provisioningState,
      Map<String, String> tags,
      V1PodStatus status,
      long readAtPass) {}

  /** A listed group that wants a GET this pass, and how urgently (lower first). */
  private record Candidate(
      ContainerGroupInner item, PodRef pod, Map<String, String> tags, int priority, long readAt) {}

  private final AciGroups groups;
  private final AciStatusMapper mapper;
  private final String clusterName;
  private final Set<String> nodeNames;
  private final Duration interval;
  private final int refreshEvery;
  private final int readsPerPass;
  private final Clock clock;
  private final String threadName;
  private final Map<String, Tracked> tracked = new HashMap<>();
  private volatile Instant lastListSuccess;
  private long pass;
  private final Object lifecycle = new Object();
  private ScheduledExecutorService executor;
  private volatile boolean closed;

  AciStatusSweep(
      AciGroups groups,
      AciStatusMapper mapper,
      String clusterName,
      Set<String> nodeNames,
      Duration interval,
      int refreshEvery,
      int readsPerPass,
      Clock clock,
      String threadName) {
    this.groups = groups;
    this.mapper = mapper;
    this.clusterName = clusterName;
    this.nodeNames = Set.copyOf(nodeNames);
    this.interval = interval;
    this.refreshEvery = Math.max(1, refreshEvery);
    this.readsPerPass = Math.max(1, readsPerPass);
    this.clock = clock;
    this.threadName = threadName;
  }

  /** Starts passes every interval on a daemon thread; the first runs at once. */
  void start(PodStatusListener listener) {
    synchronized (lifecycle) {
      if (executor != null) {
        throw new IllegalStateException("already started");
      }
      executor =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
              });
      executor.scheduleWithFixedDelay(
          () -> {
            try {
              sweep(listener);
            } catch (RuntimeException e) {
              // Never let an exception cancel the schedule.
              LOG.warn("{}: status pass failed: {}", threadName, e.getClass().getSimpleName());
            }
          },
          0,
          interval.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  /** When the last successful list finished, or null. Used to skip redundant health checks. */
  Instant lastListSuccess() {
    return lastListSuccess;
  }

  /** One pass. Called by the scheduled thread, and directly by tests. */
  synchronized void sweep(PodStatusListener listener) {
    pass++;
    List<ContainerGroupInner> listed;
    try {
      listed = groups.list();
    } catch (RuntimeException e) {
      failed(AciErrors.map("list container groups", e, false, Set.of()).getMessage());
      return;
    }
    lastListSuccess = clock.instant();
    Set<String> seen = new HashSet<>();
    Set<String> missingOnRead = new HashSet<>();
    List<Candidate> wanted = new ArrayList<>();
    for (ContainerGroupInner item : listed) {
      String name = item.name();
      if (name == null) {
        continue;
      }
      Optional<PodRef> pod = AciNames.podOf(clusterName, item.tags());
      if (pod.isEmpty() || !nodeNames.contains(pod.get().nodeName())) {
        continue; // another cluster's or another agent's group, or not one of ours at all
      }
      seen.add(name);
      Tracked before = tracked.get(name);
      Map<String, String> tags = item.tags() == null ? Map.of() : Map.copyOf(item.tags());
      boolean changed =
          before == null
              || !Objects.equals(before.provisioningState(), item.provisioningState())
              || !before.tags().equals(tags);
      boolean transitional = before != null && !AciStatusMapper.isSteady(before.status());
      boolean refreshDue =
          before != null
              && !isTerminal(before.status())
              && pass - before.readAtPass() >= refreshEvery;
      int priority = changed ? 0 : transitional ? 1 : refreshDue ? 2 : -1;
      if (priority >= 0) {
        long readAt = before == null ? Long.MIN_VALUE : before.readAtPass();
        wanted.add(new Candidate(item, pod.get(), tags, priority, readAt));
      }
    }
    wanted.sort(Comparator.comparingInt(Candidate::priority).thenComparingLong(Candidate::readAt));
    for (Candidate c : wanted.subList(0, Math.min(readsPerPass, wanted.size()))) {
      String name = c.item().name();
      Tracked before = tracked.get(name);
      ContainerGroupInner full;
      try {
        Optional<ContainerGroupInner> got = groups.get(name);
        if (got.isEmpty()) {
          // Deleted between list and get: this read already confirms it gone, reported below.
          seen.remove(name);
          missingOnRead.add(name);
          continue;
        }
        full = got.get();
      } catch (RuntimeException e) {
        failed(AciErrors.map("get container group " + name, e, false, Set.of()).getMessage());
        continue;
      }
      V1PodStatus status = mapper.map(full);
      tracked.put(name, new Tracked(c.pod(), c.item().provisioningState(), c.tags(), status, pass));
      if (before == null || !Objects.equals(before.status(), status)) {
        notifyStatus(listener, c.pod(), status);
      }
    }
    if (wanted.size() > readsPerPass) {
      LOG.debug(
          "{}: read budget reached; {} groups wait for the next pass",
          threadName,
          wanted.size() - readsPerPass);
    }
    // Gone by the rule every cloud shares (GoneRule): a listing showed each tracked group before,
    // so a missing one is a candidate at once, gone when a read by name after the listing misses
    // it too (a GET above that found nothing was such a read).
    List<String> candidates = new ArrayList<>();
    List<String> gone = new ArrayList<>();
    tracked.forEach(
        (name, t) -> {
          if (!seen.contains(name)) {
            (missingOnRead.contains(name) ? gone : candidates).add(name);
          }
        });
    gone.addAll(
        GoneRule.confirmGone(
            candidates,
            1,
            names -> groups.get(names.get(0)).isPresent() ? Set.of(names.get(0)) : Set.of(),
            e -> failed(AciErrors.map("get container group", e, false, Set.of()).getMessage())));
    for (String name : gone) {
      Tracked t = tracked.remove(name);
      try {
        listener.onGone(t.pod());
      } catch (RuntimeException ex) {
        LOG.warn("{}: listener failed on gone {}: {}", threadName, t.pod(), ex.toString());
      }
    }
  }

  /** A failed call is retried next pass; one cut short by {@link #close()} is not news. */
  private void failed(String message) {
    if (closed) {
      LOG.debug("{}: {}", threadName, message);
    } else {
      LOG.warn("{}: {}", threadName, message);
    }
  }

  private void notifyStatus(PodStatusListener listener, PodRef pod, V1PodStatus status) {
    try {
      listener.onStatus(pod, status);
    } catch (RuntimeException e) {
      LOG.warn("{}: listener failed on {}: {}", threadName, pod, e.toString());
    }
  }

  private static boolean isTerminal(V1PodStatus status) {
    return status != null
        && ("Succeeded".equals(status.getPhase()) || "Failed".equals(status.getPhase()));
  }

  @Override
  public void close() {
    // Not synchronized with sweep(): closing must not wait long for a pass stuck on a slow call.
    closed = true;
    ScheduledExecutorService stopping;
    synchronized (lifecycle) {
      stopping = executor;
      executor = null;
    }
    if (stopping != null) {
      stopping.shutdown(); // a pass in progress may finish, briefly
      try {
        if (!stopping.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          stopping.shutdownNow();
        }
      } catch (InterruptedException e) {
        stopping.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}

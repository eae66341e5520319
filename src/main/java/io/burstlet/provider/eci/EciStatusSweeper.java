package io.burstlet.provider.eci;

import io.burstlet.provider.GoneRule;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodStatusListener;
import io.burstlet.provider.ProviderException;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the pod statuses of this cluster's ECI groups current with few calls, and tells the
 * listener only what changed.
 *
 * <p>Every interval, per zone, one {@code DescribeContainerGroupStatus} (filtered by the cluster
 * tag) asks only for groups whose status changed in the last interval plus slack ({@code
 * SinceSecond}); overlapping windows are harmless because unchanged statuses are not reported
 * again. Groups seen for the first time (created by another replica, or before a restart) are
 * fetched in batches of 20 by id to learn their identity tags; groups that failed to schedule get
 * their events fetched to explain why. A full {@code DescribeContainerGroups} listing runs at start
 * and every {@code fullResyncInterval} to adopt everything and to detect groups that are gone,
 * which are confirmed by id before {@code onGone} is sent. A full listing that failed in any zone
 * is retried at the next sweep. Groups this provider deleted ({@link #deleted}) are looked up by id
 * every sweep until they are gone, so their {@code onGone} follows the end of ECI's {@code
 * Terminating} within an interval rather than at the next full listing. Never a describe per pod.
 *
 * <p>Lifecycle: {@link #start()} runs the first full listing and schedules the sweep on one daemon
 * thread; {@link #close()} stops it. {@link #sweep()} is the unit of work, also called by tests.
 */
final class EciStatusSweeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EciStatusSweeper.class);
  private final Set<String> failing = ConcurrentHashMap.newKeySet();

  private final EciClient client;
  private final String region;
  private final List<String> zones;
  private final String cluster;
  private final Duration interval;
  private final Duration fullResyncInterval;
  private final Clock clock;
  private final PodStatusListener listener;
  private final String threadName;

  /** Tracked groups by ECI id. */
  private final Map<String, Tracked> groups = new ConcurrentHashMap<>();

  /** Ids of tracked groups a full listing has shown. */
  private final Set<String> listed = ConcurrentHashMap.newKeySet();

  /** Ids of tracked groups this provider deleted that may still exist (Terminating). */
  private final Set<String> deleting = ConcurrentHashMap.newKeySet();

  /** Per zone: when the last successful sweep (delta or full) of that zone started. */
  private final Map<String, Instant> lastSweep = new HashMap<>();

  private Instant lastFull;
  private ScheduledExecutorService executor;

  /**
   * @param pod the pod the group was created for
   * @param since when Burstlet first knew of the group (guards gone detection)
   * @param snapshot the last state seen, or null before the first observation
   * @param reported the status last sent to the listener, or null
   */
  record Tracked(
      PodRef pod, String groupId, Instant since, GroupSnapshot snapshot, V1PodStatus reported) {}

  EciStatusSweeper(
      EciClient client,
      String region,
      List<String> zones,
      String cluster,
      Duration interval,
      Clock clock,
      PodStatusListener listener,
      String threadName) {
    this.client = Objects.requireNonNull(client, "client");
    this.region = Objects.requireNonNull(region, "region");
    this.zones = List.copyOf(zones);
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.interval = Objects.requireNonNull(interval, "interval");
    this.fullResyncInterval = max(Duration.ofMinutes(1), interval.multipliedBy(6));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.threadName = threadName;
  }

  /** Runs the first full listing (best effort: a failure is retried by the next sweep). */
  synchronized void start() {
    if (executor != null) {
      return;
    }
    sweep();
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(1, interval.toMillis());
    executor.scheduleWithFixedDelay(this::sweep, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  /**
   * One round: a full listing when due, otherwise status deltas; then the lookup of deleted groups.
   * Never throws.
   */
  synchronized void sweep() {
    Instant now = clock.instant();
    boolean fullDue = lastFull == null || !now.isBefore(lastFull.plus(fullResyncInterval));
    if (fullDue) {
      if (fullResync(now)) {
        lastFull = now;
      }
    } else {
      sweepDeltas(now);
    }
    confirmDeleted();
  }

  private void sweepDeltas(Instant now) {
    for (String zone : zones) {
      // Never older than the last full listing, so a window never exceeds the resync interval:
      // after a longer outage the full listing is due anyway.
      Instant since = lastSweep.getOrDefault(zone, lastFull);
      try {
        deltas(zone, since, now);
        lastSweep.put(zone, now);
        recovered("ECI status sweep of zone " + zone);
      } catch (ProviderException | RuntimeException e) {
        failed("ECI status sweep of zone " + zone, e);
      }
    }
  }

  /** Starts tracking a group this replica just created, so its first delta needs no lookup. */
  void track(String groupId, PodRef pod) {
    groups.putIfAbsent(groupId, new Tracked(pod, groupId, clock.instant(), null, null));
  }

  /** Stops tracking a group without reporting it gone. */
  void forget(String groupId) {
    groups.remove(groupId);
    deleting.remove(groupId);
    listed.remove(groupId);
  }

  /**
   * A group this provider just deleted for {@code pod}. It stays tracked — otherwise the deltas
   * that show it {@code Terminating} would make it look unknown and cost a lookup each — until a
   * sweep no longer finds it by id, which then reports {@code onGone}: the pod controller finishes
   * a deletion when told the group is gone, not at its next back-off.
   */
  void deleted(String groupId, PodRef pod) {
    groups.putIfAbsent(groupId, new Tracked(pod, groupId, clock.instant(), null, null));
    deleting.add(groupId);
  }

  /** Whether this provider deleted the group and waits for it to be gone. */
  boolean isDeleting(String groupId) {
    return deleting.contains(groupId);
  }

  /** The id of the tracked group of a pod, if known. */
  Optional<String> groupIdOf(String podUid) {
    for (Tracked t : groups.values()) {
      if (t.pod().uid().equals(podUid)) {
        return Optional.of(t.groupId());
      }
    }
    return Optional.empty();
  }

  /** How many groups are tracked (for tests and metrics). */
  int trackedCount() {
    return groups.size();
  }

  private boolean fullResync(Instant now) {
    boolean ok = true;
    for (String zone : zones) {
      if (fullZone(zone, now)) {
        lastSweep.put(zone, now);
      } else {
        ok = false;
      }
    }
    return ok;
  }

  private boolean fullZone(String zone, Instant now) {
    try {
      Set<String> seen = new HashSet<>();
      DescribeContainerGroupsRequest request =
          new DescribeContainerGroupsRequest(
              region,
              zone,
              List.of(),
              null,
              EciNames.clusterTags(cluster),
              DescribeContainerGroupsRequest.MAX_IDS,
              null);
      EciPages.forEachGroup(
          client,
          request,
          g -> {
            PodRef pod = EciNames.podOf(g, cluster);
            if (pod != null) {
              seen.add(g.containerGroupId());
              listed.add(g.containerGroupId());
              observe(g.containerGroupId(), pod, GroupSnapshot.of(g));
            }
          });
      detectGone(zone, seen, now);
      recovered("ECI full listing of zone " + zone);
      return true;
    } catch (ProviderException | RuntimeException e) {
      failed("ECI full listing of zone " + zone, e);
      return false;
    }
  }

  /** The first failure of a run is a warning; its repeats every interval would only be noise. */
  private void failed(String what, Exception e) {
    if (failing.add(what)) {
      LOG.warn("{} failed: {}", what, e.getMessage());
    } else {
      LOG.debug("{} failed again: {}", what, e.getMessage());
    }
  }

  private void recovered(String what) {
    if (failing.remove(what)) {
      LOG.info("{} works again", what);
    }
  }

  /** Gone by the rule every cloud shares, confirmed by a lookup by id, 20 ids a call. */
  private void detectGone(String zone, Set<String> seen, Instant listStart) {
    List<String> candidates = new ArrayList<>();
    for (Tracked t : groups.values()) {
      if (zone.equals(t.pod().zone())
          && !seen.contains(t.groupId())
          && GoneRule.candidate(t.since(), listed.contains(t.groupId()), listStart)) {
        candidates.add(t.groupId());
      }
    }
    GoneRule.confirmGone(
            candidates,
            DescribeContainerGroupsRequest.MAX_IDS,
            this::lookUp,
            e -> failed("ECI lookup of unlisted groups in zone " + zone, e))
        .forEach(this::reportGone);
  }

  /** The ids of {@code ids} that still exist; what is found is observed on the way. */
  private Set<String> lookUp(List<String> ids) throws ProviderException {
    Set<String> present = new HashSet<>();
    for (ContainerGroup g : describeByIds(ids)) {
      present.add(g.containerGroupId());
      PodRef pod = EciNames.podOf(g, cluster);
      if (pod != null) {
        observe(g.containerGroupId(), pod, GroupSnapshot.of(g));
      }
    }
    return present;
  }

  /** Looks the deleted groups up by id, 20 a call; those no longer found are gone. */
  private void confirmDeleted() {
    for (List<String> batch : batches(new ArrayList<>(deleting))) {
      try {
        Set<String> present = new HashSet<>();
        for (ContainerGroup g : describeByIds(batch)) {
          present.add(g.containerGroupId());
        }
        for (String id : batch) {
          if (!present.contains(id)) {
            reportGone(id);
          }
        }
      } catch (ProviderException | RuntimeException e) {
        LOG.warn("ECI lookup of deleted groups failed: {}", e.getMessage());
      }
    }
  }

  private void reportGone(String groupId) {
    deleting.remove(groupId);
    listed.remove(groupId);
    Tracked gone = groups.remove(groupId);
    if (gone != null) {
      notifyGone(gone.pod());
    }
  }

  private void deltas(String zone, Instant since, Instant now) throws ProviderException {
    long windowSeconds = (Duration.between(since, now).toMillis() + 999) / 1000;
    long slack = Math.max(5, (interval.toMillis() + 999) / 1000);
    DescribeContainerGroupStatusRequest request =
        new DescribeContainerGroupStatusRequest(
            region,
            zone,
            List.of(),
            EciNames.clusterTags(cluster),
            (int) Math.min(Integer.MAX_VALUE, windowSeconds + slack),
            null,
            null);
    List<String> unknown = new ArrayList<>();
    List<String> needEvents = new ArrayList<>();
    EciPages.forEach(
        "DescribeContainerGroupStatus",
        request,
        client::describeContainerGroupStatus,
        DescribeContainerGroupStatusRequest::withNextToken,
        page -> {
          for (ContainerGroupStatus s : page.data()) {
            Tracked t = groups.get(s.containerGroupId());
            if (t == null) {
              unknown.add(s.containerGroupId());
              continue;
            }
            GroupSnapshot snapshot = GroupSnapshot.of(s).mergedWith(t.snapshot());
            if (EciStatusMapper.SCHEDULE_FAILED.equals(snapshot.status())
                && snapshot.lastWarning() == null) {
              needEvents.add(s.containerGroupId());
            }
            observe(s.containerGroupId(), t.pod(), snapshot);
          }
        });
    for (List<String> batch : batches(unknown)) {
      for (ContainerGroup g : describeByIds(batch)) {
        PodRef pod = EciNames.podOf(g, cluster);
        if (pod != null) {
          observe(g.containerGroupId(), pod, GroupSnapshot.of(g));
        }
      }
    }
    for (List<String> batch : batches(needEvents)) {
      DescribeContainerGroupEventsResponse events =
          client.describeContainerGroupEvents(
              new DescribeContainerGroupEventsRequest(
                  region, null, batch, List.of(), null, null, null));
      for (var group : events.data()) {
        Tracked t = groups.get(group.containerGroupId());
        EciEvent warning = GroupSnapshot.lastWarning(group.events());
        if (t != null && t.snapshot() != null && warning != null) {
          observe(t.groupId(), t.pod(), t.snapshot().withLastWarning(warning));
        }
      }
    }
  }

  private List<ContainerGroup> describeByIds(List<String> ids) throws ProviderException {
    List<ContainerGroup> out = new ArrayList<>();
    EciPages.forEachGroup(
        client,
        new DescribeContainerGroupsRequest(region, null, ids, null, List.of(), null, null),
        out::add);
    return out;
  }

  /** Records a snapshot and reports the mapped status if it differs from the last report. */
  private void observe(String groupId, PodRef pod, GroupSnapshot snapshot) {
    Tracked before = groups.get(groupId);
    GroupSnapshot merged = before == null ? snapshot : snapshot.mergedWith(before.snapshot());
    V1PodStatus status = EciStatusMapper.map(merged);
    Instant since = before == null ? clock.instant() : before.since();
    V1PodStatus reported = before == null ? null : before.reported();
    boolean changed = !status.equals(reported);
    groups.put(groupId, new Tracked(pod, groupId, since, merged, changed ? status : reported));
    if (changed) {
      try {
        listener.onStatus(pod, status);
      } catch (RuntimeException e) {
        LOG.warn("status listener failed for {}: {}", pod, e.toString());
      }
    }
  }

  private void notifyGone(PodRef pod) {
    try {
      listener.onGone(pod);
    } catch (RuntimeException e) {
      LOG.warn("status listener failed for gone {}: {}", pod, e.toString());
    }
  }

  private static List<List<String>> batches(List<String> ids) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += DescribeContainerGroupsRequest.MAX_IDS) {
      out.add(ids.subList(i, Math.min(ids.size(), i + DescribeContainerGroupsRequest.MAX_IDS)));
    }
    return out;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}

package io.burstlet.pod;

import io.burstlet.provider.CloudPod;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.ProviderException;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lines up the cloud's container groups with the informer's pods, one {@code listPods} call per
 * node:
 *
 * <ul>
 *   <li>at startup ({@link #adopt}) it settles what the controller knows: a listed group is
 *       adopted; an unlisted pod that never ran will be created; an unlisted pod that ran is looked
 *       up before anything else happens (the listing may lag). When the listing fails every pod is
 *       looked up individually before it is created;
 *   <li>every {@code gcInterval} ({@link #collect}) it deletes groups whose pod is gone, once they
 *       have been orphans for {@code orphanGracePeriod} and a GET from the API server confirms the
 *       pod does not exist (the informer may simply not have seen a new pod yet), and requeues pods
 *       whose group vanished without the provider saying so.
 * </ul>
 *
 * Runs on one thread; never concurrently with itself.
 */
final class OrphanCollector {
  private static final Logger log = LoggerFactory.getLogger(OrphanCollector.class);

  private record Orphan(Instant since, String nodeName) {}

  private final List<NodeBinding> bindings;
  private final PodInformers informers;
  private final PodTracker tracker;
  private final CoreV1Api api;
  private final Duration grace;
  private final Clock clock;
  private final Consumer<String> enqueue;
  private final PodMetrics metrics;
  private final Map<String, Orphan> orphans = new ConcurrentHashMap<>();

  OrphanCollector(
      List<NodeBinding> bindings,
      PodInformers informers,
      PodTracker tracker,
      CoreV1Api api,
      Duration grace,
      Clock clock,
      Consumer<String> enqueue,
      PodMetrics metrics) {
    this.bindings = bindings;
    this.informers = informers;
    this.tracker = tracker;
    this.api = api;
    this.grace = grace;
    this.clock = clock;
    this.enqueue = enqueue;
    this.metrics = metrics;
  }

  /** Startup pass: call after the informers synced and before workers start. */
  void adopt() {
    sweep(true);
  }

  /** Periodic pass. */
  void collect() {
    sweep(false);
  }

  private void sweep(boolean startup) {
    for (NodeBinding binding : bindings) {
      List<CloudPod> groups;
      try {
        groups = binding.provider().listPods(binding.zone());
      } catch (ProviderException | RuntimeException e) {
        log.warn(
            "listing container groups of node {} failed: {}", binding.nodeName(), e.getMessage());
        continue;
      }
      Set<String> listed = new HashSet<>();
      for (CloudPod group : groups) {
        PodRef ref = group.pod();
        if (ref == null || (ref.nodeName() != null && !ref.nodeName().equals(binding.nodeName()))) {
          continue;
        }
        listed.add(ref.uid());
        V1Pod pod = informers.get(binding.nodeName(), ref.uid());
        if (pod != null) {
          orphans.remove(ref.uid());
          adoptGroup(pod, group, startup);
        } else {
          maybeDelete(binding, group);
        }
      }
      orphans
          .entrySet()
          .removeIf(
              e ->
                  e.getValue().nodeName().equals(binding.nodeName())
                      && !listed.contains(e.getKey()));
      for (V1Pod pod : informers.list(binding.nodeName())) {
        if (!listed.contains(pod.getMetadata().getUid())) {
          unlisted(pod, startup);
        }
      }
    }
  }

  private void adoptGroup(V1Pod pod, CloudPod group, boolean startup) {
    PodState state = tracker.observe(pod);
    if (startup || state.group() == PodState.Group.UNKNOWN) {
      state.present(group.status());
      enqueue.accept(pod.getMetadata().getUid());
    }
  }

  private void unlisted(V1Pod pod, boolean startup) {
    PodState state = tracker.observe(pod);
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if (startup) {
      if (state.group() == PodState.Group.UNKNOWN && !PodStatuses.RUNNING.equals(phase)) {
        // Never ran (or already finished): nothing to look up, the normal path decides.
        state.absent();
      }
      return;
    }
    if (state.group() == PodState.Group.PRESENT
        && !PodStatuses.isTerminal(pod)
        && pod.getMetadata().getDeletionTimestamp() == null) {
      // The provider never said it was gone; ask it directly before concluding anything.
      state.unknown();
      enqueue.accept(pod.getMetadata().getUid());
    }
  }

  private void maybeDelete(NodeBinding binding, CloudPod group) {
    PodRef ref = group.pod();
    Instant now = clock.instant();
    Orphan orphan = orphans.computeIfAbsent(ref.uid(), u -> new Orphan(now, binding.nodeName()));
    if (Duration.between(orphan.since(), now).compareTo(grace) < 0 || !podIsGone(ref)) {
      return;
    }
    try {
      binding.provider().deletePod(ref);
      orphans.remove(ref.uid());
      metrics.orphanDeleted(binding.provider().name());
      log.info("deleted orphan container group {} of removed pod {}", group.groupName(), ref);
    } catch (ProviderException e) {
      log.warn("deleting orphan container group {} failed: {}", group.groupName(), e.getMessage());
    }
  }

  /** Asks the API server itself: the informer may lag behind a pod created a moment ago. */
  private boolean podIsGone(PodRef ref) {
    try {
      V1Pod pod = api.readNamespacedPod(ref.name(), ref.namespace()).execute();
      return !ref.uid().equals(pod.getMetadata().getUid());
    } catch (ApiException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return true;
      }
      log.warn("cannot confirm that pod {} is gone (HTTP {}); keeping its group", ref, e.getCode());
      return false;
    }
  }
}

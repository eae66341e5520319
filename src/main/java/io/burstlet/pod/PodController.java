package io.burstlet.pod;

import io.burstlet.config.BurstletConfig;
import io.burstlet.config.PodsConfig;
import io.burstlet.health.Liveness;
import io.burstlet.provider.Provider;
import io.burstlet.provider.ProviderException;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod lifecycle controller: pods that the scheduler binds to our virtual nodes become cloud
 * container groups, and the groups' status flows back to the pods.
 *
 * <p>Informers (one per node, filtered by {@code spec.nodeName}) feed a rate-limited work queue
 * keyed by pod UID — a pod re-created under the same name is a different key. Workers reconcile
 * keys ({@link PodReconciler}); providers push status changes ({@link StatusRelay}); an {@link
 * OrphanCollector} adopts groups at startup and garbage-collects orphans periodically.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #awaitReady} until the informers synced and the
 * startup adoption finished, {@link #close()} to stop every thread. Providers are started here
 * ({@link Provider#start} once each) but closed by their owner.
 */
public final class PodController implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PodController.class);
  static final int RECONCILE_STALL_FACTOR = 5;

  private final PodsConfig config;
  private final List<NodeBinding> nodes;
  private final RetryPolicy retryPolicy;
  private final PodInformers informers;
  private final PodTracker tracker;
  private final PodEvents events;
  private final PodReconciler reconciler;
  private final OrphanCollector collector;
  private final StatusRelay relay;
  private final PodWorkQueue queue;
  private final ScheduledExecutorService scheduler;
  private final CountDownLatch ready = new CountDownLatch(1);
  private volatile boolean started;
  private volatile boolean closed;

  /**
   * @param client dedicated to this controller; watches run on a copy without read timeout
   * @param nodes the virtual nodes to serve, each with its provider and zone
   * @param nodeAddress reported as every pod's {@code hostIP}
   */
  public PodController(
      ApiClient client, BurstletConfig config, List<NodeBinding> nodes, String nodeAddress) {
    this(client, config, nodes, nodeAddress, PodMetrics.NOOP);
  }

  public PodController(
      ApiClient client,
      BurstletConfig config,
      List<NodeBinding> nodes,
      String nodeAddress,
      PodMetrics metrics) {
    this(
        client,
        config.pods(),
        nodes,
        nodeAddress,
        metrics,
        RetryPolicy.defaults(),
        Clock.systemUTC(),
        watchTimeout(config.node().stallLimit()));
  }

  /** Three fresh watches per stall limit, so one late answer never fails the liveness check. */
  static Duration watchTimeout(Duration stallLimit) {
    return stallLimit.dividedBy(3);
  }

  PodController(
      ApiClient client,
      PodsConfig config,
      List<NodeBinding> nodes,
      String nodeAddress,
      PodMetrics metrics,
      RetryPolicy retryPolicy,
      Clock clock,
      Duration watchTimeout) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(nodeAddress, "nodeAddress");
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("nodes: at least one node binding is required");
    }
    Map<String, NodeBinding> byName = new LinkedHashMap<>();
    for (NodeBinding node : nodes) {
      if (byName.put(node.nodeName(), node) != null) {
        throw new IllegalArgumentException("nodes: duplicate node name " + node.nodeName());
      }
    }
    this.config = config;
    this.nodes = List.copyOf(nodes);
    this.retryPolicy = retryPolicy;
    CoreV1Api api = new CoreV1Api(client);
    this.informers = new PodInformers(client, byName.keySet(), config.namespaces(), watchTimeout);
    this.tracker = new PodTracker(Map.copyOf(byName));
    this.events = new PodEvents(client);
    this.queue = new PodWorkQueue(config.workers(), retryPolicy, metrics);
    this.reconciler =
        new PodReconciler(
            tracker,
            informers,
            new PodResolver(api, config),
            new PodStatusWriter(client, nodeAddress, metrics, clock),
            new PodDeleter(api, events),
            events,
            metrics,
            clock);
    this.collector =
        new OrphanCollector(
            this.nodes,
            informers,
            tracker,
            api,
            config.orphanGracePeriod(),
            clock,
            queue::add,
            metrics);
    this.relay = new StatusRelay(tracker, queue::add);
    ScheduledThreadPoolExecutor gc =
        new ScheduledThreadPoolExecutor(1, PodWorkQueue.daemon("burstlet-pod-gc"));
    // On close, polls and retries waiting their turn are dropped, not awaited.
    gc.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.scheduler = gc;
  }

  /**
   * Starts informers now and, on a background thread once they synced: every provider's status
   * sweep, the startup adoption, the workers and the periodic orphan collection.
   */
  public synchronized void start() {
    if (started || closed) {
      throw new IllegalStateException(closed ? "closed" : "already started");
    }
    started = true;
    events.start();
    informers.addEventHandler(new Handler());
    informers.start();
    scheduler.execute(this::startWhenSynced);
  }

  /**
   * Adds this controller's loops to {@code liveness}: each node's pod watch must hear from the API
   * server within {@code stallLimit}, and no reconcile may run longer than {@link
   * #RECONCILE_STALL_FACTOR} times that (each cloud call in it has its own deadline).
   */
  public void registerLiveness(Liveness liveness, Duration stallLimit) {
    for (NodeBinding node : nodes) {
      liveness.register(
          "pod watch " + node.nodeName(),
          () -> informers.sinceAnswer(node.nodeName()),
          stallLimit,
          "answer from the API server");
    }
    liveness.register(
        "pod work queue",
        queue::longestReconcile,
        stallLimit.multipliedBy(RECONCILE_STALL_FACTOR),
        "reconcile finished");
  }

  /**
   * A pod bound to one of our nodes, from the informer cache (for the kubelet API). The returned
   * object is shared: never modify it.
   */
  public Optional<V1Pod> findPod(String namespace, String name) {
    return informers.find(namespace, name);
  }

  /**
   * The cloud of this node answers again after failing: its pods still waiting for a group are
   * retried now, rather than when their back-off (up to five minutes after many failures) ends.
   */
  public void cloudRecovered(String nodeName) {
    for (V1Pod pod : informers.list(nodeName)) {
      boolean waiting =
          pod.getMetadata().getDeletionTimestamp() == null
              && (pod.getStatus() == null || "Pending".equals(pod.getStatus().getPhase()));
      if (waiting) {
        queue.retryNow(pod.getMetadata().getUid());
      }
    }
  }

  public boolean awaitReady(Duration timeout) {
    try {
      return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Stops every thread; idempotent. First no new work comes in (informers, then the scheduled
   * adoption and garbage collection, each allowed to finish a pass in progress), then the work
   * queue lets reconciles in flight finish. Pods and groups are left as they are.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    informers.close();
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
    queue.close();
    events.close();
  }

  /** Polls the informers without blocking the scheduler: they offer no sync callback. */
  private void startWhenSynced() {
    if (closed) {
      return;
    }
    if (!informers.hasSynced()) {
      scheduler.schedule(this::startWhenSynced, 50, TimeUnit.MILLISECONDS);
      return;
    }
    startProviders();
    collector.adopt();
    tracker.adoptionDone();
    for (NodeBinding node : nodes) {
      for (V1Pod pod : informers.list(node.nodeName())) {
        tracker.observe(pod);
        queue.add(pod.getMetadata().getUid());
      }
    }
    queue.start(reconciler::reconcile);
    long gc = config.gcInterval().toMillis();
    scheduler.scheduleWithFixedDelay(this::collect, gc, gc, TimeUnit.MILLISECONDS);
    log.info(
        "pod controller ready for nodes {}", nodes.stream().map(NodeBinding::nodeName).toList());
    ready.countDown();
  }

  /** {@link Provider#start} once per distinct provider; a failure is retried in the background. */
  private void startProviders() {
    Set<Provider> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    for (NodeBinding node : nodes) {
      if (distinct.add(node.provider())) {
        startProvider(node.provider(), 0);
      }
    }
  }

  private void startProvider(Provider provider, int failures) {
    try {
      provider.start(relay);
    } catch (ProviderException | RuntimeException e) {
      Duration delay = retryPolicy.backoff(failures);
      log.error(
          "starting provider {} failed, retrying in {}: {}",
          provider.name(),
          delay,
          e.getMessage());
      if (!closed) {
        scheduler.schedule(
            () -> startProvider(provider, failures + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  private void collect() {
    try {
      collector.collect();
    } catch (RuntimeException e) {
      // A bug must not cancel the schedule.
      log.error("orphan collection failed", e);
    }
  }

  /**
   * Informer callbacks: remember the pod, then queue its UID. A failure is logged here, with the
   * pod, rather than by the informer (whose logger is silenced: it reports its own shutdown as an
   * error).
   */
  private final class Handler implements ResourceEventHandler<V1Pod> {
    @Override
    public void onAdd(V1Pod pod) {
      guarded("add", pod, () -> added(pod));
    }

    @Override
    public void onUpdate(V1Pod before, V1Pod after) {
      guarded(
          "update",
          after,
          () -> {
            String old = before.getMetadata().getUid();
            if (!old.equals(after.getMetadata().getUid())) {
              removed(old);
            }
            added(after);
          });
    }

    @Override
    public void onDelete(V1Pod pod, boolean finalStateUnknown) {
      guarded("delete", pod, () -> removed(pod.getMetadata().getUid()));
    }

    private void guarded(String event, V1Pod pod, Runnable handling) {
      try {
        handling.run();
      } catch (RuntimeException e) {
        log.error(
            "handling the {} of pod {} failed: {}",
            event,
            pod == null || pod.getMetadata() == null ? "?" : pod.getMetadata().getUid(),
            e.toString());
      }
    }

    private void added(V1Pod pod) {
      if (tracker.binding(pod) == null) {
        return;
      }
      tracker.observe(pod);
      queue.add(pod.getMetadata().getUid());
    }

    private void removed(String uid) {
      PodState state = tracker.get(uid);
      if (state != null) {
        state.podRemoved(true);
        queue.add(uid);
      }
    }
  }
}

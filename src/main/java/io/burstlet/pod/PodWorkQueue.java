package io.burstlet.pod;

import io.kubernetes.client.extended.workqueue.DefaultRateLimitingQueue;
import io.kubernetes.client.extended.workqueue.RateLimitingQueue;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * client-java's rate-limited work queue of pod UIDs and the workers that drain it. The queue never
 * hands one key to two workers at once, and a key added while it is being processed is processed
 * again afterwards — so a pod's reconciles never overlap and no change is lost.
 */
final class PodWorkQueue implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PodWorkQueue.class);

  private final int workerCount;
  private final RetryPolicy retryPolicy;
  private final PodMetrics metrics;
  private final ExecutorService timer;
  private final RateLimitingQueue<String> queue;
  private final ExecutorService workers;

  /** Pod UID → when its reconcile began (System.nanoTime), for the liveness check. */
  private final Map<String, Long> inFlight = new ConcurrentHashMap<>();

  private volatile boolean closed;

  PodWorkQueue(int workerCount, RetryPolicy retryPolicy, PodMetrics metrics) {
    this.workerCount = workerCount;
    this.retryPolicy = retryPolicy;
    this.metrics = metrics;
    this.timer = Executors.newSingleThreadExecutor(daemon("burstlet-pod-queue"));
    this.queue = new DefaultRateLimitingQueue<>(timer, retryPolicy);
    this.workers = Executors.newFixedThreadPool(workerCount, daemon("burstlet-pod-worker"));
  }

  /** Queues a pod now (a no-op when it is already waiting). */
  void add(String uid) {
    queue.add(uid);
  }

  /** Queues a pod now and forgets its back-off, so its next failure waits the base delay. */
  void retryNow(String uid) {
    queue.forget(uid);
    queue.add(uid);
  }

  /** How long the oldest reconcile in progress has been running; zero when none is. */
  Duration longestReconcile() {
    long now = System.nanoTime();
    return inFlight.values().stream()
        .map(begin -> Duration.ofNanos(now - begin))
        .max(Duration::compareTo)
        .orElse(Duration.ZERO);
  }

  /** Starts the workers; each key goes through {@code reconcile}. */
  void start(Function<String, ReconcileResult> reconcile) {
    for (int i = 0; i < workerCount; i++) {
      workers.execute(() -> work(reconcile));
    }
  }

  /** Stops taking keys, lets reconciles in flight finish (up to 5 s), then stops every thread. */
  @Override
  public void close() {
    closed = true;
    queue.shutDown();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
        workers.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    timer.shutdownNow();
  }

  private void work(Function<String, ReconcileResult> reconcile) {
    while (!closed) {
      String uid;
      try {
        uid = queue.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return; // closing
      }
      if (uid == null) {
        return; // shutting down
      }
      long begin = System.nanoTime();
      inFlight.put(uid, begin);
      ReconcileResult result;
      try {
        result = reconcile.apply(uid);
      } catch (RuntimeException e) {
        // A bug must not kill the worker. Say where it happened, without the message, which may
        // carry data we cannot vouch for.
        StackTraceElement[] at = e.getStackTrace();
        log.error(
            "reconciling pod {} failed unexpectedly: {} at {}",
            uid,
            e.getClass().getName(),
            at.length > 0 ? at[0] : "?");
        result = ReconcileResult.BACKOFF;
      } finally {
        inFlight.remove(uid);
      }
      metrics.reconciled(
          Duration.ofNanos(System.nanoTime() - begin), result.kind() == ReconcileResult.Kind.DONE);
      try {
        switch (result.kind()) {
          case DONE -> queue.forget(uid);
          case BACKOFF -> queue.addRateLimited(uid);
          case AFTER -> queue.addAfter(uid, retryPolicy.whenAtLeast(uid, result.delay()));
        }
      } finally {
        queue.done(uid);
      }
    }
  }

  static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}

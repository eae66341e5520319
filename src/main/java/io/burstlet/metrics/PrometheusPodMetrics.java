package io.burstlet.metrics;

import io.burstlet.pod.FailureClass;
import io.burstlet.pod.PodMetrics;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;
import java.time.Duration;

/**
 * The pod controller's counters on our own registry (never the static default one). Labels are
 * provider names and failure classes only: bounded, and free of pod names or secrets.
 */
public final class PrometheusPodMetrics implements PodMetrics {
  private final Counter created;
  private final Counter createFailures;
  private final Counter statusPatches;
  private final Counter orphansDeleted;
  private final Histogram reconcileSeconds;

  public PrometheusPodMetrics(CollectorRegistry registry) {
    created =
        Counter.build("burstlet_pods_created_total", "Container groups created for pods.")
            .labelNames("provider")
            .register(registry);
    createFailures =
        Counter.build("burstlet_pod_create_failures_total", "Failed create attempts by cause.")
            .labelNames("provider", "reason")
            .register(registry);
    statusPatches =
        Counter.build("burstlet_pod_status_patches_total", "pods/status patches written.")
            .labelNames("provider")
            .register(registry);
    orphansDeleted =
        Counter.build(
                "burstlet_orphan_groups_deleted_total",
                "Container groups deleted because their pod is gone.")
            .labelNames("provider")
            .register(registry);
    reconcileSeconds =
        Histogram.build("burstlet_pod_reconcile_seconds", "Time to reconcile one pod.")
            .labelNames("result")
            .buckets(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
            .register(registry);
  }

  @Override
  public void podCreated(String provider) {
    created.labels(provider).inc();
  }

  @Override
  public void createFailed(String provider, FailureClass failure) {
    createFailures.labels(provider, failure.label()).inc();
  }

  @Override
  public void statusPatched(String provider) {
    statusPatches.labels(provider).inc();
  }

  @Override
  public void orphanDeleted(String provider) {
    orphansDeleted.labels(provider).inc();
  }

  @Override
  public void reconciled(Duration latency, boolean succeeded) {
    reconcileSeconds.labels(succeeded ? "success" : "error").observe(latency.toNanos() / 1e9);
  }
}

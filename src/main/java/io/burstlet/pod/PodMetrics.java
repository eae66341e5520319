package io.burstlet.pod;

import java.time.Duration;

/**
 * What the pod controller counts. Called on reconcile threads, so implementations are cheap and
 * thread-safe. Labels stay low-cardinality: provider names and {@link FailureClass} values, never
 * pod names, namespaces or error messages.
 */
public interface PodMetrics {

  /** Counts nothing; the default when no metrics backend is wired. */
  PodMetrics NOOP = new PodMetrics() {};

  /** A container group was created for a pod (counted once per successful create call). */
  default void podCreated(String provider) {}

  /**
   * A create attempt failed, including attempts that could not start because a referenced Secret or
   * ConfigMap is missing.
   */
  default void createFailed(String provider, FailureClass failure) {}

  /** A {@code pods/status} patch was accepted by the API server. */
  default void statusPatched(String provider) {}

  /** The orphan collector deleted a container group whose pod no longer exists. */
  default void orphanDeleted(String provider) {}

  /**
   * One reconcile of one pod finished.
   *
   * @param succeeded false when the pod was queued again because of an error
   */
  default void reconciled(Duration latency, boolean succeeded) {}
}

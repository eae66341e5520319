package io.burstlet.node;

/**
 * Decides Ready from a stream of provider health-check results. One failed check must not flap the
 * node (clouds drop the odd request), so it turns NotReady only after {@code failureThreshold}
 * failures in a row, and Ready again on the first success. It starts NotReady: no pod is sent to a
 * cloud before one check has passed. Not thread-safe: one node's checks run on one thread at a
 * time.
 */
public final class NodeHealth {
  private final int failureThreshold;
  private int consecutiveFailures;
  private boolean ready = false;
  private String lastError = "the provider has not been checked yet";

  public NodeHealth(int failureThreshold) {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failureThreshold must be at least 1");
    }
    this.failureThreshold = failureThreshold;
  }

  /** Records a successful check; returns true when readiness changed. */
  public boolean success() {
    consecutiveFailures = 0;
    lastError = "";
    boolean changed = !ready;
    ready = true;
    return changed;
  }

  /** Records a failed check; returns true when readiness changed. */
  public boolean failure(String error) {
    consecutiveFailures++;
    lastError = error == null ? "" : error;
    if (ready && consecutiveFailures >= failureThreshold) {
      ready = false;
      return true;
    }
    return false;
  }

  public boolean ready() {
    return ready;
  }

  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  /** The message of the latest failed check (empty when healthy). */
  public String lastError() {
    return lastError;
  }
}

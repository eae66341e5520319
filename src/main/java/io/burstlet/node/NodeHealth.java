package io.burstlet.node;

/**
 * Decides whether a zone's cloud API is reachable from a stream of provider health-check results.
 * One failed check must not flap the zone (clouds drop the odd request), so it turns unreachable
 * only after {@code failureThreshold} failures in a row, and reachable again on the first success.
 * It starts unreachable: no pod is sent to a cloud before one check has passed. Not thread-safe:
 * the caller serialises the results of one node.
 */
public final class NodeHealth {
  private final int failureThreshold;
  private int consecutiveFailures;
  private boolean reachable = false;
  private String lastError = "the provider has not been checked yet";

  public NodeHealth(int failureThreshold) {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failureThreshold must be at least 1");
    }
    this.failureThreshold = failureThreshold;
  }

  /** Records a successful check; returns true when reachability changed. */
  public boolean success() {
    consecutiveFailures = 0;
    lastError = "";
    boolean changed = !reachable;
    reachable = true;
    return changed;
  }

  /** Records a failed check; returns true when reachability changed. */
  public boolean failure(String error) {
    consecutiveFailures++;
    lastError = error == null ? "" : error;
    if (reachable && consecutiveFailures >= failureThreshold) {
      reachable = false;
      return true;
    }
    return false;
  }

  public boolean reachable() {
    return reachable;
  }

  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  /** The message of the latest failed check (empty when healthy). */
  public String lastError() {
    return lastError;
  }
}

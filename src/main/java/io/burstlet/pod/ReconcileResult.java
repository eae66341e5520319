package io.burstlet.pod;

import java.time.Duration;
import java.util.Objects;

/**
 * What a worker does with a pod key after reconciling it.
 *
 * @param kind {@link Kind#DONE}: forget its failures; {@link Kind#BACKOFF}: queue it again after
 *     the jittered exponential backoff; {@link Kind#AFTER}: queue it again after at least {@code
 *     delay} (and never sooner than the backoff)
 * @param delay only for {@link Kind#AFTER}
 */
record ReconcileResult(Kind kind, Duration delay) {
  enum Kind {
    DONE,
    BACKOFF,
    AFTER
  }

  static final ReconcileResult DONE = new ReconcileResult(Kind.DONE, Duration.ZERO);
  static final ReconcileResult BACKOFF = new ReconcileResult(Kind.BACKOFF, Duration.ZERO);

  ReconcileResult {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(delay, "delay");
  }

  static ReconcileResult after(Duration delay) {
    return new ReconcileResult(Kind.AFTER, delay);
  }
}

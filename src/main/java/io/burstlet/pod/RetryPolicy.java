package io.burstlet.pod;

import io.kubernetes.client.extended.workqueue.ratelimiter.RateLimiter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * Per-pod backoff for the work queue: exponential from {@code base}, capped at {@code cap}, with
 * "equal jitter" (a delay in [d/2, d]) so that pods failing together — a cloud outage hits every
 * pod at once — do not retry together.
 *
 * <p>Failures are counted per key until {@link #forget} (a successful reconcile). Thread-safe.
 */
final class RetryPolicy implements RateLimiter<String> {
  static final Duration DEFAULT_BASE = Duration.ofSeconds(1);
  static final Duration DEFAULT_CAP = Duration.ofMinutes(5);

  private final Duration base;
  private final Duration cap;
  private final DoubleSupplier random;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  /**
   * @param random uniform values in [0, 1); tests pass a constant
   */
  RetryPolicy(Duration base, Duration cap, DoubleSupplier random) {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 < base <= cap, got " + base + " and " + cap);
    }
    this.base = base;
    this.cap = cap;
    this.random = random;
  }

  static RetryPolicy defaults() {
    return new RetryPolicy(
        DEFAULT_BASE,
        DEFAULT_CAP,
        () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
  }

  /** The delay before retry number {@code failures + 1}; {@code failures} counts from 0. */
  Duration backoff(int failures) {
    // Doubling past 2^30 overflows long nanos long before that; the cap wins much earlier anyway.
    int exponent = Math.min(Math.max(failures, 0), 30);
    double full = Math.min(cap.toMillis(), base.toMillis() * Math.pow(2, exponent));
    double jittered = full / 2 + full / 2 * random.getAsDouble();
    return Duration.ofMillis(Math.max(1, Math.round(jittered)));
  }

  /** Counts a failure of {@code key} and returns how long to wait before retrying it. */
  @Override
  public Duration when(String key) {
    int previous = failures.merge(key, 1, Integer::sum) - 1;
    return backoff(previous);
  }

  /**
   * Counts a failure and returns the wait before the retry, honouring a delay the cloud asked for
   * ({@code Retry-After}) when that is longer than the backoff.
   */
  Duration whenAtLeast(String key, Duration requested) {
    Duration backoff = when(key);
    // Never longer than the cap: a Retry-After of years must neither park the pod nor overflow.
    Duration bounded = requested.compareTo(cap) > 0 ? cap : requested;
    return bounded.compareTo(backoff) > 0 ? bounded : backoff;
  }

  @Override
  public void forget(String key) {
    failures.remove(key);
  }

  @Override
  public int numRequeues(String key) {
    return failures.getOrDefault(key, 0);
  }
}

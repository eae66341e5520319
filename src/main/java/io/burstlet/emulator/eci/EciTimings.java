package io.burstlet.emulator.eci;

import java.time.Duration;
import java.util.Objects;

/**
 * How long an emulated container group spends in each transient state. Real ECI takes seconds to
 * minutes; the defaults are short so the demo and tests move quickly.
 *
 * @param scheduling time in {@code Scheduling} after creation (finding stock, creating the ENI)
 * @param pending time in {@code Pending} after scheduling, pulling images, before containers start
 * @param restarting time in {@code Restarting}/{@code Updating} before containers start again
 * @param terminating time in {@code Terminating} after deletion, before the group disappears
 * @param backoff pause between a container's exit and its restart (and between image pull retries);
 *     must be positive
 */
public record EciTimings(
    Duration scheduling,
    Duration pending,
    Duration restarting,
    Duration terminating,
    Duration backoff) {

  public EciTimings {
    requireNotNegative(scheduling, "scheduling");
    requireNotNegative(pending, "pending");
    requireNotNegative(restarting, "restarting");
    requireNotNegative(terminating, "terminating");
    requireNotNegative(backoff, "backoff");
    if (backoff.isZero()) {
      throw new IllegalArgumentException("backoff must be positive");
    }
  }

  /** One second for every phase. */
  public static EciTimings defaults() {
    Duration second = Duration.ofSeconds(1);
    return new EciTimings(second, second, second, second, second);
  }

  /** The same {@code duration} for every phase, e.g. for fast tests. */
  public static EciTimings uniform(Duration duration) {
    return new EciTimings(duration, duration, duration, duration, duration);
  }

  private static void requireNotNegative(Duration duration, String field) {
    Objects.requireNonNull(duration, field);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(field + " must not be negative, was " + duration);
    }
  }
}

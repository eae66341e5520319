package io.burstlet.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * When a status sweep may tell the pod controller that a group is gone: one rule for every cloud. A
 * group missing from a listing may still run and bill — ARM serves lists from a cache that lags,
 * ECI's listings are eventually consistent — while a pod told its group is gone fails for good. So
 * a group is gone only when
 *
 * <ol>
 *   <li>an earlier listing showed it, or the sweep has known it (from its create) for at least
 *       {@link #GRACE} when the listing that misses it began: a group too new to be listed yet is
 *       never a candidate; and
 *   <li>a read by its identity (name or id), made after that listing, misses it too.
 * </ol>
 *
 * A failed read decides nothing: the next sweep asks again.
 */
public final class GoneRule {
  /** How long a listing may lag behind a create, on either cloud. */
  public static final Duration GRACE = Duration.ofSeconds(30);

  private GoneRule() {}

  /** Reads groups by identity and returns those that exist. */
  @FunctionalInterface
  public interface Read<K> {
    Set<K> existing(List<K> keys) throws ProviderException;
  }

  /**
   * Whether a group missing from the listing begun at {@code listingStart} may be gone.
   *
   * @param knownSince when the sweep first knew the group (its create, or the listing that showed
   *     it first)
   * @param listedBefore whether an earlier listing showed it
   */
  public static boolean candidate(Instant knownSince, boolean listedBefore, Instant listingStart) {
    return listedBefore || !knownSince.isAfter(listingStart.minus(GRACE));
  }

  /**
   * The candidates a read by identity misses, reading {@code batch} at a time. A batch whose read
   * fails is reported to {@code failed} and left undecided.
   */
  public static <K> List<K> confirmGone(
      List<K> candidates, int batch, Read<K> read, Consumer<Exception> failed) {
    List<K> gone = new ArrayList<>();
    for (int from = 0; from < candidates.size(); from += batch) {
      List<K> keys = candidates.subList(from, Math.min(candidates.size(), from + batch));
      try {
        Set<K> existing = read.existing(keys);
        for (K key : keys) {
          if (!existing.contains(key)) {
            gone.add(key);
          }
        }
      } catch (ProviderException | RuntimeException e) {
        failed.accept(e);
      }
    }
    return gone;
  }
}

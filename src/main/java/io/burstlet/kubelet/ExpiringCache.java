package io.burstlet.kubelet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A small map whose entries expire, holding at most {@code capacity} of them (the least recently
 * used goes first), so that no caller can grow it without bound.
 */
final class ExpiringCache<K, V> {
  private final Clock clock;
  private final LinkedHashMap<K, Entry<V>> entries;

  private record Entry<V>(V value, Instant expires) {}

  ExpiringCache(Clock clock, int capacity) {
    this.clock = clock;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized Optional<V> get(K key) {
    Entry<V> entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (!entry.expires().isAfter(clock.instant())) {
      entries.remove(key);
      return Optional.empty();
    }
    return Optional.of(entry.value());
  }

  synchronized void put(K key, V value, Duration ttl) {
    entries.put(key, new Entry<>(value, clock.instant().plus(ttl)));
  }
}

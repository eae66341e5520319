package io.burstlet.health;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * When a loop last made progress (a Lease renewed, an answer from the API server). Reading it costs
 * one volatile read, so hot paths may mark it freely.
 */
public final class Progress {
  private final LongSupplier nanoTime;
  private final AtomicLong last;

  /** Progress counted from now. */
  public Progress() {
    this(System::nanoTime);
  }

  Progress(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.last = new AtomicLong(nanoTime.getAsLong());
  }

  public void mark() {
    last.set(nanoTime.getAsLong());
  }

  /** How long since the last {@link #mark()} (or since creation). */
  public Duration age() {
    return Duration.ofNanos(nanoTime.getAsLong() - last.get());
  }
}

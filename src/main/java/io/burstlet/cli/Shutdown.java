package io.burstlet.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * Stops a command when the JVM is asked to (SIGTERM, Ctrl-C): closes its parts one after another in
 * the order they were added, within one time budget, then logs {@code stopped}. A part that hangs
 * must not keep the process alive past its grace period: after the budget the hook logs a warning
 * and returns, and the JVM exits with the rest unclosed. The parts run on a thread of their own, so
 * no part is ever interrupted by the budget.
 */
final class Shutdown {
  /** Kubernetes waits 30 s by default before it kills a pod; leave room for the JVM's own exit. */
  static final Duration BUDGET = Duration.ofSeconds(20);

  private record Step(String name, AutoCloseable part) {}

  private final Logger log;
  private final Duration budget;
  private final List<Step> steps = new ArrayList<>();
  private final AtomicBoolean begun = new AtomicBoolean();
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile String current;

  Shutdown(Logger log, Duration budget) {
    this.log = log;
    this.budget = budget;
  }

  /** Adds a part, closed after those added before it. */
  synchronized Shutdown then(String name, AutoCloseable part) {
    steps.add(new Step(name, part));
    return this;
  }

  /**
   * Runs {@link #run()} when the JVM shuts down. When it is shutting down already (a SIGTERM before
   * anything started), the shutdown counts as done: callers check {@link #begun()} and start
   * nothing.
   */
  Shutdown onJvmExit() {
    try {
      Runtime.getRuntime().addShutdownHook(new Thread(this::run, "shutdown"));
    } catch (IllegalStateException e) {
      begun.set(true);
      done.countDown();
    }
    return this;
  }

  /** Whether the shutdown has begun. */
  boolean begun() {
    return begun.get();
  }

  /** Waits until the shutdown has run. */
  void await() throws InterruptedException {
    done.await();
  }

  /**
   * Closes every part in order, once; a part that fails is logged and the next one closed anyway.
   *
   * @return false when the budget ran out before every part was closed
   */
  boolean run() {
    if (!begun.compareAndSet(false, true)) {
      return true;
    }
    List<Step> order;
    synchronized (this) {
      order = List.copyOf(steps);
    }
    log.info("shutting down");
    Thread closer = new Thread(() -> closeAll(order), "shutdown-close");
    closer.setDaemon(true);
    closer.start();
    boolean finished;
    try {
      closer.join(budget.toMillis());
      finished = !closer.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finished = false;
    }
    if (!finished) {
      log.warn(
          "shutdown did not finish within {} (still closing {}); exiting anyway",
          budget.toMillis() % 1000 == 0 ? budget.toSeconds() + " s" : budget.toMillis() + " ms",
          current);
    }
    log.info("stopped");
    done.countDown();
    return finished;
  }

  private void closeAll(List<Step> order) {
    for (Step step : order) {
      current = step.name();
      try {
        step.part().close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        log.warn("closing {} was interrupted", step.name());
      } catch (Exception e) {
        log.warn("closing {} failed: {}", step.name(), e.toString());
      }
    }
    current = null;
  }
}

package io.burstlet.node;

import io.burstlet.provider.CloudThrottledException;
import io.burstlet.provider.Provider;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One zone's provider health check with a deadline. The cloud call runs on a thread of its own, so
 * a cloud that never answers costs that one thread and a failed check per deadline, never a
 * heartbeat; while a call is still in flight no second one is started.
 */
final class CloudHealthCheck implements AutoCloseable {
  private final Provider provider;
  private final String zone;
  private final Duration deadline;
  private final ExecutorService caller;
  private Future<?> inFlight;

  CloudHealthCheck(Provider provider, String zone, Duration deadline, String threadName) {
    this.provider = provider;
    this.zone = zone;
    this.deadline = deadline;
    this.caller =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Waits at most the deadline for the cloud's answer. Returns empty when the cloud answered
   * healthy, else what went wrong.
   */
  synchronized Optional<String> run() throws InterruptedException {
    if (inFlight == null || inFlight.isDone()) {
      inFlight =
          caller.submit(
              () -> {
                provider.checkHealth(zone);
                return null;
              });
    }
    try {
      inFlight.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      return Optional.empty();
    } catch (TimeoutException e) {
      return Optional.of("the cloud did not answer within " + deadline.toSeconds() + "s");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof CloudThrottledException) {
        // A throttled cloud answered: it is reachable, only pacing us. Tainting the zone for it
        // would turn away the very burst the cloud is pacing.
        return Optional.empty();
      }
      return Optional.of(
          cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
    }
  }

  @Override
  public void close() {
    caller.shutdownNow();
  }
}

package io.burstlet.metrics;

import com.sun.net.httpserver.HttpExchange;
import java.util.Optional;

/** Who may read {@code /metrics}. */
@FunctionalInterface
public interface MetricsAccess {
  /** Anyone who can reach the port (the probes' port). */
  MetricsAccess ANYONE = exchange -> Optional.empty();

  /** Empty to serve the caller of {@code exchange}; else the refusal to answer. */
  Optional<Refusal> check(HttpExchange exchange);

  /**
   * @param retryAfterSeconds for a {@code Retry-After} header when positive
   */
  record Refusal(int status, String message, long retryAfterSeconds) {}
}

package io.burstlet.provider;

import java.time.Duration;

/** The cloud asked us to slow down (HTTP 429 or a {@code Throttling} error). */
public class CloudThrottledException extends ProviderException {
  private final Duration retryAfter;

  public CloudThrottledException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter == null ? Duration.ofSeconds(5) : retryAfter;
  }

  /** How long the cloud asked us to wait before the next call. */
  public Duration retryAfter() {
    return retryAfter;
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}

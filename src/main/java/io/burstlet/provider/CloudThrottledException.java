package io.burstlet.provider;

import java.time.Duration;

/** The cloud asked us to slow down (HTTP 429 or a {@code Throttling} error). */
public class CloudThrottledException extends ProviderException {
  /** Used when the cloud names no wait, or a negative one. */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

  /** The longest wait honoured: a cloud (or a remote provider) asking for more gets this. */
  public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

  private final Duration retryAfter;

  public CloudThrottledException(String message, Duration retryAfter) {
    super(message);
    if (retryAfter == null || retryAfter.isNegative()) {
      this.retryAfter = DEFAULT_RETRY_AFTER;
    } else {
      this.retryAfter = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
    }
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

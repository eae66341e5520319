package io.burstlet.kubelet;

/** An HTTP answer other than 200, with a message safe to show the caller. */
final class KubeletHttpException extends Exception {
  private final int status;
  private final long retryAfterSeconds;

  KubeletHttpException(int status, String message) {
    this(status, message, 0);
  }

  /**
   * @param retryAfterSeconds sent as {@code Retry-After} when positive (429, 503)
   */
  KubeletHttpException(int status, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  int status() {
    return status;
  }

  long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}

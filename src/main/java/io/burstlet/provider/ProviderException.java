package io.burstlet.provider;

/**
 * A provider call failed. Subclasses say what the controller should do about it; the message is
 * safe to put in an Event or a pod status (it never carries a secret).
 */
public class ProviderException extends Exception {
  public ProviderException(String message) {
    super(message);
  }

  public ProviderException(String message, Throwable cause) {
    super(message, cause);
  }

  /** True when the same call may succeed later without any change to the pod. */
  public boolean isRetryable() {
    return false;
  }
}

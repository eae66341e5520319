package io.burstlet.provider;

/**
 * The cloud could not be reached or failed on its side (I/O error, timeout, 5xx). When {@link
 * #isAmbiguous()} the request may have taken effect: look before creating again.
 */
public class CloudUnavailableException extends ProviderException {
  private final boolean ambiguous;

  public CloudUnavailableException(String message, boolean ambiguous, Throwable cause) {
    super(message, cause);
    this.ambiguous = ambiguous;
  }

  public boolean isAmbiguous() {
    return ambiguous;
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}

package io.burstlet.provider;

/**
 * Something the pod references was not handed over in the {@code PodRequest} (a Secret, ConfigMap,
 * key or service-account token that is not optional). Like the kubelet's
 * CreateContainerConfigError, this is retryable: the object may appear later and the controller
 * resolves it again on the next attempt.
 */
public class PodInputMissingException extends ProviderException {
  private final String field;

  /**
   * @param field the pod field that references the missing object
   */
  public PodInputMissingException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}

package io.burstlet.provider.aci;

import io.burstlet.provider.ProviderException;

/**
 * The pod refers (without {@code optional: true}) to a Secret, ConfigMap or key that the request
 * does not carry. Retryable, as in the kubelet's {@code CreateContainerConfigError}: the object may
 * be created later. The message names the object and key, never a value.
 */
public class MissingReferenceException extends ProviderException {
  public MissingReferenceException(String message) {
    super(message);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}

package io.burstlet.provider;

/**
 * The cloud refused our credentials (401/403, bad signature, unknown key). Retried, because an
 * operator may rotate the credential, but it also taints the zones unreachable.
 */
public class CloudAuthException extends ProviderException {
  public CloudAuthException(String message) {
    super(message);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}

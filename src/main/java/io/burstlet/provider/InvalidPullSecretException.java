package io.burstlet.provider;

/**
 * An image pull secret cannot be read as registry credentials (wrong type, missing key, invalid
 * JSON, an entry without usable credentials). The message names the secret and the problem, never a
 * value from it. Not retryable: the same secret fails the same way until someone edits it.
 */
public class InvalidPullSecretException extends ProviderException {
  private final String secretName;

  public InvalidPullSecretException(String secretName, String problem) {
    super("imagePullSecret " + secretName + ": " + problem);
    this.secretName = secretName;
  }

  /** The secret at fault, as {@code namespace/name} when the namespace is known. */
  public String secretName() {
    return secretName;
  }
}

package io.burstlet.provider;

/**
 * The pod asks for something this cloud cannot run (hostNetwork, hostPath, privileged, a probe type
 * the cloud lacks…). Retrying never helps: the pod fails with reason {@code Unsupported}.
 */
public class UnsupportedPodException extends ProviderException {
  private final String field;

  /**
   * @param field the pod field at fault, as a path ({@code spec.containers[0].securityContext})
   */
  public UnsupportedPodException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}

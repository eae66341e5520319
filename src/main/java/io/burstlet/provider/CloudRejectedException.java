package io.burstlet.provider;

/**
 * The cloud refused the request as invalid (a 4xx validation error such as a CPU above the group
 * maximum or an unknown subnet). Retrying the same request never helps: the pod fails with reason
 * {@code ProviderFailed}.
 */
public class CloudRejectedException extends ProviderException {
  private final String code;

  public CloudRejectedException(String code, String message) {
    super(code + ": " + message);
    this.code = code;
  }

  /**
   * The cloud's error code, e.g. {@code InvalidContainerGroupName} or {@code
   * IncorrectVSwitchStatus}.
   */
  public String code() {
    return code;
  }
}

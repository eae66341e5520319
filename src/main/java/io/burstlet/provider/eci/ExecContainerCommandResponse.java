package io.burstlet.provider.eci;

/**
 * ExecContainerCommand's answer.
 *
 * @param webSocketUri the wss URL of the session; its query is a one-time credential
 * @param httpUrl the console terminal URL, or null
 * @param syncResponse the output when the command ran synchronously, or null
 */
public record ExecContainerCommandResponse(
    String requestId, String webSocketUri, String httpUrl, String syncResponse) {
  @Override
  public String toString() {
    return "ExecContainerCommandResponse[requestId=" + requestId + "]";
  }
}

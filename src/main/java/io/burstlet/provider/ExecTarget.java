package io.burstlet.provider;

/**
 * Where to attach a terminal: a WebSocket URI the cloud opened for one command, and the one-time
 * password it expects as the first frame (empty when the URI itself is the credential).
 */
public record ExecTarget(String webSocketUri, String password) {
  @Override
  public String toString() {
    return "ExecTarget[" + webSocketUri.replaceAll("\\?.*", "?…") + "]";
  }
}

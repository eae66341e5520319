package io.burstlet.provider;

/**
 * Credentials for one image registry, resolved from a pod's imagePullSecrets.
 *
 * @param server registry host (optionally with port), without scheme or path
 */
public record RegistryCredential(String server, String username, String password) {
  @Override
  public String toString() {
    return "RegistryCredential[server=" + server + ", username=" + username + ", password=***]";
  }
}

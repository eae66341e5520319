package io.burstlet.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A registry credential offered with a container group (ACI {@code imageRegistryCredentials}, ECI
 * {@code ImageRegistryCredential}). The password never appears in {@link #toString()}.
 *
 * @param server the registry as the client wrote it; may carry a scheme and path, e.g. {@code
 *     https://index.docker.io/v1/} — compare with {@link #registryHost()}
 */
public record PullCredential(String server, String username, String password) {

  private static final Set<String> DOCKER_HUB_ALIASES =
      Set.of("index.docker.io", "registry-1.docker.io", "registry.hub.docker.com");

  public PullCredential {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  /**
   * A credential from a dockerconfigjson entry that has only {@code auth}: base64 of {@code
   * user:password}, split at the first ':' since passwords may contain ':'.
   *
   * @throws IllegalArgumentException when {@code auth} is not base64 of {@code user:password}; the
   *     message never contains the value
   */
  public static PullCredential fromAuth(String server, String auth) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("auth for " + server + " is not valid base64");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("auth for " + server + " is not user:password");
    }
    return new PullCredential(server, decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  /** The registry host this credential is for, normalised as {@link #normaliseServer} does. */
  public String registryHost() {
    return normaliseServer(server);
  }

  /**
   * Reduces a credential server string to the registry host it names, the way Docker matches
   * credentials to registries: scheme and path are dropped, the host is lower-cased, and Docker
   * Hub's aliases ({@code index.docker.io}, …) become {@code docker.io}.
   */
  public static String normaliseServer(String server) {
    String host = server.trim();
    int scheme = host.indexOf("://");
    if (scheme >= 0) {
      host = host.substring(scheme + 3);
    }
    int slash = host.indexOf('/');
    if (slash >= 0) {
      host = host.substring(0, slash);
    }
    host = host.toLowerCase(Locale.ROOT);
    return DOCKER_HUB_ALIASES.contains(host) ? ImageReference.DOCKER_HUB : host;
  }

  @Override
  public String toString() {
    return "PullCredential[server=" + server + ", username=" + username + ", password=***]";
  }
}

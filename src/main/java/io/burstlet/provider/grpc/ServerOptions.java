package io.burstlet.provider.grpc;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where and how a {@link ProviderServer} listens. Validated here, once, naming the field at fault.
 *
 * <p>CreatePod carries Secret values and tokens, so the server speaks TLS unless it listens on a
 * loopback address (a sidecar next to the agent) or plaintext is explicitly allowed (a mesh that
 * encrypts for us).
 *
 * @param host the address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the port, or 0 for any free one (see {@link ProviderServer#port()})
 * @param certFile PEM certificate chain for TLS, or null for plaintext
 * @param keyFile PEM PKCS#8 private key of {@code certFile}, or null for plaintext
 * @param allowPlaintext allow plaintext on a non-loopback address
 */
public record ServerOptions(
    String host, int port, Path certFile, Path keyFile, boolean allowPlaintext) {
  public ServerOptions {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host: required");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: must be between 0 and 65535 (was " + port + ")");
    }
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException("certFile, keyFile: give both for TLS, or neither");
    }
    if (certFile != null) {
      requireReadable(certFile, "certFile");
      requireReadable(keyFile, "keyFile");
    } else if (!allowPlaintext && !isLoopback(host)) {
      throw new IllegalArgumentException(
          "host: "
              + host
              + " is not a loopback address; plaintext would expose pod secrets on the network,"
              + " so give certFile and keyFile or allow plaintext explicitly");
    }
  }

  /** Plaintext on a loopback address. */
  public static ServerOptions loopback(int port) {
    return new ServerOptions("127.0.0.1", port, null, null, false);
  }

  /** TLS with a certificate and key from PEM files. */
  public static ServerOptions tls(String host, int port, Path certFile, Path keyFile) {
    return new ServerOptions(host, port, certFile, keyFile, false);
  }

  public boolean tls() {
    return certFile != null;
  }

  private static void requireReadable(Path file, String field) {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(field + ": file " + file + " is not readable");
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("host: cannot resolve " + host);
    }
  }
}

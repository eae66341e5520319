package io.burstlet.provider.grpc;

import io.burstlet.tls.Loopback;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where and how a {@link ProviderServer} listens. Validated here, once, naming the field at fault.
 *
 * <p>Whoever can call the server can create container groups on the operator's bill, read logs and
 * get Exec credentials, and CreatePod carries Secret values. So the server speaks mutual TLS: it
 * presents {@code certFile} and serves only clients whose certificate {@code clientCaFile} signed.
 * Plaintext is for a sidecar next to the agent only: it must be asked for ({@code
 * insecurePlaintext}) and the server must listen on a loopback address.
 *
 * @param host the address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port the port, or 0 for any free one (see {@link ProviderServer#port()})
 * @param certFile PEM certificate chain the server presents; null only with insecurePlaintext
 * @param keyFile PEM private key of {@code certFile}; null only with insecurePlaintext
 * @param clientCaFile PEM CA certificates a client certificate must chain to; null only with
 *     insecurePlaintext
 * @param insecurePlaintext serve without TLS and without authenticating callers (loopback only)
 * @param maxWatchers how many WatchStatus streams may be open at once; the next one is refused with
 *     RESOURCE_EXHAUSTED (each agent keeps one per provider)
 */
public record ServerOptions(
    String host,
    int port,
    Path certFile,
    Path keyFile,
    Path clientCaFile,
    boolean insecurePlaintext,
    int maxWatchers) {
  private static final String WITHOUT =
      "only a plaintext server on a loopback address goes without";

  public static final int DEFAULT_MAX_WATCHERS = 8;

  /** More would let callers hold that many status replays in memory at once. */
  static final int MAX_WATCHERS_LIMIT = 1000;

  public ServerOptions {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host: required");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: must be between 0 and 65535 (was " + port + ")");
    }
    if (maxWatchers < 1 || maxWatchers > MAX_WATCHERS_LIMIT) {
      throw new IllegalArgumentException(
          "maxWatchers: must be between 1 and "
              + MAX_WATCHERS_LIMIT
              + " (was "
              + maxWatchers
              + ")");
    }
    if (insecurePlaintext) {
      if (certFile != null || keyFile != null || clientCaFile != null) {
        throw new IllegalArgumentException(
            "insecurePlaintext: not with TLS files (they mean mutual TLS)");
      }
      if (!Loopback.is(host)) {
        throw new IllegalArgumentException(
            "insecurePlaintext: only allowed on a loopback address (127.0.0.1, ::1, localhost),"
                + " not "
                + host
                + ": any caller could create container groups and read pod secrets; serve mutual"
                + " TLS instead");
      }
    } else {
      requireReadable(certFile, "certFile", "the server's PEM certificate chain", WITHOUT);
      requireReadable(keyFile, "keyFile", "the PEM private key of certFile", WITHOUT);
      requireReadable(
          clientCaFile,
          "clientCaFile",
          "the PEM CA whose client certificates the server accepts",
          WITHOUT);
    }
  }

  /**
   * Mutual TLS: presents {@code certFile}, serves clients with a certificate {@code clientCaFile}
   * signed.
   */
  public static ServerOptions mutualTls(
      String host, int port, Path certFile, Path keyFile, Path clientCaFile) {
    return new ServerOptions(
        host, port, certFile, keyFile, clientCaFile, false, DEFAULT_MAX_WATCHERS);
  }

  /** Plaintext without client authentication, on a loopback address only. */
  public static ServerOptions insecurePlaintext(String host, int port) {
    return new ServerOptions(host, port, null, null, null, true, DEFAULT_MAX_WATCHERS);
  }

  public ServerOptions withMaxWatchers(int max) {
    return new ServerOptions(host, port, certFile, keyFile, clientCaFile, insecurePlaintext, max);
  }

  public boolean tls() {
    return !insecurePlaintext;
  }

  /**
   * Fails naming {@code field} unless {@code file} is set and readable.
   *
   * @param what the file's role, for the message
   * @param withoutIt how to go without the file (plaintext rules), for the message
   */
  static void requireReadable(Path file, String field, String what, String withoutIt) {
    if (file == null) {
      throw new IllegalArgumentException(field + ": required (" + what + "); " + withoutIt);
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(field + ": file " + file + " is not readable");
    }
  }
}

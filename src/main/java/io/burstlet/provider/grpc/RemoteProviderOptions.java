package io.burstlet.provider.grpc;

import io.burstlet.tls.Loopback;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a {@link RemoteProvider} reaches its provider server. Validated here, once, naming the field
 * at fault.
 *
 * <p>Mutual TLS: the agent verifies the server's certificate (and its name against the target host)
 * with {@code caFile} only, not the JVM's public CAs, and presents its own certificate so the
 * server knows whom it serves. Plaintext, which sends Secret values in the clear to whoever
 * answers, must be asked for and only reaches a loopback target.
 *
 * @param target {@code host:port} of the provider server
 * @param caFile PEM CA certificates that sign the server's certificate; null only with
 *     insecurePlaintext
 * @param certFile the agent's PEM client certificate chain; null only with insecurePlaintext
 * @param keyFile the PEM private key of {@code certFile}; null only with insecurePlaintext
 * @param insecurePlaintext no TLS at all (a provider server on the same machine)
 * @param deadlines how long each kind of call may take
 * @param minBackoff first wait before re-subscribing to WatchStatus after the stream broke
 * @param maxBackoff the longest such wait; also bounds how long status events stop after the server
 *     is back
 */
public record RemoteProviderOptions(
    String target,
    Path caFile,
    Path certFile,
    Path keyFile,
    boolean insecurePlaintext,
    Deadlines deadlines,
    Duration minBackoff,
    Duration maxBackoff) {
  private static final String WITHOUT =
      "plaintext is only possible with insecurePlaintext to a loopback target";

  /**
   * Per-call deadlines. A call that exceeds its deadline fails with {@code
   * CloudUnavailableException} (ambiguous for CreatePod).
   *
   * @param health Describe and CheckHealth: short, so an unreachable server taints its zones
   *     quickly
   * @param read GetPodStatus, ListPods, ContainerLogs, Exec
   * @param write CreatePod and DeletePod, which wait for the cloud to accept the request
   */
  public record Deadlines(Duration health, Duration read, Duration write) {
    public static final Deadlines DEFAULT =
        new Deadlines(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60));

    public Deadlines {
      requirePositive(health, "deadlines.health");
      requirePositive(read, "deadlines.read");
      requirePositive(write, "deadlines.write");
    }
  }

  public RemoteProviderOptions {
    if (target == null || !target.matches("[^\\s:/]+:\\d{1,5}|\\[[0-9a-fA-F:.]+\\]:\\d{1,5}")) {
      throw new IllegalArgumentException("target: must be host:port (was '" + target + "')");
    }
    if (insecurePlaintext) {
      if (caFile != null || certFile != null || keyFile != null) {
        throw new IllegalArgumentException(
            "insecurePlaintext: not with caFile, certFile or keyFile (they mean mutual TLS)");
      }
      if (!Loopback.is(Loopback.hostOf(target))) {
        throw new IllegalArgumentException(
            "insecurePlaintext: only allowed for a loopback target (127.0.0.1, ::1, localhost),"
                + " not "
                + target
                + ": pod secrets would cross the network in the clear; give caFile, certFile"
                + " and keyFile for mutual TLS");
      }
    } else {
      ServerOptions.requireReadable(
          caFile, "caFile", "the PEM CA that signs the server's certificate", WITHOUT);
      ServerOptions.requireReadable(
          certFile, "certFile", "the agent's PEM client certificate", WITHOUT);
      ServerOptions.requireReadable(keyFile, "keyFile", "the PEM private key of certFile", WITHOUT);
    }
    if (deadlines == null) {
      throw new IllegalArgumentException("deadlines: required");
    }
    requirePositive(minBackoff, "minBackoff");
    requirePositive(maxBackoff, "maxBackoff");
    if (maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff: must not be shorter than minBackoff");
    }
  }

  /** Mutual TLS: trusts only {@code caFile} for the server and presents {@code certFile}. */
  public static RemoteProviderOptions mutualTls(
      String target, Path caFile, Path certFile, Path keyFile) {
    return new RemoteProviderOptions(
        target,
        caFile,
        certFile,
        keyFile,
        false,
        Deadlines.DEFAULT,
        Duration.ofMillis(200),
        Duration.ofSeconds(5));
  }

  /** Plaintext to a provider server on a loopback address. */
  public static RemoteProviderOptions insecurePlaintext(String target) {
    return new RemoteProviderOptions(
        target,
        null,
        null,
        null,
        true,
        Deadlines.DEFAULT,
        Duration.ofMillis(200),
        Duration.ofSeconds(5));
  }

  public boolean tls() {
    return !insecurePlaintext;
  }

  public RemoteProviderOptions withDeadlines(Deadlines deadlines) {
    return new RemoteProviderOptions(
        target, caFile, certFile, keyFile, insecurePlaintext, deadlines, minBackoff, maxBackoff);
  }

  public RemoteProviderOptions withBackoff(Duration min, Duration max) {
    return new RemoteProviderOptions(
        target, caFile, certFile, keyFile, insecurePlaintext, deadlines, min, max);
  }

  private static void requirePositive(Duration d, String field) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(field + ": must be a positive duration");
    }
  }
}

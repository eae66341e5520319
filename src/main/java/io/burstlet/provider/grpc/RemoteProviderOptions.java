package io.burstlet.provider.grpc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a {@link RemoteProvider} reaches its provider server. Validated here, once, naming the field
 * at fault.
 *
 * @param target {@code host:port} of the provider server
 * @param tls whether to speak TLS (CreatePod carries secrets: plaintext only to a sidecar or
 *     through a mesh that encrypts)
 * @param caFile PEM CA certificates to trust for the server, or null for the JVM's trust store
 * @param deadlines how long each kind of call may take
 * @param minBackoff first wait before re-subscribing to WatchStatus after the stream broke
 * @param maxBackoff the longest such wait; also bounds how long status events stop after the server
 *     is back
 */
public record RemoteProviderOptions(
    String target,
    boolean tls,
    Path caFile,
    Deadlines deadlines,
    Duration minBackoff,
    Duration maxBackoff) {

  /**
   * Per-call deadlines. A call that exceeds its deadline fails with {@code
   * CloudUnavailableException} (ambiguous for CreatePod).
   *
   * @param health Describe and CheckHealth: short, so an unreachable server turns nodes NotReady
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
    if (caFile != null) {
      if (!tls) {
        throw new IllegalArgumentException("caFile: only used with TLS");
      }
      if (!Files.isReadable(caFile)) {
        throw new IllegalArgumentException("caFile: file " + caFile + " is not readable");
      }
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

  /** TLS, trusting the CA certificates in {@code caFile} (or the JVM's when null). */
  public static RemoteProviderOptions tls(String target, Path caFile) {
    return new RemoteProviderOptions(
        target, true, caFile, Deadlines.DEFAULT, Duration.ofMillis(200), Duration.ofSeconds(5));
  }

  /** Plaintext: for a provider server on loopback or behind a mesh that encrypts. */
  public static RemoteProviderOptions plaintext(String target) {
    return new RemoteProviderOptions(
        target, false, null, Deadlines.DEFAULT, Duration.ofMillis(200), Duration.ofSeconds(5));
  }

  public RemoteProviderOptions withDeadlines(Deadlines deadlines) {
    return new RemoteProviderOptions(target, tls, caFile, deadlines, minBackoff, maxBackoff);
  }

  public RemoteProviderOptions withBackoff(Duration min, Duration max) {
    return new RemoteProviderOptions(target, tls, caFile, deadlines, min, max);
  }

  private static void requirePositive(Duration d, String field) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(field + ": must be a positive duration");
    }
  }
}

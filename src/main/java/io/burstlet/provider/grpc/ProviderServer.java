package io.burstlet.provider.grpc;

import io.burstlet.provider.Provider;
import io.burstlet.provider.ProviderException;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves any {@link Provider} over gRPC ({@code burstlet.provider.v1.Provider}), so the agent can
 * use it out of process through {@link RemoteProvider}.
 *
 * <p>Lifecycle: {@link #start()} binds the port and then calls {@code provider.start(listener)}
 * once; that listener fans every status event out to all WatchStatus subscribers. {@link #close()}
 * ends the subscriptions, stops the server and does <em>not</em> close the provider: the caller
 * owns it (and may serve it again).
 */
public final class ProviderServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProviderServer.class);

  /**
   * The largest request the server reads; gRPC refuses a longer one with RESOURCE_EXHAUSTED before
   * reading it. CreatePod carries the pod's Secrets and ConfigMaps, each at most 1 MiB (etcd's
   * limit), and a pod rarely references more than a handful; 16 MiB leaves room for that without
   * letting a caller make the server buffer hundreds of MiB per call.
   */
  public static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

  /**
   * Concurrent calls on one connection; further ones wait in the client (HTTP/2
   * MAX_CONCURRENT_STREAMS). An agent needs its reconcile workers, health checks, log requests and
   * one WatchStatus stream, far fewer than this.
   */
  static final int MAX_CALLS_PER_CONNECTION = 100;

  private static final long SHUTDOWN_GRACE_SECONDS = 5;

  private final Provider provider;
  private final ServerOptions options;
  private final StatusFanOut statuses;
  private Server server;
  private boolean closed;

  public ProviderServer(Provider provider, ServerOptions options) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.options = Objects.requireNonNull(options, "options");
    this.statuses = new StatusFanOut(options.maxWatchers());
  }

  /**
   * Binds the port and starts the provider's background work.
   *
   * @throws IOException when the port cannot be bound or the TLS files cannot be read
   * @throws ProviderException when {@code provider.start} fails (the server is stopped again)
   * @throws IllegalStateException when called twice
   */
  public synchronized ProviderServer start() throws IOException, ProviderException {
    if (server != null || closed) {
      throw new IllegalStateException("ProviderServer can be started once");
    }
    NettyServerBuilder builder;
    try {
      builder =
          NettyServerBuilder.forAddress(
              new InetSocketAddress(options.host(), options.port()), credentials(options));
    } catch (IOException | IllegalArgumentException e) {
      if (!options.tls()) {
        throw e;
      }
      // The files are parsed here; a parser's message could quote the key, so only name them.
      throw new IOException(
          "certFile, keyFile, clientCaFile: cannot set up mutual TLS from "
              + options.certFile()
              + ", "
              + options.keyFile()
              + " and "
              + options.clientCaFile()
              + " (PEM certificate chain, unencrypted private key and CA certificates expected; "
              + e.getClass().getSimpleName()
              + ")");
    }
    server =
        builder
            .addService(new ProviderService(provider, statuses))
            .maxInboundMessageSize(MAX_REQUEST_BYTES)
            .maxConcurrentCallsPerConnection(MAX_CALLS_PER_CONNECTION)
            // Agents keep a WatchStatus stream open and ping it to notice dead connections.
            .permitKeepAliveTime(10, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true)
            .build()
            .start();
    try {
      provider.start(statuses);
    } catch (ProviderException | RuntimeException e) {
      stopServer();
      throw e;
    }
    log.info(
        "serving provider {} on {}:{} ({})",
        provider.name(),
        options.host(),
        server.getPort(),
        options.tls() ? "mutual TLS" : "plaintext, loopback only");
    return this;
  }

  /**
   * Mutual TLS: the handshake fails unless the client presents a certificate, valid now, that
   * chains to the client CA; no rpc runs before that.
   */
  private static ServerCredentials credentials(ServerOptions options) throws IOException {
    if (!options.tls()) {
      return InsecureServerCredentials.create();
    }
    return TlsServerCredentials.newBuilder()
        .keyManager(options.certFile().toFile(), options.keyFile().toFile())
        .trustManager(options.clientCaFile().toFile())
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
        .build();
  }

  /** The bound port (the chosen one when the options asked for port 0). */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("ProviderServer is not started");
    }
    return server.getPort();
  }

  /** The number of agents currently subscribed to WatchStatus. */
  public int watchers() {
    return statuses.subscribers();
  }

  /** Blocks until the server has stopped (after {@link #close()}). */
  public void awaitTermination() throws InterruptedException {
    Server s;
    synchronized (this) {
      s = server;
    }
    if (s != null) {
      s.awaitTermination();
    }
  }

  /** Ends every WatchStatus stream and stops the server; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Completing the streams first lets the graceful shutdown finish instead of waiting on them.
    statuses.close();
    if (server != null) {
      stopServer();
      log.info("stopped serving provider {}", provider.name());
    }
  }

  private void stopServer() {
    server.shutdown();
    try {
      if (!server.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}

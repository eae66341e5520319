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
  // CreatePod carries Secrets and ConfigMaps of up to 1 MiB each; gRPC's default cap is 4 MiB.
  static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
  private static final long SHUTDOWN_GRACE_SECONDS = 5;

  private final Provider provider;
  private final ServerOptions options;
  private final StatusFanOut statuses = new StatusFanOut();
  private Server server;
  private boolean closed;

  public ProviderServer(Provider provider, ServerOptions options) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.options = Objects.requireNonNull(options, "options");
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
    ServerCredentials credentials =
        options.tls()
            ? TlsServerCredentials.create(options.certFile().toFile(), options.keyFile().toFile())
            : InsecureServerCredentials.create();
    server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress(options.host(), options.port()), credentials)
            .addService(new ProviderService(provider, statuses))
            .maxInboundMessageSize(MAX_MESSAGE_BYTES)
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
        options.tls() ? "TLS" : "plaintext");
    return this;
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

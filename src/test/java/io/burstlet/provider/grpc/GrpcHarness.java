package io.burstlet.provider.grpc;

import io.burstlet.provider.InMemoryProvider;
import io.burstlet.provider.ProviderException;
import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * An in-memory provider served on 127.0.0.1 with mutual TLS, as in production, and a RemoteProvider
 * connected to it with the test client certificate.
 */
final class GrpcHarness implements AutoCloseable {
  final InMemoryProvider fake;
  final ProviderServer server;
  final RemoteProvider remote;

  private GrpcHarness(InMemoryProvider fake, ProviderServer server, RemoteProvider remote) {
    this.fake = fake;
    this.server = server;
    this.remote = remote;
  }

  static GrpcHarness start() throws IOException, ProviderException {
    return start(UnaryOperator.identity());
  }

  static GrpcHarness start(UnaryOperator<RemoteProviderOptions> tune)
      throws IOException, ProviderException {
    InMemoryProvider fake = InMemoryProvider.standard();
    ProviderServer server = new ProviderServer(fake, TestPki.serverOptions(0)).start();
    try {
      RemoteProvider remote =
          RemoteProvider.connect(tune.apply(TestPki.clientOptions("127.0.0.1:" + server.port())));
      return new GrpcHarness(fake, server, remote);
    } catch (ProviderException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  @Override
  public void close() {
    remote.close();
    server.close();
  }
}

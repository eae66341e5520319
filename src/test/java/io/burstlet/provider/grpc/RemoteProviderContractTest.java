package io.burstlet.provider.grpc;

import io.burstlet.provider.InMemoryProvider;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.Provider;
import io.burstlet.provider.ProviderContractTest;
import org.junit.jupiter.api.AfterEach;

/**
 * The SPI contract for the in-memory provider served over gRPC with mutual TLS and used through
 * RemoteProvider.
 */
class RemoteProviderContractTest extends ProviderContractTest {
  private InMemoryProvider fake;
  private ProviderServer server;

  @Override
  protected Provider newProvider() throws Exception {
    fake = InMemoryProvider.standard();
    server = new ProviderServer(fake, TestPki.serverOptions(0)).start();
    return RemoteProvider.connect(TestPki.clientOptions("127.0.0.1:" + server.port()));
  }

  @Override
  protected void makeRunning(PodRef pod) {
    fake.run(pod);
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }
}

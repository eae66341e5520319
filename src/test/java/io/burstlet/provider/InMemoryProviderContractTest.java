package io.burstlet.provider;

/** The SPI contract for the in-memory fake, in process: the baseline the gRPC run must match. */
class InMemoryProviderContractTest extends ProviderContractTest {
  private InMemoryProvider fake;

  @Override
  protected Provider newProvider() {
    fake = InMemoryProvider.standard();
    return fake;
  }

  @Override
  protected void makeRunning(PodRef pod) {
    fake.run(pod);
  }
}

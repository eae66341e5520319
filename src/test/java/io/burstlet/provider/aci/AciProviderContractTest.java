package io.burstlet.provider.aci;

import io.burstlet.provider.PodRef;
import io.burstlet.provider.Provider;
import io.burstlet.provider.ProviderContractTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The SPI contract for the real {@link AciProvider} against the ACI emulator over HTTPS. One
 * emulator serves the class; each test gets its own resource group, so its sweep sees only its own
 * groups.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AciProviderContractTest extends ProviderContractTest {
  private AciWire wire;

  @BeforeAll
  void startEmulator() {
    wire = AciWire.start();
  }

  @AfterAll
  void stopEmulator() {
    wire.close();
  }

  @Override
  protected Provider newProvider() {
    return wire.provider(AciWire.newResourceGroup());
  }

  /** The emulator runs every accepted group after its provisioning steps; nothing to do. */
  @Override
  protected void makeRunning(PodRef pod) {}

  @Override
  protected Duration statusTimeout() {
    return Duration.ofSeconds(10);
  }

  /**
   * The agent names a zone's node {@code <prefix>-<provider>-<zone>}, and the ACI provider only
   * follows (lists, sweeps) groups tagged with one of its own nodes; the contract's default node
   * name has no zone.
   */
  @Override
  protected PodRef newRef(String zone) {
    String uid = UUID.randomUUID().toString();
    return new PodRef(
        "contract",
        "pod-" + uid.substring(0, 8),
        uid,
        "burstlet-" + provider.name() + "-" + zone,
        zone);
  }
}

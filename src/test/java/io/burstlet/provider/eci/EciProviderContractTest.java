package io.burstlet.provider.eci;

import io.burstlet.emulator.eci.EciTimings;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.Provider;
import io.burstlet.provider.ProviderContractTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The SPI contract for the real {@link EciProvider} against the ECI emulator over HTTPS. One
 * emulator serves the class; each test gets its own cluster name, so its sweep and listings see
 * only its own groups.
 *
 * <p>The contract expects a deleted pod to be gone at once (no status, not listed). ECI shows a
 * deleted group {@code Terminating} for a while, which {@link EciProviderWireTest} covers; here the
 * emulator drops deleted groups at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EciProviderContractTest extends ProviderContractTest {
  private EciWire wire;

  @BeforeAll
  void startEmulator() {
    EciTimings t = EciWire.TIMINGS;
    wire =
        EciWire.start(
            b ->
                b.timings(
                    new EciTimings(
                        t.scheduling(), t.pending(), t.restarting(), Duration.ZERO, t.backoff())));
  }

  @AfterAll
  void stopEmulator() {
    wire.close();
  }

  @Override
  protected Provider newProvider() {
    return wire.provider(EciWire.newCluster());
  }

  /** The emulator runs every accepted group after Scheduling and Pending; nothing to do. */
  @Override
  protected void makeRunning(PodRef pod) {}

  @Override
  protected Duration statusTimeout() {
    return Duration.ofSeconds(10);
  }

  /**
   * The agent names a zone's node {@code <prefix>-<provider>-<zone>}, and the ECI provider lists
   * only groups tagged with one of its own nodes; the contract's default node name has no zone.
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

package io.burstlet.provider.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.provider.CloudPod;
import io.burstlet.provider.ExecTarget;
import io.burstlet.provider.LogOptions;
import io.burstlet.provider.PodRef;
import org.junit.jupiter.api.Test;

/** The SPI ↔ proto conversions keep absent values absent and insist on what keys operations. */
class WireTest {

  @Test
  void absentValuesStayAbsent() throws Exception {
    PodRef ref = new PodRef("ns", "name", "uid-1", null, "1");
    assertEquals(ref, Wire.ref(Wire.ref(ref), "ref"));

    CloudPod withoutStatus = new CloudPod("bl-uid1", ref, null);
    assertFalse(Wire.cloudPod(withoutStatus).hasStatusJson());
    assertEquals(withoutStatus, Wire.cloudPod(Wire.cloudPod(withoutStatus)));

    assertEquals(LogOptions.all(), Wire.logOptions(Wire.logOptions(LogOptions.all())));
    LogOptions some = new LogOptions(0, true, 0, true);
    assertEquals(some, Wire.logOptions(Wire.logOptions(some)), "zero is not absent");

    ExecTarget target = new ExecTarget("wss://x/exec?token=t", "");
    assertEquals(target, Wire.execTarget(Wire.execResponse(target)));
  }

  @Test
  void aRefWithoutUidOrZoneIsRejected() {
    var noUid = Wire.ref(new PodRef("ns", "n", "u", null, "1")).toBuilder().clearUid().build();
    WireDataException e = assertThrows(WireDataException.class, () -> Wire.ref(noUid, "ref"));
    assertEquals("ref.uid is required", e.getMessage());
    var noZone = Wire.ref(new PodRef("ns", "n", "u", null, "1")).toBuilder().clearZone().build();
    assertTrue(
        assertThrows(WireDataException.class, () -> Wire.ref(noZone, "ref"))
            .getMessage()
            .contains("zone"));
  }
}

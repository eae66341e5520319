package io.burstlet.emulator.aci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IpAllocatorTest {

  private static final String SUBNET =
      "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/a";
  private static final String OTHER =
      "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/b";

  @Test
  void allocatesAfterAzuresReservedAddressesAndWrapsBeforeTheBroadcastAddress() {
    IpAllocator ips = new IpAllocator(Map.of(SUBNET, "10.1.0.0/29"));

    // A /29 has 8 addresses: .0-.3 and .7 are Azure's, leaving .4-.6.
    assertEquals("10.1.0.4", ips.allocate(SUBNET));
    assertEquals("10.1.0.5", ips.allocate(SUBNET.toUpperCase()));
    assertEquals("10.1.0.6", ips.allocate(SUBNET));
    assertEquals("10.1.0.4", ips.allocate(SUBNET));
  }

  @Test
  void configuredSubnetsAreAnAllowList() {
    IpAllocator open = new IpAllocator(Map.of());
    IpAllocator closed = new IpAllocator(Map.of(SUBNET, "10.1.0.0/24"));

    assertTrue(open.known(OTHER));
    assertTrue(closed.known(SUBNET.toLowerCase()));
    assertFalse(closed.known(OTHER));
  }

  @Test
  void unconfiguredSubnetsGetTheirOwnRangeAndPublicAddressesAnother() {
    IpAllocator ips = new IpAllocator(Map.of());

    String a = ips.allocate(SUBNET);
    String b = ips.allocate(OTHER);
    String publicIp = ips.allocate(null);

    assertTrue(a.startsWith("10.") && a.endsWith(".0.4"), a);
    assertTrue(b.startsWith("10.") && b.endsWith(".0.4"), b);
    assertFalse(a.equals(b));
    assertEquals("20.42.0.4", publicIp);
  }

  @Test
  void refusesMalformedConfiguration() {
    assertThrows(
        IllegalArgumentException.class, () -> new IpAllocator(Map.of("subnet-1", "10.0.0.0/24")));
    assertThrows(IllegalArgumentException.class, () -> new IpAllocator(Map.of(SUBNET, "10.0.0.0")));
    assertThrows(
        IllegalArgumentException.class, () -> new IpAllocator(Map.of(SUBNET, "10.0.0.0/30")));
    assertThrows(
        IllegalArgumentException.class, () -> new IpAllocator(Map.of(SUBNET, "300.0.0.0/24")));
  }
}

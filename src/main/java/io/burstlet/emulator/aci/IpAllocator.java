package io.burstlet.emulator.aci;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Hands out the IP addresses container groups report. The addresses are only reported, never
 * contacted, so all that matters is that they are plausible and distinct: a group in a VNet gets
 * the next address of its subnet's range (a configured CIDR, else {@code 10.N.0.0/16} for the N-th
 * subnet seen), skipping the first four and the last address as Azure reserves them; a group with a
 * public IP gets one from {@value #PUBLIC_RANGE}. Addresses are not reused. Thread-safe.
 */
final class IpAllocator {

  /** A subnet resource id, the only shape {@code subnetIds[].id} may take. */
  static final Pattern SUBNET_ID =
      Pattern.compile(
          "/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Network"
              + "/virtualNetworks/[^/]+/subnets/[^/]+",
          Pattern.CASE_INSENSITIVE);

  private static final String PUBLIC_RANGE = "20.42.0.0/16";

  private record Range(long base, long size) {
    static Range parse(String cidr) {
      String[] parts = cidr.split("/");
      if (parts.length != 2) {
        throw new IllegalArgumentException("not a CIDR: " + cidr);
      }
      String[] octets = parts[0].split("\\.");
      int prefix = Integer.parseInt(parts[1]);
      if (octets.length != 4 || prefix < 8 || prefix > 29) {
        throw new IllegalArgumentException("CIDR must be IPv4 with a prefix of /8 to /29: " + cidr);
      }
      long address = 0;
      for (String octet : octets) {
        int value = Integer.parseInt(octet);
        if (value < 0 || value > 255) {
          throw new IllegalArgumentException("not a CIDR: " + cidr);
        }
        address = (address << 8) | value;
      }
      long size = 1L << (32 - prefix);
      return new Range(address & ~(size - 1), size);
    }

    String address(long n) {
      // Azure keeps .0-.3 and the broadcast address of every subnet for itself.
      long usable = size - 5;
      long value = base + 4 + (n % usable);
      return (value >> 24 & 255)
          + "."
          + (value >> 16 & 255)
          + "."
          + (value >> 8 & 255)
          + "."
          + (value & 255);
    }
  }

  private final Map<String, Range> configured = new LinkedHashMap<>();
  private final Map<String, Range> ranges = new HashMap<>();
  private final Map<String, Long> next = new HashMap<>();

  /**
   * @param subnets subnet id → CIDR; when non-empty, only these subnets are known
   * @throws IllegalArgumentException naming a malformed subnet id or CIDR
   */
  IpAllocator(Map<String, String> subnets) {
    subnets.forEach(
        (id, cidr) -> {
          if (!SUBNET_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a subnet resource id: " + id);
          }
          configured.put(id.toLowerCase(Locale.ROOT), Range.parse(cidr));
        });
    ranges.putAll(configured);
  }

  /** Whether {@code subnetId} may be used: any well-formed id, or one of the configured ones. */
  boolean known(String subnetId) {
    return configured.isEmpty() || configured.containsKey(subnetId.toLowerCase(Locale.ROOT));
  }

  /** The next address in {@code subnetId}'s range, or a public one when it is null. */
  synchronized String allocate(String subnetId) {
    String key = subnetId == null ? PUBLIC_RANGE : subnetId.toLowerCase(Locale.ROOT);
    Range range =
        ranges.computeIfAbsent(
            key,
            k ->
                subnetId == null
                    ? Range.parse(PUBLIC_RANGE)
                    : Range.parse("10." + (1 + ranges.size() % 254) + ".0.0/16"));
    long n = next.merge(key, 1L, Long::sum) - 1;
    return range.address(n);
  }
}

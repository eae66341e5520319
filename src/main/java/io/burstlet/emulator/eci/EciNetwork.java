package io.burstlet.emulator.eci;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The emulated region's network: its zones, the vSwitches in each, the VPC they belong to, the
 * known security groups, which zones have stock, and private-IP allocation. Thread-safe.
 */
final class EciNetwork {

  /** A vSwitch a group may be placed on, and its zone. */
  record Candidate(String zoneId, String vSwitchId) {}

  private final String regionId;
  private final String vpcId;
  private final Map<String, List<String>> zones;
  private final Map<String, String> zoneOfVSwitch = new HashMap<>();
  private final Map<String, Integer> vSwitchIndex = new HashMap<>();
  private final Set<String> securityGroups;
  private final Set<String> zonesWithoutStock = new HashSet<>();
  private final Map<String, Integer> allocated = new HashMap<>();

  /**
   * @param zones zone id → its vSwitch ids, in order; a vSwitch belongs to exactly one zone
   * @param securityGroups the security groups that exist; empty accepts any id
   */
  EciNetwork(
      String regionId, String vpcId, Map<String, List<String>> zones, Set<String> securityGroups) {
    this.regionId = Objects.requireNonNull(regionId, "regionId");
    this.vpcId = Objects.requireNonNull(vpcId, "vpcId");
    this.zones = new LinkedHashMap<>();
    zones.forEach((zone, vSwitches) -> this.zones.put(zone, List.copyOf(vSwitches)));
    int index = 0;
    for (Map.Entry<String, List<String>> zone : this.zones.entrySet()) {
      for (String vSwitch : zone.getValue()) {
        String previous = zoneOfVSwitch.putIfAbsent(vSwitch, zone.getKey());
        if (previous != null) {
          throw new IllegalArgumentException(
              "vSwitch " + vSwitch + " is in zones " + previous + " and " + zone.getKey());
        }
        vSwitchIndex.put(vSwitch, index++);
      }
    }
    this.securityGroups = Set.copyOf(securityGroups);
  }

  String regionId() {
    return regionId;
  }

  String vpcId() {
    return vpcId;
  }

  /**
   * The vSwitches a group may use, in the order given (ECI's default {@code VSwitchOrdered}
   * strategy), each checked to exist and, when {@code zoneId} is given, to be in that zone.
   *
   * @throws EciApiException {@code IncorrectVSwitchStatus} naming the vSwitch, or {@code
   *     InvalidParameter} for an unknown zone
   */
  List<Candidate> candidates(List<String> vSwitchIds, String zoneId) {
    if (zoneId != null && !zones.containsKey(zoneId)) {
      throw EciErrors.invalidParameter(
          "ZoneId", "zone " + zoneId + " is not a zone of region " + regionId);
    }
    List<Candidate> candidates = new ArrayList<>();
    for (String vSwitch : vSwitchIds) {
      String zone = zoneOfVSwitch.get(vSwitch);
      if (zone == null) {
        throw EciErrors.incorrectVSwitchStatus(
            "vSwitch " + vSwitch + " does not exist in region " + regionId);
      }
      if (zoneId != null && !zone.equals(zoneId)) {
        throw EciErrors.incorrectVSwitchStatus(
            "vSwitch " + vSwitch + " is in zone " + zone + ", not in zone " + zoneId);
      }
      candidates.add(new Candidate(zone, vSwitch));
    }
    return candidates;
  }

  /**
   * @throws EciApiException {@code InvalidParameter} when security groups are configured and {@code
   *     id} is not one of them
   */
  void checkSecurityGroup(String id) {
    if (!securityGroups.isEmpty() && !securityGroups.contains(id)) {
      throw EciErrors.invalidParameter(
          "SecurityGroupId", "security group " + id + " does not exist in region " + regionId);
    }
  }

  /** Whether {@code zoneId} exists. */
  boolean hasZone(String zoneId) {
    return zones.containsKey(zoneId);
  }

  synchronized void setStock(String zoneId, boolean available) {
    if (!zones.containsKey(zoneId)) {
      throw new IllegalArgumentException("unknown zone " + zoneId);
    }
    if (available) {
      zonesWithoutStock.remove(zoneId);
    } else {
      zonesWithoutStock.add(zoneId);
    }
  }

  synchronized boolean hasStock(String zoneId) {
    return !zonesWithoutStock.contains(zoneId);
  }

  /**
   * The next private IP on {@code vSwitchId} and the host it runs on: vSwitch number k (in
   * configuration order) owns 10.(k+1).0.0/16; hosts are drawn from 192.168.(k+1).0/24.
   */
  synchronized String[] allocate(String vSwitchId) {
    int k = vSwitchIndex.get(vSwitchId) + 1;
    int n = allocated.merge(vSwitchId, 1, Integer::sum);
    String ip = "10." + k + "." + (n / 250 % 256) + "." + (n % 250 + 2);
    String host = "192.168." + k + "." + (n % 250 + 2);
    return new String[] {ip, host};
  }
}

package io.burstlet.emulator.aci;

import io.burstlet.emulator.PrivateRegistries;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link AciEmulator.Builder} configures, validated once here.
 *
 * @param subnets subnet resource id → CIDR; empty accepts any well-formed subnet id
 * @param pending how long a new deployment stays {@code Pending}
 * @param creating how long it then stays {@code Creating} (pulling images) before {@code Succeeded}
 * @param restartBackoff pause between a container's exit and its restart
 * @param maxCpuPerGroup the region's largest container group, in cores
 * @param maxMemoryGbPerGroup the region's largest container group, in GB
 * @param standardCoresQuota cores all groups of a subscription may use per region; 0 = unlimited
 * @param listPageSize container groups per list page before a {@code nextLink}
 */
record AciSettings(
    Clock clock,
    PrivateRegistries registries,
    Map<String, String> subnets,
    Duration pending,
    Duration creating,
    Duration restartBackoff,
    AciEmulator.PullFailure pullFailure,
    double maxCpuPerGroup,
    double maxMemoryGbPerGroup,
    int standardCoresQuota,
    int listPageSize) {

  AciSettings {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(registries, "registries");
    subnets = Map.copyOf(subnets);
    requireNotNegative(pending, "pending");
    requireNotNegative(creating, "creating");
    Objects.requireNonNull(restartBackoff, "restartBackoff");
    if (restartBackoff.isNegative() || restartBackoff.isZero()) {
      throw new IllegalArgumentException("restartBackoff must be positive, was " + restartBackoff);
    }
    Objects.requireNonNull(pullFailure, "pullFailure");
    if (!(maxCpuPerGroup > 0) || !(maxMemoryGbPerGroup > 0)) {
      throw new IllegalArgumentException("maxCpuPerGroup and maxMemoryGbPerGroup must be positive");
    }
    if (standardCoresQuota < 0) {
      throw new IllegalArgumentException("standardCoresQuota must be >= 0 (0 = unlimited)");
    }
    if (listPageSize < 1) {
      throw new IllegalArgumentException("listPageSize must be >= 1, was " + listPageSize);
    }
  }

  private static void requireNotNegative(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + duration);
    }
  }
}

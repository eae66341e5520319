package io.burstlet.provider.aci;

import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import com.azure.resourcemanager.containerinstance.models.Container;
import com.azure.resourcemanager.containerinstance.models.ResourceRequests;
import io.burstlet.provider.UnsupportedPodException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The largest container group the location runs, read from ARM's capabilities listing at most once
 * an hour. ARM answers a group above it with 409 {@code ServiceUnavailable}, which reads like a
 * passing shortage; checking first fails such a pod at once instead of retrying it forever.
 */
final class AciGroupLimits {
  static final Duration REFRESH = Duration.ofHours(1);

  /** After a failed read, the next create tries again this much later. */
  static final Duration RETRY = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(AciGroupLimits.class);

  private final AciGroups groups;
  private final String location;
  private final Clock clock;
  private Optional<AciGroups.GroupLimits> limits = Optional.empty();
  private Instant nextRead = Instant.MIN;

  AciGroupLimits(AciGroups groups, String location, Clock clock) {
    this.groups = groups;
    this.location = location;
    this.clock = clock;
  }

  /** Refuses a group above the location's limits; says nothing while they are unknown. */
  void check(ContainerGroupInner group) throws UnsupportedPodException {
    double cpu = 0;
    double memory = 0;
    for (Container c : group.containers()) {
      ResourceRequests requests = c.resources() == null ? null : c.resources().requests();
      if (requests == null) {
        continue;
      }
      if (requests.gpu() != null) {
        return; // GPU groups have limits of their own per SKU; ARM decides.
      }
      cpu += requests.cpu();
      memory += requests.memoryInGB();
    }
    Optional<AciGroups.GroupLimits> known = current();
    if (known.isPresent() && (cpu > known.get().maxCpu() || memory > known.get().maxMemoryGb())) {
      throw new UnsupportedPodException(
          "spec.containers[*].resources",
          String.format(
              Locale.ROOT,
              "ACI in %s runs at most %s CPU and %s GB of memory per container group; this pod"
                  + " needs %s CPU and %s GB",
              location,
              number(known.get().maxCpu()),
              number(known.get().maxMemoryGb()),
              number(cpu),
              number(memory)));
    }
  }

  private synchronized Optional<AciGroups.GroupLimits> current() {
    Instant now = clock.instant();
    if (now.isBefore(nextRead)) {
      return limits;
    }
    try {
      limits = groups.limits(location);
      nextRead = now.plus(REFRESH);
    } catch (RuntimeException e) {
      LOG.debug(
          "capabilities of {} unavailable: {}",
          location,
          AciErrors.map("list capabilities", e, false, Set.of()).getMessage());
      nextRead = now.plus(RETRY);
    }
    return limits;
  }

  private static String number(double value) {
    return value == Math.rint(value)
        ? String.valueOf((long) value)
        : String.format(Locale.ROOT, "%.2f", value);
  }
}

package io.burstlet.emulator.eci;

import io.burstlet.emulator.ContainerState;
import io.burstlet.emulator.ContainerStatus;
import io.burstlet.emulator.SimulatedProcess;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A container group as it is at one instant, computed by {@link GroupTimeline}; what every response
 * is rendered from.
 *
 * @param status the ECI status, e.g. {@code Running}
 * @param statusSince when the group entered {@code status}
 * @param scheduledAt when it was (or will be) scheduled; null when it never will be
 * @param mainStart when its (non-init) containers start; null when they never will
 * @param lastChange the latest instant at or before {@code now} at which the status or any
 *     container's state changed; what {@code SinceSecond} filters on
 */
record GroupView(
    ContainerGroup group,
    Instant now,
    String status,
    Instant statusSince,
    Instant scheduledAt,
    Instant mainStart,
    List<ContainerView> initContainers,
    List<ContainerView> containers,
    List<EciEvent> events,
    Instant lastChange) {

  /** True once the group has been placed on a host (it has IPs). */
  boolean scheduled() {
    return scheduledAt != null && !now.isBefore(scheduledAt);
  }

  /** True once every init container has completed. */
  boolean initialized() {
    return mainStart != null && !now.isBefore(mainStart);
  }

  /** Init containers first, then containers. */
  List<ContainerView> allContainers() {
    List<ContainerView> all = new ArrayList<>(initContainers);
    all.addAll(containers);
    return all;
  }

  /**
   * One container at {@code now}.
   *
   * @param status state, previous terminated state and restart count, across group restarts
   * @param message detail for a Waiting state (image pull errors), else empty
   * @param readySince when it became ready, or null when not ready
   * @param changedAt when its state last changed, or null when it has not yet
   * @param process the simulated process, or null when it cannot run (image not pullable, or
   *     blocked behind an init container or by missing stock)
   * @param carried what the previous incarnation left, or null
   */
  record ContainerView(
      GroupSpec.Container spec,
      ContainerStatus status,
      String message,
      Instant readySince,
      Instant changedAt,
      boolean imagePulled,
      SimulatedProcess process,
      ContainerGroup.Carried carried) {

    boolean ready() {
      return readySince != null;
    }

    boolean running() {
      return status.current() instanceof ContainerState.Running;
    }
  }
}

package io.burstlet.emulator.eci;

import io.burstlet.emulator.ContainerState;
import io.burstlet.emulator.LogLine;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One container group as stored: what was asked for, where it was placed, and the few moments that
 * shape its life (creation, restarts/updates, deletion, spot reclaim). Everything else — status,
 * container states, logs, events — is derived from these by {@link GroupTimeline} for the instant
 * asked about, so no thread drives the lifecycle. Immutable; changes return copies.
 *
 * @param sequence creation order, for stable listing and paging
 * @param uuid the Kubernetes-style uid ECI reports as {@code uuid}
 * @param size the provisioned vCPUs/memory, rounded up to an ECI specification
 * @param noStock true when no zone among the group's vSwitches had stock at creation: the group
 *     ends {@code ScheduleFailed}
 * @param history events of earlier incarnations, frozen when they ended
 * @param deletedAt when DeleteContainerGroup was called, or null
 * @param expiredAt when the spot instance was reclaimed, or null
 */
record ContainerGroup(
    String id,
    long sequence,
    String uuid,
    GroupSpec spec,
    EciSpecs.Spec size,
    Placement placement,
    Instant createdAt,
    boolean noStock,
    Incarnation incarnation,
    List<EciEvent> history,
    Instant deletedAt,
    Instant expiredAt) {

  ContainerGroup {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(incarnation, "incarnation");
    history = List.copyOf(history);
  }

  /** Where the group runs. IPs are assigned at creation and reported once it is scheduled. */
  record Placement(
      String regionId,
      String zoneId,
      String vSwitchId,
      String vpcId,
      String intranetIp,
      String hostIp,
      String eniId) {}

  /** Why the current set of containers was started. */
  enum Kind {
    CREATED,
    RESTARTED,
    UPDATED
  }

  /**
   * One run of the group's containers: from creation, or from a restart or update.
   *
   * @param carried per container name, what earlier incarnations left behind
   */
  record Incarnation(int index, Kind kind, Instant start, Map<String, Carried> carried) {
    Incarnation {
      carried = Map.copyOf(carried);
    }

    static Incarnation first(Instant start) {
      return new Incarnation(0, Kind.CREATED, start, Map.of());
    }
  }

  /**
   * What a container carries across a restart of its group: restarts so far, its last terminated
   * state, and the log lines of that last run (for {@code LastTime=true}).
   */
  record Carried(int restarts, ContainerState.Terminated previous, List<LogLine> logs) {
    Carried {
      logs = List.copyOf(logs);
    }
  }

  /** When the containers were stopped for good (deletion or reclaim), or null. */
  Instant stoppedAt() {
    if (deletedAt == null) {
      return expiredAt;
    }
    return expiredAt == null || deletedAt.isBefore(expiredAt) ? deletedAt : expiredAt;
  }

  ContainerGroup withDeletedAt(Instant at) {
    return new ContainerGroup(
        id,
        sequence,
        uuid,
        spec,
        size,
        placement,
        createdAt,
        noStock,
        incarnation,
        history,
        at,
        expiredAt);
  }

  ContainerGroup withExpiredAt(Instant at) {
    return new ContainerGroup(
        id,
        sequence,
        uuid,
        spec,
        size,
        placement,
        createdAt,
        noStock,
        incarnation,
        history,
        deletedAt,
        at);
  }

  ContainerGroup withSpec(GroupSpec newSpec, EciSpecs.Spec newSize) {
    return new ContainerGroup(
        id,
        sequence,
        uuid,
        newSpec,
        newSize,
        placement,
        createdAt,
        noStock,
        incarnation,
        history,
        deletedAt,
        expiredAt);
  }

  /** A new incarnation, with the events of the ending one appended to {@code history}. */
  ContainerGroup restarted(Incarnation next, List<EciEvent> newHistory) {
    return new ContainerGroup(
        id,
        sequence,
        uuid,
        spec,
        size,
        placement,
        createdAt,
        noStock,
        next,
        newHistory,
        deletedAt,
        expiredAt);
  }
}

package io.burstlet.provider.eci;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The state of one group reduced to what both status sources report — DescribeContainerGroups
 * (full) and DescribeContainerGroupStatus (deltas) — so that {@link EciStatusMapper} produces the
 * same pod status from either, and the sweep never reports a change that is only a difference
 * between the two APIs.
 *
 * @param status ECI's group status
 * @param podIp the private IP, or null
 * @param startTime RFC 3339 start/creation time, or null
 * @param initContainers null when the source does not report init containers (status deltas)
 * @param lastWarning the most recent Warning event, used to explain ScheduleFailed; or null
 */
record GroupSnapshot(
    String groupId,
    String status,
    String podIp,
    String startTime,
    List<ContainerSnapshot> containers,
    List<ContainerSnapshot> initContainers,
    EciEvent lastWarning) {

  GroupSnapshot {
    containers = List.copyOf(containers == null ? List.of() : containers);
    initContainers = initContainers == null ? null : List.copyOf(initContainers);
  }

  /**
   * One container.
   *
   * @param ready null when the source does not say
   * @param lastState null when the container never restarted
   */
  record ContainerSnapshot(
      String name,
      String image,
      Boolean ready,
      int restartCount,
      StateSnapshot state,
      StateSnapshot lastState) {}

  /**
   * A container state.
   *
   * @param kind {@code Waiting}, {@code Running} or {@code Terminated}
   */
  record StateSnapshot(
      String kind,
      String reason,
      String message,
      Integer exitCode,
      Integer signal,
      String startedAt,
      String finishedAt) {}

  /** From a full DescribeContainerGroups entry. */
  static GroupSnapshot of(ContainerGroup g) {
    return new GroupSnapshot(
        g.containerGroupId(),
        g.status(),
        blankToNull(g.intranetIp()),
        blankToNull(g.creationTime()),
        containers(g.containers()),
        containers(g.initContainers()),
        lastWarning(g.events()));
  }

  /** From a DescribeContainerGroupStatus entry; init containers are unknown there. */
  static GroupSnapshot of(ContainerGroupStatus s) {
    List<ContainerSnapshot> containers = new ArrayList<>();
    String ip = null;
    String start = null;
    if (s.podStatus() != null) {
      ip = blankToNull(s.podStatus().podIp());
      start = blankToNull(s.podStatus().startTime());
      for (var c : s.podStatus().containerStatuses()) {
        containers.add(
            new ContainerSnapshot(
                c.name(),
                c.image(),
                c.ready(),
                c.restartCount() == null ? 0 : c.restartCount(),
                state(c.state()),
                state(c.lastState())));
      }
    }
    return new GroupSnapshot(s.containerGroupId(), s.status(), ip, start, containers, null, null);
  }

  /** This snapshot with the init containers, warning and start time of an earlier one kept. */
  GroupSnapshot mergedWith(GroupSnapshot earlier) {
    if (earlier == null) {
      return this;
    }
    List<ContainerSnapshot> inits =
        initContainers != null ? initContainers : earlier.initContainers;
    List<ContainerSnapshot> apps = containers;
    if (initContainers == null && earlier.initContainers != null) {
      // A delta lists init containers among the containers, if at all: move them over.
      List<String> initNames =
          earlier.initContainers.stream().map(ContainerSnapshot::name).toList();
      List<ContainerSnapshot> movedInits = new ArrayList<>(earlier.initContainers);
      List<ContainerSnapshot> rest = new ArrayList<>();
      for (ContainerSnapshot c : containers) {
        int at = initNames.indexOf(c.name());
        if (at >= 0) {
          movedInits.set(at, c);
        } else {
          rest.add(c);
        }
      }
      inits = movedInits;
      apps = rest;
    }
    return new GroupSnapshot(
        groupId,
        status,
        podIp != null ? podIp : earlier.podIp,
        // The start time never changes; the two APIs may disagree by seconds, keep the first.
        earlier.startTime != null ? earlier.startTime : startTime,
        apps,
        inits,
        lastWarning != null ? lastWarning : earlier.lastWarning);
  }

  GroupSnapshot withLastWarning(EciEvent warning) {
    return new GroupSnapshot(
        groupId, status, podIp, startTime, containers, initContainers, warning);
  }

  private static List<ContainerSnapshot> containers(List<ContainerGroup.Container> list) {
    List<ContainerSnapshot> out = new ArrayList<>();
    for (var c : list) {
      out.add(
          new ContainerSnapshot(
              c.name(),
              c.image(),
              c.ready(),
              c.restartCount() == null ? 0 : c.restartCount(),
              state(c.currentState()),
              state(c.previousState())));
    }
    return out;
  }

  private static StateSnapshot state(ContainerGroup.State s) {
    if (s == null || s.state() == null || s.state().isBlank()) {
      return null;
    }
    String reason = blankToNull(s.reason()) != null ? s.reason() : blankToNull(s.detailStatus());
    return new StateSnapshot(
        s.state(),
        reason,
        blankToNull(s.message()),
        s.exitCode(),
        s.signal(),
        blankToNull(s.startTime()),
        blankToNull(s.finishTime()));
  }

  private static StateSnapshot state(ContainerGroupStatus.State s) {
    if (s == null) {
      return null;
    }
    return new StateSnapshot(
        s.kind(),
        blankToNull(s.reason()),
        blankToNull(s.message()),
        s.exitCode(),
        s.signal(),
        blankToNull(s.startedAt()),
        blankToNull(s.finishedAt()));
  }

  static EciEvent lastWarning(List<EciEvent> events) {
    return events.stream()
        .filter(EciEvent::warning)
        .max(
            Comparator.comparing(
                (EciEvent e) -> e.lastTimestamp() == null ? "" : e.lastTimestamp()))
        .orElse(null);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}

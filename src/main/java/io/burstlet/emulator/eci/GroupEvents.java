package io.burstlet.emulator.eci;

import io.burstlet.emulator.ContainerState;
import io.burstlet.emulator.ContainerStatus;
import io.burstlet.emulator.SimulatedProbe;
import io.burstlet.emulator.SimulatedProcess;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The events a container group shows, derived like its state: kubelet-style container events
 * (Pulling, Pulled, Failed, BackOff, Created, Started, Killing, and the probes' Unhealthy and
 * Killing) aggregated with a count, and ECI's own Warning events (NoStock, SpotToBeReleased).
 */
final class GroupEvents {

  /** ECI keeps at most this many events per group. */
  static final int MAX_EVENTS = 50;

  private GroupEvents() {}

  /** A kubelet event about {@code container}. */
  static EciEvent container(
      ContainerGroup group,
      String container,
      String reason,
      String type,
      String message,
      Instant first,
      Instant last,
      int count) {
    return new EciEvent(
        type,
        reason,
        message,
        first,
        last,
        count,
        EciEvent.KUBELET,
        name(group, container, reason));
  }

  /**
   * A probe's aggregated event about {@code container}: {@code Unhealthy} (Warning, {@code
   * Readiness probe failed: …} or {@code Liveness probe failed: …}) or a liveness {@code Killing}
   * (Normal). Named apart from the container's other events of the same reason.
   */
  static EciEvent probe(
      ContainerGroup group,
      String container,
      SimulatedProbe.Kind kind,
      String reason,
      String type,
      SimulatedProbe.Events events) {
    return new EciEvent(
        type,
        reason,
        events.message(),
        events.firstTimestamp(),
        events.lastTimestamp(),
        events.count(),
        EciEvent.KUBELET,
        name(group, container, reason + "|" + kind.label()));
  }

  /**
   * Adds the events of one container's runs up to {@code now}: Created/Started counted per run,
   * BackOff per restart, and Killing when {@code stop} ended a running container.
   */
  static void runs(
      List<EciEvent> out,
      ContainerGroup group,
      String container,
      SimulatedProcess process,
      ContainerStatus own,
      Instant startAt,
      Instant stop,
      Instant now) {
    Instant effective = stop != null && stop.isBefore(now) ? stop : now;
    if (effective.isBefore(startAt)) {
      return;
    }
    int runs = own.restartCount() + 1;
    Instant lastStart;
    if (own.current() instanceof ContainerState.Running running) {
      lastStart = running.startedAt();
    } else if (own.current() instanceof ContainerState.Terminated terminated) {
      lastStart = terminated.startedAt();
    } else {
      lastStart = own.previous().map(ContainerState.Terminated::startedAt).orElse(startAt);
    }
    out.add(
        container(
            group,
            container,
            "Created",
            "Normal",
            "Created container " + container,
            startAt,
            lastStart,
            runs));
    out.add(
        container(
            group,
            container,
            "Started",
            "Normal",
            "Started container " + container,
            startAt,
            lastStart,
            runs));
    boolean crashLooping =
        own.current() instanceof ContainerState.Waiting waiting
            && waiting.reason().equals(ContainerState.CRASH_LOOP_BACK_OFF);
    int backOffs = crashLooping ? own.restartCount() + 1 : own.restartCount();
    if (backOffs > 0 && own.previous().isPresent()) {
      out.add(
          container(
              group,
              container,
              "BackOff",
              "Warning",
              "Back-off restarting failed container " + container,
              startAt.plus(process.program().runtime().orElseThrow()),
              own.previous().get().finishedAt(),
              backOffs));
    }
    if (stop != null
        && !now.isBefore(stop)
        && startAt.isBefore(stop)
        && process.status(stop.minusNanos(1)).current() instanceof ContainerState.Running) {
      out.add(
          container(
              group,
              container,
              "Killing",
              "Normal",
              "Stopping container " + container,
              stop,
              stop,
              1));
    }
  }

  /** Adds ECI's own events up to {@code now}: NoStock when unschedulable, SpotToBeReleased. */
  static void system(List<EciEvent> out, ContainerGroup group, Instant scheduledAt, Instant now) {
    if (group.noStock() && !now.isBefore(scheduledAt)) {
      out.add(
          system(
              group,
              "NoStock",
              "No zone among the vSwitches of the instance has stock of "
                  + group.size().cpu()
                  + " vCPU / "
                  + group.size().memory()
                  + " GiB",
              scheduledAt));
    }
    if (group.expiredAt() != null && !now.isBefore(group.expiredAt())) {
      out.add(
          system(
              group,
              "SpotToBeReleased",
              "The spot instance has been reclaimed and its containers stopped",
              group.expiredAt()));
    }
  }

  /** The most recent {@value #MAX_EVENTS} events, oldest first. */
  static List<EciEvent> latest(List<EciEvent> events) {
    List<EciEvent> sorted =
        events.stream()
            .sorted(Comparator.comparing(EciEvent::last).thenComparing(EciEvent::first))
            .toList();
    return sorted.size() <= MAX_EVENTS
        ? sorted
        : List.copyOf(sorted.subList(sorted.size() - MAX_EVENTS, sorted.size()));
  }

  private static EciEvent system(ContainerGroup group, String reason, String message, Instant at) {
    return new EciEvent(
        "Warning", reason, message, at, at, 1, EciEvent.ECI_SERVICE, name(group, "", reason));
  }

  /** Stable per group, incarnation, container and reason, so repeated reads agree. */
  private static String name(ContainerGroup group, String container, String reason) {
    String key = group.id() + "|" + group.incarnation().index() + "|" + container + "|" + reason;
    byte[] digest = EciSignatureVerifier.sha256(key.getBytes(StandardCharsets.UTF_8));
    return group.spec().name() + "." + EciSignatureVerifier.hex(digest).substring(0, 16);
  }
}

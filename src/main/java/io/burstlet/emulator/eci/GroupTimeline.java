package io.burstlet.emulator.eci;

import io.burstlet.emulator.ContainerState;
import io.burstlet.emulator.ContainerStatus;
import io.burstlet.emulator.PrivateRegistries;
import io.burstlet.emulator.PullDecision;
import io.burstlet.emulator.RestartPolicy;
import io.burstlet.emulator.SimulatedProcess;
import io.burstlet.emulator.SimulatedProgram;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Derives a container group's state at any instant from the few moments stored in {@link
 * ContainerGroup}: a pure function of the group and the instant, so responses need no background
 * thread and tests with a controlled clock are deterministic.
 *
 * <p>An incarnation (creation, restart or update) unfolds as:
 *
 * <ol>
 *   <li>{@code Scheduling} for {@link EciTimings#scheduling()} (creation only); then {@code
 *       ScheduleFailed} for good if no zone had stock;
 *   <li>{@code Pending} (creation) or {@code Restarting}/{@code Updating} while images are pulled,
 *       for {@link EciTimings#pending()} resp. {@link EciTimings#restarting()};
 *   <li>init containers, one after another (group policy Never: a failing one fails the group;
 *       otherwise it is retried like OnFailure) — still {@code Pending};
 *   <li>the containers start together as {@link SimulatedProcess}es under the group's restart
 *       policy: {@code Running} until every container has terminated for good, then {@code
 *       Succeeded} (all exited 0) or {@code Failed}. Their probes ({@link ContainerProbes}) decide
 *       when they are {@code Ready} and kill runs that fail a liveness probe.
 * </ol>
 *
 * A container whose image cannot be pulled ({@link PrivateRegistries}) stays Waiting with {@code
 * ErrImagePull}, then {@code ImagePullBackOff} (or {@code InvalidImageName}), and keeps the group
 * {@code Pending}. Deletion shows {@code Terminating}, a spot reclaim {@code Expired}; both stop
 * the containers (exit 137).
 */
final class GroupTimeline {

  private static final String POD_INITIALIZING = "PodInitializing";

  private final EciTimings timings;
  private final PrivateRegistries registries;

  GroupTimeline(EciTimings timings, PrivateRegistries registries) {
    this.timings = timings;
    this.registries = registries;
  }

  /** The group as it is at {@code now}. */
  GroupView at(ContainerGroup group, Instant now) {
    return new Unfolding(group, now).view();
  }

  /**
   * The group restarted (or updated) at {@code at}: its containers stop, each carries its restart
   * count, last terminated state and last logs into a new incarnation, and the events so far are
   * frozen into the history.
   */
  ContainerGroup restart(ContainerGroup group, Instant at, ContainerGroup.Kind kind) {
    GroupView view = at(group, at);
    Map<String, ContainerGroup.Carried> carried = new HashMap<>();
    List<EciEvent> history = new ArrayList<>(view.events());
    for (GroupView.ContainerView c : view.allContainers()) {
      ContainerStatus status = c.status();
      ContainerState.Terminated last = status.previous().orElse(null);
      int restarts = status.restartCount();
      if (status.current() instanceof ContainerState.Running running) {
        last =
            new ContainerState.Terminated(
                ContainerState.KILLED_EXIT_CODE, ContainerState.KILLED, running.startedAt(), at);
        restarts++;
        history.add(
            GroupEvents.container(
                group,
                c.spec().name(),
                "Killing",
                "Normal",
                "Stopping container " + c.spec().name(),
                at,
                at,
                1));
      } else if (status.current() instanceof ContainerState.Terminated terminated) {
        last = terminated;
        restarts++;
      } else if (status.current() instanceof ContainerState.Waiting waiting
          && waiting.reason().equals(ContainerState.CRASH_LOOP_BACK_OFF)) {
        restarts++;
      }
      carried.put(
          c.spec().name(),
          new ContainerGroup.Carried(
              restarts, last, c.process() == null ? List.of() : c.process().logs(at)));
    }
    ContainerGroup.Incarnation next =
        new ContainerGroup.Incarnation(group.incarnation().index() + 1, kind, at, carried);
    return group.restarted(next, GroupEvents.latest(history));
  }

  /** Computes one view; an object so the many intermediate instants need not be passed around. */
  private final class Unfolding {
    final ContainerGroup group;
    final Instant now;
    final ContainerGroup.Incarnation incarnation;
    final boolean fresh;
    final Instant scheduledAt;
    final Instant containersStart;
    final Instant stop;
    final List<EciEvent> events = new ArrayList<>();

    Unfolding(ContainerGroup group, Instant now) {
      this.group = group;
      this.now = now;
      this.incarnation = group.incarnation();
      this.fresh = incarnation.kind() == ContainerGroup.Kind.CREATED;
      this.scheduledAt =
          fresh ? incarnation.start().plus(timings.scheduling()) : incarnation.start();
      this.containersStart = scheduledAt.plus(fresh ? timings.pending() : timings.restarting());
      this.stop = group.stoppedAt();
      events.addAll(group.history());
    }

    GroupView view() {
      GroupSpec spec = group.spec();
      RestartPolicy policy = spec.restartPolicy();
      RestartPolicy initPolicy = policy == RestartPolicy.NEVER ? policy : RestartPolicy.ON_FAILURE;
      List<GroupView.ContainerView> inits = new ArrayList<>();
      Instant cursor = containersStart;
      boolean blocked = group.noStock();
      Instant initFailedAt = null;
      for (GroupSpec.Container c : spec.initContainers()) {
        if (blocked) {
          inits.add(waiting(c, blockedReason()));
          continue;
        }
        PullDecision pull = registries.check(c.image(), spec.credentials());
        if (!pull.allowed()) {
          inits.add(pullFailed(c, pull));
          blocked = true;
          continue;
        }
        SimulatedProgram program = program(c);
        inits.add(running(c, program, cursor, initPolicy, ContainerProbes.NONE));
        if (program.runsForever()) {
          blocked = true;
        } else if (program.exitCode().getAsInt() == 0) {
          cursor = cursor.plus(program.runtime().orElseThrow());
        } else {
          blocked = true;
          if (initPolicy == RestartPolicy.NEVER) {
            initFailedAt = cursor.plus(program.runtime().orElseThrow());
          }
        }
      }
      Instant mainStart = blocked ? null : cursor;
      List<GroupView.ContainerView> mains = new ArrayList<>();
      boolean pullFailure = false;
      for (GroupSpec.Container c : spec.containers()) {
        if (mainStart == null) {
          mains.add(waiting(c, blockedReason()));
          continue;
        }
        PullDecision pull = registries.check(c.image(), spec.credentials());
        if (!pull.allowed()) {
          mains.add(pullFailed(c, pull));
          pullFailure = true;
          continue;
        }
        ContainerProbes probes = ContainerProbes.of(c, group.placement().intranetIp());
        GroupView.ContainerView view = running(c, program(c), mainStart, policy, probes);
        if (!spec.initContainers().isEmpty()
            && !now.isBefore(containersStart)
            && view.status()
                .current()
                .equals(new ContainerState.Waiting(ContainerState.CONTAINER_CREATING))) {
          view = withWaitingReason(view, POD_INITIALIZING);
        }
        mains.add(view);
      }
      GroupEvents.system(events, group, scheduledAt, now);
      String status;
      Instant since;
      if (group.deletedAt() != null && !now.isBefore(group.deletedAt())) {
        status = "Terminating";
        since = group.deletedAt();
      } else if (group.expiredAt() != null && !now.isBefore(group.expiredAt())) {
        status = "Expired";
        since = group.expiredAt();
      } else if (now.isBefore(scheduledAt)) {
        status = "Scheduling";
        since = incarnation.start();
      } else if (group.noStock()) {
        status = "ScheduleFailed";
        since = scheduledAt;
      } else if (now.isBefore(containersStart)) {
        status =
            fresh
                ? "Pending"
                : incarnation.kind() == ContainerGroup.Kind.RESTARTED ? "Restarting" : "Updating";
        since = fresh ? scheduledAt : incarnation.start();
      } else if (initFailedAt != null && !now.isBefore(initFailedAt)) {
        status = "Failed";
        since = initFailedAt;
      } else if (mainStart == null || now.isBefore(mainStart) || pullFailure) {
        status = "Pending";
        since = fresh ? scheduledAt : containersStart;
      } else {
        Optional<Instant> finished = allFinished(mains);
        if (finished.isPresent()) {
          boolean succeeded =
              mains.stream()
                  .allMatch(
                      c -> ((ContainerState.Terminated) c.status().current()).exitCode() == 0);
          status = succeeded ? "Succeeded" : "Failed";
          since = finished.get();
        } else {
          status = "Running";
          since = mainStart;
        }
      }
      Instant lastChange = since;
      for (GroupView.ContainerView c : inits) {
        lastChange = later(lastChange, c.changedAt());
      }
      for (GroupView.ContainerView c : mains) {
        lastChange = later(lastChange, c.changedAt());
      }
      return new GroupView(
          group,
          now,
          status,
          since,
          group.noStock() ? null : scheduledAt,
          mainStart,
          inits,
          mains,
          GroupEvents.latest(events),
          lastChange);
    }

    private String blockedReason() {
      return group.noStock() || now.isBefore(containersStart)
          ? ContainerState.CONTAINER_CREATING
          : POD_INITIALIZING;
    }

    private GroupView.ContainerView waiting(GroupSpec.Container c, String reason) {
      ContainerGroup.Carried carried = carried(c);
      return new GroupView.ContainerView(
          c,
          new ContainerStatus(
              new ContainerState.Waiting(reason),
              Optional.ofNullable(carried == null ? null : carried.previous()),
              carried == null ? 0 : carried.restarts()),
          "",
          null,
          null,
          false,
          null,
          carried);
    }

    private GroupView.ContainerView pullFailed(GroupSpec.Container c, PullDecision pull) {
      pullingEvent(c);
      if (now.isBefore(containersStart)) {
        return waiting(c, ContainerState.CONTAINER_CREATING);
      }
      event(c, "Failed", "Warning", "Failed to pull image \"" + c.image() + "\": " + pull.message())
          .ifPresent(events::add);
      Instant backOffFrom = containersStart.plus(timings.backoff());
      String reason;
      Instant changedAt = containersStart;
      if (pull.outcome() == PullDecision.Outcome.INVALID_REFERENCE) {
        reason = "InvalidImageName";
      } else if (now.isBefore(backOffFrom)) {
        reason = "ErrImagePull";
      } else {
        reason = "ImagePullBackOff";
        changedAt = backOffFrom;
        long backOffs =
            Duration.between(containersStart, now).toNanos() / timings.backoff().toNanos();
        events.add(
            GroupEvents.container(
                group,
                c.name(),
                "BackOff",
                "Warning",
                "Back-off pulling image \"" + c.image() + "\"",
                backOffFrom,
                containersStart.plus(timings.backoff().multipliedBy(backOffs)),
                (int) Math.min(backOffs, Integer.MAX_VALUE)));
      }
      GroupView.ContainerView view = waiting(c, reason);
      return new GroupView.ContainerView(
          c, view.status(), pull.message(), null, changedAt, false, null, view.carried());
    }

    private GroupView.ContainerView running(
        GroupSpec.Container c,
        SimulatedProgram program,
        Instant startAt,
        RestartPolicy policy,
        ContainerProbes probes) {
      SimulatedProcess process =
          new SimulatedProcess(probes.restrict(program), startAt, policy, timings.backoff());
      if (stop != null) {
        process = process.stoppedAt(stop);
      }
      ContainerStatus own = process.status(now);
      ContainerGroup.Carried carried = carried(c);
      ContainerStatus status =
          new ContainerStatus(
              own.current(),
              own.previous().isPresent()
                  ? own.previous()
                  : Optional.ofNullable(carried == null ? null : carried.previous()),
              own.restartCount() + (carried == null ? 0 : carried.restarts()));
      Instant readySince = probes.readySince(process, now);
      Instant changedAt = null;
      if (own.current() instanceof ContainerState.Running running) {
        // Turning ready is a change of the container's status too (SinceSecond filters on it).
        changedAt = readySince != null ? readySince : running.startedAt();
      } else if (own.current() instanceof ContainerState.Terminated terminated) {
        changedAt = terminated.finishedAt();
      } else if (own.previous().isPresent()) {
        changedAt = own.previous().get().finishedAt();
      }
      pullingEvent(c);
      if (!now.isBefore(containersStart)) {
        event(c, "Pulled", "Normal", "Successfully pulled image \"" + c.image() + "\"")
            .ifPresent(events::add);
      }
      GroupEvents.runs(events, group, c.name(), process, own, startAt, stop, now);
      probes.events(events, group, c.name(), process, now);
      return new GroupView.ContainerView(
          c, status, "", readySince, changedAt, !now.isBefore(containersStart), process, carried);
    }

    private void pullingEvent(GroupSpec.Container c) {
      event(c, "Pulling", "Normal", "Pulling image \"" + c.image() + "\"", scheduledAt)
          .ifPresent(events::add);
    }

    private Optional<EciEvent> event(
        GroupSpec.Container c, String reason, String type, String message) {
      return event(c, reason, type, message, containersStart);
    }

    private Optional<EciEvent> event(
        GroupSpec.Container c, String reason, String type, String message, Instant at) {
      if (group.noStock() || now.isBefore(at)) {
        return Optional.empty();
      }
      return Optional.of(GroupEvents.container(group, c.name(), reason, type, message, at, at, 1));
    }

    private ContainerGroup.Carried carried(GroupSpec.Container c) {
      return incarnation.carried().get(c.name());
    }
  }

  private static SimulatedProgram program(GroupSpec.Container c) {
    Map<String, String> env = new LinkedHashMap<>();
    c.env().forEach(v -> env.put(v.key(), v.value()));
    return SimulatedProgram.parse(c.commands(), c.args(), env);
  }

  private static GroupView.ContainerView withWaitingReason(
      GroupView.ContainerView view, String reason) {
    return new GroupView.ContainerView(
        view.spec(),
        new ContainerStatus(
            new ContainerState.Waiting(reason),
            view.status().previous(),
            view.status().restartCount()),
        view.message(),
        view.readySince(),
        view.changedAt(),
        view.imagePulled(),
        view.process(),
        view.carried());
  }

  /** When every container has terminated for good, the latest finish; else empty. */
  private static Optional<Instant> allFinished(List<GroupView.ContainerView> containers) {
    Instant latest = null;
    for (GroupView.ContainerView c : containers) {
      if (!(c.status().current() instanceof ContainerState.Terminated terminated)) {
        return Optional.empty();
      }
      latest = later(latest, terminated.finishedAt());
    }
    return Optional.ofNullable(latest);
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || !b.isAfter(a) ? a : b;
  }
}

package io.burstlet.emulator.aci;

import io.burstlet.emulator.ContainerState;
import io.burstlet.emulator.PullDecision;
import io.burstlet.emulator.RestartPolicy;
import io.burstlet.emulator.SimulatedProbe;
import io.burstlet.emulator.SimulatedProcess;
import io.burstlet.emulator.SimulatedProgram;
import io.burstlet.emulator.aci.ContainerGroupSpec.ContainerSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One deployment of a group's containers: what a create, update, start or restart set going, laid
 * out in time when it begins. Immutable; every state is a pure function of the instant asked about.
 *
 * <p>Timeline: {@code Pending} until {@link #pullingAt()}, then {@code Creating} while images are
 * pulled until {@link #readyAt()}, then {@code Succeeded} — or {@code Failed} when an image could
 * not be pulled, in which case no container ever starts. Init containers run one after another from
 * {@code readyAt}, each once the one before exited 0; the containers start together when the last
 * init container has exited 0, and never when one fails or runs forever. A container's liveness and
 * readiness probes ({@link SimulatedProbe}) run while it runs; a failing liveness probe kills each
 * run, which the restart policy then restarts.
 */
final class Deployment {

  /** What started this deployment; updates report provisioning as {@code Updating}. */
  enum Kind {
    CREATE,
    UPDATE,
    START,
    RESTART
  }

  /**
   * One container of the deployment.
   *
   * @param process null when the container never starts
   * @param liveness its liveness probe, or null; {@code process} already runs as it lets it
   * @param readiness its readiness probe, or null
   */
  record Run(
      String name,
      String image,
      PullDecision pull,
      SimulatedProcess process,
      SimulatedProbe liveness,
      SimulatedProbe readiness) {
    /** The process as a group stopped at {@code stoppedAt} (null: not stopped) sees it. */
    SimulatedProcess process(Instant stoppedAt) {
      return process == null || stoppedAt == null ? process : process.stoppedAt(stoppedAt);
    }
  }

  private final Kind kind;
  private final String operationId;
  private final Instant requestedAt;
  private final Instant pullingAt;
  private final Instant readyAt;
  private final String ip;
  private final List<Run> initRuns;
  private final List<Run> runs;
  private final Instant containersStartAt;
  private final boolean pullFailed;

  private Deployment(
      Kind kind,
      Instant requestedAt,
      Instant pullingAt,
      Instant readyAt,
      String ip,
      List<Run> initRuns,
      List<Run> runs,
      Instant containersStartAt,
      boolean pullFailed) {
    this.kind = kind;
    this.operationId = UUID.randomUUID().toString();
    this.requestedAt = requestedAt;
    this.pullingAt = pullingAt;
    this.readyAt = readyAt;
    this.ip = ip;
    this.initRuns = List.copyOf(initRuns);
    this.runs = List.copyOf(runs);
    this.containersStartAt = containersStartAt;
    this.pullFailed = pullFailed;
  }

  /**
   * Lays out a deployment of {@code spec} requested at {@code now}.
   *
   * @param ip the address the group reports while this deployment lives, or null for none
   */
  static Deployment plan(
      Kind kind, ContainerGroupSpec spec, Instant now, AciSettings settings, String ip) {
    Objects.requireNonNull(kind, "kind");
    Instant pullingAt = now.plus(settings.pending());
    Instant readyAt = pullingAt.plus(settings.creating());
    List<PullDecision> decisions = new ArrayList<>();
    boolean pullFailed = false;
    for (ContainerSpec container : all(spec)) {
      PullDecision decision = settings.registries().check(container.image(), spec.credentials());
      decisions.add(decision);
      pullFailed |= !decision.allowed();
    }
    // Kubernetes' rule, which ACI's init containers follow: Always means OnFailure for them.
    RestartPolicy initPolicy =
        spec.restartPolicy() == RestartPolicy.ALWAYS
            ? RestartPolicy.ON_FAILURE
            : spec.restartPolicy();
    Instant next = pullFailed ? null : readyAt;
    List<Run> initRuns = new ArrayList<>();
    int index = 0;
    for (ContainerSpec init : spec.initContainers()) {
      SimulatedProgram program = SimulatedProgram.parse(init.command(), null, init.env());
      SimulatedProcess process =
          next == null
              ? null
              : new SimulatedProcess(program, next, initPolicy, settings.restartBackoff());
      initRuns.add(new Run(init.name(), init.image(), decisions.get(index++), process, null, null));
      if (next != null) {
        boolean completes = !program.runsForever() && program.exitCode().getAsInt() == 0;
        next = completes ? next.plus(program.runtime().orElseThrow()) : null;
      }
    }
    List<Run> runs = new ArrayList<>();
    for (ContainerSpec container : spec.containers()) {
      // Probes reach the container at the group's address; a group without one is probed locally.
      SimulatedProbe.Target target =
          new SimulatedProbe.Target(
              container.name(), ip == null ? "127.0.0.1" : ip, container.ports(), container.env());
      SimulatedProbe liveness =
          probe(SimulatedProbe.Kind.LIVENESS, container.livenessProbe(), target);
      SimulatedProbe readiness =
          probe(SimulatedProbe.Kind.READINESS, container.readinessProbe(), target);
      SimulatedProgram program = SimulatedProgram.parse(container.command(), null, container.env());
      if (liveness != null) {
        program = liveness.restrict(program);
      }
      SimulatedProcess process =
          next == null
              ? null
              : new SimulatedProcess(
                  program, next, spec.restartPolicy(), settings.restartBackoff());
      runs.add(
          new Run(
              container.name(),
              container.image(),
              decisions.get(index++),
              process,
              liveness,
              readiness));
    }
    return new Deployment(kind, now, pullingAt, readyAt, ip, initRuns, runs, next, pullFailed);
  }

  private static SimulatedProbe probe(
      SimulatedProbe.Kind kind, ContainerGroupSpec.ProbeSpec spec, SimulatedProbe.Target target) {
    return spec == null ? null : new SimulatedProbe(kind, spec.action(), spec.timing(), target);
  }

  private static List<ContainerSpec> all(ContainerGroupSpec spec) {
    List<ContainerSpec> all = new ArrayList<>(spec.initContainers());
    all.addAll(spec.containers());
    return all;
  }

  Kind kind() {
    return kind;
  }

  /** The id of the async operation that tracks this deployment. */
  String operationId() {
    return operationId;
  }

  Instant requestedAt() {
    return requestedAt;
  }

  /** When image pulls begin (provisioning turns {@code Creating}). */
  Instant pullingAt() {
    return pullingAt;
  }

  /** When provisioning ends and the first (init) container may start. */
  Instant readyAt() {
    return readyAt;
  }

  /** The group's address during this deployment, or null. */
  String ip() {
    return ip;
  }

  List<Run> initRuns() {
    return initRuns;
  }

  List<Run> runs() {
    return runs;
  }

  /** True when some image could not be pulled; provisioning then ends {@code Failed}. */
  boolean pullFailed() {
    return pullFailed;
  }

  /** ARM's provisioningState of this deployment at {@code now}. */
  String provisioningState(Instant now) {
    if (now.isBefore(pullingAt)) {
      return kind == Kind.UPDATE ? "Updating" : "Pending";
    }
    if (now.isBefore(readyAt)) {
      return kind == Kind.UPDATE ? "Updating" : "Creating";
    }
    return pullFailed ? "Failed" : "Succeeded";
  }

  /** True once provisioning has ended, either way. */
  boolean provisioned(Instant now) {
    return !now.isBefore(readyAt);
  }

  /** True when the containers have started by {@code now} (false if they never will). */
  boolean containersStarted(Instant now) {
    return containersStartAt != null && !now.isBefore(containersStartAt);
  }

  /** True when an init container has terminated with a non-zero code and will not restart. */
  boolean initFailed(Instant now) {
    for (Run init : initRuns) {
      if (init.process() != null
          && init.process().state(now) instanceof ContainerState.Terminated t
          && t.exitCode() != 0) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "Deployment[" + kind + ", requestedAt=" + requestedAt + ", op=" + operationId + "]";
  }
}

package io.burstlet.emulator.eci;

import io.burstlet.emulator.ContainerState;
import io.burstlet.emulator.SimulatedProbe;
import io.burstlet.emulator.SimulatedProcess;
import io.burstlet.emulator.SimulatedProgram;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The liveness and readiness probes of one container ({@code Container.N.LivenessProbe.*}, {@code
 * Container.N.ReadinessProbe.*}), run by {@link SimulatedProbe} as ECI's kubelet-like agent runs
 * them: a failing liveness probe kills each run (exit 137) and the group's restart policy restarts
 * it; a container with a readiness probe is {@code Ready} only while that probe passes; failed
 * attempts are {@code Unhealthy} Warning events and liveness kills {@code Killing} events, each
 * aggregated with a count. Probes reach the container at the group's private IP; only ports the
 * container declares answer httpGet and tcpSocket probes.
 *
 * @param liveness null when the container has none
 * @param readiness null when the container has none
 */
record ContainerProbes(SimulatedProbe liveness, SimulatedProbe readiness) {

  /** For init containers, which ECI does not probe. */
  static final ContainerProbes NONE = new ContainerProbes(null, null);

  /** The probes of {@code container}, reached at {@code address}. */
  static ContainerProbes of(GroupSpec.Container container, String address) {
    Set<Integer> ports = new HashSet<>();
    container.ports().forEach(p -> ports.add(p.port()));
    Map<String, String> env = new LinkedHashMap<>();
    container.env().forEach(v -> env.put(v.key(), v.value()));
    SimulatedProbe.Target target = new SimulatedProbe.Target(container.name(), address, ports, env);
    return new ContainerProbes(
        probe(SimulatedProbe.Kind.LIVENESS, container.liveness(), target),
        probe(SimulatedProbe.Kind.READINESS, container.readiness(), target));
  }

  private static SimulatedProbe probe(
      SimulatedProbe.Kind kind, GroupSpec.Probe spec, SimulatedProbe.Target target) {
    if (spec == null) {
      return null;
    }
    SimulatedProbe.Timing timing =
        new SimulatedProbe.Timing(
            spec.initialDelaySeconds(),
            spec.periodSeconds(),
            spec.timeoutSeconds(),
            spec.successThreshold(),
            spec.failureThreshold());
    return new SimulatedProbe(kind, action(spec), timing, target);
  }

  /** {@link GroupSpecParser} has checked that exactly one handler is given. */
  private static SimulatedProbe.Action action(GroupSpec.Probe spec) {
    if (!spec.execs().isEmpty()) {
      return new SimulatedProbe.Exec(spec.execs());
    }
    if (spec.httpGet() != null) {
      return new SimulatedProbe.HttpGet(
          spec.httpGet().port(), spec.httpGet().path(), spec.httpGet().scheme());
    }
    return new SimulatedProbe.TcpSocket(spec.tcpPort());
  }

  /** {@code program} as the liveness probe lets it run. */
  SimulatedProgram restrict(SimulatedProgram program) {
    return liveness == null ? program : liveness.restrict(program);
  }

  /**
   * When the container became ready, or null when it is not ready at {@code now}: a running
   * container without a readiness probe is ready from its start, one with a probe from the probe's
   * {@code successThreshold}-th success in the current run, as long as the probe passes.
   *
   * @param process the container's process as the API sees it (stopped or not)
   */
  Instant readySince(SimulatedProcess process, Instant now) {
    if (!(process.state(now) instanceof ContainerState.Running running)) {
      return null;
    }
    if (readiness == null) {
      return running.startedAt();
    }
    if (!readiness.report(process, now).passing()) {
      return null;
    }
    return running.startedAt().plus(readiness.readyAfter().orElseThrow());
  }

  /** Adds the probes' {@code Unhealthy} and {@code Killing} events up to {@code now}. */
  void events(
      List<EciEvent> out,
      ContainerGroup group,
      String container,
      SimulatedProcess process,
      Instant now) {
    for (SimulatedProbe probe : new SimulatedProbe[] {liveness, readiness}) {
      if (probe == null) {
        continue;
      }
      SimulatedProbe.Report report = probe.report(process, now);
      report
          .failures()
          .ifPresent(
              f ->
                  out.add(
                      GroupEvents.probe(
                          group,
                          container,
                          probe.kind(),
                          SimulatedProbe.UNHEALTHY,
                          SimulatedProbe.WARNING,
                          f)));
      report
          .kills()
          .ifPresent(
              k ->
                  out.add(
                      GroupEvents.probe(
                          group, container, probe.kind(), SimulatedProbe.KILLING, "Normal", k)));
    }
  }
}

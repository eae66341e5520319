package io.burstlet.emulator.aci;

import io.burstlet.emulator.ContainerState;
import java.time.Instant;
import java.util.Objects;

/**
 * A container group as the emulator holds it: its definition, its current {@link Deployment}, and
 * what happened to it since (stopped; forced into a state by a test). Immutable; transitions return
 * a new state. {@link #toString()} names the group only.
 *
 * @param stoppedAt when the group was stopped, or null while it is not
 * @param forcedProvisioningState a state a test forced (e.g. {@code Repairing}), or null
 * @param forcedInstanceState an instance-view state a test forced, or null
 */
record ContainerGroupState(
    ArmId id,
    ContainerGroupSpec spec,
    Deployment deployment,
    Instant stoppedAt,
    String forcedProvisioningState,
    String forcedInstanceState) {

  ContainerGroupState {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(deployment, "deployment");
  }

  static ContainerGroupState created(ArmId id, ContainerGroupSpec spec, Deployment deployment) {
    return new ContainerGroupState(id, spec, deployment, null, null, null);
  }

  /** A new definition with a new deployment; a stop ends with it, as ACI restarts the group. */
  ContainerGroupState redeployed(ContainerGroupSpec newSpec, Deployment newDeployment) {
    return new ContainerGroupState(
        id, newSpec, newDeployment, null, forcedProvisioningState, forcedInstanceState);
  }

  /** The same deployment with a changed definition that runs the same (e.g. new tags). */
  ContainerGroupState respecified(ContainerGroupSpec newSpec) {
    return new ContainerGroupState(
        id, newSpec, deployment, stoppedAt, forcedProvisioningState, forcedInstanceState);
  }

  /** Stopped at {@code at}; stopping again keeps the first stop. */
  ContainerGroupState stopped(Instant at) {
    return stoppedAt != null
        ? this
        : new ContainerGroupState(
            id, spec, deployment, at, forcedProvisioningState, forcedInstanceState);
  }

  /** Forced into the given states (null = not forced). */
  ContainerGroupState forced(String provisioningState, String instanceState) {
    return new ContainerGroupState(
        id, spec, deployment, stoppedAt, provisioningState, instanceState);
  }

  /** ARM's {@code properties.provisioningState} at {@code now}. */
  String provisioningState(Instant now) {
    return forcedProvisioningState != null
        ? forcedProvisioningState
        : deployment.provisioningState(now);
  }

  /**
   * ACI's {@code properties.instanceView.state} at {@code now}: {@code Stopped} once stopped;
   * {@code Pending} while provisioning, while init containers run, and when provisioning failed (as
   * ACI's own failed-group example shows); {@code Failed} when an init container failed for good;
   * otherwise {@code Running} while any container runs or will restart, and {@code
   * Succeeded}/{@code Failed} once all have terminated with 0/any other code.
   */
  String instanceState(Instant now) {
    if (forcedInstanceState != null) {
      return forcedInstanceState;
    }
    if (stoppedAt != null) {
      return "Stopped";
    }
    if (!deployment.provisioned(now) || deployment.pullFailed()) {
      return "Pending";
    }
    if (deployment.initFailed(now)) {
      return "Failed";
    }
    if (!deployment.containersStarted(now)) {
      return "Pending";
    }
    boolean allSucceeded = true;
    for (Deployment.Run run : deployment.runs()) {
      ContainerState current = run.process().state(now);
      if (!(current instanceof ContainerState.Terminated terminated)) {
        return "Running";
      }
      allSucceeded &= terminated.exitCode() == 0;
    }
    return allSucceeded ? "Succeeded" : "Failed";
  }

  /** The IP address the group reports; none while stopped, as ACI releases it. */
  String ip() {
    return stoppedAt == null ? deployment.ip() : null;
  }

  @Override
  public String toString() {
    return "ContainerGroupState[" + id.resourceId() + ", " + deployment + "]";
  }
}

package io.burstlet.emulator;

import java.time.Instant;
import java.util.Objects;

/**
 * The state of one emulated container at one instant, in Kubernetes' three-way shape. Each emulator
 * maps it to its cloud's wording (ACI "Running"/"Terminated", ECI "Running"/"Succeeded").
 */
public sealed interface ContainerState
    permits ContainerState.Waiting, ContainerState.Running, ContainerState.Terminated {

  /** Reason while the start instant has not been reached yet. */
  String CONTAINER_CREATING = "ContainerCreating";

  /** Reason between a terminated run and its restart. */
  String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";

  /** Reason of a run that exited 0. */
  String COMPLETED = "Completed";

  /** Reason of a run that exited non-zero by itself. */
  String ERROR = "Error";

  /** Reason of a run that was stopped from outside (container group stopped). */
  String KILLED = "Killed";

  /** Exit code of a stopped run, as after SIGKILL. */
  int KILLED_EXIT_CODE = 137;

  /** Not running yet, or waiting to be restarted. */
  record Waiting(String reason) implements ContainerState {
    public Waiting {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Running since {@code startedAt}. */
  record Running(Instant startedAt) implements ContainerState {
    public Running {
      Objects.requireNonNull(startedAt, "startedAt");
    }
  }

  /** Ran from {@code startedAt} to {@code finishedAt} and exited with {@code exitCode}. */
  record Terminated(int exitCode, String reason, Instant startedAt, Instant finishedAt)
      implements ContainerState {
    public Terminated {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(startedAt, "startedAt");
      Objects.requireNonNull(finishedAt, "finishedAt");
    }
  }
}

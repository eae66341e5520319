package io.burstlet.emulator;

import java.util.Objects;
import java.util.Optional;

/**
 * What an emulator reports for one container: its current state, the state of the previous run
 * (present once it has been restarted or is waiting to be), and how often it was restarted.
 */
public record ContainerStatus(
    ContainerState current, Optional<ContainerState.Terminated> previous, int restartCount) {
  public ContainerStatus {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(previous, "previous");
    if (restartCount < 0) {
      throw new IllegalArgumentException("restartCount must be >= 0, was " + restartCount);
    }
  }
}

package io.burstlet.provider.eci;

import java.util.List;
import java.util.Objects;

/**
 * ExecContainerCommand: opens a WebSocket session running {@code command} in a container.
 *
 * @param command argv; sent as one JSON-array string (at most 20 items)
 * @param tty allocate a terminal
 * @param stdin keep stdin open (ECI default true)
 */
public record ExecContainerCommandRequest(
    String regionId,
    String containerGroupId,
    String containerName,
    List<String> command,
    boolean tty,
    boolean stdin) {

  public ExecContainerCommandRequest {
    Objects.requireNonNull(regionId, "regionId");
    Objects.requireNonNull(containerGroupId, "containerGroupId");
    Objects.requireNonNull(containerName, "containerName");
    command = List.copyOf(command);
    if (command.isEmpty() || command.size() > 20) {
      throw new IllegalArgumentException("command must have 1..20 items");
    }
  }
}

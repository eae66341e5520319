package io.burstlet.provider.eci;

import java.util.Objects;

/** DeleteContainerGroup: removes one group by id (ECI deletes by id, never by name). */
public record DeleteContainerGroupRequest(String regionId, String containerGroupId) {
  public DeleteContainerGroupRequest {
    Objects.requireNonNull(regionId, "regionId");
    Objects.requireNonNull(containerGroupId, "containerGroupId");
  }
}

package io.burstlet.provider.eci;

import java.util.List;

/**
 * One entry of DescribeContainerGroupStatus {@code Data[]}: the group status plus a
 * Kubernetes-style pod status. The wire spells {@code uuid} in lower case and the condition keys
 * {@code type}/{@code status}/{@code lastTransitionTime} in lower camel case.
 */
public record ContainerGroupStatus(
    String containerGroupId,
    String name,
    String namespace,
    String uuid,
    String status,
    PodStatus podStatus) {

  /**
   * @param startTime RFC 3339, or null
   */
  public record PodStatus(
      String phase,
      String hostIp,
      String podIp,
      String startTime,
      List<Condition> conditions,
      List<ContainerStatus> containerStatuses) {
    public PodStatus {
      conditions = List.copyOf(conditions == null ? List.of() : conditions);
      containerStatuses = List.copyOf(containerStatuses == null ? List.of() : containerStatuses);
    }
  }

  /** A pod condition as ECI reports it. */
  public record Condition(
      String type, String status, String lastTransitionTime, String reason, String message) {}

  /**
   * @param imageId the wire key is {@code ImageID}
   */
  public record ContainerStatus(
      String name,
      String image,
      String imageId,
      Boolean ready,
      Boolean started,
      Integer restartCount,
      State state,
      State lastState) {}

  /**
   * One of {@code Running}, {@code Terminated}, {@code Waiting}; {@code kind} says which was set.
   * The running start time comes from the wire key {@code StartedAtstartedAt} (sic).
   */
  public record State(
      String kind,
      String reason,
      String message,
      Integer exitCode,
      Integer signal,
      String startedAt,
      String finishedAt,
      String containerId) {}
}

package io.burstlet.provider.eci;

import java.util.List;

/**
 * One group as DescribeContainerGroups returns it: identity, placement, status, tags, containers
 * and recent events. Only the fields Burstlet reads are kept.
 *
 * @param status {@code Scheduling}, {@code Pending}, {@code Running}, {@code Succeeded}, {@code
 *     Failed}, {@code Restarting}, {@code Updating}, {@code Terminating}, {@code ScheduleFailed} or
 *     {@code Expired}
 * @param cpu vCPUs of the group, or null
 * @param memory GiB of the group, or null
 * @param intranetIp the private IP (the pod IP), or null/empty before it is assigned
 * @param creationTime RFC 3339 UTC, or null
 */
public record ContainerGroup(
    String containerGroupId,
    String containerGroupName,
    String regionId,
    String zoneId,
    String vSwitchId,
    String securityGroupId,
    String status,
    String restartPolicy,
    Double cpu,
    Double memory,
    String instanceType,
    String spotStrategy,
    String intranetIp,
    String creationTime,
    String succeededTime,
    String failedTime,
    String expiredTime,
    List<EciTag> tags,
    List<Container> containers,
    List<Container> initContainers,
    List<EciEvent> events) {

  public ContainerGroup {
    tags = List.copyOf(tags == null ? List.of() : tags);
    containers = List.copyOf(containers == null ? List.of() : containers);
    initContainers = List.copyOf(initContainers == null ? List.of() : initContainers);
    events = List.copyOf(events == null ? List.of() : events);
  }

  /** The value of a tag, or null when the group does not carry it. */
  public String tag(String key) {
    for (EciTag tag : tags) {
      if (tag.key().equals(key)) {
        return tag.value();
      }
    }
    return null;
  }

  /**
   * One container of the group (containers and init containers share this shape; the wire calls the
   * command {@code Commands} for containers and {@code Command} for init containers).
   *
   * @param ready null when ECI does not say (older API versions)
   */
  public record Container(
      String name,
      String image,
      List<String> commands,
      List<String> args,
      Double cpu,
      Double memory,
      Boolean ready,
      Integer restartCount,
      State currentState,
      State previousState) {
    public Container {
      commands = List.copyOf(commands == null ? List.of() : commands);
      args = List.copyOf(args == null ? List.of() : args);
    }
  }

  /**
   * A container state as DescribeContainerGroups reports it.
   *
   * @param state {@code Waiting}, {@code Running}, {@code Terminated}, or empty when unknown
   * @param detailStatus ECI's finer status text, may be empty
   * @param startTime RFC 3339, or null/empty
   * @param finishTime RFC 3339, or null/empty
   */
  public record State(
      String state,
      String detailStatus,
      String reason,
      String message,
      Integer exitCode,
      Integer signal,
      String startTime,
      String finishTime) {}
}

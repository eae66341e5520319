package io.burstlet.provider.eci;

import io.burstlet.provider.CloudRejectedException;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.ProviderException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test double of the {@link EciClient} interface (not of tea or HTTP): answers from groups the
 * test puts in, applies the request filters, and records every call. It simulates no lifecycle;
 * tests change group states themselves.
 */
final class ScriptedEciClient implements EciClient {
  /** Every call, as "Action" strings, in order. */
  final List<String> calls = new ArrayList<>();

  /** Every request record, in order. */
  final List<Object> requests = new ArrayList<>();

  /** The "cloud": groups by id. */
  final Map<String, ContainerGroup> groups = new LinkedHashMap<>();

  /** What DescribeContainerGroupStatus answers next (filtered by zone). */
  final List<ContainerGroupStatus> deltas = new ArrayList<>();

  /** Events by group id. */
  final Map<String, List<EciEvent>> events = new LinkedHashMap<>();

  /** Thrown by the next call, then cleared. */
  ProviderException failNext;

  /** Page size of DescribeContainerGroups answers. */
  int pageSize = 20;

  String nextId = "eci-created1";

  /** A group carrying Burstlet's identity tags, with one container. */
  static ContainerGroup group(String id, PodRef pod, String node, String status) {
    return new ContainerGroup(
        id,
        EciNames.groupName(pod.uid()),
        EciFixtures.REGION,
        pod.zone(),
        "vsw-x",
        "sg-test1",
        status,
        "Always",
        2.0,
        4.0,
        "",
        "NoSpot",
        "10.0.1.7",
        "2026-01-01T00:00:00Z",
        null,
        null,
        null,
        EciNames.podTags(EciFixtures.CLUSTER, node, pod),
        List.of(
            new ContainerGroup.Container(
                "app",
                "nginx",
                List.of(),
                List.of(),
                null,
                null,
                true,
                0,
                new ContainerGroup.State(
                    "Succeeded".equals(status) ? "Terminated" : "Running",
                    "",
                    "Succeeded".equals(status) ? "Completed" : "Started",
                    "",
                    0,
                    0,
                    "2026-01-01T00:00:05Z",
                    "Succeeded".equals(status) ? "2026-01-01T00:01:00Z" : ""),
                null)),
        List.of(),
        List.of());
  }

  /** A status delta for a group, Kubernetes-style, with its container running or finished. */
  static ContainerGroupStatus delta(String id, String status) {
    boolean done = "Succeeded".equals(status);
    var state =
        done
            ? new ContainerGroupStatus.State(
                "Terminated",
                "Completed",
                null,
                0,
                null,
                "2026-01-01T00:00:05Z",
                "2026-01-01T00:01:00Z",
                null)
            : new ContainerGroupStatus.State(
                "Running", null, null, null, null, "2026-01-01T00:00:05Z", null, null);
    return new ContainerGroupStatus(
        id,
        "n",
        "ns",
        "uuid",
        status,
        new ContainerGroupStatus.PodStatus(
            done ? "Succeeded" : "Running",
            "10.0.1.7",
            "10.0.1.7",
            "2026-01-01T00:00:00Z",
            List.of(),
            List.of(
                new ContainerGroupStatus.ContainerStatus(
                    "app", "nginx", "", !done, !done, 0, state, null))));
  }

  private void enter(String action, Object request) throws ProviderException {
    calls.add(action);
    requests.add(request);
    ProviderException fail = failNext;
    if (fail != null) {
      failNext = null;
      throw fail;
    }
  }

  long count(String action) {
    return calls.stream().filter(action::equals).count();
  }

  @SuppressWarnings("unchecked")
  <T> List<T> requestsOf(Class<T> type) {
    return (List<T>) requests.stream().filter(type::isInstance).toList();
  }

  @Override
  public CreateContainerGroupResponse createContainerGroup(CreateContainerGroupRequest request)
      throws ProviderException {
    enter("CreateContainerGroup", request);
    return new CreateContainerGroupResponse("req", nextId);
  }

  @Override
  public DescribeContainerGroupsResponse describeContainerGroups(
      DescribeContainerGroupsRequest request) throws ProviderException {
    enter("DescribeContainerGroups", request);
    List<ContainerGroup> matching = new ArrayList<>();
    for (ContainerGroup g : groups.values()) {
      if (!request.containerGroupIds().isEmpty()
          && !request.containerGroupIds().contains(g.containerGroupId())) {
        continue;
      }
      if (request.zoneId() != null && !request.zoneId().equals(g.zoneId())) {
        continue;
      }
      if (request.containerGroupName() != null
          && !request.containerGroupName().equals(g.containerGroupName())) {
        continue;
      }
      if (request.tags().stream().allMatch(t -> t.value().equals(g.tag(t.key())))) {
        matching.add(g);
      }
    }
    int start = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
    int limit = request.limit() == null ? pageSize : Math.min(pageSize, request.limit());
    int end = Math.min(matching.size(), start + limit);
    String next = end < matching.size() ? String.valueOf(end) : "";
    return new DescribeContainerGroupsResponse(
        "req", next, matching.size(), matching.subList(start, end));
  }

  @Override
  public DescribeContainerGroupStatusResponse describeContainerGroupStatus(
      DescribeContainerGroupStatusRequest request) throws ProviderException {
    enter("DescribeContainerGroupStatus", request);
    List<ContainerGroupStatus> data = new ArrayList<>();
    for (ContainerGroupStatus s : deltas) {
      ContainerGroup g = groups.get(s.containerGroupId());
      if (request.zoneId() == null || g == null || request.zoneId().equals(g.zoneId())) {
        data.add(s);
      }
    }
    return new DescribeContainerGroupStatusResponse("req", "", data.size(), data);
  }

  @Override
  public void deleteContainerGroup(DeleteContainerGroupRequest request) throws ProviderException {
    enter("DeleteContainerGroup", request);
    if (groups.remove(request.containerGroupId()) == null) {
      throw new CloudRejectedException("InvalidContainerGroup.NotFound", "no such group");
    }
  }

  @Override
  public DescribeContainerLogResponse describeContainerLog(DescribeContainerLogRequest request)
      throws ProviderException {
    enter("DescribeContainerLog", request);
    return new DescribeContainerLogResponse("req", request.containerName(), "hello\nworld\n");
  }

  @Override
  public ExecContainerCommandResponse execContainerCommand(ExecContainerCommandRequest request)
      throws ProviderException {
    enter("ExecContainerCommand", request);
    return new ExecContainerCommandResponse(
        "req", "wss://eci.example/exec?s=one-time", "https://console", null);
  }

  @Override
  public DescribeContainerGroupEventsResponse describeContainerGroupEvents(
      DescribeContainerGroupEventsRequest request) throws ProviderException {
    enter("DescribeContainerGroupEvents", request);
    List<DescribeContainerGroupEventsResponse.GroupEvents> data = new ArrayList<>();
    for (String id : request.containerGroupIds()) {
      data.add(
          new DescribeContainerGroupEventsResponse.GroupEvents(
              id, "n", "ns", "uuid", events.getOrDefault(id, List.of())));
    }
    return new DescribeContainerGroupEventsResponse("req", data.size(), null, data);
  }
}

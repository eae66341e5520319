package io.burstlet.provider.eci;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns ECI JSON bodies (as maps, the way the tea runtime hands them over) into response records.
 * Keys are read with the exact casing {@code responses.md} documents, including its quirks ({@code
 * uuid}, lower-camel condition keys, {@code StartedAtstartedAt}, {@code ImageID}, {@code Command}
 * vs {@code Commands}). Numbers are accepted as JSON numbers or numeric strings; missing keys
 * become null or empty lists, never exceptions.
 */
final class EciResponseParser {
  private EciResponseParser() {}

  static CreateContainerGroupResponse createContainerGroup(Map<String, ?> body) {
    return new CreateContainerGroupResponse(str(body, "RequestId"), str(body, "ContainerGroupId"));
  }

  static DescribeContainerGroupsResponse describeContainerGroups(Map<String, ?> body) {
    List<ContainerGroup> groups = new ArrayList<>();
    for (Map<String, ?> g : maps(body, "ContainerGroups")) {
      groups.add(containerGroup(g));
    }
    return new DescribeContainerGroupsResponse(
        str(body, "RequestId"), str(body, "NextToken"), integer(body, "TotalCount"), groups);
  }

  static ContainerGroup containerGroup(Map<String, ?> g) {
    List<EciTag> tags = new ArrayList<>();
    for (Map<String, ?> t : maps(g, "Tags")) {
      String key = str(t, "Key");
      if (key != null) {
        tags.add(new EciTag(key, str(t, "Value") == null ? "" : str(t, "Value")));
      }
    }
    List<ContainerGroup.Container> containers = new ArrayList<>();
    for (Map<String, ?> c : maps(g, "Containers")) {
      containers.add(container(c, "Commands"));
    }
    List<ContainerGroup.Container> inits = new ArrayList<>();
    for (Map<String, ?> c : maps(g, "InitContainers")) {
      inits.add(container(c, "Command"));
    }
    return new ContainerGroup(
        str(g, "ContainerGroupId"),
        str(g, "ContainerGroupName"),
        str(g, "RegionId"),
        str(g, "ZoneId"),
        str(g, "VSwitchId"),
        str(g, "SecurityGroupId"),
        str(g, "Status"),
        str(g, "RestartPolicy"),
        dbl(g, "Cpu"),
        dbl(g, "Memory"),
        str(g, "InstanceType"),
        str(g, "SpotStrategy"),
        str(g, "IntranetIp"),
        str(g, "CreationTime"),
        str(g, "SucceededTime"),
        str(g, "FailedTime"),
        str(g, "ExpiredTime"),
        tags,
        containers,
        inits,
        events(maps(g, "Events")));
  }

  private static ContainerGroup.Container container(Map<String, ?> c, String commandKey) {
    return new ContainerGroup.Container(
        str(c, "Name"),
        str(c, "Image"),
        strings(c, commandKey),
        strings(c, "Args"),
        dbl(c, "Cpu"),
        dbl(c, "Memory"),
        bool(c, "Ready"),
        integer(c, "RestartCount"),
        state(map(c, "CurrentState")),
        state(map(c, "PreviousState")));
  }

  private static ContainerGroup.State state(Map<String, ?> s) {
    if (s == null) {
      return null;
    }
    return new ContainerGroup.State(
        str(s, "State"),
        str(s, "DetailStatus"),
        str(s, "Reason"),
        str(s, "Message"),
        integer(s, "ExitCode"),
        integer(s, "Signal"),
        str(s, "StartTime"),
        str(s, "FinishTime"));
  }

  static DescribeContainerGroupStatusResponse describeContainerGroupStatus(Map<String, ?> body) {
    List<ContainerGroupStatus> data = new ArrayList<>();
    for (Map<String, ?> d : maps(body, "Data")) {
      data.add(
          new ContainerGroupStatus(
              str(d, "ContainerGroupId"),
              str(d, "Name"),
              str(d, "Namespace"),
              str(d, "uuid"),
              str(d, "Status"),
              podStatus(map(d, "PodStatus"))));
    }
    return new DescribeContainerGroupStatusResponse(
        str(body, "RequestId"), str(body, "NextToken"), integer(body, "TotalCount"), data);
  }

  private static ContainerGroupStatus.PodStatus podStatus(Map<String, ?> p) {
    if (p == null) {
      return null;
    }
    List<ContainerGroupStatus.Condition> conditions = new ArrayList<>();
    for (Map<String, ?> c : maps(p, "Conditions")) {
      conditions.add(
          new ContainerGroupStatus.Condition(
              str(c, "type"),
              str(c, "status"),
              str(c, "lastTransitionTime"),
              str(c, "Reason"),
              str(c, "Message")));
    }
    List<ContainerGroupStatus.ContainerStatus> statuses = new ArrayList<>();
    for (Map<String, ?> c : maps(p, "ContainerStatuses")) {
      statuses.add(
          new ContainerGroupStatus.ContainerStatus(
              str(c, "Name"),
              str(c, "Image"),
              str(c, "ImageID"),
              bool(c, "Ready"),
              bool(c, "Started"),
              integer(c, "RestartCount"),
              k8sState(map(c, "State")),
              k8sState(map(c, "LastState"))));
    }
    return new ContainerGroupStatus.PodStatus(
        str(p, "Phase"),
        str(p, "HostIp"),
        str(p, "PodIp"),
        str(p, "StartTime"),
        conditions,
        statuses);
  }

  private static ContainerGroupStatus.State k8sState(Map<String, ?> s) {
    if (s == null) {
      return null;
    }
    Map<String, ?> running = map(s, "Running");
    if (running != null) {
      return new ContainerGroupStatus.State(
          "Running", null, null, null, null, str(running, "StartedAtstartedAt"), null, null);
    }
    Map<String, ?> terminated = map(s, "Terminated");
    if (terminated != null) {
      return new ContainerGroupStatus.State(
          "Terminated",
          str(terminated, "Reason"),
          str(terminated, "Message"),
          integer(terminated, "ExitCode"),
          integer(terminated, "Signal"),
          str(terminated, "StartedAt"),
          str(terminated, "FinishedAt"),
          str(terminated, "ContainerID"));
    }
    Map<String, ?> waiting = map(s, "Waiting");
    if (waiting != null) {
      return new ContainerGroupStatus.State(
          "Waiting", str(waiting, "Reason"), str(waiting, "Message"), null, null, null, null, null);
    }
    return null;
  }

  static DescribeContainerGroupEventsResponse describeContainerGroupEvents(Map<String, ?> body) {
    List<DescribeContainerGroupEventsResponse.GroupEvents> data = new ArrayList<>();
    for (Map<String, ?> d : maps(body, "Data")) {
      data.add(
          new DescribeContainerGroupEventsResponse.GroupEvents(
              str(d, "ContainerGroupId"),
              str(d, "Name"),
              str(d, "Namespace"),
              str(d, "uuid"),
              events(maps(d, "Events"))));
    }
    return new DescribeContainerGroupEventsResponse(
        str(body, "RequestId"), integer(body, "TotalCount"), str(body, "NextToken"), data);
  }

  static DescribeContainerLogResponse describeContainerLog(Map<String, ?> body) {
    return new DescribeContainerLogResponse(
        str(body, "RequestId"), str(body, "ContainerName"), str(body, "Content"));
  }

  static ExecContainerCommandResponse execContainerCommand(Map<String, ?> body) {
    return new ExecContainerCommandResponse(
        str(body, "RequestId"),
        str(body, "WebSocketUri"),
        str(body, "HttpUrl"),
        str(body, "SyncResponse"));
  }

  private static List<EciEvent> events(List<Map<String, ?>> raw) {
    List<EciEvent> events = new ArrayList<>();
    for (Map<String, ?> e : raw) {
      events.add(
          new EciEvent(
              str(e, "Type"),
              str(e, "Reason"),
              str(e, "Message"),
              integer(e, "Count"),
              str(e, "FirstTimestamp"),
              str(e, "LastTimestamp")));
    }
    return events;
  }

  // --- lenient accessors ---

  static String str(Map<String, ?> m, String key) {
    Object v = m == null ? null : m.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
      // Gson reads every JSON number as a double; print integral values without ".0".
      return String.valueOf(d.longValue());
    }
    return String.valueOf(v);
  }

  static Integer integer(Map<String, ?> m, String key) {
    Object v = m == null ? null : m.get(key);
    if (v instanceof Number n) {
      return n.intValue();
    }
    if (v instanceof String s && !s.isBlank()) {
      try {
        return Integer.valueOf(s.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  static Double dbl(Map<String, ?> m, String key) {
    Object v = m == null ? null : m.get(key);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s && !s.isBlank()) {
      try {
        return Double.valueOf(s.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  static Boolean bool(Map<String, ?> m, String key) {
    Object v = m == null ? null : m.get(key);
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s && !s.isBlank()) {
      return Boolean.valueOf(s.strip());
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  static Map<String, ?> map(Map<String, ?> m, String key) {
    Object v = m == null ? null : m.get(key);
    return v instanceof Map<?, ?> child ? (Map<String, ?>) child : null;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, ?>> maps(Map<String, ?> m, String key) {
    Object v = m == null ? null : m.get(key);
    List<Map<String, ?>> out = new ArrayList<>();
    if (v instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> child) {
          out.add((Map<String, ?>) child);
        }
      }
    }
    return out;
  }

  static List<String> strings(Map<String, ?> m, String key) {
    Object v = m == null ? null : m.get(key);
    List<String> out = new ArrayList<>();
    if (v instanceof List<?> list) {
      for (Object item : list) {
        if (item != null) {
          out.add(String.valueOf(item));
        }
      }
    }
    return out;
  }
}

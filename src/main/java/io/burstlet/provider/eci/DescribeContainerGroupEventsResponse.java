package io.burstlet.provider.eci;

import java.util.List;

/** DescribeContainerGroupEvents' answer: events grouped by container group. */
public record DescribeContainerGroupEventsResponse(
    String requestId, Integer totalCount, String nextToken, List<GroupEvents> data) {

  public DescribeContainerGroupEventsResponse {
    data = List.copyOf(data == null ? List.of() : data);
  }

  /** The events of one group; {@code uuid} is spelled in lower case on the wire. */
  public record GroupEvents(
      String containerGroupId, String name, String namespace, String uuid, List<EciEvent> events) {
    public GroupEvents {
      events = List.copyOf(events == null ? List.of() : events);
    }
  }
}

package io.burstlet.provider.eci;

import java.util.List;
import java.util.Objects;

/**
 * DescribeContainerGroupEvents: events of the given groups (or of all groups matching the filters).
 *
 * @param sinceSecond only events of the last N seconds, or null
 */
public record DescribeContainerGroupEventsRequest(
    String regionId,
    String zoneId,
    List<String> containerGroupIds,
    List<EciTag> tags,
    Integer sinceSecond,
    Integer limit,
    String nextToken) {

  public DescribeContainerGroupEventsRequest {
    Objects.requireNonNull(regionId, "regionId");
    containerGroupIds = List.copyOf(containerGroupIds == null ? List.of() : containerGroupIds);
    tags = List.copyOf(tags == null ? List.of() : tags);
    if (containerGroupIds.size() > DescribeContainerGroupsRequest.MAX_IDS) {
      throw new IllegalArgumentException("at most 20 container group ids per call");
    }
  }

  /** The same filters, asking for the page after {@code token}. */
  public DescribeContainerGroupEventsRequest withNextToken(String token) {
    return new DescribeContainerGroupEventsRequest(
        regionId, zoneId, containerGroupIds, tags, sinceSecond, limit, token);
  }
}

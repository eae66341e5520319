package io.burstlet.provider.eci;

import java.util.List;
import java.util.Objects;

/**
 * DescribeContainerGroupStatus: the Kubernetes-style status of groups, optionally only of those
 * whose status changed in the last {@code sinceSecond} seconds (ECI's delta for polling).
 *
 * @param sinceSecond only groups whose status changed in this many recent seconds, or null for all
 * @param limit page size (ECI default 200), or null
 */
public record DescribeContainerGroupStatusRequest(
    String regionId,
    String zoneId,
    List<String> containerGroupIds,
    List<EciTag> tags,
    Integer sinceSecond,
    Integer limit,
    String nextToken) {

  public DescribeContainerGroupStatusRequest {
    Objects.requireNonNull(regionId, "regionId");
    containerGroupIds = List.copyOf(containerGroupIds == null ? List.of() : containerGroupIds);
    tags = List.copyOf(tags == null ? List.of() : tags);
    if (containerGroupIds.size() > DescribeContainerGroupsRequest.MAX_IDS) {
      throw new IllegalArgumentException("at most 20 container group ids per call");
    }
    if (sinceSecond != null && sinceSecond < 1) {
      throw new IllegalArgumentException("sinceSecond must be positive");
    }
  }

  /** The same filters, asking for the page after {@code token}. */
  public DescribeContainerGroupStatusRequest withNextToken(String token) {
    return new DescribeContainerGroupStatusRequest(
        regionId, zoneId, containerGroupIds, tags, sinceSecond, limit, token);
  }
}

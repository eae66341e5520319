package io.burstlet.provider.eci;

import java.util.List;
import java.util.Objects;

/**
 * DescribeContainerGroups: one page of groups matching every given filter.
 *
 * @param zoneId only groups in this zone, or null
 * @param containerGroupIds only these ids (at most 20; sent as one JSON-array string), or empty
 * @param containerGroupName only the group with this name, or null
 * @param tags only groups carrying all these tags
 * @param limit page size, at most 20 (ECI's maximum), or null for ECI's default
 * @param nextToken the previous page's token, or null for the first page
 */
public record DescribeContainerGroupsRequest(
    String regionId,
    String zoneId,
    List<String> containerGroupIds,
    String containerGroupName,
    List<EciTag> tags,
    Integer limit,
    String nextToken) {

  /** ECI refuses more than 20 ids and more than 20 groups per page. */
  public static final int MAX_IDS = 20;

  public DescribeContainerGroupsRequest {
    Objects.requireNonNull(regionId, "regionId");
    containerGroupIds = List.copyOf(containerGroupIds == null ? List.of() : containerGroupIds);
    tags = List.copyOf(tags == null ? List.of() : tags);
    if (containerGroupIds.size() > MAX_IDS) {
      throw new IllegalArgumentException("at most " + MAX_IDS + " container group ids per call");
    }
    if (limit != null && (limit < 1 || limit > MAX_IDS)) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_IDS);
    }
  }

  /** The same filters, asking for the page after {@code token}. */
  public DescribeContainerGroupsRequest withNextToken(String token) {
    return new DescribeContainerGroupsRequest(
        regionId, zoneId, containerGroupIds, containerGroupName, tags, limit, token);
  }
}

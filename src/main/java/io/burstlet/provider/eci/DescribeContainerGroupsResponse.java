package io.burstlet.provider.eci;

import java.util.List;

/**
 * DescribeContainerGroups' answer.
 *
 * @param nextToken token of the next page; null or empty on the last page
 */
public record DescribeContainerGroupsResponse(
    String requestId, String nextToken, Integer totalCount, List<ContainerGroup> containerGroups)
    implements EciPages.Page {

  public DescribeContainerGroupsResponse {
    containerGroups = List.copyOf(containerGroups == null ? List.of() : containerGroups);
  }
}

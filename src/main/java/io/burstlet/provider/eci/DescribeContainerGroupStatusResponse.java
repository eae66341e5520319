package io.burstlet.provider.eci;

import java.util.List;

/** DescribeContainerGroupStatus' answer. */
public record DescribeContainerGroupStatusResponse(
    String requestId, String nextToken, Integer totalCount, List<ContainerGroupStatus> data)
    implements EciPages.Page {

  public DescribeContainerGroupStatusResponse {
    data = List.copyOf(data == null ? List.of() : data);
  }
}

package io.burstlet.provider.eci;

/** DescribeContainerLog's answer: newline-separated log text. */
public record DescribeContainerLogResponse(String requestId, String containerName, String content) {
  @Override
  public String toString() {
    // Logs may contain anything the workload printed, including secrets: never echo them.
    return "DescribeContainerLogResponse[requestId="
        + requestId
        + ", containerName="
        + containerName
        + ", content="
        + (content == null ? 0 : content.length())
        + " chars]";
  }
}

package io.burstlet.provider.eci;

/**
 * An event ECI recorded for a container group (DescribeContainerGroups {@code Events[]} or
 * DescribeContainerGroupEvents {@code Data[].Events[]}).
 *
 * @param type {@code Normal} or {@code Warning}
 * @param reason short machine name, e.g. {@code Started}, {@code NoStock}, {@code OOMKilled}
 * @param lastTimestamp RFC 3339, or null
 */
public record EciEvent(
    String type,
    String reason,
    String message,
    Integer count,
    String firstTimestamp,
    String lastTimestamp) {

  public boolean warning() {
    return "Warning".equals(type);
  }
}

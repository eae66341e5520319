package io.burstlet.provider.eci;

import java.util.Objects;

/**
 * DescribeContainerLog: the log of one container.
 *
 * @param tail last N lines (ECI default 500, maximum 2000), or null
 * @param sinceSeconds only lines of the last N seconds, or null
 * @param timestamps prefix lines with RFC 3339 timestamps
 * @param lastTime the previous (restarted) instance of the container
 * @param limitBytes at most this many bytes (1..1048576), or null
 */
public record DescribeContainerLogRequest(
    String regionId,
    String containerGroupId,
    String containerName,
    Integer tail,
    Integer sinceSeconds,
    boolean timestamps,
    boolean lastTime,
    Integer limitBytes) {

  /** ECI never returns more than this many lines. */
  public static final int MAX_TAIL = 2000;

  /** ECI never returns more than 1 MiB. */
  public static final int MAX_BYTES = 1_048_576;

  public DescribeContainerLogRequest {
    Objects.requireNonNull(regionId, "regionId");
    Objects.requireNonNull(containerGroupId, "containerGroupId");
    Objects.requireNonNull(containerName, "containerName");
  }
}

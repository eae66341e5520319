package io.burstlet.emulator.eci;

import io.burstlet.emulator.LogLine;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code DescribeContainerLog}: what a (simulated) container printed, newest {@code Tail} lines
 * (default 500, at most 2000), optionally only since {@code SinceSeconds} ago or {@code StartTime},
 * with RFC 3339 nanosecond {@code Timestamps}, cut to {@code LimitBytes} and never more than 1 MiB.
 * {@code LastTime=true} returns the previous run's log after a restart.
 */
final class DescribeContainerLogAction implements EciAction {

  private static final int MAX_BYTES = 1024 * 1024;

  private final EciRegion region;

  DescribeContainerLogAction(EciRegion region) {
    this.region = region;
  }

  @Override
  public Map<String, Object> handle(EciParameters p) {
    region.checkRegion(p, false);
    String name = p.required("ContainerName");
    GroupView view = region.view(p.required("ContainerGroupId"));
    GroupView.ContainerView container = find(view, name);
    int tail = p.integer("Tail", 1, 2000).orElse(500);
    Integer sinceSeconds = p.integer("SinceSeconds", 1, Integer.MAX_VALUE).orElse(null);
    Instant startTime =
        p.optional("StartTime").map(DescribeContainerLogAction::instant).orElse(null);
    int limitBytes = p.integer("LimitBytes", 1, MAX_BYTES).orElse(MAX_BYTES);
    boolean timestamps = p.bool("Timestamps", false);
    List<LogLine> lines = lines(container, view.now(), p.bool("LastTime", false));
    Instant from = sinceSeconds == null ? null : view.now().minusSeconds(sinceSeconds);
    List<LogLine> selected =
        lines.stream()
            .filter(l -> from == null || !l.timestamp().isBefore(from))
            .filter(l -> startTime == null || !l.timestamp().isBefore(startTime))
            .toList();
    selected = selected.subList(Math.max(0, selected.size() - tail), selected.size());
    StringBuilder content = new StringBuilder();
    for (LogLine line : selected) {
      if (timestamps) {
        content.append(EciTime.nanos(line.timestamp())).append(' ');
      }
      content.append(line.text()).append('\n');
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ContainerName", name);
    body.put("Content", truncate(content.toString(), limitBytes));
    return body;
  }

  static GroupView.ContainerView find(GroupView view, String name) {
    return view.allContainers().stream()
        .filter(c -> c.spec().name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                EciErrors.invalidParameter(
                    "ContainerName",
                    "container group " + view.group().id() + " has no container " + name));
  }

  private static List<LogLine> lines(
      GroupView.ContainerView container, Instant now, boolean previous) {
    if (!previous) {
      return container.process() == null ? List.of() : container.process().logs(now);
    }
    List<LogLine> earlier =
        container.process() == null ? List.of() : container.process().previousLogs(now);
    if (earlier.isEmpty() && container.carried() != null) {
      return container.carried().logs();
    }
    return earlier;
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw EciErrors.invalidParameter("StartTime", "must be RFC 3339 in UTC");
    }
  }

  /** The first {@code limit} bytes, not splitting a UTF-8 character. */
  private static String truncate(String text, int limit) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= limit) {
      return text;
    }
    int end = limit;
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }
}

package io.burstlet.emulator.eci;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code DescribeContainerGroupEvents}: the events of many groups, up to 200 groups a page. {@code
 * SinceSecond=N} keeps events whose last occurrence is within the last N seconds, and {@code
 * EventSource} keeps ECI's own ({@code EciService}) or container ({@code K8sAgent}) events; groups
 * left without events are omitted.
 */
final class DescribeContainerGroupEventsAction implements EciAction {

  private final EciRegion region;

  DescribeContainerGroupEventsAction(EciRegion region) {
    this.region = region;
  }

  @Override
  public Map<String, Object> handle(EciParameters p) {
    region.checkRegion(p, true);
    GroupQuery query = new GroupQuery(p, 200, 200);
    Integer sinceSecond = p.integer("SinceSecond", 1, Integer.MAX_VALUE).orElse(null);
    String source = p.oneOf("EventSource", null, List.of("EciService", "K8sAgent"));
    Instant now = region.now();
    Instant from = sinceSecond == null ? null : now.minusSeconds(sinceSecond);
    GroupQuery.Page<GroupView> page =
        query.page(
            region.store().all(),
            g -> region.timeline().at(g, now),
            v -> !selected(v, from, source).isEmpty());
    Map<String, Object> body = new LinkedHashMap<>();
    // The response model has no NextToken: a page is the first Limit matching groups.
    body.put("TotalCount", page.totalCount());
    body.put(
        "Data",
        page.items().stream()
            .map(v -> EventRenderer.render(v, selected(v, from, source)))
            .toList());
    return body;
  }

  private static List<EciEvent> selected(GroupView view, Instant from, String source) {
    return view.events().stream()
        .filter(e -> from == null || !e.last().isBefore(from))
        .filter(e -> source == null || source.equals(e.source()))
        .toList();
  }
}

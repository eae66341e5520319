package io.burstlet.emulator.eci;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code DescribeContainerGroupStatus}, the API meant for polling: Kubernetes-style pod statuses of
 * many groups at once, up to 200 a page. With {@code SinceSecond=N} only groups whose status — the
 * group's, or any container's state, restart count or readiness — changed in the last N seconds are
 * returned, so a poller sees each change once per interval.
 */
final class DescribeContainerGroupStatusAction implements EciAction {

  private final EciRegion region;

  DescribeContainerGroupStatusAction(EciRegion region) {
    this.region = region;
  }

  @Override
  public Map<String, Object> handle(EciParameters p) {
    region.checkRegion(p, true);
    GroupQuery query = new GroupQuery(p, 200, 200);
    Integer sinceSecond = p.integer("SinceSecond", 1, Integer.MAX_VALUE).orElse(null);
    Instant now = region.now();
    Instant from = sinceSecond == null ? null : now.minusSeconds(sinceSecond);
    GroupQuery.Page<GroupView> page =
        query.page(
            region.store().all(),
            g -> region.timeline().at(g, now),
            v -> from == null || !v.lastChange().isBefore(from));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("TotalCount", page.totalCount());
    body.put("NextToken", page.nextToken());
    body.put("Data", page.items().stream().map(PodStatusRenderer::render).toList());
    return body;
  }
}

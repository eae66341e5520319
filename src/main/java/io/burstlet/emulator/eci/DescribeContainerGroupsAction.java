package io.burstlet.emulator.eci;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code DescribeContainerGroups}: the full description of groups, at most 20 a page, filtered by
 * the {@link GroupQuery} filters and {@code ContainerGroupName}, {@code Status}, {@code
 * SecurityGroupId} and {@code ComputeCategory}. Events are included only with {@code
 * WithEvent=true}.
 */
final class DescribeContainerGroupsAction implements EciAction {

  static final List<String> STATUSES =
      List.of(
          "Pending",
          "Running",
          "Succeeded",
          "Failed",
          "Scheduling",
          "ScheduleFailed",
          "Restarting",
          "Updating",
          "Terminating",
          "Expired");

  private final EciRegion region;

  DescribeContainerGroupsAction(EciRegion region) {
    this.region = region;
  }

  @Override
  public Map<String, Object> handle(EciParameters p) {
    region.checkRegion(p, true);
    GroupQuery query = new GroupQuery(p, 20, 20);
    String name = p.optional("ContainerGroupName").orElse(null);
    String status = p.oneOf("Status", null, STATUSES);
    String securityGroup = p.optional("SecurityGroupId").orElse(null);
    String category = p.optional("ComputeCategory").orElse(null);
    boolean withEvent = p.bool("WithEvent", false);
    Instant now = region.now();
    GroupQuery.Page<GroupView> page =
        query.page(
            region.store().all(),
            g -> region.timeline().at(g, now),
            v ->
                (name == null || name.equals(v.group().spec().name()))
                    && (status == null || status.equals(v.status()))
                    && (securityGroup == null
                        || securityGroup.equals(v.group().spec().securityGroupId()))
                    && (category == null
                        || category.equals(v.group().spec().extras().computeCategory())));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("NextToken", page.nextToken());
    body.put("TotalCount", page.totalCount());
    body.put(
        "ContainerGroups",
        page.items().stream().map(v -> GroupRenderer.render(v, withEvent)).toList());
    return body;
  }
}

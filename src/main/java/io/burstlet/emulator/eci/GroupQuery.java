package io.burstlet.emulator.eci;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The filters and paging shared by DescribeContainerGroups, DescribeContainerGroupStatus and
 * DescribeContainerGroupEvents: {@code ContainerGroupIds} (a JSON array of at most 20), {@code
 * ZoneId}, {@code VSwitchId}, {@code ResourceGroupId}, {@code Tag.N.Key/Value} (all must match; a
 * tag without value matches on key), plus {@code Limit} and the opaque {@code NextToken}.
 */
final class GroupQuery {

  /** One page of results and the token for the next, empty on the last page. */
  record Page<T>(List<T> items, int totalCount, String nextToken) {}

  private final List<String> ids;
  private final List<GroupSpec.Tag> tags;
  private final String zoneId;
  private final String vSwitchId;
  private final String resourceGroupId;
  private final int limit;
  private final long after;

  /**
   * @param defaultLimit {@code Limit} when absent
   * @param maxLimit the largest {@code Limit} the action accepts
   */
  GroupQuery(EciParameters p, int defaultLimit, int maxLimit) {
    this.ids = p.jsonStrings("ContainerGroupIds", 20);
    this.tags = GroupSpecParser.tags(p);
    this.zoneId = p.optional("ZoneId").orElse(null);
    this.vSwitchId = p.optional("VSwitchId").orElse(null);
    this.resourceGroupId = p.optional("ResourceGroupId").orElse(null);
    this.limit = p.integer("Limit", 1, maxLimit).orElse(defaultLimit);
    this.after = p.optional("NextToken").map(GroupQuery::decodeToken).orElse(0L);
  }

  /** Whether {@code group} passes the shared filters. */
  boolean matches(ContainerGroup group) {
    if (!ids.isEmpty() && !ids.contains(group.id())) {
      return false;
    }
    if (zoneId != null && !zoneId.equals(group.placement().zoneId())) {
      return false;
    }
    if (vSwitchId != null && !vSwitchId.equals(group.placement().vSwitchId())) {
      return false;
    }
    if (resourceGroupId != null
        && !resourceGroupId.equals(group.spec().extras().resourceGroupId())) {
      return false;
    }
    for (GroupSpec.Tag wanted : tags) {
      boolean found =
          group.spec().tags().stream()
              .anyMatch(
                  t ->
                      t.key().equals(wanted.key())
                          && (wanted.value().isEmpty() || t.value().equals(wanted.value())));
      if (!found) {
        return false;
      }
    }
    return true;
  }

  /**
   * Pages through the views of {@code groups} (in creation order) that pass the shared filters and
   * {@code filter}; the token names the last group returned, so groups created or deleted between
   * pages do not shift the others.
   */
  Page<GroupView> page(
      List<ContainerGroup> groups,
      Function<ContainerGroup, GroupView> viewer,
      Predicate<GroupView> filter) {
    List<GroupView> matching = new ArrayList<>();
    for (ContainerGroup group : groups) {
      // Stored attributes first: computing a view is the expensive part.
      if (!matches(group)) {
        continue;
      }
      GroupView view = viewer.apply(group);
      if (filter.test(view)) {
        matching.add(view);
      }
    }
    List<GroupView> remaining =
        matching.stream().filter(v -> v.group().sequence() > after).toList();
    List<GroupView> items = remaining.subList(0, Math.min(limit, remaining.size()));
    String next =
        remaining.size() > items.size()
            ? encodeToken(items.get(items.size() - 1).group().sequence())
            : "";
    return new Page<>(List.copyOf(items), matching.size(), next);
  }

  private static String encodeToken(long sequence) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("after:" + sequence).getBytes(StandardCharsets.UTF_8));
  }

  private static long decodeToken(String token) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (decoded.startsWith("after:")) {
        return Long.parseLong(decoded.substring("after:".length()));
      }
    } catch (IllegalArgumentException e) {
      // Falls through to the error below; NumberFormatException is an IllegalArgumentException.
    }
    throw EciErrors.invalidParameter("NextToken", "not a token this API returned");
  }
}

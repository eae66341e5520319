package io.burstlet.emulator.aci;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A request path mapped to one ACI operation. Segment names ({@code resourceGroups}, {@code
 * providers}, …) match case-insensitively, as ARM matches them.
 *
 * @param operation the fault/call-count name, e.g. {@code "PUT containerGroups"}; {@link #UNKNOWN}
 *     for paths and methods the emulator does not serve
 * @param resourceGroup null for subscription-wide operations
 * @param group the container group name, or null
 * @param container the container name, or null
 * @param operationId the async operation id ({@code GET operations}), or null
 * @param location the location of a location-scoped route ({@code GET operations}, {@code GET
 *     capabilities}), or null
 */
record ArmRoute(
    String operation,
    String subscription,
    String resourceGroup,
    String group,
    String container,
    String operationId,
    String location) {

  static final String UNKNOWN = "unknown";

  private static final String PROVIDER = ArmId.PROVIDER.toLowerCase(Locale.ROOT);

  /** The group this route addresses; only for routes with a group name. */
  ArmId groupId() {
    return new ArmId(subscription, resourceGroup, group);
  }

  /** Maps {@code method} and {@code path}; never throws, unknown routes map to {@link #UNKNOWN}. */
  static ArmRoute of(String method, String path) {
    List<String> s = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
    if (s.size() < 5 || !is(s, 0, "subscriptions") || !is(s, 2, "providers") && !rgScope(s)) {
      return unknown();
    }
    String sub = s.get(1);
    if (is(s, 2, "providers")) {
      // Subscription scope: the list, and the async operation status of a location.
      if (s.size() == 5 && is(s, 3, PROVIDER) && is(s, 4, "containergroups")) {
        return method.equals("GET") ? list(sub, null) : unknown();
      }
      if (s.size() == 8
          && is(s, 3, PROVIDER)
          && is(s, 4, "locations")
          && is(s, 6, "operations")
          && method.equals("GET")) {
        return new ArmRoute("GET operations", sub, null, null, null, s.get(7), s.get(5));
      }
      if (s.size() == 7
          && is(s, 3, PROVIDER)
          && is(s, 4, "locations")
          && is(s, 6, "capabilities")
          && method.equals("GET")) {
        return new ArmRoute("GET capabilities", sub, null, null, null, null, s.get(5));
      }
      return unknown();
    }
    String rg = s.get(3);
    List<String> rest = s.subList(7, s.size());
    if (rest.isEmpty()) {
      return method.equals("GET") ? list(sub, rg) : unknown();
    }
    String group = rest.get(0);
    if (rest.size() == 1) {
      return switch (method) {
        case "GET", "PUT", "PATCH", "DELETE" ->
            new ArmRoute(method + " containerGroups", sub, rg, group, null, null, null);
        default -> unknown();
      };
    }
    if (rest.size() == 2 && method.equals("POST")) {
      String action = rest.get(1).toLowerCase(Locale.ROOT);
      return switch (action) {
        case "restart", "stop", "start" ->
            new ArmRoute("POST " + action, sub, rg, group, null, null, null);
        default -> unknown();
      };
    }
    if (rest.size() == 4 && is(rest, 1, "containers")) {
      String container = rest.get(2);
      String action = rest.get(3).toLowerCase(Locale.ROOT);
      if (action.equals("logs") && method.equals("GET")) {
        return new ArmRoute("GET logs", sub, rg, group, container, null, null);
      }
      if ((action.equals("exec") || action.equals("attach")) && method.equals("POST")) {
        return new ArmRoute("POST " + action, sub, rg, group, container, null, null);
      }
    }
    return unknown();
  }

  private static boolean rgScope(List<String> s) {
    return s.size() >= 7
        && is(s, 2, "resourcegroups")
        && is(s, 4, "providers")
        && is(s, 5, PROVIDER)
        && is(s, 6, "containergroups");
  }

  private static ArmRoute list(String subscription, String resourceGroup) {
    return new ArmRoute(
        "LIST containerGroups", subscription, resourceGroup, null, null, null, null);
  }

  private static ArmRoute unknown() {
    return new ArmRoute(UNKNOWN, null, null, null, null, null, null);
  }

  private static boolean is(List<String> segments, int index, String lowerCase) {
    return segments.size() > index
        && segments.get(index).toLowerCase(Locale.ROOT).equals(lowerCase);
  }
}

package io.burstlet.kubelet;

import io.kubernetes.client.openapi.models.V1ResourceAttributes;
import java.util.Optional;

/**
 * What a kubelet API request asks for, in SubjectAccessReview terms, mapped exactly as the kubelet
 * maps it (pkg/kubelet/server/auth.go): the verb from the HTTP method, resource {@code nodes} in
 * the core group, version {@code v1}, and a subresource from the path — {@code stats} for /stats,
 * {@code metrics} for /metrics, {@code log} for /logs, {@code spec} for /spec, and {@code proxy}
 * for everything else (/containerLogs, /exec, /attach, /portForward, /run, /pods, /healthz…).
 */
public record RequestAttributes(String verb, String subresource) {

  /**
   * The attributes of a request, or empty when the method has no Kubernetes verb. The kubelet knows
   * only GET, POST, PUT, PATCH and DELETE; anything else (HEAD included) gets an empty verb there,
   * which no RBAC rule but {@code *} allows, so it is refused here without asking.
   */
  public static Optional<RequestAttributes> of(String method, String path) {
    return verb(method).map(verb -> new RequestAttributes(verb, subresource(path)));
  }

  static Optional<String> verb(String method) {
    return Optional.ofNullable(
        switch (method) {
          case "GET" -> "get";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> "delete";
          default -> null;
        });
  }

  static String subresource(String path) {
    if (isSubpath(path, "/stats/")) {
      return "stats";
    }
    if (isSubpath(path, "/metrics")) {
      return "metrics";
    }
    if (isSubpath(path, "/logs/")) {
      return "log"; // as pods/log
    }
    if (isSubpath(path, "/spec/")) {
      return "spec";
    }
    return "proxy";
  }

  /** {@code path} is {@code prefix} (without its trailing slash) or below it. */
  private static boolean isSubpath(String path, String prefix) {
    String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    return path.equals(p) || (path.startsWith(p) && path.charAt(p.length()) == '/');
  }

  /** The review's resource attributes for one node. */
  V1ResourceAttributes on(String node) {
    return new V1ResourceAttributes()
        .verb(verb)
        .group("")
        .version("v1")
        .resource("nodes")
        .subresource(subresource)
        .name(node);
  }
}

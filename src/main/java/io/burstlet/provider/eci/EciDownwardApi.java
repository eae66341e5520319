package io.burstlet.provider.eci;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downward-API values that are known when the group is created (pod metadata, node name, service
 * account, container resources), resolved the way the kubelet resolves them. Only {@code
 * status.podIP} is left to ECI ({@code FieldRef.FieldPath}), since the IP is assigned later.
 */
final class EciDownwardApi {
  /** The only field path ECI resolves itself. */
  static final String POD_IP = "status.podIP";

  private static final Pattern SUBSCRIPT =
      Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");

  private EciDownwardApi() {}

  /**
   * The value of a field path that does not depend on runtime state, or empty when the path needs
   * the runtime ({@code status.*}) or is unknown.
   */
  static Optional<String> staticField(V1Pod pod, String path) {
    V1ObjectMeta meta = pod.getMetadata();
    switch (path) {
      case "metadata.name":
        return Optional.ofNullable(meta.getName());
      case "metadata.namespace":
        return Optional.ofNullable(meta.getNamespace());
      case "metadata.uid":
        return Optional.ofNullable(meta.getUid());
      case "metadata.labels":
        return Optional.of(formatMap(meta.getLabels()));
      case "metadata.annotations":
        return Optional.of(formatMap(meta.getAnnotations()));
      case "spec.nodeName":
        return Optional.ofNullable(pod.getSpec().getNodeName());
      case "spec.serviceAccountName":
        return Optional.ofNullable(pod.getSpec().getServiceAccountName());
      default:
        Matcher m = SUBSCRIPT.matcher(path);
        if (m.matches()) {
          Map<String, String> source =
              m.group(1).equals("labels") ? meta.getLabels() : meta.getAnnotations();
          return Optional.of(source == null ? "" : source.getOrDefault(m.group(2), ""));
        }
        return Optional.empty();
    }
  }

  /**
   * A container resource as the kubelet exposes it: the container's own limit (or, when unset, the
   * group's capacity, as the kubelet falls back to node allocatable), divided by the divisor and
   * rounded up.
   *
   * @param resource {@code limits.cpu}, {@code requests.memory}, …
   * @param groupCpu the group's vCPUs (the "node allocatable" of a one-pod node)
   * @param groupMemoryGiB the group's GiB
   * @return empty for an unknown resource
   */
  static Optional<String> resource(
      V1Container container,
      String resource,
      Quantity divisor,
      BigDecimal groupCpu,
      BigDecimal groupMemoryGiB) {
    String[] parts = resource.split("\\.", 2);
    if (parts.length != 2) {
      return Optional.empty();
    }
    String kind = parts[0];
    String name = parts[1];
    Map<String, Quantity> limits =
        container.getResources() == null || container.getResources().getLimits() == null
            ? Map.of()
            : container.getResources().getLimits();
    Map<String, Quantity> requests =
        container.getResources() == null || container.getResources().getRequests() == null
            ? Map.of()
            : container.getResources().getRequests();
    BigDecimal value;
    BigDecimal allocatable =
        switch (name) {
          case "cpu" -> groupCpu;
          case "memory" -> groupMemoryGiB.multiply(BigDecimal.valueOf(1L << 30));
          case "ephemeral-storage" -> BigDecimal.valueOf(30L << 30);
          default -> null;
        };
    if (allocatable == null || !(kind.equals("limits") || kind.equals("requests"))) {
      return Optional.empty();
    }
    if (kind.equals("limits")) {
      value = limits.containsKey(name) ? limits.get(name).getNumber() : allocatable;
    } else {
      value = requests.containsKey(name) ? requests.get(name).getNumber() : BigDecimal.ZERO;
    }
    BigDecimal d = divisor == null ? BigDecimal.ONE : divisor.getNumber();
    if (d.signum() <= 0) {
      d = BigDecimal.ONE;
    }
    return Optional.of(value.divide(d, 0, RoundingMode.CEILING).toPlainString());
  }

  /** {@code key="value"} lines sorted by key, as the kubelet writes labels and annotations. */
  private static String formatMap(Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      if (!out.isEmpty()) {
        out.append('\n');
      }
      out.append(e.getKey()).append("=\"").append(escape(e.getValue())).append('"');
    }
    return out.toString();
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}

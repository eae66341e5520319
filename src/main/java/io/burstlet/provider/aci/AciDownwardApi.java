package io.burstlet.provider.aci;

import io.burstlet.provider.PodRef;
import io.burstlet.provider.UnsupportedPodException;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values of {@code fieldRef} and {@code resourceFieldRef}, for env variables and downward API
 * files. They are fixed when the group is created: ACI cannot update an env variable or a file
 * later, so a label changed afterwards is not reflected (the kubelet would update the file).
 *
 * <p>Fields: {@code metadata.name}, {@code metadata.namespace}, {@code metadata.uid}, {@code
 * metadata.labels['k']}, {@code metadata.annotations['k']} (empty when absent, as in the kubelet),
 * {@code metadata.labels} and {@code metadata.annotations} (files only, {@code k="v"} lines sorted
 * by key), {@code spec.nodeName}, {@code spec.serviceAccountName}, {@code status.hostIP} and {@code
 * status.hostIPs} (the agent's node address, which the controller reports as the pod's host IP).
 * {@code status.podIP}/{@code status.podIPs} are refused: ACI assigns the address only after the
 * group is created and cannot inject it.
 *
 * <p>Resources use the amounts ACI actually grants ({@link AciResources}): {@code limits.*} is the
 * ACI limit, or the request when the container has no limit (ACI caps it there). Values are divided
 * by the divisor (default 1) and rounded up, as the kubelet does. {@code *.ephemeral-storage} is
 * refused (ACI does not state a size).
 */
final class AciDownwardApi {
  private static final Pattern SUBSCRIPT =
      Pattern.compile("metadata\\.(labels|annotations)\\['(.*)'\\]");

  private final V1Pod pod;
  private final PodRef ref;
  private final String nodeAddress;
  private final Map<String, AciResources.Amounts> amountsByContainer;

  AciDownwardApi(
      V1Pod pod,
      PodRef ref,
      String nodeAddress,
      Map<String, AciResources.Amounts> amountsByContainer) {
    this.pod = pod;
    this.ref = ref;
    this.nodeAddress = nodeAddress;
    this.amountsByContainer = amountsByContainer;
  }

  /**
   * @param allowWholeMaps whether {@code metadata.labels}/{@code metadata.annotations} are allowed
   *     (downward API files only)
   */
  String field(String fieldPath, String path, boolean allowWholeMaps)
      throws UnsupportedPodException {
    V1ObjectMeta meta = pod.getMetadata() == null ? new V1ObjectMeta() : pod.getMetadata();
    switch (fieldPath == null ? "" : fieldPath) {
      case "metadata.name":
        return ref.name();
      case "metadata.namespace":
        return ref.namespace();
      case "metadata.uid":
        return ref.uid();
      case "spec.nodeName":
        return ref.nodeName() == null ? "" : ref.nodeName();
      case "spec.serviceAccountName":
        String sa = pod.getSpec() == null ? null : pod.getSpec().getServiceAccountName();
        return sa == null ? "" : sa;
      case "status.hostIP":
      case "status.hostIPs":
        return nodeAddress == null ? "" : nodeAddress;
      case "status.podIP":
      case "status.podIPs":
        throw new UnsupportedPodException(
            path, "ACI assigns the pod IP after creation and cannot inject it (" + fieldPath + ")");
      case "metadata.labels":
      case "metadata.annotations":
        if (allowWholeMaps) {
          return formatMap(fieldPath.endsWith("labels") ? meta.getLabels() : meta.getAnnotations());
        }
        break;
      default:
        Matcher m = SUBSCRIPT.matcher(fieldPath == null ? "" : fieldPath);
        if (m.matches()) {
          Map<String, String> map =
              m.group(1).equals("labels") ? meta.getLabels() : meta.getAnnotations();
          String v = map == null ? null : map.get(m.group(2));
          return v == null ? "" : v;
        }
    }
    throw new UnsupportedPodException(path, "unsupported field '" + fieldPath + "'");
  }

  String resource(String containerName, String resource, Quantity divisor, String path)
      throws UnsupportedPodException {
    AciResources.Amounts a = amountsByContainer.get(containerName);
    if (a == null) {
      throw new UnsupportedPodException(path, "no container named '" + containerName + "'");
    }
    BigDecimal value;
    boolean cpu;
    switch (resource == null ? "" : resource) {
      case "requests.cpu" -> {
        value = a.cpu();
        cpu = true;
      }
      case "limits.cpu" -> {
        value = a.effectiveCpuLimit();
        cpu = true;
      }
      case "requests.memory" -> {
        value = AciResources.Amounts.bytes(a.memoryGb());
        cpu = false;
      }
      case "limits.memory" -> {
        value = AciResources.Amounts.bytes(a.effectiveMemoryLimitGb());
        cpu = false;
      }
      default ->
          throw new UnsupportedPodException(
              path, "unsupported resource '" + resource + "' (ACI has cpu and memory)");
    }
    BigDecimal div = divisor == null ? BigDecimal.ONE : divisor.getNumber();
    if (div.signum() <= 0) {
      throw new UnsupportedPodException(path + ".divisor", "must be positive");
    }
    BigDecimal result = value.divide(div, 0, RoundingMode.CEILING);
    if (cpu && result.signum() == 0) {
      result = BigDecimal.ONE; // the kubelet never reports less than one divisor unit of CPU
    }
    return result.toPlainString();
  }

  private static String formatMap(Map<String, String> map) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : new TreeMap<>(map == null ? Map.of() : map).entrySet()) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(e.getKey()).append("=\"").append(escape(e.getValue())).append('"');
    }
    return sb.toString();
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}

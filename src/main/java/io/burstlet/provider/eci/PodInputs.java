package io.burstlet.provider.eci;

import io.burstlet.provider.PodRequest;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Secret;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Read access to the Secrets and ConfigMaps the controller resolved for a pod, with their keys
 * merged the way the kubelet sees them (Secret {@code data} plus {@code stringData}, ConfigMap
 * {@code data} plus {@code binaryData}), sorted by key for stable output.
 */
final class PodInputs {
  private final PodRequest request;

  PodInputs(PodRequest request) {
    this.request = request;
  }

  /** The Secret's keys and raw values, or null when the controller did not hand it over. */
  Map<String, byte[]> secret(String name) {
    V1Secret secret = name == null ? null : request.secrets().get(name);
    if (secret == null) {
      return null;
    }
    Map<String, byte[]> out = new TreeMap<>();
    if (secret.getData() != null) {
      out.putAll(secret.getData());
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((k, v) -> out.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  /** The ConfigMap's keys and raw values, or null when the controller did not hand it over. */
  Map<String, byte[]> configMap(String name) {
    V1ConfigMap map = name == null ? null : request.configMaps().get(name);
    if (map == null) {
      return null;
    }
    Map<String, byte[]> out = new TreeMap<>();
    if (map.getData() != null) {
      map.getData().forEach((k, v) -> out.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    if (map.getBinaryData() != null) {
      out.putAll(map.getBinaryData());
    }
    return out;
  }
}

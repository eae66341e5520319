package io.burstlet.provider.eci;

import io.burstlet.provider.PodInputMissingException;
import io.burstlet.provider.ProviderException;
import io.burstlet.provider.UnsupportedPodException;
import io.burstlet.provider.eci.CreateContainerGroupRequest.EnvVar;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvFromSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1ResourceFieldSelector;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A container's environment as the kubelet would build it: {@code envFrom} first, then {@code env}
 * overriding, Secret/ConfigMap references resolved from the controller's {@link PodInputs}, static
 * downward-API fields filled in, {@code $(VAR)} references expanded, and {@code status.podIP} left
 * to ECI's {@code FieldRef}.
 */
final class EciEnvResolver {

  /**
   * @param env the variables to send, in kubelet order
   * @param values name → literal value of every variable known at creation (for command/args
   *     expansion); ECI-resolved variables are absent
   */
  record Resolved(List<EnvVar> env, Map<String, String> values) {}

  private final V1Pod pod;
  private final PodInputs inputs;
  private final BigDecimal groupCpu;
  private final BigDecimal groupMemoryGiB;

  EciEnvResolver(V1Pod pod, PodInputs inputs, BigDecimal groupCpu, BigDecimal groupMemoryGiB) {
    this.pod = pod;
    this.inputs = inputs;
    this.groupCpu = groupCpu;
    this.groupMemoryGiB = groupMemoryGiB;
  }

  /**
   * @param field the container's field path, e.g. {@code spec.containers[0]}
   */
  Resolved resolve(V1Container c, String field) throws ProviderException {
    Map<String, EnvVar> env = new LinkedHashMap<>();
    Map<String, String> values = new HashMap<>();
    List<V1EnvFromSource> envFrom = c.getEnvFrom() == null ? List.of() : c.getEnvFrom();
    for (int j = 0; j < envFrom.size(); j++) {
      V1EnvFromSource from = envFrom.get(j);
      String prefix = from.getPrefix() == null ? "" : from.getPrefix();
      Map<String, byte[]> data;
      if (from.getConfigMapRef() != null) {
        String name = from.getConfigMapRef().getName();
        data = inputs.configMap(name);
        if (data == null && !Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
          throw new PodInputMissingException(
              field + ".envFrom[" + j + "].configMapRef", "ConfigMap " + name + " not found");
        }
      } else if (from.getSecretRef() != null) {
        String name = from.getSecretRef().getName();
        data = inputs.secret(name);
        if (data == null && !Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
          throw new PodInputMissingException(
              field + ".envFrom[" + j + "].secretRef", "Secret " + name + " not found");
        }
      } else {
        throw new UnsupportedPodException(field + ".envFrom[" + j + "]", "unknown source");
      }
      if (data == null) {
        continue;
      }
      for (Map.Entry<String, byte[]> e : data.entrySet()) {
        String name = prefix + e.getKey();
        // The kubelet skips keys that are not valid variable names (and reports an event).
        if (validName(name)) {
          String value = new String(e.getValue(), StandardCharsets.UTF_8);
          env.put(name, new EnvVar(name, value, null));
          values.put(name, value);
        }
      }
    }
    List<V1EnvVar> vars = c.getEnv() == null ? List.of() : c.getEnv();
    for (int j = 0; j < vars.size(); j++) {
      V1EnvVar v = vars.get(j);
      String f = field + ".env[" + j + "]";
      String name = v.getName();
      if (v.getValueFrom() == null) {
        String value = expand(v.getValue() == null ? "" : v.getValue(), values);
        env.put(name, new EnvVar(name, value, null));
        values.put(name, value);
        continue;
      }
      Optional<String> value = valueFrom(c, v.getValueFrom(), f + ".valueFrom");
      if (value == null) {
        // ECI resolves this one when the IP is known.
        env.put(name, new EnvVar(name, null, EciDownwardApi.POD_IP));
        values.remove(name);
      } else if (value.isPresent()) {
        env.put(name, new EnvVar(name, value.get(), null));
        values.put(name, value.get());
      }
    }
    return new Resolved(new ArrayList<>(env.values()), values);
  }

  /**
   * @return the value; empty when an optional reference is absent (the variable is skipped); null
   *     when ECI must resolve the pod IP
   */
  private Optional<String> valueFrom(V1Container c, V1EnvVarSource from, String field)
      throws ProviderException {
    if (from.getSecretKeyRef() != null) {
      var ref = from.getSecretKeyRef();
      return key(
          inputs.secret(ref.getName()),
          "Secret",
          ref.getName(),
          ref.getKey(),
          Boolean.TRUE.equals(ref.getOptional()),
          field + ".secretKeyRef");
    }
    if (from.getConfigMapKeyRef() != null) {
      var ref = from.getConfigMapKeyRef();
      return key(
          inputs.configMap(ref.getName()),
          "ConfigMap",
          ref.getName(),
          ref.getKey(),
          Boolean.TRUE.equals(ref.getOptional()),
          field + ".configMapKeyRef");
    }
    if (from.getFieldRef() != null) {
      String path = from.getFieldRef().getFieldPath();
      if (EciDownwardApi.POD_IP.equals(path) || "status.podIPs".equals(path)) {
        return null;
      }
      Optional<String> value = EciDownwardApi.staticField(pod, path);
      if (value.isEmpty()) {
        throw new UnsupportedPodException(
            field + ".fieldRef",
            "field path "
                + path
                + " is not available on ECI (only metadata.*, spec.nodeName,"
                + " spec.serviceAccountName and status.podIP are)");
      }
      return value;
    }
    if (from.getResourceFieldRef() != null) {
      V1ResourceFieldSelector ref = from.getResourceFieldRef();
      V1Container target = c;
      if (ref.getContainerName() != null && !ref.getContainerName().isEmpty()) {
        target = findContainer(ref.getContainerName());
        if (target == null) {
          throw new UnsupportedPodException(
              field + ".resourceFieldRef.containerName",
              "no container named " + ref.getContainerName());
        }
      }
      Optional<String> value =
          EciDownwardApi.resource(
              target, ref.getResource(), ref.getDivisor(), groupCpu, groupMemoryGiB);
      if (value.isEmpty()) {
        throw new UnsupportedPodException(
            field + ".resourceFieldRef", "resource " + ref.getResource() + " is not supported");
      }
      return value;
    }
    throw new UnsupportedPodException(field, "this kind of value source is not supported on ECI");
  }

  private static Optional<String> key(
      Map<String, byte[]> data,
      String kind,
      String name,
      String key,
      boolean optional,
      String field)
      throws PodInputMissingException {
    if (data == null) {
      if (optional) {
        return Optional.empty();
      }
      throw new PodInputMissingException(field, kind + " " + name + " not found");
    }
    byte[] value = data.get(key);
    if (value == null) {
      if (optional) {
        return Optional.empty();
      }
      throw new PodInputMissingException(field, kind + " " + name + " has no key " + key);
    }
    return Optional.of(new String(value, StandardCharsets.UTF_8));
  }

  private V1Container findContainer(String name) {
    for (List<V1Container> list :
        List.of(
            pod.getSpec().getContainers(),
            pod.getSpec().getInitContainers() == null
                ? List.<V1Container>of()
                : pod.getSpec().getInitContainers())) {
      for (V1Container c : list) {
        if (name.equals(c.getName())) {
          return c;
        }
      }
    }
    return null;
  }

  /** Kubernetes' relaxed rule: printable ASCII without '=' (and not empty). */
  private static boolean validName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (ch < 32 || ch > 126 || ch == '=') {
        return false;
      }
    }
    return true;
  }

  /**
   * Kubernetes variable expansion: {@code $(NAME)} becomes the value when NAME is known, {@code $$}
   * becomes {@code $}, anything else stays as written.
   */
  static String expand(String input, Map<String, String> vars) {
    StringBuilder out = new StringBuilder(input.length());
    int i = 0;
    while (i < input.length()) {
      char ch = input.charAt(i);
      if (ch != '$' || i + 1 >= input.length()) {
        out.append(ch);
        i++;
        continue;
      }
      char next = input.charAt(i + 1);
      if (next == '$') {
        out.append('$');
        i += 2;
      } else if (next == '(') {
        int close = input.indexOf(')', i + 2);
        if (close < 0) {
          out.append(input, i, input.length());
          break;
        }
        String name = input.substring(i + 2, close);
        String value = vars.get(name);
        out.append(value != null ? value : input.substring(i, close + 1));
        i = close + 1;
      } else {
        out.append(ch);
        i++;
      }
    }
    return out.toString();
  }
}

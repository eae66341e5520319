package io.burstlet.provider.aci;

import com.azure.resourcemanager.containerinstance.models.EnvironmentVariable;
import io.burstlet.provider.PodInputMissingException;
import io.burstlet.provider.PodRequest;
import io.burstlet.provider.ProviderException;
import io.burstlet.provider.UnsupportedPodException;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvFromSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's environment as the kubelet would build it, in ACI form.
 *
 * <p>Order and precedence follow the kubelet: {@code envFrom} sources in order, then {@code env} in
 * order; a later definition of a name replaces an earlier one. {@code $(VAR)} references in {@code
 * env[].value} are expanded against the variables defined before it ({@code $$} escapes, unknown
 * references stay literal). envFrom keys that are not valid variable names are skipped, as the
 * kubelet does (their names are logged; they are key names, not values).
 *
 * <p>Secrecy: every value that comes from a Secret — {@code secretKeyRef}, {@code
 * envFrom.secretRef} or a {@code value} that expands a secret-sourced variable — is sent as ACI's
 * {@code secureValue} and never as {@code value}, so ARM does not return it on GET. Expanding a
 * secret-sourced variable into {@code command}/{@code args} is refused: ACI's command is not
 * secret.
 *
 * <p>Missing references: an absent Secret/ConfigMap or key fails with a retryable {@link
 * PodInputMissingException}, unless the reference is {@code optional}, in which case the variable
 * (or the whole envFrom source) is left out. {@code fileKeyRef} is refused.
 */
final class AciEnv {
  private static final Logger LOG = LoggerFactory.getLogger(AciEnv.class);
  private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

  /** One variable's value and whether it derives from a Secret. */
  record Value(String value, boolean secret) {
    @Override
    public String toString() {
      return secret ? "Value[***]" : "Value[" + value + "]";
    }
  }

  private AciEnv() {}

  /** The container's variables in definition order (later definitions already applied). */
  static Map<String, Value> resolve(
      V1Container c, String path, PodRequest request, AciDownwardApi downward)
      throws ProviderException {
    Map<String, Value> env = new LinkedHashMap<>();
    List<V1EnvFromSource> from = c.getEnvFrom() == null ? List.of() : c.getEnvFrom();
    for (int i = 0; i < from.size(); i++) {
      envFrom(from.get(i), path + ".envFrom[" + i + "]", request, env);
    }
    List<V1EnvVar> vars = c.getEnv() == null ? List.of() : c.getEnv();
    for (int i = 0; i < vars.size(); i++) {
      V1EnvVar v = vars.get(i);
      String vp = path + ".env[" + i + "]";
      Value value;
      if (v.getValueFrom() == null) {
        value = expand(v.getValue() == null ? "" : v.getValue(), env);
      } else {
        value = valueFrom(v.getValueFrom(), vp + ".valueFrom", c.getName(), request, downward);
        if (value == null) {
          continue; // optional reference to something absent: the kubelet leaves the variable out
        }
      }
      env.remove(v.getName()); // a redefinition moves to its latest position, as in the kubelet
      env.put(v.getName(), value);
    }
    return env;
  }

  /** ACI variables: secret-derived values as secureValue only. */
  static List<EnvironmentVariable> toAci(Map<String, Value> env) {
    List<EnvironmentVariable> out = new ArrayList<>();
    for (Map.Entry<String, Value> e : env.entrySet()) {
      EnvironmentVariable v = new EnvironmentVariable().withName(e.getKey());
      if (e.getValue().secret()) {
        v.withSecureValue(e.getValue().value());
      } else {
        v.withValue(e.getValue().value());
      }
      out.add(v);
    }
    return out;
  }

  /**
   * Expands {@code $(VAR)} in command and args like the kubelet; refuses to put a secret-sourced
   * value into them.
   */
  static List<String> expandCommand(List<String> parts, Map<String, Value> env, String path)
      throws UnsupportedPodException {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      Value v = expand(parts.get(i), env);
      if (v.secret()) {
        throw new UnsupportedPodException(
            path + "[" + i + "]",
            "expands a variable that comes from a Secret; ACI's command is not secret, so the"
                + " value would be exposed");
      }
      out.add(v.value());
    }
    return out;
  }

  /** Kubernetes' expansion: {@code $(NAME)} → value, {@code $$} → {@code $}. */
  static Value expand(String input, Map<String, Value> env) {
    StringBuilder out = new StringBuilder();
    boolean secret = false;
    int i = 0;
    while (i < input.length()) {
      char ch = input.charAt(i);
      if (ch == '$' && i + 1 < input.length()) {
        char next = input.charAt(i + 1);
        if (next == '$') {
          out.append('$');
          i += 2;
          continue;
        }
        if (next == '(') {
          int close = input.indexOf(')', i + 2);
          if (close > 0) {
            String name = input.substring(i + 2, close);
            Value v = env.get(name);
            if (v != null) {
              out.append(v.value());
              secret |= v.secret();
            } else {
              out.append(input, i, close + 1);
            }
            i = close + 1;
            continue;
          }
        }
      }
      out.append(ch);
      i++;
    }
    return new Value(out.toString(), secret);
  }

  private static void envFrom(
      V1EnvFromSource src, String path, PodRequest request, Map<String, Value> env)
      throws PodInputMissingException {
    String prefix = src.getPrefix() == null ? "" : src.getPrefix();
    Map<String, Value> values = new LinkedHashMap<>();
    if (src.getSecretRef() != null) {
      String name = src.getSecretRef().getName();
      V1Secret secret = request.secrets().get(name);
      if (secret == null) {
        if (Boolean.TRUE.equals(src.getSecretRef().getOptional())) {
          return;
        }
        throw new PodInputMissingException(path + ".secretRef", "Secret '" + name + "' not found");
      }
      secretData(secret).forEach((k, v) -> values.put(k, new Value(v, true)));
    } else if (src.getConfigMapRef() != null) {
      String name = src.getConfigMapRef().getName();
      V1ConfigMap cm = request.configMaps().get(name);
      if (cm == null) {
        if (Boolean.TRUE.equals(src.getConfigMapRef().getOptional())) {
          return;
        }
        throw new PodInputMissingException(
            path + ".configMapRef", "ConfigMap '" + name + "' not found");
      }
      if (cm.getData() != null) {
        cm.getData().forEach((k, v) -> values.put(k, new Value(v, false)));
      }
    }
    List<String> skipped = new ArrayList<>();
    for (Map.Entry<String, Value> e : values.entrySet()) {
      String name = prefix + e.getKey();
      if (!ENV_NAME.matcher(name).matches()) {
        skipped.add(name);
        continue;
      }
      env.remove(name);
      env.put(name, e.getValue());
    }
    if (!skipped.isEmpty()) {
      LOG.info("{}: skipped keys that are not valid variable names: {}", path, skipped);
    }
  }

  private static Value valueFrom(
      V1EnvVarSource src,
      String path,
      String containerName,
      PodRequest request,
      AciDownwardApi downward)
      throws ProviderException {
    if (src.getSecretKeyRef() != null) {
      var ref = src.getSecretKeyRef();
      V1Secret secret = request.secrets().get(ref.getName());
      String value = secret == null ? null : secretData(secret).get(ref.getKey());
      if (value == null) {
        if (Boolean.TRUE.equals(ref.getOptional())) {
          return null;
        }
        throw new PodInputMissingException(
            path + ".secretKeyRef",
            ""
                + (secret == null
                    ? "Secret '" + ref.getName() + "' not found"
                    : "key '" + ref.getKey() + "' not found in Secret '" + ref.getName() + "'"));
      }
      return new Value(value, true);
    }
    if (src.getConfigMapKeyRef() != null) {
      var ref = src.getConfigMapKeyRef();
      V1ConfigMap cm = request.configMaps().get(ref.getName());
      String value = cm == null || cm.getData() == null ? null : cm.getData().get(ref.getKey());
      if (value == null) {
        if (Boolean.TRUE.equals(ref.getOptional())) {
          return null;
        }
        throw new PodInputMissingException(
            path + ".configMapKeyRef",
            ""
                + (cm == null
                    ? "ConfigMap '" + ref.getName() + "' not found"
                    : "key '" + ref.getKey() + "' not found in ConfigMap '" + ref.getName() + "'"));
      }
      return new Value(value, false);
    }
    if (src.getFieldRef() != null) {
      return new Value(
          downward.field(src.getFieldRef().getFieldPath(), path + ".fieldRef.fieldPath", false),
          false);
    }
    if (src.getResourceFieldRef() != null) {
      var ref = src.getResourceFieldRef();
      String container =
          ref.getContainerName() == null || ref.getContainerName().isEmpty()
              ? containerName
              : ref.getContainerName();
      return new Value(
          downward.resource(
              container, ref.getResource(), ref.getDivisor(), path + ".resourceFieldRef"),
          false);
    }
    if (src.getFileKeyRef() != null) {
      throw new UnsupportedPodException(
          path + ".fileKeyRef", "ACI cannot read variables from a file in a volume");
    }
    throw new UnsupportedPodException(path, "empty valueFrom");
  }

  /** A Secret's values as text; stringData (objects not yet through the API server) wins. */
  static Map<String, String> secretData(V1Secret secret) {
    Map<String, String> out = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      out.putAll(secret.getStringData());
    }
    return out;
  }

  /** Every secret-derived value of the environment, for redaction of error messages. */
  static void collectSecrets(Map<String, Value> env, Set<String> into) {
    for (Value v : env.values()) {
      if (v.secret() && !v.value().isEmpty()) {
        into.add(v.value());
      }
    }
  }
}

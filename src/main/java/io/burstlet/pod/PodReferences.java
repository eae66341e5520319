package io.burstlet.pod;

import io.kubernetes.client.openapi.models.V1ConfigMapProjection;
import io.kubernetes.client.openapi.models.V1ConfigMapVolumeSource;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvFromSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1KeyToPath;
import io.kubernetes.client.openapi.models.V1LocalObjectReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1SecretProjection;
import io.kubernetes.client.openapi.models.V1SecretVolumeSource;
import io.kubernetes.client.openapi.models.V1ServiceAccountTokenProjection;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeProjection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The API objects a pod spec points at, found without calling the API server: Secrets and
 * ConfigMaps referenced by env ({@code valueFrom}), {@code envFrom} and volumes (secret, configMap,
 * projected sources, azureFile), its {@code imagePullSecrets}, and whether it mounts a projected
 * service-account token.
 *
 * @param secrets by name, what the pod needs of each Secret
 * @param configMaps by name, what the pod needs of each ConfigMap
 * @param imagePullSecrets names from {@code spec.imagePullSecrets}, in order, without duplicates
 * @param serviceAccountToken the first projected {@code serviceAccountToken} source (the {@code
 *     kube-api-access-*} volume's), or null when the pod mounts none
 */
record PodReferences(
    Map<String, Need> secrets,
    Map<String, Need> configMaps,
    List<String> imagePullSecrets,
    V1ServiceAccountTokenProjection serviceAccountToken) {

  /**
   * What a pod needs of one object.
   *
   * @param required some reference is not optional: the pod cannot start without the object
   * @param requiredKeys keys that non-optional references read; each must exist in the object
   */
  record Need(boolean required, Set<String> requiredKeys) {}

  /** Collects the references of every container, init container and volume of {@code pod}. */
  static PodReferences of(V1Pod pod) {
    Collector c = new Collector();
    V1PodSpec spec = pod.getSpec();
    if (spec == null) {
      return c.build();
    }
    List<V1Container> containers = new ArrayList<>(nullSafe(spec.getInitContainers()));
    containers.addAll(nullSafe(spec.getContainers()));
    for (V1Container container : containers) {
      for (V1EnvVar env : nullSafe(container.getEnv())) {
        if (env.getValueFrom() == null) {
          continue;
        }
        var secretKey = env.getValueFrom().getSecretKeyRef();
        if (secretKey != null) {
          c.secret(secretKey.getName(), secretKey.getOptional(), List.of(secretKey.getKey()));
        }
        var configMapKey = env.getValueFrom().getConfigMapKeyRef();
        if (configMapKey != null) {
          c.configMap(
              configMapKey.getName(), configMapKey.getOptional(), List.of(configMapKey.getKey()));
        }
      }
      for (V1EnvFromSource from : nullSafe(container.getEnvFrom())) {
        if (from.getSecretRef() != null) {
          c.secret(from.getSecretRef().getName(), from.getSecretRef().getOptional(), List.of());
        }
        if (from.getConfigMapRef() != null) {
          c.configMap(
              from.getConfigMapRef().getName(), from.getConfigMapRef().getOptional(), List.of());
        }
      }
    }
    for (V1Volume volume : nullSafe(spec.getVolumes())) {
      V1SecretVolumeSource secret = volume.getSecret();
      if (secret != null) {
        c.secret(secret.getSecretName(), secret.getOptional(), keys(secret.getItems()));
      }
      V1ConfigMapVolumeSource configMap = volume.getConfigMap();
      if (configMap != null) {
        c.configMap(configMap.getName(), configMap.getOptional(), keys(configMap.getItems()));
      }
      if (volume.getAzureFile() != null) {
        // ACI mounts Azure Files with the storage account name and key from this Secret.
        c.secret(volume.getAzureFile().getSecretName(), false, List.of());
      }
      if (volume.getProjected() != null) {
        for (V1VolumeProjection source : nullSafe(volume.getProjected().getSources())) {
          V1SecretProjection s = source.getSecret();
          if (s != null) {
            c.secret(s.getName(), s.getOptional(), keys(s.getItems()));
          }
          V1ConfigMapProjection m = source.getConfigMap();
          if (m != null) {
            c.configMap(m.getName(), m.getOptional(), keys(m.getItems()));
          }
          if (source.getServiceAccountToken() != null && c.serviceAccountToken == null) {
            c.serviceAccountToken = source.getServiceAccountToken();
          }
        }
      }
    }
    for (V1LocalObjectReference pull : nullSafe(spec.getImagePullSecrets())) {
      if (pull.getName() != null && !pull.getName().isEmpty()) {
        c.pullSecrets.add(pull.getName());
      }
    }
    return c.build();
  }

  private static List<String> keys(List<V1KeyToPath> items) {
    List<String> keys = new ArrayList<>();
    for (V1KeyToPath item : nullSafe(items)) {
      keys.add(item.getKey());
    }
    return keys;
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static final class Collector {
    final Map<String, Boolean> secretRequired = new LinkedHashMap<>();
    final Map<String, Set<String>> secretKeys = new LinkedHashMap<>();
    final Map<String, Boolean> configMapRequired = new LinkedHashMap<>();
    final Map<String, Set<String>> configMapKeys = new LinkedHashMap<>();
    final Set<String> pullSecrets = new LinkedHashSet<>();
    V1ServiceAccountTokenProjection serviceAccountToken;

    void secret(String name, Boolean optional, List<String> keys) {
      add(secretRequired, secretKeys, name, optional, keys);
    }

    void configMap(String name, Boolean optional, List<String> keys) {
      add(configMapRequired, configMapKeys, name, optional, keys);
    }

    private static void add(
        Map<String, Boolean> required,
        Map<String, Set<String>> requiredKeys,
        String name,
        Boolean optional,
        List<String> keys) {
      if (name == null || name.isEmpty()) {
        return;
      }
      // Kubernetes treats an unset "optional" as false: the object must exist.
      boolean mandatory = !Boolean.TRUE.equals(optional);
      required.merge(name, mandatory, Boolean::logicalOr);
      Set<String> needed = requiredKeys.computeIfAbsent(name, n -> new LinkedHashSet<>());
      if (mandatory) {
        for (String key : keys) {
          if (key != null && !key.isEmpty()) {
            needed.add(key);
          }
        }
      }
    }

    PodReferences build() {
      return new PodReferences(
          needs(secretRequired, secretKeys),
          needs(configMapRequired, configMapKeys),
          List.copyOf(pullSecrets),
          serviceAccountToken);
    }

    private static Map<String, Need> needs(
        Map<String, Boolean> required, Map<String, Set<String>> keys) {
      Map<String, Need> needs = new LinkedHashMap<>();
      required.forEach(
          (name, mandatory) ->
              needs.put(
                  name,
                  new Need(
                      mandatory,
                      Collections.unmodifiableSet(new LinkedHashSet<>(keys.get(name))))));
      return Collections.unmodifiableMap(needs);
    }
  }
}

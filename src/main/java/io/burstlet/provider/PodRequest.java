package io.burstlet.provider;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A pod to create plus everything the cloud needs that lives in the API server, resolved by the
 * controller so that providers never call Kubernetes themselves.
 *
 * @param pod the pod as bound to the virtual node (never modified by providers)
 * @param ref its identity and zone
 * @param secrets Secrets referenced by env, envFrom and volumes, by name
 * @param configMaps ConfigMaps referenced by env, envFrom and volumes, by name
 * @param registryCredentials parsed from the pod's and its ServiceAccount's imagePullSecrets
 * @param serviceAccountToken for the kube-api-access projected volume, or null when not mounted
 */
public record PodRequest(
    V1Pod pod,
    PodRef ref,
    Map<String, V1Secret> secrets,
    Map<String, V1ConfigMap> configMaps,
    List<RegistryCredential> registryCredentials,
    ServiceAccountToken serviceAccountToken) {
  public PodRequest {
    Objects.requireNonNull(pod, "pod");
    Objects.requireNonNull(ref, "ref");
    secrets = Map.copyOf(secrets == null ? Map.of() : secrets);
    configMaps = Map.copyOf(configMaps == null ? Map.of() : configMaps);
    registryCredentials =
        List.copyOf(registryCredentials == null ? List.of() : registryCredentials);
  }

  @Override
  public String toString() {
    return "PodRequest[" + ref + "]";
  }
}

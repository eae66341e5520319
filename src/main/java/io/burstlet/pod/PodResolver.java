package io.burstlet.pod;

import io.burstlet.config.PodsConfig;
import io.burstlet.provider.InvalidPullSecretException;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodRequest;
import io.burstlet.provider.RegistryCredential;
import io.burstlet.provider.RegistryCredentials;
import io.burstlet.provider.ServiceAccountToken;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.AuthenticationV1TokenRequest;
import io.kubernetes.client.openapi.models.V1BoundObjectReference;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1LocalObjectReference;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1ServiceAccountTokenProjection;
import io.kubernetes.client.openapi.models.V1TokenRequestSpec;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fetches from the API server everything a pod's container group needs, so that providers never
 * call Kubernetes: referenced Secrets and ConfigMaps, registry credentials from the pod's and its
 * ServiceAccount's {@code imagePullSecrets}, and a bound service-account token for a projected
 * token volume. Reads go straight to the API server (no Secret informer: the agent should not hold
 * every Secret of the cluster in memory).
 */
final class PodResolver {
  /** The ConfigMap every namespace gets with the cluster CA (Kubernetes ≥ 1.20). */
  static final String ROOT_CA_CONFIG_MAP = "kube-root-ca.crt";

  static final String CA_KEY = "ca.crt";

  private final CoreV1Api api;
  private final PodsConfig config;

  PodResolver(CoreV1Api api, PodsConfig config) {
    this.api = api;
    this.config = config;
  }

  /**
   * The request for {@code pod} plus warnings worth an Event (a missing pull secret does not stop
   * the pod, as with a kubelet; the pull may still succeed).
   */
  record Resolved(PodRequest request, List<String> warnings) {}

  /**
   * @throws MissingReferenceException a non-optional Secret, ConfigMap or key, or the
   *     ServiceAccount of a token volume, does not exist
   * @throws ApiException the API server failed otherwise
   */
  Resolved resolve(V1Pod pod, PodRef ref) throws MissingReferenceException, ApiException {
    String namespace = ref.namespace();
    PodReferences refs = PodReferences.of(pod);
    List<String> warnings = new ArrayList<>();

    Map<String, V1Secret> secrets = new LinkedHashMap<>();
    for (Map.Entry<String, PodReferences.Need> e : refs.secrets().entrySet()) {
      V1Secret secret = read(() -> api.readNamespacedSecret(e.getKey(), namespace).execute());
      if (secret == null) {
        if (e.getValue().required()) {
          throw new MissingReferenceException("Secret", namespace, e.getKey(), null);
        }
        continue;
      }
      for (String key : e.getValue().requiredKeys()) {
        if (secret.getData() == null || !secret.getData().containsKey(key)) {
          throw new MissingReferenceException("Secret", namespace, e.getKey(), key);
        }
      }
      secrets.put(e.getKey(), secret);
    }

    Map<String, V1ConfigMap> configMaps = new LinkedHashMap<>();
    for (Map.Entry<String, PodReferences.Need> e : refs.configMaps().entrySet()) {
      V1ConfigMap configMap =
          read(() -> api.readNamespacedConfigMap(e.getKey(), namespace).execute());
      if (configMap == null) {
        if (e.getValue().required()) {
          throw new MissingReferenceException("ConfigMap", namespace, e.getKey(), null);
        }
        continue;
      }
      for (String key : e.getValue().requiredKeys()) {
        boolean inData = configMap.getData() != null && configMap.getData().containsKey(key);
        boolean inBinary =
            configMap.getBinaryData() != null && configMap.getBinaryData().containsKey(key);
        if (!inData && !inBinary) {
          throw new MissingReferenceException("ConfigMap", namespace, e.getKey(), key);
        }
      }
      configMaps.put(e.getKey(), configMap);
    }

    String serviceAccountName = serviceAccountName(pod);
    V1ServiceAccount serviceAccount =
        read(() -> api.readNamespacedServiceAccount(serviceAccountName, namespace).execute());

    Set<String> pullSecretNames = new LinkedHashSet<>(refs.imagePullSecrets());
    if (serviceAccount != null && serviceAccount.getImagePullSecrets() != null) {
      for (V1LocalObjectReference r : serviceAccount.getImagePullSecrets()) {
        if (r.getName() != null && !r.getName().isEmpty()) {
          pullSecretNames.add(r.getName());
        }
      }
    }
    List<RegistryCredential> credentials = new ArrayList<>();
    for (String name : pullSecretNames) {
      V1Secret secret =
          secrets.containsKey(name)
              ? secrets.get(name)
              : read(() -> api.readNamespacedSecret(name, namespace).execute());
      if (secret == null) {
        warnings.add(
            "Unable to retrieve image pull secret " + name + "; the image pull may not succeed");
        continue;
      }
      try {
        credentials.addAll(RegistryCredentials.parse(secret));
      } catch (InvalidPullSecretException e) {
        warnings.add(e.getMessage() + "; the image pull may not succeed");
      }
    }

    ServiceAccountToken token = null;
    if (refs.serviceAccountToken() != null) {
      if (serviceAccount == null) {
        throw new MissingReferenceException("ServiceAccount", namespace, serviceAccountName, null);
      }
      token =
          token(
              pod,
              ref,
              serviceAccountName,
              refs.serviceAccountToken(),
              configMaps.get(ROOT_CA_CONFIG_MAP));
    }
    return new Resolved(
        new PodRequest(pod, ref, secrets, configMaps, credentials, token), List.copyOf(warnings));
  }

  private String audience(V1ServiceAccountTokenProjection source) {
    String asked = source.getAudience();
    return asked != null && !asked.isEmpty() ? asked : config.tokenAudience();
  }

  private long lifetimeSeconds(V1ServiceAccountTokenProjection source) {
    long asked = source.getExpirationSeconds() == null ? 0 : source.getExpirationSeconds();
    return Math.max(asked, config.tokenExpiration().toSeconds());
  }

  /**
   * Requests a token bound to this pod's UID, so it dies with the pod, for the audience and
   * lifetime the projected source asks for, as a kubelet does. The configured lifetime is a floor:
   * the token is not rotated while the group runs. A source asking for the kube-api-access default
   * (3607 s) lets API servers since 1.21 extend the token to a year, as they do for kubelets.
   */
  private ServiceAccountToken token(
      V1Pod pod,
      PodRef ref,
      String serviceAccountName,
      V1ServiceAccountTokenProjection source,
      V1ConfigMap rootCa)
      throws ApiException, MissingReferenceException {
    V1ConfigMap ca = rootCa;
    if (ca == null) {
      ca = read(() -> api.readNamespacedConfigMap(ROOT_CA_CONFIG_MAP, ref.namespace()).execute());
    }
    if (ca == null || ca.getData() == null || !ca.getData().containsKey(CA_KEY)) {
      throw new MissingReferenceException(
          "ConfigMap", ref.namespace(), ROOT_CA_CONFIG_MAP, ca == null ? null : CA_KEY);
    }
    V1TokenRequestSpec spec =
        new V1TokenRequestSpec()
            // Empty audiences mean the API server's own, which is what in-cluster clients expect.
            .audiences(audience(source) == null ? List.of() : List.of(audience(source)))
            .expirationSeconds(lifetimeSeconds(source))
            .boundObjectRef(
                new V1BoundObjectReference()
                    .apiVersion("v1")
                    .kind("Pod")
                    .name(pod.getMetadata().getName())
                    .uid(pod.getMetadata().getUid()));
    AuthenticationV1TokenRequest request =
        new AuthenticationV1TokenRequest()
            .apiVersion("authentication.k8s.io/v1")
            .kind("TokenRequest")
            .metadata(new V1ObjectMeta().name(serviceAccountName).namespace(ref.namespace()))
            .spec(spec);
    AuthenticationV1TokenRequest issued;
    try {
      issued =
          api.createNamespacedServiceAccountToken(serviceAccountName, ref.namespace(), request)
              .execute();
    } catch (ApiException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        throw new MissingReferenceException(
            "ServiceAccount", ref.namespace(), serviceAccountName, null);
      }
      throw e;
    }
    return new ServiceAccountToken(
        issued.getStatus().getToken(), ca.getData().get(CA_KEY), ref.namespace());
  }

  static String serviceAccountName(V1Pod pod) {
    String name = pod.getSpec() == null ? null : pod.getSpec().getServiceAccountName();
    return name == null || name.isEmpty() ? "default" : name;
  }

  private interface Read<T> {
    T get() throws ApiException;
  }

  /** The object, or null when the API server says 404. */
  private static <T> T read(Read<T> read) throws ApiException {
    try {
      return read.get();
    } catch (ApiException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }
}

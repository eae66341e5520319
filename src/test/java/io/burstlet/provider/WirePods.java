package io.burstlet.provider;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1ProjectedVolumeSource;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretKeySelector;
import io.kubernetes.client.openapi.models.V1ServiceAccountTokenProjection;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.kubernetes.client.openapi.models.V1VolumeProjection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The pods the wire tests of every cloud send: one container under {@code sh -c}, with an env value
 * from a Secret so each test can check that the secret never leaks.
 */
public final class WirePods {
  private WirePods() {}

  /**
   * A one-container pod ({@code app}) running {@code script} under {@code sh -c} (or the image).
   */
  public static V1Pod pod(PodRef ref, String restartPolicy, String image, String script) {
    V1Container app =
        new V1Container()
            .name("app")
            .image(image)
            .addEnvItem(new V1EnvVar().name("MODE").value("wire"))
            .addEnvItem(
                new V1EnvVar()
                    .name("DB_PASSWORD")
                    .valueFrom(
                        new V1EnvVarSource()
                            .secretKeyRef(new V1SecretKeySelector().name("db").key("password"))))
            .resources(
                new V1ResourceRequirements()
                    .putRequestsItem("cpu", Quantity.fromString("250m"))
                    .putRequestsItem("memory", Quantity.fromString("512Mi")));
    if (script != null) {
      app.command(List.of("/bin/sh", "-c", script));
    }
    return new V1Pod()
        .apiVersion("v1")
        .kind("Pod")
        .metadata(new V1ObjectMeta().namespace(ref.namespace()).name(ref.name()).uid(ref.uid()))
        .spec(
            new V1PodSpec()
                .nodeName(ref.nodeName())
                .restartPolicy(restartPolicy)
                .addContainersItem(app));
  }

  /** A pod that runs until deleted. */
  public static V1Pod longRunning(PodRef ref) {
    return pod(ref, "Always", "nginx:1.27", null);
  }

  /** The request for {@code pod}, with the Secret {@code db} its env refers to. */
  public static PodRequest request(
      V1Pod pod, PodRef ref, String secretValue, List<RegistryCredential> credentials) {
    V1Secret db =
        new V1Secret()
            .metadata(new V1ObjectMeta().namespace(ref.namespace()).name("db"))
            .putDataItem("password", secretValue.getBytes(StandardCharsets.UTF_8));
    return new PodRequest(pod, ref, Map.of("db", db), Map.of(), credentials, null);
  }

  /**
   * Adds a {@code kube-api-access}-style projected token volume named {@code volume}, mounted where
   * Kubernetes mounts it, to the pod's first container.
   */
  public static V1Pod withServiceAccountToken(V1Pod pod, String volume) {
    pod.getSpec()
        .addVolumesItem(
            new V1Volume()
                .name(volume)
                .projected(
                    new V1ProjectedVolumeSource()
                        .addSourcesItem(
                            new V1VolumeProjection()
                                .serviceAccountToken(
                                    new V1ServiceAccountTokenProjection()
                                        .path("token")
                                        .expirationSeconds(3607L)))));
    pod.getSpec()
        .getContainers()
        .get(0)
        .addVolumeMountsItem(
            new V1VolumeMount()
                .name(volume)
                .mountPath("/var/run/secrets/kubernetes.io/serviceaccount")
                .readOnly(true));
    return pod;
  }
}

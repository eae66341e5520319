package io.burstlet.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1AzureFileVolumeSource;
import io.kubernetes.client.openapi.models.V1ConfigMapEnvSource;
import io.kubernetes.client.openapi.models.V1ConfigMapKeySelector;
import io.kubernetes.client.openapi.models.V1ConfigMapProjection;
import io.kubernetes.client.openapi.models.V1ConfigMapVolumeSource;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvFromSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1KeyToPath;
import io.kubernetes.client.openapi.models.V1LocalObjectReference;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1ProjectedVolumeSource;
import io.kubernetes.client.openapi.models.V1SecretEnvSource;
import io.kubernetes.client.openapi.models.V1SecretKeySelector;
import io.kubernetes.client.openapi.models.V1SecretProjection;
import io.kubernetes.client.openapi.models.V1SecretVolumeSource;
import io.kubernetes.client.openapi.models.V1ServiceAccountTokenProjection;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeProjection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodReferencesTest {

  private static V1EnvVar secretEnv(String name, String key, Boolean optional) {
    return new V1EnvVar()
        .name("E")
        .valueFrom(
            new V1EnvVarSource()
                .secretKeyRef(new V1SecretKeySelector().name(name).key(key).optional(optional)));
  }

  private static V1Pod pod(V1PodSpec spec) {
    return new V1Pod().metadata(new V1ObjectMeta().name("p").namespace("ns")).spec(spec);
  }

  @Test
  void findsSecretsAndConfigMapsInEnvEnvFromAndVolumes() {
    V1PodSpec spec =
        new V1PodSpec()
            .addInitContainersItem(
                new V1Container().name("init").addEnvItem(secretEnv("init-secret", "k", null)))
            .addContainersItem(
                new V1Container()
                    .name("app")
                    .addEnvItem(new V1EnvVar().name("PLAIN").value("x"))
                    .addEnvItem(secretEnv("db", "password", false))
                    .addEnvItem(
                        new V1EnvVar()
                            .name("C")
                            .valueFrom(
                                new V1EnvVarSource()
                                    .configMapKeyRef(
                                        new V1ConfigMapKeySelector().name("settings").key("mode"))))
                    .addEnvFromItem(
                        new V1EnvFromSource().secretRef(new V1SecretEnvSource().name("bulk")))
                    .addEnvFromItem(
                        new V1EnvFromSource()
                            .configMapRef(new V1ConfigMapEnvSource().name("extra").optional(true))))
            .addVolumesItem(
                new V1Volume()
                    .name("tls")
                    .secret(
                        new V1SecretVolumeSource()
                            .secretName("tls")
                            .addItemsItem(new V1KeyToPath().key("tls.crt").path("c"))))
            .addVolumesItem(
                new V1Volume().name("files").configMap(new V1ConfigMapVolumeSource().name("files")))
            .addVolumesItem(
                new V1Volume()
                    .name("share")
                    .azureFile(new V1AzureFileVolumeSource().secretName("storage").shareName("s")))
            .addVolumesItem(
                new V1Volume()
                    .name("mix")
                    .projected(
                        new V1ProjectedVolumeSource()
                            .addSourcesItem(
                                new V1VolumeProjection()
                                    .secret(new V1SecretProjection().name("proj-secret")))
                            .addSourcesItem(
                                new V1VolumeProjection()
                                    .configMap(
                                        new V1ConfigMapProjection()
                                            .name("proj-cm")
                                            .optional(true)))));

    PodReferences refs = PodReferences.of(pod(spec));

    assertEquals(
        Set.of("init-secret", "db", "bulk", "tls", "storage", "proj-secret"),
        refs.secrets().keySet());
    assertEquals(Set.of("settings", "extra", "files", "proj-cm"), refs.configMaps().keySet());
    assertEquals(Set.of("password"), refs.secrets().get("db").requiredKeys());
    assertEquals(Set.of("tls.crt"), refs.secrets().get("tls").requiredKeys());
    assertEquals(Set.of("mode"), refs.configMaps().get("settings").requiredKeys());
    assertTrue(refs.secrets().get("init-secret").required(), "unset optional means required");
    assertFalse(refs.configMaps().get("extra").required());
    assertFalse(refs.configMaps().get("proj-cm").required());
    assertNull(refs.serviceAccountToken());
  }

  @Test
  void aRequiredReferenceWinsOverAnOptionalOneToTheSameObject() {
    V1PodSpec spec =
        new V1PodSpec()
            .addContainersItem(
                new V1Container()
                    .name("a")
                    .addEnvItem(secretEnv("shared", "opt", true))
                    .addEnvItem(secretEnv("shared", "must", null)));
    PodReferences.Need need = PodReferences.of(pod(spec)).secrets().get("shared");
    assertTrue(need.required());
    assertEquals(Set.of("must"), need.requiredKeys(), "optional keys may be missing");
  }

  @Test
  void findsPullSecretsAndTheTokenVolume() {
    V1PodSpec spec =
        new V1PodSpec()
            .addContainersItem(new V1Container().name("a"))
            .imagePullSecrets(
                List.of(
                    new V1LocalObjectReference().name("reg"),
                    new V1LocalObjectReference().name("reg"),
                    new V1LocalObjectReference().name("other")))
            .addVolumesItem(
                new V1Volume()
                    .name("kube-api-access-abcde")
                    .projected(
                        new V1ProjectedVolumeSource()
                            .addSourcesItem(
                                new V1VolumeProjection()
                                    .serviceAccountToken(
                                        new V1ServiceAccountTokenProjection().path("token")))
                            .addSourcesItem(
                                new V1VolumeProjection()
                                    .configMap(
                                        new V1ConfigMapProjection().name("kube-root-ca.crt")))));

    PodReferences refs = PodReferences.of(pod(spec));

    assertEquals(List.of("reg", "other"), refs.imagePullSecrets());
    assertEquals("token", refs.serviceAccountToken().getPath());
    assertEquals(Set.of("kube-root-ca.crt"), refs.configMaps().keySet());
    assertTrue(refs.secrets().isEmpty());
  }

  @Test
  void aPodWithoutReferencesNeedsNothing() {
    PodReferences refs =
        PodReferences.of(pod(new V1PodSpec().addContainersItem(new V1Container().name("a"))));
    assertTrue(refs.secrets().isEmpty());
    assertTrue(refs.configMaps().isEmpty());
    assertTrue(refs.imagePullSecrets().isEmpty());
    assertNull(refs.serviceAccountToken());
  }
}

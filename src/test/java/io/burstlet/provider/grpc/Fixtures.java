package io.burstlet.provider.grpc;

import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodRequest;
import io.burstlet.provider.RegistryCredential;
import io.burstlet.provider.ServiceAccountToken;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ConfigMapKeySelector;
import io.kubernetes.client.openapi.models.V1ConfigMapProjection;
import io.kubernetes.client.openapi.models.V1ConfigMapVolumeSource;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1EmptyDirVolumeSource;
import io.kubernetes.client.openapi.models.V1EnvFromSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1ExecAction;
import io.kubernetes.client.openapi.models.V1HTTPGetAction;
import io.kubernetes.client.openapi.models.V1KeyToPath;
import io.kubernetes.client.openapi.models.V1LocalObjectReference;
import io.kubernetes.client.openapi.models.V1ObjectFieldSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1ProjectedVolumeSource;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretEnvSource;
import io.kubernetes.client.openapi.models.V1SecretKeySelector;
import io.kubernetes.client.openapi.models.V1SecretVolumeSource;
import io.kubernetes.client.openapi.models.V1ServiceAccountTokenProjection;
import io.kubernetes.client.openapi.models.V1TCPSocketAction;
import io.kubernetes.client.openapi.models.V1Toleration;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.kubernetes.client.openapi.models.V1VolumeProjection;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Pods and requests as the controller hands them to a provider, secrets included. */
final class Fixtures {
  static final String SECRET_VALUE = "s3cr3t-db-password-7f1e";
  static final String SECRET_STRING_DATA = "api-key-0d9c44";
  static final String REGISTRY_PASSWORD = "registry-pass-91ab";
  static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.sa-token-c0ffee";

  /** Every secret value of {@link #richRequest}, raw and as Secret data appears in JSON. */
  static final List<String> SECRETS =
      List.of(
          SECRET_VALUE,
          base64(SECRET_VALUE),
          SECRET_STRING_DATA,
          REGISTRY_PASSWORD,
          TOKEN,
          base64(TOKEN));

  private Fixtures() {}

  static PodRef ref(String zone) {
    String uid = UUID.randomUUID().toString();
    return new PodRef("shop", "web-" + uid.substring(0, 5), uid, "burstlet-mem-" + zone, zone);
  }

  /** A pod using most of what a real one does: quantities, probes, volumes, env from secrets. */
  static V1Pod richPod(PodRef ref) {
    OffsetDateTime created = OffsetDateTime.of(2025, 3, 14, 9, 26, 53, 589_000_000, ZoneOffset.UTC);
    V1Container app =
        new V1Container()
            .name("app")
            .image("registry.example.com/shop/web:1.4.2")
            .command(List.of("/bin/web"))
            .args(List.of("--port=8080", "--log-level=debug"))
            .addPortsItem(new V1ContainerPort().name("http").containerPort(8080).protocol("TCP"))
            .resources(
                new V1ResourceRequirements()
                    .putRequestsItem("cpu", Quantity.fromString("250m"))
                    .putRequestsItem("memory", Quantity.fromString("512Mi"))
                    .putLimitsItem("cpu", Quantity.fromString("1.5"))
                    .putLimitsItem("memory", Quantity.fromString("1Gi"))
                    .putLimitsItem("nvidia.com/gpu", Quantity.fromString("1")))
            .addEnvItem(new V1EnvVar().name("MODE").value("production"))
            .addEnvItem(
                new V1EnvVar()
                    .name("DB_PASSWORD")
                    .valueFrom(
                        new V1EnvVarSource()
                            .secretKeyRef(new V1SecretKeySelector().name("db").key("password"))))
            .addEnvItem(
                new V1EnvVar()
                    .name("FEATURES")
                    .valueFrom(
                        new V1EnvVarSource()
                            .configMapKeyRef(
                                new V1ConfigMapKeySelector()
                                    .name("settings")
                                    .key("features")
                                    .optional(true))))
            .addEnvItem(
                new V1EnvVar()
                    .name("POD_NAME")
                    .valueFrom(
                        new V1EnvVarSource()
                            .fieldRef(
                                new V1ObjectFieldSelector()
                                    .apiVersion("v1")
                                    .fieldPath("metadata.name"))))
            .addEnvFromItem(
                new V1EnvFromSource().prefix("API_").secretRef(new V1SecretEnvSource().name("api")))
            .addVolumeMountsItem(new V1VolumeMount().name("config").mountPath("/etc/web"))
            .addVolumeMountsItem(
                new V1VolumeMount().name("tls").mountPath("/etc/tls").readOnly(true))
            .addVolumeMountsItem(new V1VolumeMount().name("cache").mountPath("/cache"))
            .livenessProbe(
                new V1Probe()
                    .httpGet(new V1HTTPGetAction().path("/healthz").port(new IntOrString(8080)))
                    .initialDelaySeconds(5)
                    .periodSeconds(10)
                    .failureThreshold(3))
            .readinessProbe(
                new V1Probe().tcpSocket(new V1TCPSocketAction().port(new IntOrString("http"))))
            .startupProbe(
                new V1Probe()
                    .exec(new V1ExecAction().command(List.of("cat", "/tmp/started")))
                    .timeoutSeconds(2));
    V1Container init =
        new V1Container()
            .name("migrate")
            .image("registry.example.com/shop/migrate:1.4.2")
            .resources(
                new V1ResourceRequirements().putRequestsItem("cpu", Quantity.fromString("100m")));
    return new V1Pod()
        .apiVersion("v1")
        .kind("Pod")
        .metadata(
            new V1ObjectMeta()
                .namespace(ref.namespace())
                .name(ref.name())
                .uid(ref.uid())
                .resourceVersion("48213")
                .creationTimestamp(created)
                .putLabelsItem("app", "web")
                .putAnnotationsItem("burstlet.io/note", "façade ✓")
                .addOwnerReferencesItem(
                    new V1OwnerReference()
                        .apiVersion("apps/v1")
                        .kind("ReplicaSet")
                        .name("web-6d4b")
                        .uid(UUID.randomUUID().toString())
                        .controller(true)))
        .spec(
            new V1PodSpec()
                .nodeName(ref.nodeName())
                .restartPolicy("Always")
                .terminationGracePeriodSeconds(30L)
                .serviceAccountName("web")
                .putNodeSelectorItem("type", "virtual-kubelet")
                .addTolerationsItem(
                    new V1Toleration()
                        .key("virtual-kubelet.io/provider")
                        .operator("Exists")
                        .effect("NoExecute")
                        .tolerationSeconds(300L))
                .addImagePullSecretsItem(new V1LocalObjectReference().name("registry"))
                .addInitContainersItem(init)
                .addContainersItem(app)
                .addVolumesItem(
                    new V1Volume()
                        .name("config")
                        .configMap(
                            new V1ConfigMapVolumeSource()
                                .name("settings")
                                .addItemsItem(new V1KeyToPath().key("web.yaml").path("web.yaml"))))
                .addVolumesItem(
                    new V1Volume()
                        .name("tls")
                        .secret(new V1SecretVolumeSource().secretName("tls").defaultMode(0400)))
                .addVolumesItem(
                    new V1Volume()
                        .name("cache")
                        .emptyDir(
                            new V1EmptyDirVolumeSource()
                                .medium("Memory")
                                .sizeLimit(Quantity.fromString("256Mi"))))
                .addVolumesItem(
                    new V1Volume()
                        .name("kube-api-access-x7k2p")
                        .projected(
                            new V1ProjectedVolumeSource()
                                .defaultMode(0644)
                                .addSourcesItem(
                                    new V1VolumeProjection()
                                        .serviceAccountToken(
                                            new V1ServiceAccountTokenProjection()
                                                .path("token")
                                                .expirationSeconds(3607L)))
                                .addSourcesItem(
                                    new V1VolumeProjection()
                                        .configMap(
                                            new V1ConfigMapProjection()
                                                .name("kube-root-ca.crt")
                                                .addItemsItem(
                                                    new V1KeyToPath()
                                                        .key("ca.crt")
                                                        .path("ca.crt")))))));
  }

  static V1Secret dbSecret() {
    return new V1Secret()
        .apiVersion("v1")
        .kind("Secret")
        .metadata(new V1ObjectMeta().name("db").namespace("shop"))
        .type("Opaque")
        .putDataItem("password", SECRET_VALUE.getBytes(StandardCharsets.UTF_8))
        .putStringDataItem("apiKey", SECRET_STRING_DATA);
  }

  static V1ConfigMap settings() {
    return new V1ConfigMap()
        .apiVersion("v1")
        .kind("ConfigMap")
        .metadata(new V1ObjectMeta().name("settings").namespace("shop"))
        .putDataItem("features", "checkout,search")
        .putDataItem("web.yaml", "listen: 8080\n")
        .putBinaryDataItem("logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff});
  }

  static PodRequest richRequest(PodRef ref) {
    return new PodRequest(
        richPod(ref),
        ref,
        Map.of("db", dbSecret()),
        Map.of("settings", settings()),
        List.of(new RegistryCredential("registry.example.com:5000", "puller", REGISTRY_PASSWORD)),
        new ServiceAccountToken(
            TOKEN, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", "shop"));
  }

  static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}

package io.burstlet.provider.eci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.provider.PodInputMissingException;
import io.burstlet.provider.PodRequest;
import io.burstlet.provider.ProviderException;
import io.burstlet.provider.UnsupportedPodException;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Capabilities;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1GRPCAction;
import io.kubernetes.client.openapi.models.V1HostPathVolumeSource;
import io.kubernetes.client.openapi.models.V1ObjectFieldSelector;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimVolumeSource;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1ProjectedVolumeSource;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1SecretKeySelector;
import io.kubernetes.client.openapi.models.V1SecretVolumeSource;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1ServiceAccountTokenProjection;
import io.kubernetes.client.openapi.models.V1TCPSocketAction;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeProjection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Refusals, missing inputs and edge cases of the translation (the happy paths are golden). */
class EciTranslatorTest {
  private final EciTranslator translator =
      new EciTranslator(EciFixtures.provider(), EciFixtures.agent());

  private static PodRequest pod(Consumer<V1Pod> change) {
    PodRequest base = EciFixtures.simplePod();
    change.accept(base.pod());
    return base;
  }

  private static V1Container web(V1Pod pod) {
    return pod.getSpec().getContainers().get(0);
  }

  private UnsupportedPodException refused(Consumer<V1Pod> change) {
    return assertThrows(UnsupportedPodException.class, () -> translator.translate(pod(change)));
  }

  @Test
  void refusesHostNamespacesNamingTheField() {
    assertEquals("spec.hostNetwork", refused(p -> p.getSpec().hostNetwork(true)).field());
    assertEquals("spec.hostPID", refused(p -> p.getSpec().hostPID(true)).field());
    assertEquals("spec.hostIPC", refused(p -> p.getSpec().hostIPC(true)).field());
  }

  @Test
  void refusesHostPathAndPersistentVolumes() {
    assertEquals(
        "spec.volumes[0].hostPath",
        refused(
                p ->
                    p.getSpec()
                        .addVolumesItem(
                            new V1Volume()
                                .name("h")
                                .hostPath(new V1HostPathVolumeSource().path("/var/run"))))
            .field());
    assertEquals(
        "spec.volumes[0].persistentVolumeClaim",
        refused(
                p ->
                    p.getSpec()
                        .addVolumesItem(
                            new V1Volume()
                                .name("data")
                                .persistentVolumeClaim(
                                    new V1PersistentVolumeClaimVolumeSource().claimName("c"))))
            .field());
  }

  @Test
  void refusesPrivilegedAndHostPorts() {
    assertEquals(
        "spec.containers[0].securityContext.privileged",
        refused(p -> web(p).securityContext(new V1SecurityContext().privileged(true))).field());
    assertEquals(
        "spec.containers[0].ports[0].hostPort",
        refused(p -> web(p).getPorts().get(0).hostPort(8080)).field());
    assertEquals(
        "spec.containers[0].ports[0].protocol",
        refused(p -> web(p).getPorts().get(0).protocol("SCTP")).field());
  }

  @Test
  void refusesSecurityTighteningEciCannotEnforce() {
    // Silently dropping these would run the container with more privilege than asked for.
    assertEquals(
        "spec.containers[0].securityContext.capabilities.drop",
        refused(
                p ->
                    web(p)
                        .securityContext(
                            new V1SecurityContext()
                                .capabilities(new V1Capabilities().addDropItem("ALL"))))
            .field());
    assertEquals(
        "spec.containers[0].securityContext.allowPrivilegeEscalation",
        refused(
                p ->
                    web(p).securityContext(new V1SecurityContext().allowPrivilegeEscalation(false)))
            .field());
    assertEquals(
        "spec.securityContext.fsGroup",
        refused(p -> p.getSpec().securityContext(new V1PodSecurityContext().fsGroup(2000L)))
            .field());
  }

  @Test
  void refusesProbesEciLacks() {
    assertEquals(
        "spec.containers[0].startupProbe",
        refused(
                p ->
                    web(p)
                        .startupProbe(
                            new V1Probe()
                                .tcpSocket(new V1TCPSocketAction().port(new IntOrString(8080)))))
            .field());
    assertEquals(
        "spec.containers[0].livenessProbe.grpc",
        refused(p -> web(p).livenessProbe(new V1Probe().grpc(new V1GRPCAction().port(9000))))
            .field());
    assertEquals(
        "spec.containers[0].readinessProbe.tcpSocket.port",
        refused(
                p ->
                    web(p)
                        .readinessProbe(
                            new V1Probe()
                                .tcpSocket(new V1TCPSocketAction().port(new IntOrString("nope")))))
            .field());
  }

  @Test
  void refusesSidecarContainersAndInitGroups() {
    assertEquals(
        "spec.initContainers[0].restartPolicy",
        refused(
                p ->
                    p.getSpec()
                        .addInitContainersItem(
                            new V1Container().name("proxy").image("envoy").restartPolicy("Always")))
            .field());
    assertEquals(
        "spec.initContainers[0].securityContext.runAsGroup",
        refused(
                p -> {
                  p.getSpec().securityContext(new V1PodSecurityContext().runAsGroup(3000L));
                  p.getSpec().addInitContainersItem(new V1Container().name("i").image("busybox"));
                })
            .field());
  }

  @Test
  void initContainersMayRunAsNonRootWithAnExplicitUser() throws ProviderException {
    var request =
        translator.translate(
            pod(
                p -> {
                  p.getSpec()
                      .securityContext(
                          new V1PodSecurityContext().runAsNonRoot(true).runAsUser(1000L));
                  p.getSpec().addInitContainersItem(new V1Container().name("i").image("busybox"));
                }));
    var init = request.initContainers().get(0).securityContext();
    assertEquals(1000L, init.runAsUser());
    assertNull(init.runAsNonRoot());
    assertEquals(Boolean.TRUE, request.containers().get(0).securityContext().runAsNonRoot());
    assertEquals(
        "spec.initContainers[0].securityContext.runAsNonRoot",
        refused(
                p -> {
                  p.getSpec().securityContext(new V1PodSecurityContext().runAsNonRoot(true));
                  p.getSpec().addInitContainersItem(new V1Container().name("i").image("busybox"));
                })
            .field());
  }

  @Test
  void podNamesLongerThanATagValueAreRefused() {
    PodRequest base = EciFixtures.simplePod();
    String longName = "x".repeat(129);
    base.pod().getMetadata().name(longName);
    var request =
        new PodRequest(
            base.pod(),
            new io.burstlet.provider.PodRef(
                "shop", longName, base.ref().uid(), base.ref().nodeName(), base.ref().zone()),
            Map.of(),
            Map.of(),
            List.of(),
            null);
    var e = assertThrows(UnsupportedPodException.class, () -> translator.translate(request));
    assertEquals("metadata.name", e.field());
  }

  @Test
  void refusesUnknownResourcesAndOversizedPods() {
    assertEquals(
        "spec.containers[0].resources.limits[example.com/fpga]",
        refused(p -> web(p).getResources().putLimitsItem("example.com/fpga", new Quantity("1")))
            .field());
    UnsupportedPodException tooBig =
        refused(p -> web(p).getResources().putLimitsItem("cpu", new Quantity("65")));
    assertEquals("spec.containers[*].resources", tooBig.field());
    assertTrue(tooBig.getMessage().contains("64 vCPU"), tooBig.getMessage());
    UnsupportedPodException absurdDisk =
        refused(
            p -> web(p).getResources().putRequestsItem("ephemeral-storage", new Quantity("3Ei")));
    assertEquals("spec.containers[*].resources.ephemeral-storage", absurdDisk.field());
  }

  @Test
  void gpuNeedsAnInstanceType() {
    UnsupportedPodException e =
        refused(p -> web(p).getResources().putLimitsItem("nvidia.com/gpu", new Quantity("1")));
    assertEquals("metadata.annotations[k8s.aliyun.com/eci-use-specs]", e.field());
  }

  @Test
  void vSwitchAnnotationMustStayInTheNodesZone() {
    UnsupportedPodException otherZone =
        refused(p -> p.getMetadata().putAnnotationsItem(EciAnnotations.VSWITCH, "vsw-b1"));
    assertEquals("metadata.annotations[k8s.aliyun.com/eci-vswitch]", otherZone.field());
    assertTrue(otherZone.getMessage().contains("belongs to zone ap-northeast-1b"));
    UnsupportedPodException unknown =
        refused(p -> p.getMetadata().putAnnotationsItem(EciAnnotations.VSWITCH, "vsw-zzz"));
    assertTrue(unknown.getMessage().contains("not configured for zone ap-northeast-1a"));
  }

  @Test
  void spotAnnotationsAreValidated() {
    assertEquals(
        "metadata.annotations[k8s.aliyun.com/eci-spot-price-limit]",
        refused(
                p ->
                    p.getMetadata()
                        .putAnnotationsItem(EciAnnotations.SPOT_STRATEGY, "SpotWithPriceLimit"))
            .field());
    assertEquals(
        "metadata.annotations[k8s.aliyun.com/eci-spot-strategy]",
        refused(p -> p.getMetadata().putAnnotationsItem(EciAnnotations.SPOT_STRATEGY, "Cheap"))
            .field());
    assertEquals(
        "metadata.annotations[k8s.aliyun.com/eci-use-specs]",
        refused(p -> p.getMetadata().putAnnotationsItem(EciAnnotations.USE_SPECS, "big-one"))
            .field());
  }

  @Test
  void spotUsesOnlyTheAllRegionsSpecifications() throws Exception {
    // 2 vCPU / 6 GiB exists only in the extended regions, and never for spot.
    var hangzhou =
        new EciTranslator(
                withRegion("cn-hangzhou"),
                EciFixtures.config(
                    "cn-hangzhou",
                    "10.96.0.10",
                    "credentials: {accessKeyIdEnv: A, accessKeySecretEnv: B}"))
            .translate(
                pod(
                    p ->
                        web(p)
                            .resources(
                                new V1ResourceRequirements()
                                    .putLimitsItem("cpu", new Quantity("2"))
                                    .putLimitsItem("memory", new Quantity("5Gi")))));
    assertEquals("6", EciRpcParams.decimal(hangzhou.memory()));
    var spot =
        new EciTranslator(
                withRegion("cn-hangzhou"),
                EciFixtures.config(
                    "cn-hangzhou",
                    "10.96.0.10",
                    "credentials: {accessKeyIdEnv: A, accessKeySecretEnv: B}"))
            .translate(
                pod(
                    p -> {
                      p.getMetadata()
                          .putAnnotationsItem(EciAnnotations.SPOT_STRATEGY, "SpotAsPriceGo");
                      web(p)
                          .resources(
                              new V1ResourceRequirements()
                                  .putLimitsItem("cpu", new Quantity("2"))
                                  .putLimitsItem("memory", new Quantity("5Gi")));
                    }));
    assertEquals("8", EciRpcParams.decimal(spot.memory()));
  }

  @Test
  void missingSecretIsRetryableAndNamesTheReference() {
    PodInputMissingException e =
        assertThrows(
            PodInputMissingException.class,
            () ->
                translator.translate(
                    pod(
                        p ->
                            web(p)
                                .addEnvItem(
                                    new V1EnvVar()
                                        .name("TOKEN")
                                        .valueFrom(
                                            new V1EnvVarSource()
                                                .secretKeyRef(
                                                    new V1SecretKeySelector()
                                                        .name("absent")
                                                        .key("k")))))));
    assertTrue(e.isRetryable());
    assertEquals("spec.containers[0].env[1].valueFrom.secretKeyRef", e.field());
    PodInputMissingException volume =
        assertThrows(
            PodInputMissingException.class,
            () ->
                translator.translate(
                    pod(
                        p ->
                            p.getSpec()
                                .addVolumesItem(
                                    new V1Volume()
                                        .name("s")
                                        .secret(
                                            new V1SecretVolumeSource().secretName("absent"))))));
    assertEquals("spec.volumes[0].secret", volume.field());
  }

  @Test
  void projectedTokenWithoutATokenIsMissingInput() {
    PodInputMissingException e =
        assertThrows(
            PodInputMissingException.class,
            () ->
                translator.translate(
                    pod(
                        p ->
                            p.getSpec()
                                .addVolumesItem(
                                    new V1Volume()
                                        .name("kube-api-access-abc")
                                        .projected(
                                            new V1ProjectedVolumeSource()
                                                .addSourcesItem(
                                                    new V1VolumeProjection()
                                                        .serviceAccountToken(
                                                            new V1ServiceAccountTokenProjection()
                                                                .path("token"))))))));
    assertEquals("spec.volumes[0].projected.sources[0].serviceAccountToken", e.field());
  }

  @Test
  void hostIpIsNotAvailable() {
    UnsupportedPodException e =
        refused(
            p ->
                web(p)
                    .addEnvItem(
                        new V1EnvVar()
                            .name("HOST_IP")
                            .valueFrom(
                                new V1EnvVarSource()
                                    .fieldRef(
                                        new V1ObjectFieldSelector().fieldPath("status.hostIP")))));
    assertEquals("spec.containers[0].env[1].valueFrom.fieldRef", e.field());
  }

  @Test
  void clusterFirstWithoutClusterDnsFallsBackToDefault() throws ProviderException {
    var noDns =
        EciFixtures.config(
            EciFixtures.REGION, null, "credentials: {accessKeyIdEnv: A, accessKeySecretEnv: B}");
    var request = new EciTranslator(EciFixtures.provider(), noDns).translate(pod(p -> {}));
    assertEquals("Default", request.dnsPolicy());
    assertNull(request.dnsConfig());
  }

  @Test
  void namesAreDeterministicDnsLabels() throws ProviderException {
    var first = translator.translate(pod(p -> {}));
    var second = translator.translate(pod(p -> {}));
    assertEquals(first.containerGroupName(), second.containerGroupName());
    assertEquals("0f3c2a9e-5b1d-4c7e-9a2b-1d2e3f4a5b6c", first.clientToken());
    assertTrue(first.containerGroupName().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"));
    assertTrue(first.containerGroupName().length() <= 63);
    String odd = EciNames.groupName("Not_A_UUID/with spaces");
    assertTrue(odd.matches("bl-[0-9a-f]{32}"), odd);
  }

  @Test
  void secretValuesNeverAppearInToString() throws ProviderException {
    PodRequest request = EciFixtures.podRequest(EciFixtures.GOLDEN.resolve("env-sources.pod.yaml"));
    var translated = translator.translate(request);
    String text = translated.toString() + translated.containers() + translated.volumes();
    assertFalse(text.contains("s3cr3t-p@ssw0rd"), text);
    var registry =
        translator.translate(
            EciFixtures.podRequest(EciFixtures.GOLDEN.resolve("registry-credentials.pod.yaml")));
    assertFalse(registry.imageRegistryCredentials().toString().contains("auth-only-pass"));
    var token =
        translator.translate(
            EciFixtures.podRequest(EciFixtures.GOLDEN.resolve("kube-api-access.pod.yaml")));
    assertFalse(token.volumes().toString().contains("ZXlKaGJHY2lPaUpTVXpJMU5pSjku"));
  }

  @Test
  void podLevelPortsAndNamedProbePorts() throws ProviderException {
    var request =
        translator.translate(
            pod(
                p ->
                    web(p)
                        .addPortsItem(new V1ContainerPort().name("metrics").containerPort(9100))
                        .readinessProbe(
                            new V1Probe()
                                .tcpSocket(
                                    new V1TCPSocketAction().port(new IntOrString("metrics"))))));
    assertEquals(9100, request.containers().get(0).readinessProbe().tcpSocketPort());
  }

  private static io.burstlet.config.ProviderConfig withRegion(String region) {
    return EciFixtures.config(
            region, "10.96.0.10", "credentials: {accessKeyIdEnv: A, accessKeySecretEnv: B}")
        .providers()
        .get(0);
  }
}

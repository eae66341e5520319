package io.burstlet.provider.aci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.burstlet.provider.PodInputMissingException;
import io.burstlet.provider.ProviderException;
import io.burstlet.provider.UnsupportedPodException;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.*;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every feature ACI cannot express is refused, naming the field, never dropped. */
class AciUnsupportedTest {

  static V1Pod basePod() {
    return new V1Pod()
        .metadata(
            new V1ObjectMeta()
                .name("p")
                .namespace("default")
                .uid("99999999-0000-0000-0000-000000000001"))
        .spec(
            new V1PodSpec()
                .nodeName("burstlet-aci-1")
                .addContainersItem(
                    new V1Container()
                        .name("app")
                        .image("nginx")
                        .addPortsItem(new V1ContainerPort().name("http").containerPort(80))));
  }

  static V1Container app(V1Pod pod) {
    return pod.getSpec().getContainers().get(0);
  }

  static Arguments refused(String field, Consumer<V1Pod> change) {
    return Arguments.of(field, change);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        refused("spec.hostNetwork", p -> p.getSpec().hostNetwork(true)),
        refused("spec.hostPID", p -> p.getSpec().hostPID(true)),
        refused("spec.hostIPC", p -> p.getSpec().hostIPC(true)),
        refused("spec.hostUsers", p -> p.getSpec().hostUsers(false)),
        refused("spec.shareProcessNamespace", p -> p.getSpec().shareProcessNamespace(true)),
        refused(
            "spec.ephemeralContainers",
            p -> p.getSpec().addEphemeralContainersItem(new V1EphemeralContainer().name("debug"))),
        refused(
            "spec.hostAliases",
            p ->
                p.getSpec()
                    .addHostAliasesItem(new V1HostAlias().ip("1.2.3.4").addHostnamesItem("x"))),
        refused("spec.runtimeClassName", p -> p.getSpec().runtimeClassName("kata")),
        refused("spec.os.name", p -> p.getSpec().os(new V1PodOS().name("windows"))),
        refused("spec.activeDeadlineSeconds", p -> p.getSpec().activeDeadlineSeconds(60L)),
        refused(
            "spec.securityContext.sysctls",
            p ->
                p.getSpec()
                    .securityContext(
                        new V1PodSecurityContext()
                            .addSysctlsItem(
                                new V1Sysctl().name("net.core.somaxconn").value("1024")))),
        refused(
            "spec.securityContext.fsGroup",
            p -> p.getSpec().securityContext(new V1PodSecurityContext().fsGroup(2000L))),
        refused(
            "spec.volumes[0].hostPath",
            p ->
                p.getSpec()
                    .addVolumesItem(
                        new V1Volume()
                            .name("h")
                            .hostPath(new V1HostPathVolumeSource().path("/var")))),
        refused(
            "spec.volumes[0].persistentVolumeClaim",
            p ->
                p.getSpec()
                    .addVolumesItem(
                        new V1Volume()
                            .name("c")
                            .persistentVolumeClaim(
                                new V1PersistentVolumeClaimVolumeSource().claimName("data")))),
        refused(
            "spec.containers[0].securityContext.privileged",
            p -> app(p).securityContext(new V1SecurityContext().privileged(true))),
        refused(
            "spec.containers[0].securityContext.readOnlyRootFilesystem",
            p -> app(p).securityContext(new V1SecurityContext().readOnlyRootFilesystem(true))),
        refused(
            "spec.containers[0].securityContext.runAsNonRoot",
            p -> app(p).securityContext(new V1SecurityContext().runAsNonRoot(true))),
        refused(
            "spec.containers[0].securityContext.seccompProfile",
            p ->
                app(p)
                    .securityContext(
                        new V1SecurityContext()
                            .seccompProfile(new V1SeccompProfile().type("Unconfined")))),
        refused(
            "spec.containers[0].ports[0].hostPort", p -> app(p).getPorts().get(0).hostPort(8080)),
        refused(
            "spec.containers[0].ports[0].protocol", p -> app(p).getPorts().get(0).protocol("SCTP")),
        refused(
            "spec.containers[0].lifecycle",
            p ->
                app(p)
                    .lifecycle(
                        new V1Lifecycle()
                            .preStop(
                                new V1LifecycleHandler()
                                    .exec(new V1ExecAction().addCommandItem("sleep"))))),
        refused("spec.containers[0].stdin", p -> app(p).stdin(true)),
        refused("spec.containers[0].tty", p -> app(p).tty(true)),
        refused("spec.containers[0].workingDir", p -> app(p).workingDir("/app")),
        refused("spec.containers[0].args", p -> app(p).args(List.of("--port", "80"))),
        refused(
            "spec.containers[0].startupProbe",
            p ->
                app(p).startupProbe(new V1Probe().exec(new V1ExecAction().addCommandItem("true")))),
        refused(
            "spec.containers[0].livenessProbe.tcpSocket",
            p ->
                app(p)
                    .livenessProbe(
                        new V1Probe()
                            .tcpSocket(new V1TCPSocketAction().port(new IntOrString(80))))),
        refused(
            "spec.containers[0].readinessProbe.grpc",
            p -> app(p).readinessProbe(new V1Probe().grpc(new V1GRPCAction().port(9000)))),
        refused(
            "spec.containers[0].readinessProbe.httpGet.port",
            p ->
                app(p)
                    .readinessProbe(
                        new V1Probe()
                            .httpGet(new V1HTTPGetAction().port(new IntOrString("metrics"))))),
        refused(
            "spec.containers[0].readinessProbe.httpGet.host",
            p ->
                app(p)
                    .readinessProbe(
                        new V1Probe()
                            .httpGet(
                                new V1HTTPGetAction().host("10.0.0.1").port(new IntOrString(80))))),
        refused(
            "spec.containers[0].volumeMounts[0].subPath",
            p -> {
              p.getSpec()
                  .addVolumesItem(new V1Volume().name("v").emptyDir(new V1EmptyDirVolumeSource()));
              app(p)
                  .addVolumeMountsItem(new V1VolumeMount().name("v").mountPath("/x").subPath("a"));
            }),
        refused(
            "spec.containers[0].resources.limits[example.com/fpga]",
            p ->
                app(p)
                    .resources(
                        new V1ResourceRequirements()
                            .limits(Map.of("example.com/fpga", new Quantity("1"))))),
        refused(
            "metadata.annotations[virtual-kubelet.io/gpu-type]",
            p ->
                app(p)
                    .resources(
                        new V1ResourceRequirements()
                            .limits(Map.of("nvidia.com/gpu", new Quantity("1"))))),
        refused(
            "metadata.annotations[burstlet.io/aci-priority]",
            p -> p.getMetadata().putAnnotationsItem("burstlet.io/aci-priority", "Cheap")),
        refused(
            "spec.containers[0].env[0].valueFrom.fieldRef.fieldPath",
            p ->
                app(p)
                    .addEnvItem(
                        new V1EnvVar()
                            .name("IP")
                            .valueFrom(
                                new V1EnvVarSource()
                                    .fieldRef(
                                        new V1ObjectFieldSelector().fieldPath("status.podIP"))))),
        refused(
            "spec.volumes[0].secret.items[0].path",
            p -> {
              p.getSpec()
                  .addVolumesItem(
                      new V1Volume()
                          .name("s")
                          .secret(
                              new V1SecretVolumeSource()
                                  .secretName("tls")
                                  .addItemsItem(
                                      new V1KeyToPath().key("tls.crt").path("certs/tls.crt"))));
            }),
        refused(
            "spec.volumes[0].secret.defaultMode",
            p ->
                p.getSpec()
                    .addVolumesItem(
                        new V1Volume()
                            .name("s")
                            .secret(
                                new V1SecretVolumeSource().secretName("tls").defaultMode(0400)))),
        refused(
            "spec.volumes[0].projected.sources[0].serviceAccountToken.audience",
            p ->
                p.getSpec()
                    .addVolumesItem(
                        new V1Volume()
                            .name("t")
                            .projected(
                                new V1ProjectedVolumeSource()
                                    .addSourcesItem(
                                        new V1VolumeProjection()
                                            .serviceAccountToken(
                                                new V1ServiceAccountTokenProjection()
                                                    .audience("vault")
                                                    .path("token")))))),
        refused(
            "spec.dnsConfig",
            p ->
                p.getSpec()
                    .dnsPolicy("Default")
                    .dnsConfig(new V1PodDNSConfig().addSearchesItem("corp.example.com"))),
        refused(
            "spec.initContainers[0]",
            p ->
                p.getSpec()
                    .addInitContainersItem(
                        new V1Container()
                            .name("init")
                            .image("busybox")
                            .readinessProbe(
                                new V1Probe().exec(new V1ExecAction().addCommandItem("true"))))),
        refused(
            "spec.initContainers[0].restartPolicy",
            p ->
                p.getSpec()
                    .addInitContainersItem(
                        new V1Container().name("sidecar").image("envoy").restartPolicy("Always"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusesWithTheField(String field, Consumer<V1Pod> change) throws Exception {
    V1Pod pod = basePod();
    change.accept(pod);
    var tls =
        new V1Secret()
            .metadata(new V1ObjectMeta().name("tls"))
            .data(Map.of("tls.crt", "c".getBytes()));
    var request = AciFixtures.request(pod, Map.of("tls", tls), Map.of());
    UnsupportedPodException e =
        assertThrows(
            UnsupportedPodException.class,
            () ->
                new AciTranslator(AciFixtures.provider(), AciFixtures.agent()).translate(request));
    assertEquals(field, e.field(), e.getMessage());
    assertTrue(e.getMessage().startsWith(field + ": "), e.getMessage());
    assertTrue(!e.isRetryable());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("missing")
  void missingReferencesAreRetryableAndNamed(String expected, Consumer<V1Pod> change)
      throws Exception {
    V1Pod pod = basePod();
    change.accept(pod);
    var request = AciFixtures.request(pod, Map.of(), Map.of());
    ProviderException e =
        assertThrows(
            PodInputMissingException.class,
            () ->
                new AciTranslator(AciFixtures.provider(), AciFixtures.agent()).translate(request));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.isRetryable());
  }

  static Stream<Arguments> missing() {
    return Stream.of(
        Arguments.of(
            "spec.containers[0].env[0].valueFrom.secretKeyRef: Secret 'db' not found",
            (Consumer<V1Pod>)
                p ->
                    app(p)
                        .addEnvItem(
                            new V1EnvVar()
                                .name("PW")
                                .valueFrom(
                                    new V1EnvVarSource()
                                        .secretKeyRef(
                                            new V1SecretKeySelector().name("db").key("pw"))))),
        Arguments.of(
            "spec.containers[0].envFrom[0].configMapRef: ConfigMap 'cfg' not found",
            (Consumer<V1Pod>)
                p ->
                    app(p)
                        .addEnvFromItem(
                            new V1EnvFromSource()
                                .configMapRef(new V1ConfigMapEnvSource().name("cfg")))),
        Arguments.of(
            "spec.volumes[0].secret: Secret 'certs' not found",
            (Consumer<V1Pod>)
                p ->
                    p.getSpec()
                        .addVolumesItem(
                            new V1Volume()
                                .name("c")
                                .secret(new V1SecretVolumeSource().secretName("certs")))));
  }
}

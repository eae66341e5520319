package io.burstlet.provider.grpc;

import com.google.protobuf.ByteString;
import io.burstlet.provider.CloudPod;
import io.burstlet.provider.ExecTarget;
import io.burstlet.provider.LogOptions;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodRequest;
import io.burstlet.provider.RegistryCredential;
import io.burstlet.provider.ServiceAccountToken;
import io.burstlet.provider.grpc.v1.CreatePodRequest;
import io.burstlet.provider.grpc.v1.ExecResponse;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts SPI values to the {@code burstlet.provider.v1} messages and back. The SPI and the proto
 * share type names on purpose (they are the same contract), so the wire types are written out in
 * full here and nowhere else.
 *
 * <p>Proto strings cannot be null: an absent optional SPI string ({@link RegistryCredential}
 * fields, {@link ExecTarget#password()}) crosses the wire as "".
 */
final class Wire {
  private Wire() {}

  static io.burstlet.provider.grpc.v1.PodRef ref(PodRef ref) {
    var b =
        io.burstlet.provider.grpc.v1.PodRef.newBuilder()
            .setNamespace(ref.namespace())
            .setName(ref.name())
            .setUid(ref.uid())
            .setZone(ref.zone());
    if (ref.nodeName() != null) {
      b.setNodeName(ref.nodeName());
    }
    return b.build();
  }

  /**
   * @throws WireDataException when the UID or zone is missing: every idempotent operation is keyed
   *     by the UID, and a group cannot be placed without its zone
   */
  static PodRef ref(io.burstlet.provider.grpc.v1.PodRef ref, String what) throws WireDataException {
    if (ref.getUid().isEmpty()) {
      throw new WireDataException(what + ".uid is required");
    }
    if (ref.getZone().isEmpty()) {
      throw new WireDataException(what + ".zone is required");
    }
    return new PodRef(
        ref.getNamespace(),
        ref.getName(),
        ref.getUid(),
        ref.hasNodeName() ? ref.getNodeName() : null,
        ref.getZone());
  }

  static CreatePodRequest createPod(PodRequest request) {
    var b =
        CreatePodRequest.newBuilder()
            .setPodJson(KubeJson.encode(request.pod()))
            .setRef(ref(request.ref()));
    request.secrets().forEach((name, secret) -> b.putSecretsJson(name, KubeJson.encode(secret)));
    request.configMaps().forEach((name, cm) -> b.putConfigMapsJson(name, KubeJson.encode(cm)));
    for (RegistryCredential c : request.registryCredentials()) {
      b.addRegistryCredentials(
          io.burstlet.provider.grpc.v1.RegistryCredential.newBuilder()
              .setServer(orEmpty(c.server()))
              .setUsername(orEmpty(c.username()))
              .setPassword(orEmpty(c.password())));
    }
    ServiceAccountToken token = request.serviceAccountToken();
    if (token != null) {
      b.setServiceAccountToken(
          io.burstlet.provider.grpc.v1.ServiceAccountToken.newBuilder()
              .setToken(orEmpty(token.token()))
              .setCaCrt(orEmpty(token.caCrt()))
              .setNamespace(orEmpty(token.namespace())));
    }
    return b.build();
  }

  static PodRequest createPod(CreatePodRequest request) throws WireDataException {
    V1Pod pod = KubeJson.decode(request.getPodJson(), V1Pod.class, "pod_json");
    Map<String, V1Secret> secrets = new LinkedHashMap<>();
    for (Map.Entry<String, ByteString> e : request.getSecretsJsonMap().entrySet()) {
      secrets.put(
          e.getKey(),
          KubeJson.decode(e.getValue(), V1Secret.class, "secrets_json[" + e.getKey() + "]"));
    }
    Map<String, V1ConfigMap> configMaps = new LinkedHashMap<>();
    for (Map.Entry<String, ByteString> e : request.getConfigMapsJsonMap().entrySet()) {
      configMaps.put(
          e.getKey(),
          KubeJson.decode(e.getValue(), V1ConfigMap.class, "config_maps_json[" + e.getKey() + "]"));
    }
    List<RegistryCredential> credentials = new ArrayList<>();
    for (var c : request.getRegistryCredentialsList()) {
      credentials.add(new RegistryCredential(c.getServer(), c.getUsername(), c.getPassword()));
    }
    ServiceAccountToken token = null;
    if (request.hasServiceAccountToken()) {
      var t = request.getServiceAccountToken();
      token = new ServiceAccountToken(t.getToken(), t.getCaCrt(), t.getNamespace());
    }
    return new PodRequest(
        pod, ref(request.getRef(), "ref"), secrets, configMaps, credentials, token);
  }

  static io.burstlet.provider.grpc.v1.LogOptions logOptions(LogOptions options) {
    var b =
        io.burstlet.provider.grpc.v1.LogOptions.newBuilder()
            .setTimestamps(options.timestamps())
            .setPrevious(options.previous());
    if (options.tailLines() != null) {
      b.setTailLines(options.tailLines());
    }
    if (options.sinceSeconds() != null) {
      b.setSinceSeconds(options.sinceSeconds());
    }
    return b.build();
  }

  static LogOptions logOptions(io.burstlet.provider.grpc.v1.LogOptions options) {
    return new LogOptions(
        options.hasTailLines() ? options.getTailLines() : null,
        options.getTimestamps(),
        options.hasSinceSeconds() ? options.getSinceSeconds() : null,
        options.getPrevious());
  }

  static ExecResponse execResponse(ExecTarget target) {
    return ExecResponse.newBuilder()
        .setWebSocketUri(orEmpty(target.webSocketUri()))
        .setPassword(orEmpty(target.password()))
        .build();
  }

  static ExecTarget execTarget(ExecResponse response) {
    return new ExecTarget(response.getWebSocketUri(), response.getPassword());
  }

  static io.burstlet.provider.grpc.v1.CloudPod cloudPod(CloudPod pod) {
    var b =
        io.burstlet.provider.grpc.v1.CloudPod.newBuilder()
            .setGroupName(orEmpty(pod.groupName()))
            .setPod(ref(pod.pod()));
    if (pod.status() != null) {
      b.setStatusJson(KubeJson.encode(pod.status()));
    }
    return b.build();
  }

  static CloudPod cloudPod(io.burstlet.provider.grpc.v1.CloudPod pod) throws WireDataException {
    String what = "pods[" + pod.getGroupName() + "]";
    return new CloudPod(
        pod.getGroupName(),
        ref(pod.getPod(), what + ".pod"),
        pod.hasStatusJson() ? status(pod.getStatusJson(), what + ".status_json") : null);
  }

  static V1PodStatus status(ByteString json, String what) throws WireDataException {
    return KubeJson.decode(json, V1PodStatus.class, what);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}

package io.burstlet.provider.eci;

import io.burstlet.provider.PodInputMissingException;
import io.burstlet.provider.ProviderException;
import io.burstlet.provider.ServiceAccountToken;
import io.burstlet.provider.UnsupportedPodException;
import io.burstlet.provider.eci.CreateContainerGroupRequest.ConfigFile;
import io.burstlet.provider.eci.CreateContainerGroupRequest.Volume;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1DownwardAPIVolumeFile;
import io.kubernetes.client.openapi.models.V1KeyToPath;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1VolumeProjection;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Pod volumes → ECI volumes. {@code emptyDir} becomes an {@code EmptyDirVolume}, {@code nfs} an
 * {@code NFSVolume}, and every volume whose content the API server holds — {@code secret}, {@code
 * configMap}, {@code downwardAPI} and {@code projected}, including the {@code kube-api-access-*}
 * volume with its bound service-account token, CA and namespace — a {@code ConfigFileVolume} whose
 * files are written at creation ({@code items}, paths and modes honoured). Modes are passed as the
 * Kubernetes integer (e.g. 420 for 0644). Every other volume type is refused.
 */
final class EciVolumeTranslator {
  /** The ConfigMap every namespace carries with the cluster CA (kube-api-access uses it). */
  static final String ROOT_CA_CONFIG_MAP = "kube-root-ca.crt";

  private static final Map<String, Function<io.kubernetes.client.openapi.models.V1Volume, Object>>
      UNSUPPORTED = new LinkedHashMap<>();

  static {
    UNSUPPORTED.put("hostPath", v -> v.getHostPath());
    UNSUPPORTED.put("persistentVolumeClaim", v -> v.getPersistentVolumeClaim());
    UNSUPPORTED.put("csi", v -> v.getCsi());
    UNSUPPORTED.put("ephemeral", v -> v.getEphemeral());
    UNSUPPORTED.put("image", v -> v.getImage());
    UNSUPPORTED.put("gitRepo", v -> v.getGitRepo());
    UNSUPPORTED.put("flexVolume", v -> v.getFlexVolume());
    UNSUPPORTED.put("iscsi", v -> v.getIscsi());
    UNSUPPORTED.put("awsElasticBlockStore", v -> v.getAwsElasticBlockStore());
    UNSUPPORTED.put("azureDisk", v -> v.getAzureDisk());
    UNSUPPORTED.put("azureFile", v -> v.getAzureFile());
    UNSUPPORTED.put("gcePersistentDisk", v -> v.getGcePersistentDisk());
    UNSUPPORTED.put("cephfs", v -> v.getCephfs());
    UNSUPPORTED.put("rbd", v -> v.getRbd());
    UNSUPPORTED.put("glusterfs", v -> v.getGlusterfs());
    UNSUPPORTED.put("fc", v -> v.getFc());
  }

  private final V1Pod pod;
  private final PodInputs inputs;
  private final ServiceAccountToken token;
  private final BigDecimal groupCpu;
  private final BigDecimal groupMemoryGiB;

  EciVolumeTranslator(
      V1Pod pod,
      PodInputs inputs,
      ServiceAccountToken token,
      BigDecimal groupCpu,
      BigDecimal groupMemoryGiB) {
    this.pod = pod;
    this.inputs = inputs;
    this.token = token;
    this.groupCpu = groupCpu;
    this.groupMemoryGiB = groupMemoryGiB;
  }

  List<Volume> translate() throws ProviderException {
    var volumes = pod.getSpec().getVolumes();
    List<Volume> out = new ArrayList<>();
    if (volumes == null) {
      return out;
    }
    for (int i = 0; i < volumes.size(); i++) {
      out.add(volume(volumes.get(i), "spec.volumes[" + i + "]"));
    }
    return out;
  }

  private Volume volume(io.kubernetes.client.openapi.models.V1Volume v, String field)
      throws ProviderException {
    String name = v.getName();
    if (v.getEmptyDir() != null) {
      var dir = v.getEmptyDir();
      return Volume.emptyDir(
          name,
          "Memory".equals(dir.getMedium()) ? "Memory" : null,
          dir.getSizeLimit() == null ? null : dir.getSizeLimit().toSuffixedString());
    }
    if (v.getNfs() != null) {
      return Volume.nfs(
          name, v.getNfs().getServer(), v.getNfs().getPath(), v.getNfs().getReadOnly());
    }
    if (v.getSecret() != null) {
      var s = v.getSecret();
      Map<String, ConfigFile> files = new LinkedHashMap<>();
      keyFiles(
          files,
          inputs.secret(s.getSecretName()),
          s.getItems(),
          Boolean.TRUE.equals(s.getOptional()),
          field + ".secret",
          "Secret " + s.getSecretName());
      return configFiles(name, files, s.getDefaultMode());
    }
    if (v.getConfigMap() != null) {
      var c = v.getConfigMap();
      Map<String, ConfigFile> files = new LinkedHashMap<>();
      keyFiles(
          files,
          inputs.configMap(c.getName()),
          c.getItems(),
          Boolean.TRUE.equals(c.getOptional()),
          field + ".configMap",
          "ConfigMap " + c.getName());
      return configFiles(name, files, c.getDefaultMode());
    }
    if (v.getDownwardAPI() != null) {
      Map<String, ConfigFile> files = new LinkedHashMap<>();
      downwardFiles(files, v.getDownwardAPI().getItems(), field + ".downwardAPI");
      return configFiles(name, files, v.getDownwardAPI().getDefaultMode());
    }
    if (v.getProjected() != null) {
      Map<String, ConfigFile> files = new LinkedHashMap<>();
      var sources =
          v.getProjected().getSources() == null
              ? List.<V1VolumeProjection>of()
              : v.getProjected().getSources();
      for (int j = 0; j < sources.size(); j++) {
        projection(files, sources.get(j), field + ".projected.sources[" + j + "]");
      }
      return configFiles(name, files, v.getProjected().getDefaultMode());
    }
    for (var e : UNSUPPORTED.entrySet()) {
      if (e.getValue().apply(v) != null) {
        throw new UnsupportedPodException(
            field + "." + e.getKey(), e.getKey() + " volumes are not supported on ECI");
      }
    }
    throw new UnsupportedPodException(field, "this volume type is not supported on ECI");
  }

  private void projection(Map<String, ConfigFile> files, V1VolumeProjection p, String field)
      throws ProviderException {
    if (p.getSecret() != null) {
      var s = p.getSecret();
      keyFiles(
          files,
          inputs.secret(s.getName()),
          s.getItems(),
          Boolean.TRUE.equals(s.getOptional()),
          field + ".secret",
          "Secret " + s.getName());
    } else if (p.getConfigMap() != null) {
      var c = p.getConfigMap();
      Map<String, byte[]> data = inputs.configMap(c.getName());
      if (data == null
          && ROOT_CA_CONFIG_MAP.equals(c.getName())
          && token != null
          && token.caCrt() != null) {
        // The controller hands the cluster CA over with the token; kube-root-ca.crt holds it.
        data = Map.of("ca.crt", token.caCrt().getBytes(StandardCharsets.UTF_8));
      }
      keyFiles(
          files,
          data,
          c.getItems(),
          Boolean.TRUE.equals(c.getOptional()),
          field + ".configMap",
          "ConfigMap " + c.getName());
    } else if (p.getDownwardAPI() != null) {
      downwardFiles(files, p.getDownwardAPI().getItems(), field + ".downwardAPI");
    } else if (p.getServiceAccountToken() != null) {
      if (token == null || token.token() == null) {
        throw new PodInputMissingException(
            field + ".serviceAccountToken", "no service-account token was issued for this pod");
      }
      String path = p.getServiceAccountToken().getPath();
      files.put(path, file(path, token.token().getBytes(StandardCharsets.UTF_8), null));
    } else if (p.getClusterTrustBundle() != null) {
      throw new UnsupportedPodException(
          field + ".clusterTrustBundle", "clusterTrustBundle projections are not supported on ECI");
    } else if (p.getPodCertificate() != null) {
      throw new UnsupportedPodException(
          field + ".podCertificate", "podCertificate projections are not supported on ECI");
    } else {
      throw new UnsupportedPodException(field, "unknown projection");
    }
  }

  private static void keyFiles(
      Map<String, ConfigFile> files,
      Map<String, byte[]> data,
      List<V1KeyToPath> items,
      boolean optional,
      String field,
      String what)
      throws PodInputMissingException {
    if (data == null) {
      if (optional) {
        return;
      }
      throw new PodInputMissingException(field, what + " not found");
    }
    if (items == null || items.isEmpty()) {
      for (Map.Entry<String, byte[]> e : data.entrySet()) {
        files.put(e.getKey(), file(e.getKey(), e.getValue(), null));
      }
      return;
    }
    for (int k = 0; k < items.size(); k++) {
      V1KeyToPath item = items.get(k);
      byte[] value = data.get(item.getKey());
      if (value == null) {
        if (optional) {
          continue;
        }
        throw new PodInputMissingException(
            field + ".items[" + k + "]", what + " has no key " + item.getKey());
      }
      files.put(item.getPath(), file(item.getPath(), value, item.getMode()));
    }
  }

  private void downwardFiles(
      Map<String, ConfigFile> files, List<V1DownwardAPIVolumeFile> items, String field)
      throws UnsupportedPodException {
    if (items == null) {
      return;
    }
    for (int k = 0; k < items.size(); k++) {
      V1DownwardAPIVolumeFile item = items.get(k);
      String f = field + ".items[" + k + "]";
      Optional<String> value;
      if (item.getFieldRef() != null) {
        String path = item.getFieldRef().getFieldPath();
        value = EciDownwardApi.staticField(pod, path);
        if (value.isEmpty()) {
          throw new UnsupportedPodException(
              f + ".fieldRef", "field path " + path + " cannot be projected into a file on ECI");
        }
      } else if (item.getResourceFieldRef() != null) {
        var ref = item.getResourceFieldRef();
        V1Container target = container(ref.getContainerName());
        if (target == null) {
          throw new UnsupportedPodException(
              f + ".resourceFieldRef.containerName",
              "no container named " + ref.getContainerName());
        }
        value =
            EciDownwardApi.resource(
                target, ref.getResource(), ref.getDivisor(), groupCpu, groupMemoryGiB);
        if (value.isEmpty()) {
          throw new UnsupportedPodException(
              f + ".resourceFieldRef", "resource " + ref.getResource() + " is not supported");
        }
      } else {
        throw new UnsupportedPodException(f, "needs fieldRef or resourceFieldRef");
      }
      files.put(
          item.getPath(),
          file(item.getPath(), value.get().getBytes(StandardCharsets.UTF_8), item.getMode()));
    }
  }

  private V1Container container(String name) {
    for (V1Container c : pod.getSpec().getContainers()) {
      if (c.getName().equals(name)) {
        return c;
      }
    }
    if (pod.getSpec().getInitContainers() != null) {
      for (V1Container c : pod.getSpec().getInitContainers()) {
        if (c.getName().equals(name)) {
          return c;
        }
      }
    }
    return null;
  }

  private static ConfigFile file(String path, byte[] content, Integer mode) {
    return new ConfigFile(path, Base64.getEncoder().encodeToString(content), mode);
  }

  private static Volume configFiles(String name, Map<String, ConfigFile> files, Integer mode) {
    if (files.isEmpty()) {
      // ECI requires at least one file in a ConfigFileVolume; an optional source that is absent
      // is an empty directory, exactly what the kubelet mounts.
      return Volume.emptyDir(name, null, null);
    }
    return Volume.configFiles(name, new ArrayList<>(files.values()), mode);
  }
}

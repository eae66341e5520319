package io.burstlet.provider.aci;

import com.azure.resourcemanager.containerinstance.models.AzureFileVolume;
import com.azure.resourcemanager.containerinstance.models.GitRepoVolume;
import com.azure.resourcemanager.containerinstance.models.Volume;
import io.burstlet.provider.PodInputMissingException;
import io.burstlet.provider.PodRequest;
import io.burstlet.provider.ProviderException;
import io.burstlet.provider.ServiceAccountToken;
import io.burstlet.provider.UnsupportedPodException;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1DownwardAPIVolumeFile;
import io.kubernetes.client.openapi.models.V1KeyToPath;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeProjection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Pod volumes → ACI volumes.
 *
 * <ul>
 *   <li>{@code emptyDir} → ACI emptyDir. {@code medium: Memory} and {@code sizeLimit} are accepted
 *       but ACI's emptyDir is always disk-backed and unbounded within the group's disk.
 *   <li>{@code secret}, {@code configMap}, {@code downwardAPI} and {@code projected} → an ACI
 *       {@code secret} volume: a flat map of file name → base64 content, mounted read-only. {@code
 *       items} select and rename keys. ACI file names cannot contain '/', so an item path with a
 *       directory ({@code certs/tls.crt}) is refused rather than silently moved; ACI has no subPath
 *       to emulate it. File modes cannot be set on ACI: a {@code defaultMode}/{@code mode} that
 *       does not already grant read to everyone (0444) is refused, since the files would be more
 *       readable than asked; wider modes (the default 0644) are accepted. An absent optional
 *       Secret/ConfigMap gives an empty volume (an ACI emptyDir), an absent optional key is left
 *       out. Contents are fixed at creation: ACI does not update them when the object changes.
 *   <li>Projected sources: secret, configMap, downwardAPI, and serviceAccountToken — the token the
 *       controller obtained ({@link PodRequest#serviceAccountToken()}), accepted when the source's
 *       audience is unset or the configured {@code pods.tokenAudience}. This is how the {@code
 *       kube-api-access-*} volume is built: token, {@code ca.crt} (from the {@code
 *       kube-root-ca.crt} ConfigMap, or the CA carried with the token when the ConfigMap is not in
 *       the request) and namespace. ACI cannot rotate the token file; it stays valid for the
 *       lifetime the controller requested. clusterTrustBundle and podCertificate are refused.
 *   <li>{@code azureFile} → ACI azureFile, with {@code azurestorageaccountname} and {@code
 *       azurestorageaccountkey} from the named Secret.
 *   <li>{@code gitRepo} → ACI gitRepo.
 *   <li>Everything else (hostPath, persistentVolumeClaim, nfs, csi, ephemeral, image, …) is refused
 *       with the volume's field path.
 * </ul>
 */
final class AciVolumes {
  static final String KUBE_ROOT_CA = "kube-root-ca.crt";
  private static final String ACCOUNT_NAME_KEY = "azurestorageaccountname";
  private static final String ACCOUNT_KEY_KEY = "azurestorageaccountkey";

  private final PodRequest request;
  private final AciDownwardApi downward;
  private final String tokenAudience;
  private final Set<String> secretValues;

  /**
   * @param secretValues receives every secret value put into the group (base64 file contents,
   *     storage keys), for redaction of error messages
   */
  AciVolumes(
      PodRequest request, AciDownwardApi downward, String tokenAudience, Set<String> secretValues) {
    this.request = request;
    this.downward = downward;
    this.tokenAudience = tokenAudience;
    this.secretValues = secretValues;
  }

  List<Volume> translate(List<V1Volume> volumes) throws ProviderException {
    List<Volume> out = new ArrayList<>();
    for (int i = 0; i < volumes.size(); i++) {
      out.add(volume(volumes.get(i), "spec.volumes[" + i + "]"));
    }
    return out;
  }

  private Volume volume(V1Volume v, String path) throws ProviderException {
    Volume out = new Volume().withName(v.getName());
    if (v.getEmptyDir() != null) {
      return out.withEmptyDir(Map.of());
    }
    if (v.getSecret() != null) {
      var s = v.getSecret();
      checkMode(s.getDefaultMode(), path + ".secret.defaultMode");
      V1Secret secret = request.secrets().get(s.getSecretName());
      if (secret == null) {
        if (Boolean.TRUE.equals(s.getOptional())) {
          return out.withEmptyDir(Map.of());
        }
        throw new PodInputMissingException(
            path + ".secret", "Secret '" + s.getSecretName() + "' not found");
      }
      Map<String, byte[]> files = new TreeMap<>();
      keys(
          secretBytes(secret),
          s.getItems(),
          Boolean.TRUE.equals(s.getOptional()),
          path + ".secret",
          "Secret '" + s.getSecretName() + "'",
          files);
      return out.withSecret(encode(files, true));
    }
    if (v.getConfigMap() != null) {
      var c = v.getConfigMap();
      checkMode(c.getDefaultMode(), path + ".configMap.defaultMode");
      V1ConfigMap cm = request.configMaps().get(c.getName());
      if (cm == null) {
        if (Boolean.TRUE.equals(c.getOptional())) {
          return out.withEmptyDir(Map.of());
        }
        throw new PodInputMissingException(
            path + ".configMap", "ConfigMap '" + c.getName() + "' not found");
      }
      Map<String, byte[]> files = new TreeMap<>();
      keys(
          configMapBytes(cm),
          c.getItems(),
          Boolean.TRUE.equals(c.getOptional()),
          path + ".configMap",
          "ConfigMap '" + c.getName() + "'",
          files);
      return out.withSecret(encode(files, false));
    }
    if (v.getDownwardAPI() != null) {
      checkMode(v.getDownwardAPI().getDefaultMode(), path + ".downwardAPI.defaultMode");
      Map<String, byte[]> files = new TreeMap<>();
      downwardFiles(v.getDownwardAPI().getItems(), path + ".downwardAPI", files);
      return out.withSecret(encode(files, false));
    }
    if (v.getProjected() != null) {
      return out.withSecret(projected(v, path + ".projected"));
    }
    if (v.getAzureFile() != null) {
      return out.withAzureFile(azureFile(v, path + ".azureFile"));
    }
    if (v.getGitRepo() != null) {
      var g = v.getGitRepo();
      return out.withGitRepo(
          new GitRepoVolume()
              .withRepository(g.getRepository())
              .withDirectory(g.getDirectory())
              .withRevision(g.getRevision()));
    }
    throw new UnsupportedPodException(path + "." + typeOf(v), unsupportedReason(typeOf(v)));
  }

  private Map<String, String> projected(V1Volume v, String path) throws ProviderException {
    checkMode(v.getProjected().getDefaultMode(), path + ".defaultMode");
    Map<String, byte[]> files = new TreeMap<>();
    boolean sensitive = false;
    List<V1VolumeProjection> sources =
        v.getProjected().getSources() == null ? List.of() : v.getProjected().getSources();
    for (int i = 0; i < sources.size(); i++) {
      V1VolumeProjection src = sources.get(i);
      String sp = path + ".sources[" + i + "]";
      if (src.getSecret() != null) {
        var s = src.getSecret();
        V1Secret secret = request.secrets().get(s.getName());
        if (secret == null) {
          if (Boolean.TRUE.equals(s.getOptional())) {
            continue;
          }
          throw new PodInputMissingException(
              sp + ".secret", "Secret '" + s.getName() + "' not found");
        }
        keys(
            secretBytes(secret),
            s.getItems(),
            Boolean.TRUE.equals(s.getOptional()),
            sp + ".secret",
            "Secret '" + s.getName() + "'",
            files);
        sensitive = true;
      } else if (src.getConfigMap() != null) {
        var c = src.getConfigMap();
        V1ConfigMap cm = request.configMaps().get(c.getName());
        Map<String, byte[]> data;
        if (cm != null) {
          data = configMapBytes(cm);
        } else if (KUBE_ROOT_CA.equals(c.getName())
            && request.serviceAccountToken() != null
            && request.serviceAccountToken().caCrt() != null) {
          data =
              Map.of(
                  "ca.crt", request.serviceAccountToken().caCrt().getBytes(StandardCharsets.UTF_8));
        } else if (Boolean.TRUE.equals(c.getOptional())) {
          continue;
        } else {
          throw new PodInputMissingException(
              sp + ".configMap", "ConfigMap '" + c.getName() + "' not found");
        }
        keys(
            data,
            c.getItems(),
            Boolean.TRUE.equals(c.getOptional()),
            sp + ".configMap",
            "ConfigMap '" + c.getName() + "'",
            files);
      } else if (src.getDownwardAPI() != null) {
        downwardFiles(src.getDownwardAPI().getItems(), sp + ".downwardAPI", files);
      } else if (src.getServiceAccountToken() != null) {
        var t = src.getServiceAccountToken();
        String audience = t.getAudience();
        if (audience != null && !audience.isEmpty() && !audience.equals(tokenAudience)) {
          throw new UnsupportedPodException(
              sp + ".serviceAccountToken.audience",
              "only the configured token audience ("
                  + (tokenAudience == null ? "the API server's default" : tokenAudience)
                  + ") is available on ACI");
        }
        ServiceAccountToken token = request.serviceAccountToken();
        if (token == null || token.token() == null) {
          throw new PodInputMissingException(
              sp + ".serviceAccountToken", "no service-account token was provided for the pod");
        }
        put(files, t.getPath(), token.token().getBytes(StandardCharsets.UTF_8), sp + ".path");
        sensitive = true;
      } else if (src.getClusterTrustBundle() != null) {
        throw new UnsupportedPodException(
            sp + ".clusterTrustBundle", "not supported by this provider");
      } else if (src.getPodCertificate() != null) {
        throw new UnsupportedPodException(sp + ".podCertificate", "not supported by this provider");
      } else {
        throw new UnsupportedPodException(sp, "empty projection source");
      }
    }
    return encode(files, sensitive);
  }

  private AzureFileVolume azureFile(V1Volume v, String path) throws ProviderException {
    var a = v.getAzureFile();
    V1Secret secret = request.secrets().get(a.getSecretName());
    if (secret == null) {
      throw new PodInputMissingException(
          path + ".secretName", "Secret '" + a.getSecretName() + "' not found");
    }
    Map<String, String> data = AciEnv.secretData(secret);
    String account = data.get(ACCOUNT_NAME_KEY);
    String key = data.get(ACCOUNT_KEY_KEY);
    if (account == null || key == null) {
      throw new PodInputMissingException(
          path + ".secretName",
          "Secret '"
              + a.getSecretName()
              + "' needs keys "
              + ACCOUNT_NAME_KEY
              + " and "
              + ACCOUNT_KEY_KEY);
    }
    secretValues.add(key.strip());
    return new AzureFileVolume()
        .withShareName(a.getShareName())
        .withStorageAccountName(account.strip())
        .withStorageAccountKey(key.strip())
        .withReadOnly(Boolean.TRUE.equals(a.getReadOnly()) ? Boolean.TRUE : null);
  }

  private void downwardFiles(
      List<V1DownwardAPIVolumeFile> items, String path, Map<String, byte[]> files)
      throws UnsupportedPodException {
    List<V1DownwardAPIVolumeFile> list = items == null ? List.of() : items;
    for (int i = 0; i < list.size(); i++) {
      V1DownwardAPIVolumeFile f = list.get(i);
      String ip = path + ".items[" + i + "]";
      checkMode(f.getMode(), ip + ".mode");
      String value;
      if (f.getFieldRef() != null) {
        value = downward.field(f.getFieldRef().getFieldPath(), ip + ".fieldRef.fieldPath", true);
      } else if (f.getResourceFieldRef() != null) {
        var r = f.getResourceFieldRef();
        if (r.getContainerName() == null || r.getContainerName().isEmpty()) {
          throw new UnsupportedPodException(
              ip + ".resourceFieldRef.containerName", "required in a volume");
        }
        value =
            downward.resource(
                r.getContainerName(), r.getResource(), r.getDivisor(), ip + ".resourceFieldRef");
      } else {
        throw new UnsupportedPodException(ip, "needs fieldRef or resourceFieldRef");
      }
      put(files, f.getPath(), value.getBytes(StandardCharsets.UTF_8), ip + ".path");
    }
  }

  private static void keys(
      Map<String, byte[]> data,
      List<V1KeyToPath> items,
      boolean optional,
      String path,
      String what,
      Map<String, byte[]> files)
      throws ProviderException {
    if (items == null || items.isEmpty()) {
      for (Map.Entry<String, byte[]> e : new TreeMap<>(data).entrySet()) {
        put(files, e.getKey(), e.getValue(), path);
      }
      return;
    }
    for (int i = 0; i < items.size(); i++) {
      V1KeyToPath item = items.get(i);
      String ip = path + ".items[" + i + "]";
      checkMode(item.getMode(), ip + ".mode");
      byte[] value = data.get(item.getKey());
      if (value == null) {
        if (optional) {
          continue;
        }
        throw new PodInputMissingException(
            ip + ".key", "key '" + item.getKey() + "' not found in " + what);
      }
      put(files, item.getPath(), value, ip + ".path");
    }
  }

  private static void put(Map<String, byte[]> files, String name, byte[] value, String path)
      throws UnsupportedPodException {
    if (name == null || name.isEmpty()) {
      throw new UnsupportedPodException(path, "file name must not be empty");
    }
    if (name.contains("/")) {
      throw new UnsupportedPodException(
          path,
          "'"
              + name
              + "' has a directory; ACI secret volumes hold flat file names only (use a name"
              + " without '/' or a separate volume per directory)");
    }
    if (files.containsKey(name)) {
      throw new UnsupportedPodException(path, "file '" + name + "' is projected twice");
    }
    files.put(name, value);
  }

  private Map<String, String> encode(Map<String, byte[]> files, boolean sensitive) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      String b64 = Base64.getEncoder().encodeToString(e.getValue());
      out.put(e.getKey(), b64);
      if (sensitive && !b64.isEmpty()) {
        secretValues.add(b64);
      }
    }
    return out;
  }

  /** ACI cannot set file modes; refuse modes that would end up more readable than asked. */
  private static void checkMode(Integer mode, String path) throws UnsupportedPodException {
    if (mode != null && (mode & 0444) != 0444) {
      throw new UnsupportedPodException(
          path,
          "ACI cannot set file modes and its files are readable by everyone; mode 0"
              + Integer.toOctalString(mode)
              + " cannot be honoured");
    }
  }

  private static Map<String, byte[]> secretBytes(V1Secret secret) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    if (secret.getData() != null) {
      out.putAll(secret.getData());
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((k, v) -> out.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  private static Map<String, byte[]> configMapBytes(V1ConfigMap cm) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    if (cm.getData() != null) {
      cm.getData().forEach((k, v) -> out.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    if (cm.getBinaryData() != null) {
      out.putAll(cm.getBinaryData());
    }
    return out;
  }

  /** The name of the volume's source field, for the refusal's field path. */
  private static String typeOf(V1Volume v) {
    Map<String, Object> sources = new LinkedHashMap<>();
    sources.put("hostPath", v.getHostPath());
    sources.put("persistentVolumeClaim", v.getPersistentVolumeClaim());
    sources.put("nfs", v.getNfs());
    sources.put("csi", v.getCsi());
    sources.put("ephemeral", v.getEphemeral());
    sources.put("image", v.getImage());
    sources.put("azureDisk", v.getAzureDisk());
    sources.put("iscsi", v.getIscsi());
    sources.put("fc", v.getFc());
    sources.put("cephfs", v.getCephfs());
    sources.put("rbd", v.getRbd());
    sources.put("glusterfs", v.getGlusterfs());
    sources.put("flexVolume", v.getFlexVolume());
    sources.put("flocker", v.getFlocker());
    sources.put("awsElasticBlockStore", v.getAwsElasticBlockStore());
    sources.put("gcePersistentDisk", v.getGcePersistentDisk());
    sources.put("cinder", v.getCinder());
    sources.put("quobyte", v.getQuobyte());
    sources.put("portworxVolume", v.getPortworxVolume());
    sources.put("scaleIO", v.getScaleIO());
    sources.put("storageos", v.getStorageos());
    sources.put("vsphereVolume", v.getVsphereVolume());
    sources.put("photonPersistentDisk", v.getPhotonPersistentDisk());
    for (Map.Entry<String, Object> e : sources.entrySet()) {
      if (e.getValue() != null) {
        return e.getKey();
      }
    }
    return "source";
  }

  private static String unsupportedReason(String type) {
    return switch (type) {
      case "hostPath" -> "there is no host filesystem on ACI";
      case "persistentVolumeClaim" ->
          "ACI cannot attach persistent volumes; use an azureFile volume";
      case "source" -> "the volume has no source this provider knows";
      default -> type + " volumes are not supported by ACI";
    };
  }
}

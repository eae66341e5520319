package io.burstlet.provider.eci;

import com.aliyun.teautil.Common;
import io.burstlet.ReferenceData;
import io.burstlet.config.BurstletConfig;
import io.burstlet.config.ConfigLoader;
import io.burstlet.config.ProviderConfig;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodRequest;
import io.burstlet.provider.RegistryCredential;
import io.burstlet.provider.ServiceAccountToken;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.util.Yaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Shared test configuration, pod fixtures and the reference example bodies. */
final class EciFixtures {
  static final String CLUSTER = "test-cluster";
  static final String REGION = "ap-northeast-1";
  static final String ZONE_A = "ap-northeast-1a";
  static final String ZONE_B = "ap-northeast-1b";

  static final Path GOLDEN = Path.of("src", "test", "resources", "eci", "golden");

  private EciFixtures() {}

  static ProviderConfig provider() {
    return agent().providers().get(0);
  }

  static BurstletConfig agent() {
    return config(
        REGION,
        "10.96.0.10",
        "credentials: {accessKeyIdEnv: ECI_TEST_ID," + " accessKeySecretEnv: ECI_TEST_SECRET}");
  }

  /**
   * The test configuration, built through the real loader so that it stays valid as the
   * configuration model grows.
   *
   * @param clusterDnsIp null for a cluster without a configured DNS address
   * @param credentials the provider's {@code credentials:} line
   */
  static BurstletConfig config(String region, String clusterDnsIp, String credentials) {
    String yaml =
        String.join(
            "\n",
            "clusterName: " + CLUSTER,
            "nodeAddress: 10.0.0.5",
            "providers:",
            "- name: eci",
            "  type: eci",
            "  region: " + region,
            "  endpoint: https://eci." + region + ".aliyuncs.com",
            "  securityGroupId: sg-test1",
            "  zones:",
            "  - {zone: " + ZONE_A + ", vSwitchId: vsw-a1}",
            "  - {zone: " + ZONE_B + ", vSwitchId: 'vsw-b1,vsw-b2'}",
            "  " + credentials,
            "dns:",
            clusterDnsIp == null
                ? "  clusterDomain: cluster.local"
                : "  clusterDnsIp: " + clusterDnsIp,
            "  searchDomains: [corp.example]",
            "pods:",
            "  statusSyncInterval: 5s",
            "");
    return ConfigLoader.parse(yaml, Map.of());
  }

  static String nodeName(String zone) {
    return agent().nodeName(provider(), zone);
  }

  /**
   * Loads a fixture: a multi-document YAML whose first document is the Pod, followed by Secrets,
   * ConfigMaps and at most one {@code kind: TestInputs} document holding {@code zone}, {@code
   * registryCredentials} and {@code serviceAccountToken}.
   */
  @SuppressWarnings("unchecked")
  static PodRequest podRequest(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    V1Pod pod = null;
    Map<String, V1Secret> secrets = new HashMap<>();
    Map<String, V1ConfigMap> configMaps = new HashMap<>();
    List<RegistryCredential> credentials = new ArrayList<>();
    ServiceAccountToken token = null;
    String zone = ZONE_A;
    for (String doc : text.split("(?m)^---\\s*$")) {
      if (doc.isBlank()) {
        continue;
      }
      Map<String, Object> raw =
          (Map<String, Object>)
              new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).load(doc);
      switch (String.valueOf(raw.get("kind"))) {
        case "Pod" -> pod = Yaml.loadAs(doc, V1Pod.class);
        case "Secret" -> {
          V1Secret s = Yaml.loadAs(doc, V1Secret.class);
          secrets.put(s.getMetadata().getName(), s);
        }
        case "ConfigMap" -> {
          V1ConfigMap c = Yaml.loadAs(doc, V1ConfigMap.class);
          configMaps.put(c.getMetadata().getName(), c);
        }
        case "TestInputs" -> {
          if (raw.get("zone") != null) {
            zone = String.valueOf(raw.get("zone"));
          }
          for (Map<String, Object> c :
              (List<Map<String, Object>>) raw.getOrDefault("registryCredentials", List.of())) {
            credentials.add(
                new RegistryCredential(
                    (String) c.get("server"),
                    (String) c.get("username"),
                    (String) c.get("password")));
          }
          Map<String, Object> t = (Map<String, Object>) raw.get("serviceAccountToken");
          if (t != null) {
            token =
                new ServiceAccountToken(
                    (String) t.get("token"), (String) t.get("caCrt"), (String) t.get("namespace"));
          }
        }
        default -> throw new IllegalArgumentException("unknown fixture kind " + raw.get("kind"));
      }
    }
    if (pod == null) {
      throw new IllegalArgumentException(file + " has no Pod");
    }
    PodRef ref =
        new PodRef(
            pod.getMetadata().getNamespace(),
            pod.getMetadata().getName(),
            pod.getMetadata().getUid(),
            nodeName(zone),
            zone);
    return new PodRequest(pod, ref, secrets, configMaps, credentials, token);
  }

  /** A minimal valid pod in zone A, for tests that change one field. */
  static PodRequest simplePod() {
    return podRequest(GOLDEN.resolve("basic.pod.yaml"));
  }

  /** An example body from the reference data, parsed by the tea runtime's own JSON reader. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> example(String name) {
    try {
      String text = Files.readString(ReferenceData.ECI.resolve("examples").resolve(name + ".json"));
      return (Map<String, Object>) Common.parseJSON(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

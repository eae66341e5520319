package io.burstlet.provider.aci;

import io.burstlet.config.BurstletConfig;
import io.burstlet.config.DnsConfig;
import io.burstlet.config.KubeletConfig;
import io.burstlet.config.MetricsConfig;
import io.burstlet.config.NodeConfig;
import io.burstlet.config.PodsConfig;
import io.burstlet.config.ProviderConfig;
import io.burstlet.config.TaintConfig;
import io.burstlet.config.ZoneConfig;
import io.burstlet.provider.InvalidPullSecretException;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodRequest;
import io.burstlet.provider.RegistryCredential;
import io.burstlet.provider.RegistryCredentials;
import io.burstlet.provider.ServiceAccountToken;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1LocalObjectReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.util.Yaml;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Configuration and pod requests shared by the ACI unit tests. */
final class AciFixtures {
  static final String CLUSTER = "test-cluster";
  static final String SUBNET =
      "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/net-rg/providers/"
          + "Microsoft.Network/virtualNetworks/vnet/subnets/aci";
  static final String NODE_ADDRESS = "10.240.0.4";
  static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.test-token-value.signature";
  static final String CA_CRT = "-----BEGIN CERTIFICATE-----\nTESTCA\n-----END CERTIFICATE-----\n";

  private AciFixtures() {}

  /** Zone 1 has a subnet, zone 2 has none. */
  static ProviderConfig provider() {
    return new ProviderConfig(
        "aci",
        "aci",
        "westeurope",
        "https://management.azure.com",
        null,
        List.of(new ZoneConfig("1", SUBNET, null), new ZoneConfig("2", null, null)),
        Map.of("cpu", "1000", "memory", "4Ti", "pods", "1000"),
        new TaintConfig("virtual-kubelet.io/provider", "azure", "NoSchedule"),
        Map.of(),
        Map.of(),
        Map.of(
            "subscriptionId", "00000000-0000-0000-0000-000000000001", "resourceGroup", "burst-rg"));
  }

  static BurstletConfig agent() {
    return new BurstletConfig(
        CLUSTER,
        "burstlet",
        10250,
        NODE_ADDRESS,
        10255,
        List.of(provider()),
        new NodeConfig(
            Duration.ofSeconds(10),
            3,
            Duration.ofSeconds(10),
            Duration.ofSeconds(60),
            Duration.ofMinutes(2)),
        new KubeletConfig(null),
        new DnsConfig("10.0.0.10", "cluster.local", List.of("corp.example.com")),
        new PodsConfig(
            Duration.ofSeconds(5),
            Duration.ofSeconds(60),
            Duration.ofMinutes(2),
            null,
            Duration.ofHours(1),
            4,
            600,
            List.of()),
        MetricsConfig.DEFAULT);
  }

  static String nodeName(String zone) {
    return agent().nodeName(provider(), zone);
  }

  /**
   * Loads a multi-document YAML resource: one Pod, plus the Secrets and ConfigMaps it refers to.
   * The zone is taken from the pod's nodeName ({@code burstlet-aci-<zone>}); pull credentials are
   * parsed from the Secrets named in imagePullSecrets; a token is supplied when a projected volume
   * asks for one.
   */
  static PodRequest request(String resource) throws IOException, InvalidPullSecretException {
    String yaml;
    try (InputStream in = AciFixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return request(Yaml.loadAll(yaml));
  }

  static PodRequest request(List<Object> objects) throws InvalidPullSecretException {
    V1Pod pod = null;
    Map<String, V1Secret> secrets = new LinkedHashMap<>();
    Map<String, V1ConfigMap> configMaps = new LinkedHashMap<>();
    for (Object o : objects) {
      if (o instanceof V1Pod p) {
        pod = p;
      } else if (o instanceof V1Secret s) {
        secrets.put(s.getMetadata().getName(), s);
      } else if (o instanceof V1ConfigMap c) {
        configMaps.put(c.getMetadata().getName(), c);
      }
    }
    if (pod == null) {
      throw new IllegalArgumentException("no Pod in the documents");
    }
    return request(pod, secrets, configMaps);
  }

  static PodRequest request(
      V1Pod pod, Map<String, V1Secret> secrets, Map<String, V1ConfigMap> configMaps)
      throws InvalidPullSecretException {
    String node = pod.getSpec().getNodeName() == null ? nodeName("1") : pod.getSpec().getNodeName();
    String zone = node.substring(node.lastIndexOf('-') + 1);
    PodRef ref =
        new PodRef(
            pod.getMetadata().getNamespace() == null ? "default" : pod.getMetadata().getNamespace(),
            pod.getMetadata().getName(),
            pod.getMetadata().getUid(),
            node,
            zone);
    List<RegistryCredential> credentials = new ArrayList<>();
    List<V1LocalObjectReference> pullSecrets =
        pod.getSpec().getImagePullSecrets() == null
            ? List.of()
            : pod.getSpec().getImagePullSecrets();
    for (V1LocalObjectReference r : pullSecrets) {
      V1Secret s = secrets.get(r.getName());
      if (s != null) {
        credentials.addAll(RegistryCredentials.parse(s));
      }
    }
    boolean wantsToken = false;
    for (V1Volume v :
        pod.getSpec().getVolumes() == null ? List.<V1Volume>of() : pod.getSpec().getVolumes()) {
      if (v.getProjected() != null && v.getProjected().getSources() != null) {
        wantsToken |=
            v.getProjected().getSources().stream()
                .anyMatch(s -> s.getServiceAccountToken() != null);
      }
    }
    return new PodRequest(
        pod,
        ref,
        secrets,
        configMaps,
        credentials,
        wantsToken ? new ServiceAccountToken(TOKEN, CA_CRT, ref.namespace()) : null);
  }
}

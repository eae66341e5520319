package io.burstlet.node;

import io.burstlet.config.BurstletConfig;
import io.burstlet.config.ProviderConfig;
import io.burstlet.config.TaintConfig;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1DaemonEndpoint;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeDaemonEndpoints;
import io.kubernetes.client.openapi.models.V1NodeSystemInfo;
import io.kubernetes.client.openapi.models.V1Taint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one virtual node should look like: its name, labels, taint, capacity and the fixed parts of
 * its status. Built once from the configuration; never holds live state.
 */
public record NodeTemplate(
    String name,
    String providerName,
    String zone,
    Map<String, String> labels,
    V1Taint taint,
    Map<String, Quantity> capacity,
    String address,
    int kubeletPort,
    String kubeletVersion) {

  public static final String TYPE_LABEL = "type";
  public static final String PROVIDER_LABEL = "burstlet.io/provider";
  public static final String ZONE_LABEL = "topology.kubernetes.io/zone";
  public static final String REGION_LABEL = "topology.kubernetes.io/region";

  /**
   * The node for one zone of a provider, with the capacity the provider reports for it and its
   * cloud's name as the taint value unless the configuration sets one.
   */
  public static NodeTemplate of(
      BurstletConfig config,
      ProviderConfig provider,
      String zone,
      Map<String, String> capacity,
      String cloud,
      String version) {
    String name = config.nodeName(provider, zone);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(TYPE_LABEL, "virtual-kubelet");
    labels.put("kubernetes.io/role", "agent");
    labels.put("kubernetes.io/os", "linux");
    labels.put("kubernetes.io/arch", "amd64");
    labels.put("beta.kubernetes.io/os", "linux");
    labels.put("beta.kubernetes.io/arch", "amd64");
    labels.put("kubernetes.io/hostname", name);
    labels.put(ZONE_LABEL, zone);
    labels.put(REGION_LABEL, provider.region());
    labels.put(PROVIDER_LABEL, provider.type());
    labels.put("node.kubernetes.io/exclude-from-external-load-balancers", "true");
    labels.putAll(provider.labels());

    TaintConfig t = provider.taint();
    String value = t.value() == null || t.value().isEmpty() ? cloud : t.value();
    V1Taint taint = new V1Taint().key(t.key()).value(value).effect(t.effect());

    Map<String, Quantity> quantities = new LinkedHashMap<>();
    capacity.forEach((k, v) -> quantities.put(k, Quantity.fromString(v)));

    return new NodeTemplate(
        name,
        provider.name(),
        zone,
        Map.copyOf(labels),
        taint,
        Map.copyOf(quantities),
        config.nodeAddress(),
        config.kubeletPort(),
        "v1.20.2-burstlet-" + version);
  }

  /** The status fields that never change while the agent runs. */
  public V1NodeSystemInfo nodeInfo() {
    return new V1NodeSystemInfo()
        .operatingSystem("linux")
        .architecture("amd64")
        .kubeletVersion(kubeletVersion)
        .kubeProxyVersion(kubeletVersion)
        .osImage("Burstlet virtual node (" + providerName + ")")
        .kernelVersion("")
        .containerRuntimeVersion("burstlet://" + providerName)
        .machineID(name)
        .systemUUID(name)
        .bootID("");
  }

  /**
   * Only the InternalIP, as virtual-kubelet providers advertise: the API server reaches a kubelet
   * at the first address of its {@code --kubelet-preferred-address-types} (Hostname first by
   * default), and the node's name resolves nowhere.
   */
  public List<V1NodeAddress> addresses() {
    return List.of(new V1NodeAddress().type("InternalIP").address(address));
  }

  public V1NodeDaemonEndpoints daemonEndpoints() {
    return new V1NodeDaemonEndpoints().kubeletEndpoint(new V1DaemonEndpoint().port(kubeletPort));
  }
}

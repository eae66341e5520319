package io.burstlet.config;

import java.util.List;

/** The whole agent configuration, validated by {@link ConfigLoader}. */
public record BurstletConfig(
    String clusterName,
    String nodeNamePrefix,
    int kubeletPort,
    String nodeAddress,
    int metricsPort,
    List<ProviderConfig> providers,
    NodeConfig node,
    KubeletConfig kubelet,
    DnsConfig dns,
    PodsConfig pods,
    MetricsConfig metrics) {

  /** {@code <prefix>-<provider name>-<zone>}, lower-cased as node names must be. */
  public String nodeName(ProviderConfig provider, String zone) {
    return (nodeNamePrefix + "-" + provider.name() + "-" + zone).toLowerCase(java.util.Locale.ROOT);
  }
}

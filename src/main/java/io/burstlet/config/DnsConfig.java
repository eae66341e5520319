package io.burstlet.config;

import java.util.List;

/**
 * What {@code dnsPolicy: ClusterFirst} means on a virtual node: the cluster DNS service IP and the
 * search domains a kubelet would write ({@code <ns>.svc.<domain>} is added per pod).
 */
public record DnsConfig(String clusterDnsIp, String clusterDomain, List<String> searchDomains) {}

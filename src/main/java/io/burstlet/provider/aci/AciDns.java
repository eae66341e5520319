package io.burstlet.provider.aci;

import com.azure.resourcemanager.containerinstance.models.DnsConfiguration;
import io.burstlet.config.DnsConfig;
import io.burstlet.provider.UnsupportedPodException;
import io.kubernetes.client.openapi.models.V1PodDNSConfig;
import io.kubernetes.client.openapi.models.V1PodDNSConfigOption;
import io.kubernetes.client.openapi.models.V1PodSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod's DNS policy → ACI's dnsConfig, following the kubelet.
 *
 * <ul>
 *   <li>{@code ClusterFirst} (the default, and {@code ClusterFirstWithHostNet}, which means the
 *       same without hostNetwork): name server = the configured {@code dns.clusterDnsIp}; searches
 *       {@code <ns>.svc.<domain>}, {@code svc.<domain>}, {@code <domain>}, then {@code
 *       dns.searchDomains}; option {@code ndots:5}; then the pod's {@code dnsConfig} is merged in
 *       (name servers and searches appended, options replacing same-named ones). Without a
 *       configured cluster DNS IP the kubelet falls back to {@code Default}, and so do we.
 *   <li>{@code Default}: ACI's own resolver (no dnsConfig). A pod {@code dnsConfig} with name
 *       servers is sent as is; searches or options without name servers are refused, because ACI's
 *       dnsConfig must name its servers and cannot extend the default resolver.
 *   <li>{@code None}: exactly the pod's {@code dnsConfig}.
 * </ul>
 *
 * Limits as in the kubelet: at most 3 name servers and 6 search domains; extra entries are dropped
 * (with a log line, as the kubelet emits an event), duplicates removed keeping the first.
 */
final class AciDns {
  static final int MAX_NAMESERVERS = 3;
  static final int MAX_SEARCHES = 6;
  private static final Logger LOG = LoggerFactory.getLogger(AciDns.class);

  private AciDns() {}

  /** The ACI dnsConfig for the pod, or null for ACI's default resolver. */
  static DnsConfiguration translate(V1PodSpec spec, String namespace, DnsConfig cluster)
      throws UnsupportedPodException {
    String policy = spec.getDnsPolicy() == null ? "ClusterFirst" : spec.getDnsPolicy();
    V1PodDNSConfig pod = spec.getDnsConfig();
    List<String> nameservers = new ArrayList<>();
    List<String> searches = new ArrayList<>();
    Map<String, String> options = new LinkedHashMap<>();
    boolean clusterFirst =
        ("ClusterFirst".equals(policy) || "ClusterFirstWithHostNet".equals(policy))
            && cluster != null
            && cluster.clusterDnsIp() != null;
    switch (policy) {
      case "ClusterFirst", "ClusterFirstWithHostNet", "Default", "None" -> {}
      default -> throw new UnsupportedPodException("spec.dnsPolicy", "unknown policy " + policy);
    }
    if (clusterFirst) {
      String domain = cluster.clusterDomain() == null ? "cluster.local" : cluster.clusterDomain();
      nameservers.add(cluster.clusterDnsIp());
      searches.add(namespace + ".svc." + domain);
      searches.add("svc." + domain);
      searches.add(domain);
      if (cluster.searchDomains() != null) {
        searches.addAll(cluster.searchDomains());
      }
      options.put("ndots", "5");
    }
    if (pod != null) {
      if (pod.getNameservers() != null) {
        nameservers.addAll(pod.getNameservers());
      }
      if (pod.getSearches() != null) {
        searches.addAll(pod.getSearches());
      }
      if (pod.getOptions() != null) {
        for (V1PodDNSConfigOption o : pod.getOptions()) {
          options.remove(o.getName());
          options.put(o.getName(), o.getValue());
        }
      }
    }
    if (nameservers.isEmpty()) {
      if ("None".equals(policy)) {
        throw new UnsupportedPodException(
            "spec.dnsConfig.nameservers", "dnsPolicy None needs at least one name server");
      }
      if (!searches.isEmpty() || !options.isEmpty()) {
        throw new UnsupportedPodException(
            "spec.dnsConfig",
            "ACI cannot add searches or options to its default resolver; give nameservers too");
      }
      return null;
    }
    List<String> ns = limit(nameservers, MAX_NAMESERVERS, "name servers");
    List<String> search = limit(searches, MAX_SEARCHES, "search domains");
    DnsConfiguration dns = new DnsConfiguration().withNameServers(ns);
    if (!search.isEmpty()) {
      dns.withSearchDomains(String.join(" ", search));
    }
    if (!options.isEmpty()) {
      List<String> parts = new ArrayList<>();
      options.forEach((k, v) -> parts.add(v == null || v.isEmpty() ? k : k + ":" + v));
      dns.withOptions(String.join(" ", parts));
    }
    return dns;
  }

  private static List<String> limit(List<String> values, int max, String what) {
    Set<String> unique = new LinkedHashSet<>();
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        unique.add(v.strip());
      }
    }
    List<String> out = new ArrayList<>(unique);
    if (out.size() > max) {
      LOG.warn("DNS {} limit exceeded, keeping the first {} of {}", what, max, out);
      out = out.subList(0, max);
    }
    return List.copyOf(out);
  }
}

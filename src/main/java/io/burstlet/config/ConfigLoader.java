package io.burstlet.config;

import io.kubernetes.client.custom.Quantity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the YAML configuration and validates all of it at once, so an operator sees every problem
 * in one run, each prefixed with its field path. Unknown fields are errors: a typo must not
 * silently fall back to a default.
 */
public final class ConfigLoader {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");
  private static final Set<String> TAINT_EFFECTS =
      Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

  /** Provider type → default taint value; a remote (grpc) provider names its own cloud. */
  private static final Map<String, String> CLOUD_OF_TYPE =
      Map.of("aci", "azure", "eci", "alibabacloud", "grpc", "");

  private final List<String> problems = new ArrayList<>();
  private final Map<String, String> environment;

  private ConfigLoader(Map<String, String> environment) {
    this.environment = environment;
  }

  /** Loads and validates a file. */
  public static BurstletConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    return parse(text, System.getenv());
  }

  /** Parses and validates YAML text; {@code environment} supplies defaults such as POD_IP. */
  public static BurstletConfig parse(String yaml, Map<String, String> environment) {
    Object root;
    try {
      // A key given twice is a mistake, not "the last one wins".
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      root = new Yaml(new SafeConstructor(options)).load(yaml);
    } catch (MarkedYAMLException e) {
      String where =
          e.getProblemMark() == null ? "" : " (line " + (e.getProblemMark().getLine() + 1) + ")";
      throw new ConfigException("config is not valid YAML: " + e.getProblem() + where);
    } catch (YAMLException e) {
      throw new ConfigException(
          "config is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new ConfigException("config must be a YAML mapping");
    }
    ConfigLoader loader = new ConfigLoader(environment);
    BurstletConfig config = loader.root(new Node("", map, loader));
    if (!loader.problems.isEmpty()) {
      throw new ConfigException(loader.problems);
    }
    return config;
  }

  private BurstletConfig root(Node n) {
    n.allow(
        "clusterName",
        "nodeNamePrefix",
        "kubeletPort",
        "nodeAddress",
        "metricsPort",
        "providers",
        "node",
        "kubelet",
        "dns",
        "pods");
    String clusterName = n.string("clusterName", true);
    if (clusterName != null) {
      requireLabel(n.path("clusterName"), clusterName);
    }
    String prefix = n.stringOr("nodeNamePrefix", "burstlet");
    requireLabel(n.path("nodeNamePrefix"), prefix);
    int kubeletPort = n.port("kubeletPort", 10250, false);
    int metricsPort = n.port("metricsPort", 10255, true);
    String nodeAddress = n.string("nodeAddress", false);
    if (nodeAddress == null) {
      nodeAddress = environment.get("POD_IP");
    }
    if (nodeAddress == null || nodeAddress.isBlank()) {
      problem(n.path("nodeAddress"), "required (or set the POD_IP environment variable)");
    }

    List<ProviderConfig> providers = new ArrayList<>();
    List<Node> providerNodes = n.list("providers", true);
    if (providerNodes != null && providerNodes.isEmpty()) {
      problem(n.path("providers"), "at least one provider is required");
    }
    Set<String> names = new HashSet<>();
    for (Node p : providerNodes == null ? List.<Node>of() : providerNodes) {
      ProviderConfig provider = provider(p);
      if (provider != null && !names.add(provider.name())) {
        problem(p.path("name"), "duplicate provider name '" + provider.name() + "'");
      }
      if (provider != null) {
        providers.add(provider);
      }
    }
    for (ProviderConfig provider : providers) {
      for (ZoneConfig zone : provider.zones()) {
        String nodeName = (prefix + "-" + provider.name() + "-" + zone.zone()).toLowerCase();
        if (nodeName.length() > 63 || !DNS_LABEL.matcher(nodeName).matches()) {
          problem(
              "providers[" + providers.indexOf(provider) + "].zones",
              "node name '"
                  + nodeName
                  + "' is not a valid DNS label (at most 63 lowercase letters, digits and '-')");
        }
      }
    }
    return new BurstletConfig(
        clusterName,
        prefix,
        kubeletPort,
        nodeAddress,
        metricsPort,
        List.copyOf(providers),
        node(n.child("node")),
        kubelet(n.child("kubelet")),
        dns(n.child("dns")),
        pods(n.child("pods")));
  }

  private ProviderConfig provider(Node p) {
    String type = p.string("type", true);
    if (type != null && !CLOUD_OF_TYPE.containsKey(type)) {
      problem(p.path("type"), "must be one of aci, eci, grpc (was '" + type + "')");
      type = null;
    }
    List<String> common =
        List.of(
            "name",
            "type",
            "region",
            "endpoint",
            "caFile",
            "zones",
            "capacity",
            "taint",
            "labels",
            "credentials");
    List<String> specific =
        "aci".equals(type)
            ? List.of("subscriptionId", "resourceGroup", "tenantId", "clientId")
            : "eci".equals(type)
                ? List.of("securityGroupId")
                : "grpc".equals(type) ? List.of("plaintext") : List.of();
    List<String> allowed = new ArrayList<>(common);
    allowed.addAll(specific);
    if (type != null) {
      p.allow(allowed.toArray(String[]::new));
    }

    String name = p.string("name", true);
    if (name != null) {
      requireLabel(p.path("name"), name);
    }
    String region = p.string("region", true);
    String endpoint = p.string("endpoint", true);
    if ("grpc".equals(type)) {
      if (endpoint != null && !endpoint.matches("[^/:\\s]+:\\d{1,5}")) {
        problem(p.path("endpoint"), "must be the provider server's HOST:PORT");
      }
      String plaintext = p.string("plaintext", false);
      if (plaintext != null && !plaintext.matches("true|false")) {
        problem(p.path("plaintext"), "must be true or false");
      }
    } else if (endpoint != null
        && !endpoint.equals("embedded")
        && !endpoint.matches("https?://.+")) {
      problem(p.path("endpoint"), "must be 'embedded' or an http(s):// URL");
    }
    String caFile = p.string("caFile", false);
    if (caFile != null && !Files.isReadable(Path.of(caFile))) {
      problem(p.path("caFile"), "file " + caFile + " is not readable");
    }

    Map<String, String> settings = new LinkedHashMap<>();
    for (String key : specific) {
      String value = p.string(key, false);
      if (value != null) {
        settings.put(key, value);
      }
    }
    if ("aci".equals(type)) {
      String subscription = p.string("subscriptionId", true);
      if (subscription != null && !GUID.matcher(subscription).matches()) {
        problem(p.path("subscriptionId"), "must be a GUID");
      }
      p.string("resourceGroup", true);
    }
    if ("eci".equals(type)) {
      p.string("securityGroupId", true);
    }

    List<ZoneConfig> zones = new ArrayList<>();
    List<Node> zoneNodes = p.list("zones", true);
    if (zoneNodes != null && zoneNodes.isEmpty()) {
      problem(p.path("zones"), "at least one zone is required");
    }
    Set<String> zoneNames = new HashSet<>();
    for (Node z : zoneNodes == null ? List.<Node>of() : zoneNodes) {
      z.allow("zone", "subnetId", "vSwitchId");
      String zone = z.string("zone", true);
      if (zone != null && !zoneNames.add(zone)) {
        problem(z.path("zone"), "duplicate zone '" + zone + "'");
      }
      String subnetId = z.string("subnetId", false);
      String vSwitchId = z.string("vSwitchId", "eci".equals(type));
      if ("aci".equals(type) && vSwitchId != null) {
        problem(z.path("vSwitchId"), "not used by aci providers (use subnetId)");
      }
      if ("eci".equals(type) && subnetId != null) {
        problem(z.path("subnetId"), "not used by eci providers (use vSwitchId)");
      }
      if (subnetId != null
          && !subnetId.matches(
              "(?i)/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Network/virtualNetworks/[^/]+/subnets/[^/]+")) {
        problem(
            z.path("subnetId"),
            "must be a subnet resource id (/subscriptions/…/virtualNetworks/…/subnets/…)");
      }
      zones.add(new ZoneConfig(zone, subnetId, vSwitchId));
    }

    Map<String, String> capacity =
        new LinkedHashMap<>(Map.of("cpu", "1000", "memory", "4Ti", "pods", "1000"));
    Node capacityNode = p.child("capacity");
    for (Map.Entry<String, String> e : capacityNode.stringMap().entrySet()) {
      try {
        Quantity q = Quantity.fromString(e.getValue());
        if (q.getNumber().signum() < 0) {
          problem(capacityNode.path(e.getKey()), "must not be negative");
        }
        capacity.put(e.getKey(), e.getValue());
      } catch (RuntimeException ex) {
        problem(
            capacityNode.path(e.getKey()), "'" + e.getValue() + "' is not a Kubernetes quantity");
      }
    }

    Node taintNode = p.child("taint");
    taintNode.allow("key", "value", "effect");
    TaintConfig taint =
        new TaintConfig(
            taintNode.stringOr("key", "virtual-kubelet.io/provider"),
            taintNode.stringOr("value", type == null ? "" : CLOUD_OF_TYPE.get(type)),
            taintNode.stringOr("effect", "NoSchedule"));
    if (!TAINT_EFFECTS.contains(taint.effect())) {
      problem(taintNode.path("effect"), "must be one of NoSchedule, PreferNoSchedule, NoExecute");
    }

    Node labelsNode = p.child("labels");
    Map<String, String> labels = labelsNode.stringMap();

    Map<String, SecretRef> credentials =
        credentials(p.child("credentials"), type, "embedded".equals(endpoint));

    if (type == null || name == null || region == null || endpoint == null) {
      return null;
    }
    return new ProviderConfig(
        name,
        type,
        region,
        endpoint,
        caFile,
        List.copyOf(zones),
        Map.copyOf(capacity),
        taint,
        Map.copyOf(labels),
        Map.copyOf(credentials),
        Map.copyOf(settings));
  }

  /**
   * Each credential is given as {@code <name>File} or {@code <name>Env}; values never appear in the
   * config itself.
   */
  private Map<String, SecretRef> credentials(Node c, String type, boolean embedded) {
    List<String> names =
        "aci".equals(type)
            ? List.of("clientSecret")
            : "eci".equals(type) ? List.of("accessKeyId", "accessKeySecret") : List.of();
    List<String> allowed = new ArrayList<>();
    for (String name : names) {
      allowed.add(name + "File");
      allowed.add(name + "Env");
    }
    c.allow(allowed.toArray(String[]::new));
    for (String key : c.keys()) {
      if (!key.endsWith("File") && !key.endsWith("Env")) {
        continue;
      }
      String base = key.substring(0, key.length() - (key.endsWith("File") ? 4 : 3));
      if (names.contains(base) && c.map.get(key) != null && !(c.map.get(key) instanceof String)) {
        problem(c.path(key), "must be a string");
      }
    }
    Map<String, SecretRef> refs = new LinkedHashMap<>();
    for (String name : names) {
      String file = c.string(name + "File", false);
      String env = c.string(name + "Env", false);
      if (file != null && env != null) {
        problem(c.path(name + "File"), "give either " + name + "File or " + name + "Env, not both");
      } else if (file != null) {
        refs.put(name, new SecretRef(file, null));
      } else if (env != null) {
        refs.put(name, new SecretRef(null, env));
      } else if (!embedded && !"clientSecret".equals(name)) {
        problem(
            c.path(name + "File"), "required (or " + name + "Env) unless endpoint is 'embedded'");
      }
    }
    return refs;
  }

  private NodeConfig node(Node n) {
    n.allow(
        "healthCheckInterval",
        "unreachableAfterFailures",
        "notReadyAfterFailures",
        "leaseRenewInterval",
        "statusRefreshInterval");
    if (n.string("notReadyAfterFailures", false) != null) {
      problem(
          n.path("notReadyAfterFailures"),
          "renamed to unreachableAfterFailures: a failing cloud taints the node, it never turns"
              + " it NotReady");
    }
    int failures = n.integer("unreachableAfterFailures", 3);
    if (failures < 1) {
      problem(n.path("unreachableAfterFailures"), "must be at least 1");
    }
    Duration lease = n.duration("leaseRenewInterval", Duration.ofSeconds(10));
    // The Lease lasts 40 s; renewing less often than every 20 s risks the node going Unknown.
    if (lease.compareTo(Duration.ofSeconds(20)) > 0) {
      problem(n.path("leaseRenewInterval"), "must be at most 20s (the node Lease lasts 40s)");
    }
    return new NodeConfig(
        n.duration("healthCheckInterval", Duration.ofSeconds(10)),
        failures,
        lease,
        n.duration("statusRefreshInterval", Duration.ofSeconds(60)));
  }

  private KubeletConfig kubelet(Node k) {
    k.allow("clientCaFile");
    String file = k.string("clientCaFile", false);
    if (file != null && !Files.isReadable(Path.of(file))) {
      problem(k.path("clientCaFile"), "file " + file + " is not readable");
    }
    return new KubeletConfig(file);
  }

  private DnsConfig dns(Node d) {
    d.allow("clusterDnsIp", "clusterDomain", "searchDomains");
    String ip = d.string("clusterDnsIp", false);
    if (ip != null && !ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      problem(d.path("clusterDnsIp"), "must be an IPv4 address");
    }
    String domain = d.stringOr("clusterDomain", "cluster.local");
    List<String> search = d.stringList("searchDomains");
    return new DnsConfig(ip, domain, search);
  }

  private PodsConfig pods(Node p) {
    p.allow(
        "statusSyncInterval",
        "orphanGracePeriod",
        "gcInterval",
        "tokenAudience",
        "tokenExpiration",
        "workers",
        "cloudReadsPerMinute");
    Duration expiration = p.duration("tokenExpiration", Duration.ofHours(1));
    if (expiration.compareTo(Duration.ofMinutes(10)) < 0) {
      problem(p.path("tokenExpiration"), "must be at least 10m (the API server's minimum)");
    }
    int workers = p.integer("workers", 4);
    if (workers < 1 || workers > 64) {
      problem(p.path("workers"), "must be between 1 and 64");
    }
    int reads = p.integer("cloudReadsPerMinute", 600);
    if (reads < 1) {
      problem(p.path("cloudReadsPerMinute"), "must be at least 1");
    }
    return new PodsConfig(
        p.duration("statusSyncInterval", Duration.ofSeconds(5)),
        p.duration("orphanGracePeriod", Duration.ofSeconds(60)),
        p.duration("gcInterval", Duration.ofMinutes(2)),
        p.string("tokenAudience", false),
        expiration,
        workers,
        reads);
  }

  private void requireLabel(String path, String value) {
    if (value.length() > 63 || !DNS_LABEL.matcher(value).matches()) {
      problem(
          path,
          "must be a DNS label: lowercase letters, digits and '-', at most 63 characters (was '"
              + value
              + "')");
    }
  }

  private void problem(String path, String message) {
    problems.add(path + ": " + message);
  }

  /** A mapping in the YAML tree and its path, with typed accessors that record problems. */
  private static final class Node {
    final String path;
    final Map<?, ?> map;
    final ConfigLoader loader;

    Node(String path, Map<?, ?> map, ConfigLoader loader) {
      this.path = path;
      this.map = map;
      this.loader = loader;
    }

    String path(String key) {
      return path.isEmpty() ? key : path + "." + key;
    }

    Set<String> keys() {
      Set<String> keys = new HashSet<>();
      for (Object k : map.keySet()) {
        keys.add(String.valueOf(k));
      }
      return keys;
    }

    void allow(String... allowed) {
      Set<String> known = Set.of(allowed);
      for (Object key : map.keySet()) {
        if (!known.contains(String.valueOf(key))) {
          loader.problem(path(String.valueOf(key)), "unknown field");
        }
      }
    }

    String string(String key, boolean required) {
      Object v = map.get(key);
      if (v == null) {
        if (required) {
          loader.problem(path(key), "required");
        }
        return null;
      }
      if (v instanceof Map || v instanceof List) {
        loader.problem(path(key), "must be a string");
        return null;
      }
      String s = String.valueOf(v).strip();
      if (s.isEmpty()) {
        if (required) {
          loader.problem(path(key), "required");
        }
        return null;
      }
      return s;
    }

    String stringOr(String key, String fallback) {
      String s = string(key, false);
      return s == null ? fallback : s;
    }

    int integer(String key, int fallback) {
      Object v = map.get(key);
      if (v == null) {
        return fallback;
      }
      if (v instanceof Integer i) {
        return i;
      }
      loader.problem(path(key), "must be an integer");
      return fallback;
    }

    int port(String key, int fallback, boolean zeroAllowed) {
      int port = integer(key, fallback);
      if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
        loader.problem(
            path(key), "must be a port number between " + (zeroAllowed ? 0 : 1) + " and 65535");
      }
      return port;
    }

    Duration duration(String key, Duration fallback) {
      Object v = map.get(key);
      if (v == null) {
        return fallback;
      }
      Matcher m = DURATION.matcher(String.valueOf(v).strip());
      if (!m.matches()) {
        loader.problem(
            path(key), "must be a duration such as 500ms, 10s, 5m or 1h (was '" + v + "')");
        return fallback;
      }
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      Duration d =
          switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
          };
      if (d.isZero()) {
        loader.problem(path(key), "must be greater than zero");
        return fallback;
      }
      return d;
    }

    Node child(String key) {
      Object v = map.get(key);
      if (v == null) {
        return new Node(path(key), Map.of(), loader);
      }
      if (!(v instanceof Map<?, ?> m)) {
        loader.problem(path(key), "must be a mapping");
        return new Node(path(key), Map.of(), loader);
      }
      return new Node(path(key), m, loader);
    }

    List<Node> list(String key, boolean required) {
      Object v = map.get(key);
      if (v == null) {
        if (required) {
          loader.problem(path(key), "required");
        }
        return null;
      }
      if (!(v instanceof List<?> items)) {
        loader.problem(path(key), "must be a list");
        return null;
      }
      List<Node> nodes = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        String itemPath = path(key) + "[" + i + "]";
        if (items.get(i) instanceof Map<?, ?> m) {
          nodes.add(new Node(itemPath, m, loader));
        } else {
          loader.problem(itemPath, "must be a mapping");
        }
      }
      return nodes;
    }

    List<String> stringList(String key) {
      Object v = map.get(key);
      if (v == null) {
        return List.of();
      }
      if (!(v instanceof List<?> items)) {
        loader.problem(path(key), "must be a list of strings");
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        Object item = items.get(i);
        if (item == null || item instanceof Map || item instanceof List) {
          loader.problem(path(key) + "[" + i + "]", "must be a string");
        } else {
          out.add(String.valueOf(item));
        }
      }
      return List.copyOf(out);
    }

    Map<String, String> stringMap() {
      Map<String, String> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        Object v = e.getValue();
        if (v == null || v instanceof Map || v instanceof List) {
          loader.problem(path(key), "must be a string");
        } else {
          out.put(key, String.valueOf(v));
        }
      }
      return out;
    }
  }
}

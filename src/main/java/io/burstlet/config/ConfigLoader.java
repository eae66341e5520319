package io.burstlet.config;

import io.burstlet.tls.Loopback;
import io.kubernetes.client.custom.Quantity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * in one run, each prefixed with its field path ({@code config} for the file as a whole). Unknown
 * fields are errors: a typo must not silently fall back to a default. Files the configuration names
 * are checked here too (CA bundles parse as PEM certificates; with {@link #load}, secret files and
 * variables exist and are not empty), so the agent never fails on them half-started. Messages name
 * files and variables, never what a secret holds.
 */
public final class ConfigLoader {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

  /** Longer would overflow the millisecond arithmetic of schedulers and clocks. */
  private static final Duration MAX_DURATION = Duration.ofDays(365);

  private static final Set<String> TAINT_EFFECTS =
      Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

  /** Provider type → default taint value; a remote (grpc) provider names its own cloud. */
  private static final Map<String, String> CLOUD_OF_TYPE =
      Map.of("aci", "azure", "eci", "alibabacloud", "grpc", "");

  /** The path of problems that concern the configuration as a whole. */
  static final String ROOT = "config";

  private final List<String> problems = new ArrayList<>();
  private final Map<String, String> environment;
  private final boolean checkSecrets;

  private ConfigLoader(Map<String, String> environment, boolean checkSecrets) {
    this.environment = environment;
    this.checkSecrets = checkSecrets;
  }

  /**
   * Loads and validates a file, including the secrets it references: each {@code <name>File} must
   * be a readable, non-empty UTF-8 file and each {@code <name>Env} a set, non-empty variable.
   */
  public static BurstletConfig load(Path file) {
    return load(file, System.getenv());
  }

  /** As {@link #load(Path)}, with {@code environment} in place of the process environment. */
  static BurstletConfig load(Path file, Map<String, String> environment) {
    if (Files.isDirectory(file)) {
      throw new ConfigException(ROOT + ": " + file + " is a directory, not a file");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(ROOT + ": file " + file + " does not exist");
    } catch (IOException e) {
      throw new ConfigException(
          ROOT + ": cannot read file " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    String text = utf8(bytes);
    if (text == null) {
      throw new ConfigException(ROOT + ": file " + file + " is not UTF-8 text");
    }
    return parse(text, environment, true);
  }

  /**
   * Parses and validates YAML text; {@code environment} supplies defaults such as POD_IP. Secret
   * files and variables are not looked at: {@link #load} does that.
   */
  public static BurstletConfig parse(String yaml, Map<String, String> environment) {
    return parse(yaml, environment, false);
  }

  private static BurstletConfig parse(
      String yaml, Map<String, String> environment, boolean checkSecrets) {
    Object root;
    try {
      // A key given twice is a mistake, not "the last one wins".
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      root = new Yaml(new SafeConstructor(options)).load(yaml);
    } catch (MarkedYAMLException e) {
      // The problem and its position only: the context would quote the file.
      String where =
          e.getProblemMark() == null
              ? ""
              : " (line "
                  + (e.getProblemMark().getLine() + 1)
                  + ", column "
                  + (e.getProblemMark().getColumn() + 1)
                  + ")";
      throw new ConfigException(ROOT + ": not valid YAML: " + e.getProblem() + where);
    } catch (YAMLException e) {
      throw new ConfigException(
          ROOT + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null) {
      throw new ConfigException(ROOT + ": must not be empty");
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new ConfigException(ROOT + ": must be a mapping of fields (found " + kind(root) + ")");
    }
    ConfigLoader loader = new ConfigLoader(environment, checkSecrets);
    BurstletConfig config = loader.root(new Node("", map, loader));
    if (!loader.problems.isEmpty()) {
      throw new ConfigException(loader.problems);
    }
    return config;
  }

  /** What a YAML value is, for messages that must not quote it. */
  private static String kind(Object value) {
    if (value instanceof List) {
      return "a list";
    }
    if (value instanceof Map) {
      return "a mapping";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    return "a scalar";
  }

  /** The bytes as UTF-8 text, or null when they are not. */
  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
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
        "pods",
        "metrics");
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
        pods(n.child("pods")),
        metrics(n.child("metrics")));
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
                : "grpc".equals(type) ? REMOTE_PROVIDER_FIELDS : List.of();
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
    String caFile = p.string("caFile", false);
    if (caFile != null && !pemFile(p.path("caFile"), caFile)) {
      caFile = null;
    }
    if ("grpc".equals(type)) {
      remoteProvider(p, endpoint);
    } else if (endpoint != null && !endpoint.equals("embedded")) {
      endpoint(p, type, endpoint, caFile);
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
      Object credentials = p.map.get("credentials");
      if (credentials instanceof Map<?, ?> c
          && (c.containsKey("clientSecretFile") || c.containsKey("clientSecretEnv"))) {
        for (String key : List.of("tenantId", "clientId")) {
          if (settings.get(key) == null) {
            problem(p.path(key), "required when the credentials give a client secret");
          }
        }
      }
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

  /** The fields of a grpc provider besides the common ones; {@code plaintext} only to refuse it. */
  private static final List<String> REMOTE_PROVIDER_FIELDS =
      List.of("clientCertFile", "clientKeyFile", "insecurePlaintext", "plaintext");

  private static final Pattern REMOTE_ENDPOINT =
      Pattern.compile("[^/:\\s\\[\\]]+:\\d{1,5}|\\[[0-9a-fA-F:.]+\\]:\\d{1,5}");

  /**
   * A grpc provider: the provider server's HOST:PORT, reached with mutual TLS ({@code caFile}
   * verifies the server, {@code clientCertFile} and {@code clientKeyFile} identify the agent). The
   * channel carries Secret values and whoever answers it runs pods on the bill, so plaintext must
   * be asked for ({@code insecurePlaintext: true}) and only reaches a loopback address.
   */
  private void remoteProvider(Node p, String endpoint) {
    String host = null;
    if (endpoint != null && !REMOTE_ENDPOINT.matcher(endpoint).matches()) {
      problem(p.path("endpoint"), "must be the provider server's HOST:PORT");
    } else if (endpoint != null) {
      host = endpoint.substring(0, endpoint.lastIndexOf(':'));
    }
    if (p.map.containsKey("plaintext")) {
      problem(
          p.path("plaintext"),
          "replaced by insecurePlaintext, which is allowed only for an endpoint on a loopback"
              + " address (127.0.0.1, ::1, localhost); otherwise give caFile, clientCertFile and"
              + " clientKeyFile (mutual TLS)");
    }
    String plaintext = p.string("insecurePlaintext", false);
    if (plaintext != null && !plaintext.matches("true|false")) {
      problem(p.path("insecurePlaintext"), "must be true or false");
      return;
    }
    List<String> tlsFiles = List.of("caFile", "clientCertFile", "clientKeyFile");
    if ("true".equals(plaintext)) {
      for (String key : tlsFiles) {
        if (p.map.get(key) != null) {
          problem(p.path(key), "not with insecurePlaintext: true (it means mutual TLS)");
        }
      }
      if (host != null && !Loopback.is(host)) {
        problem(
            p.path("insecurePlaintext"),
            "only allowed for an endpoint on a loopback address (127.0.0.1, ::1, localhost), not "
                + host
                + ": pod secrets would cross the network in the clear");
      }
      return;
    }
    String certFile = p.string("clientCertFile", false);
    String keyFile = p.string("clientKeyFile", false);
    for (String key : tlsFiles) {
      if (p.map.get(key) == null) {
        problem(
            p.path(key),
            "required for a grpc provider (mutual TLS), unless insecurePlaintext: true with a"
                + " loopback endpoint");
      }
    }
    if (certFile != null) {
      pemFile(p.path("clientCertFile"), certFile);
    }
    if (keyFile != null && checkSecrets) {
      privateKeyFile(p.path("clientKeyFile"), keyFile);
    }
  }

  /** An unencrypted PEM private key, as the TLS stack reads it. Its content is never quoted. */
  private void privateKeyFile(String path, String file) {
    byte[] bytes = readFile(path, file);
    if (bytes == null) {
      return;
    }
    String text = new String(bytes, StandardCharsets.US_ASCII);
    if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      problem(path, "file " + file + " holds an encrypted private key; give it unencrypted");
    } else if (!PRIVATE_KEY_PEM.matcher(text).find()) {
      problem(path, "file " + file + " holds no PEM private key");
    }
  }

  private static final Pattern PRIVATE_KEY_PEM =
      Pattern.compile("-----BEGIN (RSA |EC )?PRIVATE KEY-----");

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
        if (checkSecrets) {
          secretFile(c.path(name + "File"), file);
        }
      } else if (env != null) {
        refs.put(name, new SecretRef(null, env));
        if (checkSecrets) {
          secretEnv(c.path(name + "Env"), env);
        }
      } else if (!embedded && !"clientSecret".equals(name)) {
        problem(
            c.path(name + "File"), "required (or " + name + "Env) unless endpoint is 'embedded'");
      }
    }
    return refs;
  }

  /**
   * A cloud endpoint other than {@code embedded}: an absolute http(s) URL with a host; ACI only
   * over https (the Azure SDK sends bearer tokens over TLS only); ECI without a path (its RPC API
   * lives at /); a CA file only for https.
   */
  private void endpoint(Node p, String type, String endpoint, String caFile) {
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      uri = null;
    }
    String scheme =
        uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri == null || uri.getHost() == null || !scheme.matches("https?")) {
      problem(p.path("endpoint"), "must be 'embedded' or an http(s):// URL");
      return;
    }
    if ("aci".equals(type) && !scheme.equals("https")) {
      problem(
          p.path("endpoint"),
          "must be an https:// URL for aci (the Azure SDK sends bearer tokens over TLS only)");
    }
    if ("eci".equals(type)
        && uri.getRawPath() != null
        && !uri.getRawPath().isEmpty()
        && !uri.getRawPath().equals("/")) {
      problem(p.path("endpoint"), "must not have a path: the ECI API lives at /");
    }
    if (caFile != null && scheme.equals("http")) {
      problem(p.path("caFile"), "only used with an https:// endpoint");
    }
  }

  /**
   * Checks that {@code file} is a readable file of PEM certificates, as the TLS clients and the
   * kubelet API will read it. False (with a problem recorded) when it is not.
   */
  private boolean pemFile(String path, String file) {
    byte[] bytes = readFile(path, file);
    if (bytes == null) {
      return false;
    }
    String text = new String(bytes, StandardCharsets.US_ASCII);
    if (!text.contains("-----BEGIN CERTIFICATE-----")) {
      problem(path, "file " + file + " holds no PEM certificate");
      return false;
    }
    try {
      if (CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(bytes))
          .isEmpty()) {
        problem(path, "file " + file + " holds no PEM certificate");
        return false;
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      // The parser's message may quote the file; it holds certificates, but say only where.
      problem(path, "file " + file + " holds a malformed PEM certificate");
      return false;
    }
    return true;
  }

  /** A secret file: readable, UTF-8, not blank. Its content is never put in a message. */
  private void secretFile(String path, String file) {
    byte[] bytes = readFile(path, file);
    if (bytes == null) {
      return;
    }
    String text = utf8(bytes);
    if (text == null) {
      problem(path, "file " + file + " is not UTF-8 text");
    } else if (text.isBlank()) {
      problem(path, "file " + file + " is empty");
    }
  }

  /** A secret variable: set and not blank. Its value is never put in a message. */
  private void secretEnv(String path, String name) {
    String value = environment.get(name);
    if (value == null) {
      problem(path, "environment variable " + name + " is not set");
    } else if (value.isBlank()) {
      problem(path, "environment variable " + name + " is empty");
    }
  }

  /** The bytes of a regular, readable file, or null with a problem naming the field. */
  private byte[] readFile(String path, String file) {
    Path p;
    try {
      p = Path.of(file);
    } catch (InvalidPathException e) {
      problem(path, "'" + file + "' is not a valid file path");
      return null;
    }
    if (!Files.exists(p)) {
      problem(path, "file " + file + " does not exist");
      return null;
    }
    if (Files.isDirectory(p)) {
      problem(path, file + " is a directory, not a file");
      return null;
    }
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      problem(path, "file " + file + " is not readable (" + e.getClass().getSimpleName() + ")");
      return null;
    }
  }

  private NodeConfig node(Node n) {
    n.allow(
        "healthCheckInterval",
        "unreachableAfterFailures",
        "notReadyAfterFailures",
        "leaseRenewInterval",
        "statusRefreshInterval",
        "stallLimit");
    if (n.map.containsKey("notReadyAfterFailures")) {
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
    Duration stallLimit = n.duration("stallLimit", Duration.ofMinutes(2));
    // At least three watch timeouts of 10 s; at most 4 minutes, so a stalled agent restarts before
    // the node lifecycle controller evicts the pods of a node whose Lease lapsed (after 5 minutes).
    if (stallLimit.compareTo(Duration.ofSeconds(30)) < 0
        || stallLimit.compareTo(Duration.ofMinutes(4)) > 0) {
      problem(n.path("stallLimit"), "must be between 30s and 4m");
    }
    return new NodeConfig(
        n.duration("healthCheckInterval", Duration.ofSeconds(10)),
        failures,
        lease,
        n.duration("statusRefreshInterval", Duration.ofSeconds(60)),
        stallLimit);
  }

  private KubeletConfig kubelet(Node k) {
    k.allow("clientCaFile");
    String file = k.string("clientCaFile", false);
    if (file != null) {
      pemFile(k.path("clientCaFile"), file);
    }
    return new KubeletConfig(file);
  }

  private MetricsConfig metrics(Node m) {
    m.allow("authenticate");
    Object value = m.map.get("authenticate");
    if (value == null) {
      return MetricsConfig.DEFAULT;
    }
    if (!(value instanceof Boolean authenticate)) {
      problem(m.path("authenticate"), "must be true or false");
      return MetricsConfig.DEFAULT;
    }
    return new MetricsConfig(authenticate);
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
        "cloudReadsPerMinute",
        "namespaces");
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
        reads,
        podNamespaces(p));
  }

  /**
   * pods.namespaces: namespace mode, where the agent serves only pods of these namespaces (its
   * rights on pods and what they reference are granted only there); empty or absent for all.
   */
  private List<String> podNamespaces(Node p) {
    List<String> namespaces = p.stringList("namespaces");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < namespaces.size(); i++) {
      String namespace = namespaces.get(i);
      String path = p.path("namespaces") + "[" + i + "]";
      requireLabel(path, namespace);
      if (!seen.add(namespace)) {
        problem(path, "duplicate namespace '" + namespace + "'");
      }
    }
    return namespaces;
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
      Matcher m =
          v instanceof Map || v instanceof List
              ? null
              : DURATION.matcher(String.valueOf(v).strip());
      if (m == null || !m.matches()) {
        loader.problem(
            path(key),
            "must be a duration such as 500ms, 10s, 5m or 1h (was "
                + (m == null ? kind(v) : "'" + v + "'")
                + ")");
        return fallback;
      }
      Duration d;
      try {
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        d =
            switch (unit) {
              case "ms" -> Duration.ofMillis(n);
              case "m" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              default -> Duration.ofSeconds(n);
            };
      } catch (ArithmeticException | NumberFormatException e) {
        loader.problem(path(key), "must be at most 365 days (was '" + v + "')");
        return fallback;
      }
      if (d.compareTo(MAX_DURATION) > 0) {
        loader.problem(path(key), "must be at most 365 days (was '" + v + "')");
        return fallback;
      }
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

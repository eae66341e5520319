package io.burstlet.provider.eci;

import io.burstlet.config.BurstletConfig;
import io.burstlet.config.ProviderConfig;
import io.burstlet.config.ZoneConfig;
import io.burstlet.provider.PodInputMissingException;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodRequest;
import io.burstlet.provider.ProviderException;
import io.burstlet.provider.RegistryCredential;
import io.burstlet.provider.UnsupportedPodException;
import io.burstlet.provider.eci.CreateContainerGroupRequest.Container;
import io.burstlet.provider.eci.CreateContainerGroupRequest.Dns;
import io.burstlet.provider.eci.CreateContainerGroupRequest.DnsOption;
import io.burstlet.provider.eci.CreateContainerGroupRequest.HostAlias;
import io.burstlet.provider.eci.CreateContainerGroupRequest.RegistryAuth;
import io.burstlet.provider.eci.CreateContainerGroupRequest.Sysctl;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodDNSConfig;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1PodSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Translates a pod (with the Secrets, ConfigMaps, registry credentials and token the controller
 * resolved) into one {@link CreateContainerGroupRequest}. Pure and deterministic: the same input
 * always gives the same request, which the golden tests pin down.
 *
 * <p>Placement: the pod's zone, that zone's vSwitch(es) and the provider's security group, both
 * overridable by the ACK annotations {@code k8s.aliyun.com/eci-vswitch} (which must name vSwitches
 * configured for this zone) and {@code k8s.aliyun.com/eci-security-group}. Size: the sum of the
 * containers' limits (requests where no limit is set, as ECI does), at least the largest init
 * container, snapped up to an ECI specification ({@link EciSpecTable}); or {@code
 * k8s.aliyun.com/eci-use-specs} when given. Anything ECI cannot run as asked is refused with an
 * {@link UnsupportedPodException} naming the pod field, never silently dropped.
 */
public final class EciTranslator {
  private static final int MAX_TAG_VALUE = 128;

  private final ProviderConfig config;
  private final BurstletConfig agent;

  public EciTranslator(ProviderConfig config, BurstletConfig agent) {
    this.config = Objects.requireNonNull(config, "config");
    this.agent = Objects.requireNonNull(agent, "agent");
  }

  /**
   * @throws UnsupportedPodException when the pod asks for something ECI cannot do
   * @throws PodInputMissingException when a referenced Secret, ConfigMap or token is missing
   */
  public CreateContainerGroupRequest translate(PodRequest request) throws ProviderException {
    V1Pod pod = request.pod();
    V1PodSpec spec = pod.getSpec();
    PodRef ref = request.ref();
    ZoneConfig zone = zone(ref.zone());
    checkPod(spec);
    if (ref.name().length() > MAX_TAG_VALUE || ref.namespace().length() > MAX_TAG_VALUE) {
      // The identity tags must hold the name exactly, or adoption would find the wrong pod.
      throw new UnsupportedPodException(
          "metadata.name", "longer than " + MAX_TAG_VALUE + " characters, ECI's tag value limit");
    }
    EciAnnotations annotations = EciAnnotations.parse(pod.getMetadata().getAnnotations());

    // Size first: resourceFieldRef values (env, downward-API files) fall back to the group size.
    EciSizing.Sizing sizing = EciSizing.size(spec, annotations, config.region());
    BigDecimal capacityCpu = sizing.cpu() != null ? sizing.cpu() : BigDecimal.valueOf(2);
    BigDecimal capacityMemory = sizing.memory() != null ? sizing.memory() : BigDecimal.valueOf(4);

    PodInputs inputs = new PodInputs(request);
    EciEnvResolver env = new EciEnvResolver(pod, inputs, capacityCpu, capacityMemory);
    List<Container> containers = new ArrayList<>();
    for (int i = 0; i < spec.getContainers().size(); i++) {
      containers.add(
          EciContainerTranslator.container(
              spec, spec.getContainers().get(i), "spec.containers[" + i + "]", false, env));
    }
    List<Container> inits = new ArrayList<>();
    List<V1Container> initSpecs =
        spec.getInitContainers() == null ? List.of() : spec.getInitContainers();
    for (int i = 0; i < initSpecs.size(); i++) {
      inits.add(
          EciContainerTranslator.container(
              spec, initSpecs.get(i), "spec.initContainers[" + i + "]", true, env));
    }
    var volumes =
        new EciVolumeTranslator(
                pod, inputs, request.serviceAccountToken(), capacityCpu, capacityMemory)
            .translate();

    String nodeName = ref.nodeName() != null ? ref.nodeName() : agent.nodeName(config, ref.zone());
    String securityGroup =
        annotations.securityGroupId() != null
            ? annotations.securityGroupId()
            : config.setting("securityGroupId");
    return new CreateContainerGroupRequest(
        config.region(),
        zone.zone(),
        securityGroup,
        vSwitches(zone, annotations),
        EciNames.groupName(ref.uid()),
        ref.uid(),
        hostName(pod),
        spec.getRestartPolicy(),
        spec.getTerminationGracePeriodSeconds(),
        spec.getActiveDeadlineSeconds(),
        sizing.cpu(),
        sizing.memory(),
        sizing.ephemeralStorage(),
        annotations.useSpecs(),
        annotations.spotStrategy(),
        annotations.spotPriceLimit(),
        annotations.autoMatchImageCache(),
        annotations.imageSnapshotId(),
        Boolean.TRUE.equals(spec.getShareProcessNamespace()) ? Boolean.TRUE : null,
        dnsPolicy(spec),
        dnsConfig(spec, ref.namespace()),
        hostAliases(spec),
        sysctls(spec.getSecurityContext()),
        EciNames.podTags(agent.clusterName(), nodeName, ref),
        containers,
        inits,
        volumes,
        registryAuths(request.registryCredentials()));
  }

  private ZoneConfig zone(String name) throws UnsupportedPodException {
    for (ZoneConfig zone : config.zones()) {
      if (zone.zone().equals(name)) {
        return zone;
      }
    }
    throw new UnsupportedPodException(
        "spec.nodeName", "zone " + name + " is not served by provider " + config.name());
  }

  /** Pod-level features ECI cannot provide. */
  private static void checkPod(V1PodSpec spec) throws UnsupportedPodException {
    if (Boolean.TRUE.equals(spec.getHostNetwork())) {
      throw new UnsupportedPodException("spec.hostNetwork", "ECI groups have no host network");
    }
    if (Boolean.TRUE.equals(spec.getHostPID())) {
      throw new UnsupportedPodException("spec.hostPID", "ECI groups have no host PID namespace");
    }
    if (Boolean.TRUE.equals(spec.getHostIPC())) {
      throw new UnsupportedPodException("spec.hostIPC", "ECI groups have no host IPC namespace");
    }
    if (Boolean.FALSE.equals(spec.getHostUsers())) {
      throw new UnsupportedPodException("spec.hostUsers", "user namespaces are not supported");
    }
    if (Boolean.TRUE.equals(spec.getSetHostnameAsFQDN())) {
      throw new UnsupportedPodException(
          "spec.setHostnameAsFQDN", "ECI sets a plain host name only");
    }
    if (spec.getHostnameOverride() != null) {
      throw new UnsupportedPodException("spec.hostnameOverride", "not supported on ECI");
    }
    if (spec.getRuntimeClassName() != null) {
      throw new UnsupportedPodException(
          "spec.runtimeClassName", "ECI has a single runtime; runtime classes are not supported");
    }
    if (spec.getOs() != null && !"linux".equals(spec.getOs().getName())) {
      throw new UnsupportedPodException("spec.os.name", "ECI runs Linux containers only");
    }
    if (spec.getResourceClaims() != null && !spec.getResourceClaims().isEmpty()) {
      throw new UnsupportedPodException(
          "spec.resourceClaims", "dynamic resource claims are not supported");
    }
    V1PodSecurityContext sc = spec.getSecurityContext();
    if (sc != null) {
      if (sc.getFsGroup() != null || sc.getFsGroupChangePolicy() != null) {
        throw new UnsupportedPodException(
            "spec.securityContext.fsGroup", "ECI cannot change volume group ownership");
      }
      if (sc.getSupplementalGroups() != null && !sc.getSupplementalGroups().isEmpty()) {
        throw new UnsupportedPodException(
            "spec.securityContext.supplementalGroups", "not supported on ECI");
      }
      if (sc.getSupplementalGroupsPolicy() != null) {
        throw new UnsupportedPodException(
            "spec.securityContext.supplementalGroupsPolicy", "not supported on ECI");
      }
      if (sc.getSeLinuxOptions() != null || sc.getSeLinuxChangePolicy() != null) {
        throw new UnsupportedPodException(
            "spec.securityContext.seLinuxOptions", "ECI does not apply SELinux labels");
      }
      if (sc.getSeccompProfile() != null) {
        throw new UnsupportedPodException(
            "spec.securityContext.seccompProfile", "ECI does not apply seccomp profiles");
      }
      if (sc.getAppArmorProfile() != null) {
        throw new UnsupportedPodException(
            "spec.securityContext.appArmorProfile", "ECI does not apply AppArmor profiles");
      }
      if (sc.getWindowsOptions() != null) {
        throw new UnsupportedPodException(
            "spec.securityContext.windowsOptions", "ECI runs Linux containers only");
      }
    }
  }

  // --- group-level settings ---

  private List<String> vSwitches(ZoneConfig zone, EciAnnotations annotations)
      throws UnsupportedPodException {
    List<String> configured = split(zone.vSwitchId());
    if (annotations.vSwitchIds().isEmpty()) {
      return configured;
    }
    for (String id : annotations.vSwitchIds()) {
      if (configured.contains(id)) {
        continue;
      }
      String other = null;
      for (ZoneConfig z : config.zones()) {
        if (split(z.vSwitchId()).contains(id)) {
          other = z.zone();
        }
      }
      // A vSwitch outside the node's zone would put the pod somewhere its node's topology labels
      // do not say; an unknown one cannot be checked at all.
      throw new UnsupportedPodException(
          "metadata.annotations[" + EciAnnotations.VSWITCH + "]",
          other != null
              ? "vSwitch "
                  + id
                  + " belongs to zone "
                  + other
                  + ", not to the node's zone "
                  + zone.zone()
              : "vSwitch " + id + " is not configured for zone " + zone.zone());
    }
    return annotations.vSwitchIds();
  }

  private static List<String> split(String list) {
    List<String> out = new ArrayList<>();
    if (list != null) {
      for (String part : list.split(",")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
    }
    return out;
  }

  /** The kubelet's host name: spec.hostname or the pod name, at most 63 characters. */
  private static String hostName(V1Pod pod) {
    String name =
        pod.getSpec().getHostname() != null && !pod.getSpec().getHostname().isEmpty()
            ? pod.getSpec().getHostname()
            : pod.getMetadata().getName();
    if (name.length() > 63) {
      name = name.substring(0, 63);
    }
    return name.replaceAll("[-.]+$", "");
  }

  private boolean clusterDns(V1PodSpec spec) {
    String policy = spec.getDnsPolicy() == null ? "ClusterFirst" : spec.getDnsPolicy();
    boolean clusterFirst =
        policy.equals("ClusterFirst") || policy.equals("ClusterFirstWithHostNet");
    // Like the kubelet without a cluster DNS address, ClusterFirst then falls back to Default.
    return clusterFirst && agent.dns() != null && agent.dns().clusterDnsIp() != null;
  }

  private String dnsPolicy(V1PodSpec spec) {
    if (clusterDns(spec) || "None".equals(spec.getDnsPolicy())) {
      return "None";
    }
    return "Default";
  }

  /**
   * ClusterFirst: the cluster DNS server and the kubelet's search path ({@code <ns>.svc.<domain>},
   * {@code svc.<domain>}, {@code <domain>}, then the configured extra domains) with {@code
   * ndots:5}, merged with the pod's own dnsConfig as the kubelet merges them.
   */
  private Dns dnsConfig(V1PodSpec spec, String namespace) {
    Set<String> servers = new LinkedHashSet<>();
    Set<String> searches = new LinkedHashSet<>();
    Map<String, String> options = new LinkedHashMap<>();
    if (clusterDns(spec)) {
      String domain = agent.dns().clusterDomain();
      servers.add(agent.dns().clusterDnsIp());
      searches.add(namespace + ".svc." + domain);
      searches.add("svc." + domain);
      searches.add(domain);
      if (agent.dns().searchDomains() != null) {
        searches.addAll(agent.dns().searchDomains());
      }
      options.put("ndots", "5");
    }
    V1PodDNSConfig pod = spec.getDnsConfig();
    if (pod != null) {
      if (pod.getNameservers() != null) {
        servers.addAll(pod.getNameservers());
      }
      if (pod.getSearches() != null) {
        searches.addAll(pod.getSearches());
      }
      if (pod.getOptions() != null) {
        for (var option : pod.getOptions()) {
          options.put(option.getName(), option.getValue());
        }
      }
    }
    if (servers.isEmpty() && searches.isEmpty() && options.isEmpty()) {
      return null;
    }
    List<DnsOption> opts = new ArrayList<>();
    options.forEach((k, v) -> opts.add(new DnsOption(k, v)));
    return new Dns(new ArrayList<>(servers), new ArrayList<>(searches), opts);
  }

  private static List<HostAlias> hostAliases(V1PodSpec spec) {
    List<HostAlias> out = new ArrayList<>();
    if (spec.getHostAliases() != null) {
      for (var alias : spec.getHostAliases()) {
        out.add(
            new HostAlias(
                alias.getIp(), alias.getHostnames() == null ? List.of() : alias.getHostnames()));
      }
    }
    return out;
  }

  private static List<Sysctl> sysctls(V1PodSecurityContext sc) {
    List<Sysctl> out = new ArrayList<>();
    if (sc != null && sc.getSysctls() != null) {
      for (var s : sc.getSysctls()) {
        out.add(new Sysctl(s.getName(), s.getValue()));
      }
    }
    return out;
  }

  /** One credential per registry, the first one winning as in the kubelet's keyring order. */
  private static List<RegistryAuth> registryAuths(List<RegistryCredential> credentials) {
    Map<String, RegistryAuth> byServer = new LinkedHashMap<>();
    for (RegistryCredential c : credentials) {
      byServer.putIfAbsent(c.server(), new RegistryAuth(c.server(), c.username(), c.password()));
    }
    return new ArrayList<>(byServer.values());
  }
}

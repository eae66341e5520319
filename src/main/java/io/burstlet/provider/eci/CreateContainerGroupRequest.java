package io.burstlet.provider.eci;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * CreateContainerGroup, as the translator builds it from a pod. Every field maps to one request
 * parameter family of {@code openapi-meta/CreateContainerGroup.json}; null means "not sent".
 *
 * <p>{@link #toString()} and the nested records that can hold secret material (environment values,
 * config-file contents, registry passwords) never print those values.
 *
 * @param vSwitchIds sent as one comma-separated {@code VSwitchId} (ECI tries them in order)
 * @param instanceTypes sent as one comma-separated {@code InstanceType}; empty when cpu/memory
 *     decide
 * @param cpu group vCPUs ({@code Cpu}), a supported ECI specification, or null
 * @param memory group GiB ({@code Memory}), or null
 * @param ephemeralStorage extra temporary storage in GiB beyond ECI's default, or null
 */
public record CreateContainerGroupRequest(
    String regionId,
    String zoneId,
    String securityGroupId,
    List<String> vSwitchIds,
    String containerGroupName,
    String clientToken,
    String hostName,
    String restartPolicy,
    Long terminationGracePeriodSeconds,
    Long activeDeadlineSeconds,
    BigDecimal cpu,
    BigDecimal memory,
    Integer ephemeralStorage,
    List<String> instanceTypes,
    String spotStrategy,
    BigDecimal spotPriceLimit,
    Boolean autoMatchImageCache,
    String imageSnapshotId,
    Boolean shareProcessNamespace,
    String dnsPolicy,
    Dns dnsConfig,
    List<HostAlias> hostAliases,
    List<Sysctl> sysctls,
    List<EciTag> tags,
    List<Container> containers,
    List<Container> initContainers,
    List<Volume> volumes,
    List<RegistryAuth> imageRegistryCredentials) {

  public CreateContainerGroupRequest {
    Objects.requireNonNull(regionId, "regionId");
    Objects.requireNonNull(containerGroupName, "containerGroupName");
    vSwitchIds = copy(vSwitchIds);
    instanceTypes = copy(instanceTypes);
    hostAliases = copy(hostAliases);
    sysctls = copy(sysctls);
    tags = copy(tags);
    containers = copy(containers);
    initContainers = copy(initContainers);
    volumes = copy(volumes);
    imageRegistryCredentials = copy(imageRegistryCredentials);
    if (containers.isEmpty()) {
      throw new IllegalArgumentException("a container group needs at least one container");
    }
  }

  private static <T> List<T> copy(List<T> list) {
    return List.copyOf(list == null ? List.of() : list);
  }

  @Override
  public String toString() {
    return "CreateContainerGroupRequest[name="
        + containerGroupName
        + ", region="
        + regionId
        + ", zone="
        + zoneId
        + ", containers="
        + containers.stream().map(Container::name).toList()
        + "]";
  }

  /**
   * One container ({@code Container.N.*}) or init container ({@code InitContainer.N.*}; init
   * containers carry no probes, lifecycle hooks, stdin/tty or RunAsGroup/RunAsNonRoot).
   *
   * @param commands ECI's {@code Command} (the image entrypoint override)
   * @param args ECI's {@code Arg}
   * @param cpu vCPUs for this container, or null to share the group's
   * @param memory GiB for this container, or null
   */
  public record Container(
      String name,
      String image,
      String imagePullPolicy,
      List<String> commands,
      List<String> args,
      String workingDir,
      BigDecimal cpu,
      BigDecimal memory,
      Integer gpu,
      List<EnvVar> env,
      List<Port> ports,
      List<VolumeMount> volumeMounts,
      Probe livenessProbe,
      Probe readinessProbe,
      Handler postStart,
      Handler preStop,
      SecurityContext securityContext,
      Boolean stdin,
      Boolean stdinOnce,
      Boolean tty,
      String terminationMessagePath,
      String terminationMessagePolicy) {
    public Container {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(image, "image");
      commands = copy(commands);
      args = copy(args);
      env = copy(env);
      ports = copy(ports);
      volumeMounts = copy(volumeMounts);
    }

    @Override
    public String toString() {
      return "Container[name=" + name + ", image=" + image + ", env=" + env + "]";
    }
  }

  /**
   * An environment variable: a literal {@code value}, or a {@code fieldPath} ECI resolves itself
   * ({@code status.podIP}).
   */
  public record EnvVar(String key, String value, String fieldPath) {
    public EnvVar {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
      return key + (fieldPath != null ? "=<" + fieldPath + ">" : "=***");
    }
  }

  /** A container port; {@code protocol} is {@code TCP} or {@code UDP}. */
  public record Port(int port, String protocol) {}

  /**
   * A volume mount.
   *
   * @param mountPropagation {@code None}, {@code HostToCotainer} (sic) or {@code Bidirectional}
   */
  public record VolumeMount(
      String name, String mountPath, String subPath, Boolean readOnly, String mountPropagation) {}

  /** A liveness or readiness probe with exactly one of exec, httpGet or tcpSocketPort. */
  public record Probe(
      List<String> exec,
      HttpGet httpGet,
      Integer tcpSocketPort,
      Integer initialDelaySeconds,
      Integer periodSeconds,
      Integer timeoutSeconds,
      Integer successThreshold,
      Integer failureThreshold) {
    public Probe {
      exec = copy(exec);
    }
  }

  /**
   * An HTTP GET action; probes send only path, port and scheme, lifecycle hooks also host and
   * headers.
   */
  public record HttpGet(
      String path, int port, String scheme, String host, List<HttpHeader> headers) {
    public HttpGet {
      headers = copy(headers);
    }
  }

  /** One header of a lifecycle hook's HTTP GET. */
  public record HttpHeader(String name, String value) {}

  /** A postStart or preStop hook with exactly one of exec, httpGet or tcpSocketPort. */
  public record Handler(
      List<String> exec, HttpGet httpGet, String tcpSocketHost, Integer tcpSocketPort) {
    public Handler {
      exec = copy(exec);
    }
  }

  /** The container security settings ECI accepts. */
  public record SecurityContext(
      Long runAsUser,
      Long runAsGroup,
      Boolean runAsNonRoot,
      Boolean readOnlyRootFilesystem,
      List<String> capabilitiesAdd) {
    public SecurityContext {
      capabilitiesAdd = copy(capabilitiesAdd);
    }
  }

  /**
   * A volume: {@code EmptyDirVolume}, {@code ConfigFileVolume} or {@code NFSVolume}.
   *
   * @param emptyDirSizeLimit a Kubernetes quantity such as {@code 256Mi}, or null
   * @param configFiles files of a ConfigFileVolume (relative paths, base64 contents)
   */
  public record Volume(
      String name,
      String type,
      String emptyDirMedium,
      String emptyDirSizeLimit,
      List<ConfigFile> configFiles,
      Integer configFileDefaultMode,
      String nfsServer,
      String nfsPath,
      Boolean nfsReadOnly) {

    public static final String EMPTY_DIR = "EmptyDirVolume";
    public static final String CONFIG_FILE = "ConfigFileVolume";
    public static final String NFS = "NFSVolume";

    public Volume {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      configFiles = copy(configFiles);
    }

    public static Volume emptyDir(String name, String medium, String sizeLimit) {
      return new Volume(name, EMPTY_DIR, medium, sizeLimit, List.of(), null, null, null, null);
    }

    public static Volume configFiles(String name, List<ConfigFile> files, Integer defaultMode) {
      return new Volume(name, CONFIG_FILE, null, null, files, defaultMode, null, null, null);
    }

    public static Volume nfs(String name, String server, String path, Boolean readOnly) {
      return new Volume(name, NFS, null, null, List.of(), null, server, path, readOnly);
    }
  }

  /**
   * One file of a ConfigFileVolume.
   *
   * @param path relative to the mount path
   * @param contentBase64 the file content, base64-encoded as ECI expects
   * @param mode file mode (decimal of the octal permission bits), or null
   */
  public record ConfigFile(String path, String contentBase64, Integer mode) {
    @Override
    public String toString() {
      return "ConfigFile[path=" + path + ", content=***]";
    }
  }

  /** DnsConfig: name servers, search domains and resolver options. */
  public record Dns(List<String> nameServers, List<String> searches, List<DnsOption> options) {
    public Dns {
      nameServers = copy(nameServers);
      searches = copy(searches);
      options = copy(options);
    }
  }

  /** A resolver option such as {@code ndots:5}; value may be null. */
  public record DnsOption(String name, String value) {}

  /** One /etc/hosts entry ({@code HostAliase.N.*}, sic). */
  public record HostAlias(String ip, List<String> hostnames) {
    public HostAlias {
      hostnames = copy(hostnames);
    }
  }

  /** A namespaced sysctl ({@code SecurityContext.Sysctl.N.*}). */
  public record Sysctl(String name, String value) {}

  /** Credentials for one registry ({@code ImageRegistryCredential.N.*}). */
  public record RegistryAuth(String server, String userName, String password) {
    @Override
    public String toString() {
      return "RegistryAuth[server=" + server + ", userName=" + userName + ", password=***]";
    }
  }
}

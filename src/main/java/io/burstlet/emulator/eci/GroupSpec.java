package io.burstlet.emulator.eci;

import io.burstlet.emulator.PullCredential;
import io.burstlet.emulator.RestartPolicy;
import java.util.List;
import java.util.Objects;

/**
 * What a client asked for in {@code CreateContainerGroup} (or a later {@code
 * UpdateContainerGroup}), validated and immutable. Optional numbers use {@code null} for "not
 * given" so responses can tell a default from an explicit value.
 *
 * <p>Secret-bearing parts (environment values, ConfigFileVolume contents, registry passwords) are
 * kept out of every {@code toString()}.
 */
record GroupSpec(
    String name,
    RestartPolicy restartPolicy,
    String securityGroupId,
    List<String> vSwitchIds,
    String zoneId,
    Double cpu,
    Double memory,
    String instanceType,
    List<Container> containers,
    List<Container> initContainers,
    List<Volume> volumes,
    List<Tag> tags,
    List<PullCredential> credentials,
    Dns dns,
    List<HostAlias> hostAliases,
    List<NameValue> sysctls,
    Extras extras) {

  GroupSpec {
    Objects.requireNonNull(name, "name");
    containers = List.copyOf(containers);
    initContainers = List.copyOf(initContainers);
    volumes = List.copyOf(volumes);
    tags = List.copyOf(tags);
    credentials = List.copyOf(credentials);
    hostAliases = List.copyOf(hostAliases);
    sysctls = List.copyOf(sysctls);
    vSwitchIds = List.copyOf(vSwitchIds);
  }

  /** The API's spelling of the restart policy. */
  String restartPolicyName() {
    return switch (restartPolicy) {
      case ALWAYS -> "Always";
      case ON_FAILURE -> "OnFailure";
      case NEVER -> "Never";
    };
  }

  GroupSpec withTags(List<Tag> newTags) {
    return new GroupSpec(
        name,
        restartPolicy,
        securityGroupId,
        vSwitchIds,
        zoneId,
        cpu,
        memory,
        instanceType,
        containers,
        initContainers,
        volumes,
        newTags,
        credentials,
        dns,
        hostAliases,
        sysctls,
        extras);
  }

  /** Instance-level settings that are only stored and reported back. */
  record Extras(
      String dnsPolicy,
      String ramRoleName,
      String resourceGroupId,
      String spotStrategy,
      Double spotPriceLimit,
      String computeCategory,
      int ephemeralStorage) {}

  /** One container or init container. {@code cpu}/{@code memory} are 0 when not requested. */
  record Container(
      String name,
      String image,
      String imagePullPolicy,
      List<String> commands,
      List<String> args,
      String workingDir,
      double cpu,
      double memory,
      int gpu,
      boolean stdin,
      boolean stdinOnce,
      boolean tty,
      List<Port> ports,
      List<EnvVar> env,
      boolean envHidden,
      List<Mount> mounts,
      Probe readiness,
      Probe liveness,
      Security security) {

    Container {
      commands = List.copyOf(commands);
      args = List.copyOf(args);
      ports = List.copyOf(ports);
      env = List.copyOf(env);
      mounts = List.copyOf(mounts);
    }
  }

  record Port(int port, String protocol) {}

  /** An environment variable; either a literal value or a field reference. */
  record EnvVar(String key, String value, String fieldPath) {
    @Override
    public String toString() {
      return "EnvVar[" + key + "=***]";
    }
  }

  record Mount(
      String name, String mountPath, boolean readOnly, String subPath, String propagation) {}

  /**
   * A probe as configured, with exactly one handler: {@code execs}, {@code httpGet} or {@code
   * tcpPort}. {@link ContainerProbes} runs it.
   */
  record Probe(
      int initialDelaySeconds,
      int periodSeconds,
      int timeoutSeconds,
      int successThreshold,
      int failureThreshold,
      List<String> execs,
      HttpGet httpGet,
      Integer tcpPort) {

    Probe {
      execs = List.copyOf(execs);
    }
  }

  record HttpGet(String path, int port, String scheme) {}

  record Security(boolean readOnlyRootFilesystem, long runAsUser, List<String> capabilityAdds) {
    Security {
      capabilityAdds = List.copyOf(capabilityAdds);
    }
  }

  /**
   * A volume. Only the fields of its {@code type} are set; {@code files} holds ConfigFileVolume
   * entries, whose contents are secrets as often as not.
   */
  record Volume(
      String name,
      String type,
      String emptyDirMedium,
      String emptyDirSizeLimit,
      String nfsServer,
      String nfsPath,
      boolean nfsReadOnly,
      List<NameValue> files,
      String flexDriver,
      String flexFsType,
      String flexOptions,
      String diskId,
      String diskFsType) {

    Volume {
      files = List.copyOf(files);
    }

    @Override
    public String toString() {
      return "Volume[" + name + ", " + type + ", " + files.size() + " files]";
    }
  }

  record Tag(String key, String value) {}

  record NameValue(String name, String value) {
    @Override
    public String toString() {
      // Used for ConfigFileVolume paths/contents too: never print the value.
      return "NameValue[" + name + "]";
    }
  }

  record Dns(List<String> nameServers, List<String> searches, List<NameValue> options) {
    Dns {
      nameServers = List.copyOf(nameServers);
      searches = List.copyOf(searches);
      options = List.copyOf(options);
    }

    static final Dns NONE = new Dns(List.of(), List.of(), List.of());
  }

  record HostAlias(String ip, List<String> hostnames) {
    HostAlias {
      hostnames = List.copyOf(hostnames);
    }
  }
}

package io.burstlet.emulator.eci;

import io.burstlet.emulator.PullCredential;
import io.burstlet.emulator.RestartPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code CreateContainerGroup}'s flattened parameters ({@code openapi-meta/
 * CreateContainerGroup.json}) into a {@link GroupSpec}, validating as the service does and naming
 * the offending parameter in every error.
 *
 * <p>Deviation, on purpose: {@code SecurityGroupId} and {@code VSwitchId} are required. The service
 * falls back to a default VPC and security group it creates on demand; the emulator has no such
 * defaults to offer, and the generated SDK's request model marks both required too.
 */
final class GroupSpecParser {

  static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");

  private static final Pattern GROUP_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,126}[a-z0-9])?");
  private static final Pattern CONTAINER_NAME =
      Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final List<String> VOLUME_TYPES =
      List.of(
          "EmptyDirVolume",
          "NFSVolume",
          "ConfigFileVolume",
          "FlexVolume",
          "DiskVolume",
          "HostPathVolume");
  private static final int MAX_CONTAINERS = 20;
  private static final int MAX_TAGS = 20;

  private GroupSpecParser() {}

  /** Parses and validates the whole request. */
  static GroupSpec parse(EciParameters p) {
    String name = p.required("ContainerGroupName");
    if (name.length() < 2 || !GROUP_NAME.matcher(name).matches()) {
      throw EciErrors.invalidParameter(
          "ContainerGroupName",
          "2 to 128 lower-case letters, digits and hyphens, not starting or ending with a hyphen");
    }
    String securityGroupId = p.required("SecurityGroupId");
    List<String> vSwitchIds =
        Arrays.stream(p.required("VSwitchId").split(",")).map(String::trim).toList();
    if (vSwitchIds.size() > 10 || vSwitchIds.stream().anyMatch(String::isEmpty)) {
      throw EciErrors.invalidParameter("VSwitchId", "1 to 10 comma-separated vSwitch ids");
    }
    List<EciParameters> containerParams = p.list("Container");
    if (containerParams.isEmpty()) {
      throw EciErrors.missingParameter("Container.1.Image");
    }
    List<GroupSpec.Container> containers = new ArrayList<>();
    for (EciParameters c : containerParams) {
      containers.add(container(c, false));
    }
    List<GroupSpec.Container> inits = new ArrayList<>();
    for (EciParameters c : p.list("InitContainer")) {
      inits.add(container(c, true));
    }
    if (containers.size() + inits.size() > MAX_CONTAINERS) {
      throw EciErrors.invalidParameter("Container", "at most " + MAX_CONTAINERS + " containers");
    }
    checkUniqueNames(containers, inits);
    List<GroupSpec.Volume> volumes = volumes(p);
    checkMounts(containers, inits, volumes);
    return new GroupSpec(
        name,
        restartPolicy(p),
        securityGroupId,
        vSwitchIds,
        p.optional("ZoneId").orElse(null),
        p.decimal("Cpu").orElse(null),
        p.decimal("Memory").orElse(null),
        p.optional("InstanceType").orElse(null),
        containers,
        inits,
        volumes,
        tags(p),
        credentials(p),
        dns(p),
        hostAliases(p),
        nameValues(p, "SecurityContext.Sysctl"),
        new GroupSpec.Extras(
            p.optional("DnsPolicy", ""),
            p.optional("RamRoleName", ""),
            p.optional("ResourceGroupId", ""),
            p.oneOf(
                "SpotStrategy", "NoSpot", List.of("NoSpot", "SpotWithPriceLimit", "SpotAsPriceGo")),
            p.decimal("SpotPriceLimit").orElse(null),
            computeCategory(p),
            p.integer("EphemeralStorage", 0, 65536).orElse(0)));
  }

  static RestartPolicy restartPolicy(EciParameters p) {
    return switch (p.oneOf("RestartPolicy", "Always", RESTART_POLICIES)) {
      case "OnFailure" -> RestartPolicy.ON_FAILURE;
      case "Never" -> RestartPolicy.NEVER;
      default -> RestartPolicy.ALWAYS;
    };
  }

  /** One {@code Container.N.*} or {@code InitContainer.N.*} element. */
  static GroupSpec.Container container(EciParameters c, boolean init) {
    String name = c.required("Name");
    if (!CONTAINER_NAME.matcher(name).matches()) {
      throw EciErrors.invalidParameter(
          c.qualified("Name"), "1 to 63 lower-case letters, digits and hyphens");
    }
    String image = c.required("Image");
    List<GroupSpec.Port> ports = new ArrayList<>();
    for (EciParameters port : c.list("Port")) {
      ports.add(
          new GroupSpec.Port(
              port.integer("Port", 1, 65535)
                  .orElseThrow(() -> EciErrors.missingParameter(port.qualified("Port"))),
              port.oneOf("Protocol", "TCP", List.of("TCP", "UDP", "SCTP"))));
    }
    List<GroupSpec.EnvVar> env = new ArrayList<>();
    for (EciParameters var : c.list("EnvironmentVar")) {
      env.add(
          new GroupSpec.EnvVar(
              var.required("Key"),
              var.optional("Value", ""),
              var.optional("FieldRef.FieldPath").orElse(null)));
    }
    List<GroupSpec.Mount> mounts = new ArrayList<>();
    for (EciParameters mount : c.list("VolumeMount")) {
      mounts.add(
          new GroupSpec.Mount(
              mount.required("Name"),
              mount.required("MountPath"),
              mount.bool("ReadOnly", false),
              mount.optional("SubPath", ""),
              mount.oneOf(
                  "MountPropagation", "None", List.of("None", "HostToCotainer", "Bidirectional"))));
    }
    return new GroupSpec.Container(
        name,
        image,
        c.oneOf("ImagePullPolicy", "IfNotPresent", List.of("Always", "IfNotPresent", "Never")),
        c.strings("Command"),
        c.strings("Arg"),
        c.optional("WorkingDir", ""),
        c.decimal("Cpu").orElse(0.0),
        c.decimal("Memory").orElse(0.0),
        c.integer("Gpu", 0, 64).orElse(0),
        !init && c.bool("Stdin", false),
        !init && c.bool("StdinOnce", false),
        !init && c.bool("Tty", false),
        ports,
        env,
        c.bool("EnvironmentVarHide", false),
        mounts,
        init ? null : probe(c, "ReadinessProbe"),
        init ? null : probe(c, "LivenessProbe"),
        new GroupSpec.Security(
            c.bool("SecurityContext.ReadOnlyRootFilesystem", false),
            c.longValue("SecurityContext.RunAsUser", 0).orElse(0L),
            c.strings("SecurityContext.Capability.Add")));
  }

  private static GroupSpec.Probe probe(EciParameters c, String name) {
    if (!c.hasAny(name)) {
      return null;
    }
    GroupSpec.HttpGet httpGet = null;
    if (c.hasAny(name + ".HttpGet")) {
      httpGet =
          new GroupSpec.HttpGet(
              c.optional(name + ".HttpGet.Path", "/"),
              c.integer(name + ".HttpGet.Port", 1, 65535)
                  .orElseThrow(
                      () -> EciErrors.missingParameter(c.qualified(name + ".HttpGet.Port"))),
              c.oneOf(name + ".HttpGet.Scheme", "HTTP", List.of("HTTP", "HTTPS")));
    }
    List<String> execs = c.strings(name + ".Exec.Command");
    Integer tcpPort = c.integer(name + ".TcpSocket.Port", 1, 65535).orElse(null);
    int handlers =
        (execs.isEmpty() ? 0 : 1) + (httpGet == null ? 0 : 1) + (tcpPort == null ? 0 : 1);
    if (handlers != 1) {
      // As in Kubernetes, whose probes ECI's agent runs: a probe checks one way, never none.
      throw EciErrors.invalidParameter(
          c.qualified(name),
          "give exactly one of Exec.Command, HttpGet and TcpSocket (" + handlers + " given)");
    }
    return new GroupSpec.Probe(
        c.integer(name + ".InitialDelaySeconds", 0, 86400).orElse(0),
        c.integer(name + ".PeriodSeconds", 1, 86400).orElse(10),
        c.integer(name + ".TimeoutSeconds", 1, 86400).orElse(1),
        c.integer(name + ".SuccessThreshold", 1, 100).orElse(1),
        c.integer(name + ".FailureThreshold", 1, 100).orElse(3),
        execs,
        httpGet,
        tcpPort);
  }

  private static List<GroupSpec.Volume> volumes(EciParameters p) {
    List<GroupSpec.Volume> volumes = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (EciParameters v : p.list("Volume")) {
      String name = v.required("Name");
      if (!names.add(name)) {
        throw EciErrors.invalidParameter(v.qualified("Name"), "duplicate volume name " + name);
      }
      String type = v.required("Type");
      if (!VOLUME_TYPES.contains(type)) {
        throw EciErrors.invalidParameter(v.qualified("Type"), "must be one of " + VOLUME_TYPES);
      }
      if (type.equals("NFSVolume")) {
        v.required("NFSVolume.Server");
        v.required("NFSVolume.Path");
      }
      List<GroupSpec.NameValue> files = new ArrayList<>();
      for (EciParameters file : v.list("ConfigFileVolume.ConfigFileToPath")) {
        files.add(new GroupSpec.NameValue(file.required("Path"), file.optional("Content", "")));
      }
      volumes.add(
          new GroupSpec.Volume(
              name,
              type,
              v.optional("EmptyDirVolume.Medium", ""),
              v.optional("EmptyDirVolume.SizeLimit", ""),
              v.optional("NFSVolume.Server", ""),
              v.optional("NFSVolume.Path", ""),
              v.bool("NFSVolume.ReadOnly", false),
              files,
              v.optional("FlexVolume.Driver", ""),
              v.optional("FlexVolume.FsType", ""),
              v.optional("FlexVolume.Options", ""),
              v.optional("DiskVolume.DiskId", ""),
              v.optional("DiskVolume.FsType", "")));
    }
    return volumes;
  }

  static List<GroupSpec.Tag> tags(EciParameters p) {
    List<GroupSpec.Tag> tags = new ArrayList<>();
    for (EciParameters tag : p.list("Tag")) {
      tags.add(new GroupSpec.Tag(tag.required("Key"), tag.optional("Value", "")));
    }
    if (tags.size() > MAX_TAGS) {
      throw EciErrors.invalidParameter("Tag", "at most " + MAX_TAGS + " tags");
    }
    return tags;
  }

  static List<PullCredential> credentials(EciParameters p) {
    List<PullCredential> credentials = new ArrayList<>();
    for (EciParameters c : p.list("ImageRegistryCredential")) {
      credentials.add(
          new PullCredential(c.required("Server"), c.required("UserName"), c.required("Password")));
    }
    return credentials;
  }

  private static GroupSpec.Dns dns(EciParameters p) {
    return new GroupSpec.Dns(
        p.strings("DnsConfig.NameServer"),
        p.strings("DnsConfig.Search"),
        nameValues(p, "DnsConfig.Option"));
  }

  private static List<GroupSpec.HostAlias> hostAliases(EciParameters p) {
    List<GroupSpec.HostAlias> aliases = new ArrayList<>();
    for (EciParameters alias : p.list("HostAliase")) {
      aliases.add(new GroupSpec.HostAlias(alias.required("Ip"), alias.strings("Hostname")));
    }
    return aliases;
  }

  private static List<GroupSpec.NameValue> nameValues(EciParameters p, String name) {
    List<GroupSpec.NameValue> pairs = new ArrayList<>();
    for (EciParameters pair : p.list(name)) {
      pairs.add(new GroupSpec.NameValue(pair.required("Name"), pair.optional("Value", "")));
    }
    return pairs;
  }

  /** {@code ComputeCategory} is a RepeatList in the request but one string in responses. */
  private static String computeCategory(EciParameters p) {
    List<String> categories = p.strings("ComputeCategory");
    for (String category : categories) {
      if (!category.equals("economy") && !category.equals("general")) {
        throw EciErrors.invalidParameter("ComputeCategory", "must be economy or general");
      }
    }
    return categories.isEmpty() ? "" : categories.get(0);
  }

  private static void checkUniqueNames(
      List<GroupSpec.Container> containers, List<GroupSpec.Container> inits) {
    Set<String> seen = new HashSet<>();
    for (GroupSpec.Container c : containers) {
      if (!seen.add(c.name())) {
        throw EciErrors.invalidParameter("Container", "duplicate container name " + c.name());
      }
    }
    for (GroupSpec.Container c : inits) {
      if (!seen.add(c.name())) {
        throw EciErrors.invalidParameter("InitContainer", "duplicate container name " + c.name());
      }
    }
  }

  static void checkMounts(
      List<GroupSpec.Container> containers,
      List<GroupSpec.Container> inits,
      List<GroupSpec.Volume> volumes) {
    Set<String> volumeNames = new HashSet<>();
    volumes.forEach(v -> volumeNames.add(v.name()));
    List<GroupSpec.Container> all = new ArrayList<>(containers);
    all.addAll(inits);
    for (GroupSpec.Container c : all) {
      for (GroupSpec.Mount mount : c.mounts()) {
        if (!volumeNames.contains(mount.name())) {
          throw EciErrors.invalidParameter(
              "VolumeMount", "container " + c.name() + " mounts unknown volume " + mount.name());
        }
      }
    }
  }
}

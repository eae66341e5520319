package io.burstlet.provider.eci;

import com.google.gson.Gson;
import io.burstlet.provider.eci.CreateContainerGroupRequest.Container;
import io.burstlet.provider.eci.CreateContainerGroupRequest.Handler;
import io.burstlet.provider.eci.CreateContainerGroupRequest.HttpGet;
import io.burstlet.provider.eci.CreateContainerGroupRequest.Probe;
import io.burstlet.provider.eci.CreateContainerGroupRequest.Volume;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Flattens request records into the RPC parameters ECI expects (sent as a form body), named exactly
 * as {@code openapi-meta/*.json} (and the generated SDK's {@code @NameInMap}) name them: repeated
 * structures get 1-based indexes ({@code Container.1.Port.2.Protocol}), ID lists are one JSON-array
 * string ({@code ContainerGroupIds}, exec {@code Command}), and absent values are left out.
 *
 * <p>The maps are sorted so that golden files and signatures are stable.
 */
final class EciRpcParams {
  private static final Gson GSON = new Gson();

  /**
   * Parameter names whose values are secret material (environment values, config file contents,
   * registry passwords, HTTP header values, and commands and arguments, which hold environment
   * values once {@code $(VAR)} is expanded); their values are redacted from error messages.
   */
  private static final Pattern SENSITIVE_KEY =
      Pattern.compile(
          ".*(\\.Password|EnvironmentVar\\.\\d+\\.Value|ConfigFileToPath\\.\\d+\\.Content"
              + "|HttpHeader\\.\\d+\\.Value|Command(\\.\\d+)?|Arg(\\.\\d+)?)");

  private EciRpcParams() {}

  static SortedMap<String, String> createContainerGroup(CreateContainerGroupRequest r) {
    Params p = new Params();
    p.put("RegionId", r.regionId());
    p.put("ZoneId", r.zoneId());
    p.put("SecurityGroupId", r.securityGroupId());
    p.put("VSwitchId", join(r.vSwitchIds()));
    p.put("ContainerGroupName", r.containerGroupName());
    p.put("ClientToken", r.clientToken());
    p.put("HostName", r.hostName());
    p.put("RestartPolicy", r.restartPolicy());
    p.put("TerminationGracePeriodSeconds", r.terminationGracePeriodSeconds());
    p.put("ActiveDeadlineSeconds", r.activeDeadlineSeconds());
    p.put("Cpu", r.cpu());
    p.put("Memory", r.memory());
    p.put("EphemeralStorage", r.ephemeralStorage());
    p.put("InstanceType", join(r.instanceTypes()));
    p.put("SpotStrategy", r.spotStrategy());
    p.put("SpotPriceLimit", r.spotPriceLimit());
    p.put("AutoMatchImageCache", r.autoMatchImageCache());
    p.put("ImageSnapshotId", r.imageSnapshotId());
    p.put("ShareProcessNamespace", r.shareProcessNamespace());
    p.put("DnsPolicy", r.dnsPolicy());
    if (r.dnsConfig() != null) {
      p.list("DnsConfig.NameServer", r.dnsConfig().nameServers());
      p.list("DnsConfig.Search", r.dnsConfig().searches());
      int i = 1;
      for (var option : r.dnsConfig().options()) {
        p.put("DnsConfig.Option." + i + ".Name", option.name());
        p.put("DnsConfig.Option." + i + ".Value", option.value());
        i++;
      }
    }
    int i = 1;
    for (var alias : r.hostAliases()) {
      p.put("HostAliase." + i + ".Ip", alias.ip());
      p.list("HostAliase." + i + ".Hostname", alias.hostnames());
      i++;
    }
    i = 1;
    for (var sysctl : r.sysctls()) {
      p.put("SecurityContext.Sysctl." + i + ".Name", sysctl.name());
      p.put("SecurityContext.Sysctl." + i + ".Value", sysctl.value());
      i++;
    }
    tags(p, r.tags());
    i = 1;
    for (Container c : r.containers()) {
      container(p, "Container." + i++ + ".", c, false);
    }
    i = 1;
    for (Container c : r.initContainers()) {
      container(p, "InitContainer." + i++ + ".", c, true);
    }
    i = 1;
    for (Volume v : r.volumes()) {
      volume(p, "Volume." + i++ + ".", v);
    }
    i = 1;
    for (var auth : r.imageRegistryCredentials()) {
      p.put("ImageRegistryCredential." + i + ".Server", auth.server());
      p.put("ImageRegistryCredential." + i + ".UserName", auth.userName());
      p.put("ImageRegistryCredential." + i + ".Password", auth.password());
      i++;
    }
    return p.map;
  }

  static SortedMap<String, String> describeContainerGroups(DescribeContainerGroupsRequest r) {
    Params p = new Params();
    p.put("RegionId", r.regionId());
    p.put("ZoneId", r.zoneId());
    p.put("ContainerGroupIds", jsonArray(r.containerGroupIds()));
    p.put("ContainerGroupName", r.containerGroupName());
    tags(p, r.tags());
    p.put("Limit", r.limit());
    p.put("NextToken", r.nextToken());
    return p.map;
  }

  static SortedMap<String, String> describeContainerGroupStatus(
      DescribeContainerGroupStatusRequest r) {
    Params p = new Params();
    p.put("RegionId", r.regionId());
    p.put("ZoneId", r.zoneId());
    p.put("ContainerGroupIds", jsonArray(r.containerGroupIds()));
    tags(p, r.tags());
    p.put("SinceSecond", r.sinceSecond());
    p.put("Limit", r.limit());
    p.put("NextToken", r.nextToken());
    return p.map;
  }

  static SortedMap<String, String> describeContainerGroupEvents(
      DescribeContainerGroupEventsRequest r) {
    Params p = new Params();
    p.put("RegionId", r.regionId());
    p.put("ZoneId", r.zoneId());
    p.put("ContainerGroupIds", jsonArray(r.containerGroupIds()));
    tags(p, r.tags());
    p.put("SinceSecond", r.sinceSecond());
    p.put("Limit", r.limit());
    p.put("NextToken", r.nextToken());
    return p.map;
  }

  static SortedMap<String, String> deleteContainerGroup(DeleteContainerGroupRequest r) {
    Params p = new Params();
    p.put("RegionId", r.regionId());
    p.put("ContainerGroupId", r.containerGroupId());
    return p.map;
  }

  static SortedMap<String, String> describeContainerLog(DescribeContainerLogRequest r) {
    Params p = new Params();
    p.put("RegionId", r.regionId());
    p.put("ContainerGroupId", r.containerGroupId());
    p.put("ContainerName", r.containerName());
    p.put("Tail", r.tail());
    p.put("SinceSeconds", r.sinceSeconds());
    p.put("Timestamps", r.timestamps() ? Boolean.TRUE : null);
    p.put("LastTime", r.lastTime() ? Boolean.TRUE : null);
    p.put("LimitBytes", r.limitBytes());
    return p.map;
  }

  static SortedMap<String, String> execContainerCommand(ExecContainerCommandRequest r) {
    Params p = new Params();
    p.put("RegionId", r.regionId());
    p.put("ContainerGroupId", r.containerGroupId());
    p.put("ContainerName", r.containerName());
    p.put("Command", GSON.toJson(r.command()));
    p.put("TTY", r.tty());
    p.put("Stdin", r.stdin());
    return p.map;
  }

  /** The values of secret-bearing parameters, for redaction from error messages. */
  static Set<String> sensitiveValues(SortedMap<String, String> params) {
    java.util.HashSet<String> values = new java.util.HashSet<>();
    params.forEach(
        (k, v) -> {
          if (SENSITIVE_KEY.matcher(k).matches() && v != null && !v.isEmpty()) {
            values.add(v);
          }
        });
    return values;
  }

  private static void container(Params p, String prefix, Container c, boolean init) {
    if (init
        && (c.livenessProbe() != null
            || c.readinessProbe() != null
            || c.postStart() != null
            || c.preStop() != null
            || c.stdin() != null
            || c.tty() != null)) {
      // The translator refuses such pods; reaching this is a programming error.
      throw new IllegalArgumentException(
          "init container " + c.name() + " has container-only fields");
    }
    p.put(prefix + "Name", c.name());
    p.put(prefix + "Image", c.image());
    p.put(prefix + "ImagePullPolicy", c.imagePullPolicy());
    p.list(prefix + "Command", c.commands());
    p.list(prefix + "Arg", c.args());
    p.put(prefix + "WorkingDir", c.workingDir());
    p.put(prefix + "Cpu", c.cpu());
    p.put(prefix + "Memory", c.memory());
    p.put(prefix + "Gpu", c.gpu());
    int i = 1;
    for (var env : c.env()) {
      String e = prefix + "EnvironmentVar." + i++ + ".";
      p.put(e + "Key", env.key());
      p.put(e + "Value", env.value());
      p.put(e + "FieldRef.FieldPath", env.fieldPath());
    }
    i = 1;
    for (var port : c.ports()) {
      p.put(prefix + "Port." + i + ".Port", port.port());
      p.put(prefix + "Port." + i + ".Protocol", port.protocol());
      i++;
    }
    i = 1;
    for (var mount : c.volumeMounts()) {
      String m = prefix + "VolumeMount." + i++ + ".";
      p.put(m + "Name", mount.name());
      p.put(m + "MountPath", mount.mountPath());
      p.put(m + "SubPath", mount.subPath());
      p.put(m + "ReadOnly", mount.readOnly());
      p.put(m + "MountPropagation", mount.mountPropagation());
    }
    probe(p, prefix + "LivenessProbe.", c.livenessProbe());
    probe(p, prefix + "ReadinessProbe.", c.readinessProbe());
    handler(p, prefix + "LifecyclePostStartHandler", c.postStart());
    handler(p, prefix + "LifecyclePreStopHandler", c.preStop());
    var sc = c.securityContext();
    if (sc != null) {
      p.put(prefix + "SecurityContext.RunAsUser", sc.runAsUser());
      p.put(prefix + "SecurityContext.ReadOnlyRootFilesystem", sc.readOnlyRootFilesystem());
      p.list(prefix + "SecurityContext.Capability.Add", sc.capabilitiesAdd());
      if (init && (sc.runAsGroup() != null || sc.runAsNonRoot() != null)) {
        throw new IllegalArgumentException(
            "init container " + c.name() + " cannot carry RunAsGroup/RunAsNonRoot");
      }
      p.put(prefix + "SecurityContextRunAsGroup", sc.runAsGroup());
      p.put(prefix + "SecurityContextRunAsNonRoot", sc.runAsNonRoot());
    }
    p.put(prefix + "Stdin", c.stdin());
    p.put(prefix + "StdinOnce", c.stdinOnce());
    p.put(prefix + "Tty", c.tty());
    p.put(prefix + "TerminationMessagePath", c.terminationMessagePath());
    p.put(prefix + "TerminationMessagePolicy", c.terminationMessagePolicy());
  }

  private static void probe(Params p, String prefix, Probe probe) {
    if (probe == null) {
      return;
    }
    p.list(prefix + "Exec.Command", probe.exec());
    HttpGet get = probe.httpGet();
    if (get != null) {
      p.put(prefix + "HttpGet.Path", get.path());
      p.put(prefix + "HttpGet.Port", get.port());
      p.put(prefix + "HttpGet.Scheme", get.scheme());
    }
    p.put(prefix + "TcpSocket.Port", probe.tcpSocketPort());
    p.put(prefix + "InitialDelaySeconds", probe.initialDelaySeconds());
    p.put(prefix + "PeriodSeconds", probe.periodSeconds());
    p.put(prefix + "TimeoutSeconds", probe.timeoutSeconds());
    p.put(prefix + "SuccessThreshold", probe.successThreshold());
    p.put(prefix + "FailureThreshold", probe.failureThreshold());
  }

  private static void handler(Params p, String prefix, Handler h) {
    if (h == null) {
      return;
    }
    p.list(prefix + "Exec", h.exec());
    HttpGet get = h.httpGet();
    if (get != null) {
      p.put(prefix + "HttpGetHost", get.host());
      p.put(prefix + "HttpGetPath", get.path());
      p.put(prefix + "HttpGetPort", get.port());
      p.put(prefix + "HttpGetScheme", get.scheme());
      int i = 1;
      for (var header : get.headers()) {
        p.put(prefix + "HttpGetHttpHeader." + i + ".Name", header.name());
        p.put(prefix + "HttpGetHttpHeader." + i + ".Value", header.value());
        i++;
      }
    }
    p.put(prefix + "TcpSocketHost", h.tcpSocketHost());
    p.put(prefix + "TcpSocketPort", h.tcpSocketPort());
  }

  private static void volume(Params p, String prefix, Volume v) {
    p.put(prefix + "Name", v.name());
    p.put(prefix + "Type", v.type());
    switch (v.type()) {
      case Volume.EMPTY_DIR -> {
        p.put(prefix + "EmptyDirVolume.Medium", v.emptyDirMedium());
        p.put(prefix + "EmptyDirVolume.SizeLimit", v.emptyDirSizeLimit());
      }
      case Volume.CONFIG_FILE -> {
        int i = 1;
        for (var file : v.configFiles()) {
          String f = prefix + "ConfigFileVolume.ConfigFileToPath." + i++ + ".";
          p.put(f + "Path", file.path());
          p.put(f + "Content", file.contentBase64());
          p.put(f + "Mode", file.mode());
        }
        p.put(prefix + "ConfigFileVolume.DefaultMode", v.configFileDefaultMode());
      }
      case Volume.NFS -> {
        p.put(prefix + "NFSVolume.Server", v.nfsServer());
        p.put(prefix + "NFSVolume.Path", v.nfsPath());
        p.put(prefix + "NFSVolume.ReadOnly", v.nfsReadOnly());
      }
      default -> throw new IllegalArgumentException("unknown volume type " + v.type());
    }
  }

  private static void tags(Params p, List<EciTag> tags) {
    int i = 1;
    for (EciTag tag : tags) {
      p.put("Tag." + i + ".Key", tag.key());
      p.put("Tag." + i + ".Value", tag.value());
      i++;
    }
  }

  private static String join(Collection<String> values) {
    return values.isEmpty() ? null : String.join(",", values);
  }

  private static String jsonArray(List<String> values) {
    return values.isEmpty() ? null : GSON.toJson(values);
  }

  /** Formats a decimal without exponent or trailing zeros: 0.25, 2, 1.5. */
  static String decimal(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
  }

  /** A sorted parameter map that skips nulls. */
  private static final class Params {
    final SortedMap<String, String> map = new TreeMap<>();

    void put(String key, Object value) {
      if (value == null) {
        return;
      }
      map.put(key, value instanceof BigDecimal d ? decimal(d) : String.valueOf(value));
    }

    void list(String key, List<String> values) {
      int i = 1;
      for (String value : values) {
        map.put(key + "." + i++, value);
      }
    }
  }
}

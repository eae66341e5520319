package io.burstlet.emulator.eci;

import io.burstlet.emulator.ContainerState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link GroupView} as one element of DescribeContainerGroups' {@code ContainerGroups},
 * with every field of {@code examples/DescribeContainerGroups.json} and its exact key casing
 * (containers use {@code Commands}, init containers {@code Command}). Integer fields are Java ints
 * so they serialise without a decimal point; vCPU and memory are doubles ({@code 2.0}).
 *
 * <p>Registry passwords are never rendered (the API has no field for them); environment values are,
 * as the API returns them, except for containers created with {@code EnvironmentVarHide}.
 */
final class GroupRenderer {

  private GroupRenderer() {}

  static Map<String, Object> render(GroupView view, boolean withEvents) {
    ContainerGroup group = view.group();
    GroupSpec spec = group.spec();
    ContainerGroup.Placement placement = group.placement();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ContainerGroupId", group.id());
    out.put("ContainerGroupName", spec.name());
    out.put("RegionId", placement.regionId());
    out.put("ZoneId", placement.zoneId());
    out.put("VpcId", placement.vpcId());
    out.put("VSwitchId", placement.vSwitchId());
    out.put("SecurityGroupId", spec.securityGroupId());
    out.put("ResourceGroupId", spec.extras().resourceGroupId());
    out.put("Status", view.status());
    out.put("RestartPolicy", spec.restartPolicyName());
    out.put("Cpu", group.size().cpu());
    out.put("Memory", group.size().memory());
    out.put("EphemeralStorage", spec.extras().ephemeralStorage());
    out.put("InstanceType", spec.instanceType() == null ? "" : spec.instanceType());
    out.put("ComputeCategory", spec.extras().computeCategory());
    out.put("SpotStrategy", spec.extras().spotStrategy());
    if (spec.extras().spotPriceLimit() != null) {
      out.put("SpotPriceLimit", spec.extras().spotPriceLimit());
    }
    // Discount is in tenths (10 = no discount); spot pricing is not modelled.
    out.put("Discount", 10);
    out.put("IntranetIp", view.scheduled() ? placement.intranetIp() : "");
    out.put("InternetIp", "");
    out.put("Ipv6Address", "");
    out.put("EniInstanceId", view.scheduled() ? placement.eniId() : "");
    out.put("RamRoleName", spec.extras().ramRoleName());
    out.put("DnsPolicy", spec.extras().dnsPolicy());
    out.put("CreationTime", EciTime.format(group.createdAt()));
    out.put("SucceededTime", view.status().equals("Succeeded") ? time(view) : "");
    out.put(
        "FailedTime",
        view.status().equals("Failed") || view.status().equals("ScheduleFailed") ? time(view) : "");
    out.put("ExpiredTime", EciTime.format(group.expiredAt()));
    out.put(
        "Tags", spec.tags().stream().map(t -> pair("Key", t.key(), "Value", t.value())).toList());
    out.put("DnsConfig", dns(spec.dns()));
    out.put(
        "EciSecurityContext",
        Map.of(
            "Sysctls",
            spec.sysctls().stream().map(s -> pair("Name", s.name(), "Value", s.value())).toList()));
    out.put("HostAliases", spec.hostAliases().stream().map(GroupRenderer::hostAlias).toList());
    out.put("Volumes", spec.volumes().stream().map(GroupRenderer::volume).toList());
    out.put("Events", withEvents ? events(view) : List.of());
    out.put("InitContainers", view.initContainers().stream().map(c -> container(c, true)).toList());
    out.put("Containers", view.containers().stream().map(c -> container(c, false)).toList());
    return out;
  }

  private static String time(GroupView view) {
    return EciTime.format(view.statusSince());
  }

  private static Map<String, Object> dns(GroupSpec.Dns dns) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("NameServers", dns.nameServers());
    out.put("Searches", dns.searches());
    out.put(
        "Options",
        dns.options().stream().map(o -> pair("Name", o.name(), "Value", o.value())).toList());
    return out;
  }

  private static Map<String, Object> hostAlias(GroupSpec.HostAlias alias) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Ip", alias.ip());
    out.put("Hostnames", alias.hostnames());
    return out;
  }

  /** Only the fields of the volume's type, as the service returns them. */
  private static Map<String, Object> volume(GroupSpec.Volume v) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Name", v.name());
    out.put("Type", v.type());
    switch (v.type()) {
      case "EmptyDirVolume" -> {
        out.put("EmptyDirVolumeMedium", v.emptyDirMedium());
        out.put("EmptyDirVolumeSizeLimit", v.emptyDirSizeLimit());
      }
      case "ConfigFileVolume" ->
          out.put(
              "ConfigFileVolumeConfigFileToPaths",
              v.files().stream().map(f -> pair("Path", f.name(), "Content", f.value())).toList());
      case "NFSVolume" -> {
        out.put("NFSVolumeServer", v.nfsServer());
        out.put("NFSVolumePath", v.nfsPath());
        out.put("NFSVolumeReadOnly", v.nfsReadOnly());
      }
      case "FlexVolume" -> {
        out.put("FlexVolumeDriver", v.flexDriver());
        out.put("FlexVolumeFsType", v.flexFsType());
        out.put("FlexVolumeOptions", v.flexOptions());
      }
      case "DiskVolume" -> {
        out.put("DiskVolumeDiskId", v.diskId());
        out.put("DiskVolumeFsType", v.diskFsType());
      }
      default -> {
        // HostPathVolume: the response model has no fields for it beyond Name and Type.
      }
    }
    return out;
  }

  private static List<Map<String, Object>> events(GroupView view) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (EciEvent event : view.events()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("Count", event.count());
      e.put("Type", event.type());
      e.put("Name", event.name());
      e.put("Reason", event.reason());
      e.put("Message", event.message());
      e.put("FirstTimestamp", EciTime.format(event.first()));
      e.put("LastTimestamp", EciTime.format(event.last()));
      out.add(e);
    }
    return out;
  }

  private static Map<String, Object> container(GroupView.ContainerView view, boolean init) {
    GroupSpec.Container c = view.spec();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Name", c.name());
    out.put("Image", c.image());
    out.put("ImagePullPolicy", c.imagePullPolicy());
    out.put(init ? "Command" : "Commands", c.commands());
    out.put("Args", c.args());
    out.put("WorkingDir", c.workingDir());
    out.put("Cpu", c.cpu());
    out.put("Memory", c.memory());
    out.put("Gpu", c.gpu());
    out.put("Ready", view.ready());
    out.put("RestartCount", view.status().restartCount());
    if (!init) {
      out.put("Stdin", c.stdin());
      out.put("StdinOnce", c.stdinOnce());
      out.put("Tty", c.tty());
    }
    out.put(
        "Ports",
        c.ports().stream().map(p -> pair("Port", p.port(), "Protocol", p.protocol())).toList());
    out.put("EnvironmentVars", c.env().stream().map(v -> env(v, c.envHidden())).toList());
    out.put("VolumeMounts", c.mounts().stream().map(GroupRenderer::mount).toList());
    out.put("CurrentState", state(view.status().current(), view.message()));
    out.put(
        "PreviousState",
        view.status()
            .previous()
            .<Map<String, Object>>map(t -> state(t, ""))
            .orElseGet(GroupRenderer::noState));
    if (c.readiness() != null) {
      out.put("ReadinessProbe", probe(c.readiness()));
    }
    if (c.liveness() != null) {
      out.put("LivenessProbe", probe(c.liveness()));
    }
    Map<String, Object> security = new LinkedHashMap<>();
    security.put("ReadOnlyRootFilesystem", c.security().readOnlyRootFilesystem());
    security.put("RunAsUser", c.security().runAsUser());
    security.put("Capability", Map.of("Adds", c.security().capabilityAdds()));
    out.put("SecurityContext", security);
    return out;
  }

  private static Map<String, Object> env(GroupSpec.EnvVar var, boolean hidden) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Key", var.key());
    out.put("Value", hidden ? "" : var.value());
    if (var.fieldPath() != null) {
      out.put("ValueFrom", Map.of("FieldRef", Map.of("FieldPath", var.fieldPath())));
    }
    return out;
  }

  private static Map<String, Object> mount(GroupSpec.Mount m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Name", m.name());
    out.put("MountPath", m.mountPath());
    out.put("ReadOnly", m.readOnly());
    out.put("SubPath", m.subPath());
    out.put("MountPropagation", m.propagation());
    return out;
  }

  /** CurrentState/PreviousState in DescribeContainerGroups' words. */
  static Map<String, Object> state(ContainerState state, String message) {
    Map<String, Object> out = new LinkedHashMap<>();
    String reason;
    int exitCode = 0;
    String start = "";
    String finish = "";
    String name;
    if (state instanceof ContainerState.Waiting waiting) {
      name = "Waiting";
      reason = waiting.reason();
    } else if (state instanceof ContainerState.Running running) {
      name = "Running";
      reason = "Started";
      start = EciTime.format(running.startedAt());
    } else {
      ContainerState.Terminated terminated = (ContainerState.Terminated) state;
      name = "Terminated";
      reason = terminated.reason();
      exitCode = terminated.exitCode();
      start = EciTime.format(terminated.startedAt());
      finish = EciTime.format(terminated.finishedAt());
    }
    out.put("State", name);
    out.put("DetailStatus", "");
    out.put("Reason", reason);
    out.put("Message", message);
    out.put("ExitCode", exitCode);
    out.put("Signal", signal(exitCode));
    out.put("StartTime", start);
    out.put("FinishTime", finish);
    return out;
  }

  /** What the service returns when a container has no previous state. */
  private static Map<String, Object> noState() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("State", "");
    out.put("DetailStatus", "");
    return out;
  }

  /** 137 = 128 + SIGKILL: the signal is reported alongside the exit code. */
  static int signal(int exitCode) {
    return exitCode > 128 && exitCode < 160 ? exitCode - 128 : 0;
  }

  private static Map<String, Object> probe(GroupSpec.Probe p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("InitialDelaySeconds", p.initialDelaySeconds());
    out.put("PeriodSeconds", p.periodSeconds());
    out.put("TimeoutSeconds", p.timeoutSeconds());
    out.put("SuccessThreshold", p.successThreshold());
    out.put("FailureThreshold", p.failureThreshold());
    out.put("Execs", p.execs());
    if (p.httpGet() != null) {
      Map<String, Object> httpGet = pair("Path", p.httpGet().path(), "Port", p.httpGet().port());
      httpGet.put("Scheme", p.httpGet().scheme());
      out.put("HttpGet", httpGet);
    }
    if (p.tcpPort() != null) {
      out.put("TcpSocket", Map.of("Port", p.tcpPort()));
    }
    return out;
  }

  static Map<String, Object> pair(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(k1, v1);
    out.put(k2, v2);
    return out;
  }
}

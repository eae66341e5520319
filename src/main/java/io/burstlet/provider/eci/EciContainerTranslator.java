package io.burstlet.provider.eci;

import io.burstlet.provider.ProviderException;
import io.burstlet.provider.UnsupportedPodException;
import io.burstlet.provider.eci.CreateContainerGroupRequest.Container;
import io.burstlet.provider.eci.CreateContainerGroupRequest.Handler;
import io.burstlet.provider.eci.CreateContainerGroupRequest.HttpGet;
import io.burstlet.provider.eci.CreateContainerGroupRequest.HttpHeader;
import io.burstlet.provider.eci.CreateContainerGroupRequest.Port;
import io.burstlet.provider.eci.CreateContainerGroupRequest.Probe;
import io.burstlet.provider.eci.CreateContainerGroupRequest.SecurityContext;
import io.burstlet.provider.eci.CreateContainerGroupRequest.VolumeMount;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1HTTPGetAction;
import io.kubernetes.client.openapi.models.V1LifecycleHandler;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1TCPSocketAction;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Kubernetes container (or init container) → one ECI container: image, command and args (with
 * {@code $(VAR)} expanded), environment, ports, mounts, liveness/readiness probes, lifecycle hooks,
 * the security settings ECI accepts, stdin/tty and its own cpu/memory. Whatever ECI cannot honour
 * (startup probes, gRPC probes, host ports, privileged mode, dropped capabilities, sidecar init
 * containers…) is refused naming the field.
 */
final class EciContainerTranslator {
  private EciContainerTranslator() {}

  static Container container(
      V1PodSpec pod, V1Container c, String field, boolean init, EciEnvResolver envResolver)
      throws ProviderException {
    if (c.getRestartPolicy() != null) {
      throw new UnsupportedPodException(
          field + ".restartPolicy",
          "sidecar containers (restartPolicy on a container) are not supported on ECI");
    }
    if (c.getRestartPolicyRules() != null && !c.getRestartPolicyRules().isEmpty()) {
      throw new UnsupportedPodException(field + ".restartPolicyRules", "not supported on ECI");
    }
    if (c.getVolumeDevices() != null && !c.getVolumeDevices().isEmpty()) {
      throw new UnsupportedPodException(
          field + ".volumeDevices", "block devices are not supported on ECI");
    }
    if (c.getStartupProbe() != null) {
      throw new UnsupportedPodException(
          field + ".startupProbe", "ECI has liveness and readiness probes only");
    }
    if (init
        && (Boolean.TRUE.equals(c.getStdin())
            || Boolean.TRUE.equals(c.getTty())
            || Boolean.TRUE.equals(c.getStdinOnce()))) {
      throw new UnsupportedPodException(
          field + ".stdin", "ECI init containers have no stdin or tty");
    }
    if (init && c.getLifecycle() != null) {
      throw new UnsupportedPodException(
          field + ".lifecycle", "ECI init containers have no lifecycle hooks");
    }
    if (c.getLifecycle() != null && c.getLifecycle().getStopSignal() != null) {
      throw new UnsupportedPodException(field + ".lifecycle.stopSignal", "not supported on ECI");
    }
    EciEnvResolver.Resolved env = envResolver.resolve(c, field);
    List<String> commands = expand(c.getCommand(), env.values());
    List<String> args = expand(c.getArgs(), env.values());
    V1ResourceRequirements r = c.getResources();
    BigDecimal cpu = EciSizing.effective(r, "cpu");
    BigDecimal memory = EciSizing.effective(r, "memory");
    BigDecimal gpu = EciSizing.effective(r, EciSizing.GPU);
    return new Container(
        c.getName(),
        c.getImage(),
        c.getImagePullPolicy(),
        commands,
        args,
        c.getWorkingDir(),
        cpu == null ? null : cpu.setScale(3, RoundingMode.CEILING),
        memory == null ? null : memory.divide(EciSizing.GIB, 3, RoundingMode.CEILING),
        gpu == null || gpu.signum() == 0 ? null : gpu.intValue(),
        env.env(),
        ports(c, field),
        mounts(c, field),
        init ? null : probe(c.getLivenessProbe(), c, field + ".livenessProbe"),
        init ? null : probe(c.getReadinessProbe(), c, field + ".readinessProbe"),
        c.getLifecycle() == null
            ? null
            : handler(c.getLifecycle().getPostStart(), c, field + ".lifecycle.postStart"),
        c.getLifecycle() == null
            ? null
            : handler(c.getLifecycle().getPreStop(), c, field + ".lifecycle.preStop"),
        securityContext(pod.getSecurityContext(), c.getSecurityContext(), field, init),
        init ? null : c.getStdin(),
        init ? null : c.getStdinOnce(),
        init ? null : c.getTty(),
        c.getTerminationMessagePath(),
        c.getTerminationMessagePolicy());
  }

  private static List<String> expand(List<String> values, Map<String, String> env) {
    List<String> out = new ArrayList<>();
    if (values != null) {
      for (String v : values) {
        out.add(EciEnvResolver.expand(v, env));
      }
    }
    return out;
  }

  private static List<Port> ports(V1Container c, String field) throws UnsupportedPodException {
    List<Port> out = new ArrayList<>();
    List<V1ContainerPort> ports = c.getPorts() == null ? List.of() : c.getPorts();
    for (int j = 0; j < ports.size(); j++) {
      V1ContainerPort p = ports.get(j);
      String f = field + ".ports[" + j + "]";
      if (p.getHostPort() != null && p.getHostPort() != 0) {
        throw new UnsupportedPodException(f + ".hostPort", "ECI groups have no host ports");
      }
      if (p.getHostIP() != null && !p.getHostIP().isEmpty()) {
        throw new UnsupportedPodException(f + ".hostIP", "ECI groups have no host ports");
      }
      String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
      if (!protocol.equals("TCP") && !protocol.equals("UDP")) {
        throw new UnsupportedPodException(f + ".protocol", "ECI supports TCP and UDP ports only");
      }
      out.add(new Port(p.getContainerPort(), protocol));
    }
    return out;
  }

  private static List<VolumeMount> mounts(V1Container c, String field)
      throws UnsupportedPodException {
    List<VolumeMount> out = new ArrayList<>();
    List<V1VolumeMount> mounts = c.getVolumeMounts() == null ? List.of() : c.getVolumeMounts();
    for (int j = 0; j < mounts.size(); j++) {
      V1VolumeMount m = mounts.get(j);
      String f = field + ".volumeMounts[" + j + "]";
      if (m.getSubPathExpr() != null && !m.getSubPathExpr().isEmpty()) {
        throw new UnsupportedPodException(f + ".subPathExpr", "not supported on ECI");
      }
      if (m.getRecursiveReadOnly() != null && !"Disabled".equals(m.getRecursiveReadOnly())) {
        throw new UnsupportedPodException(f + ".recursiveReadOnly", "not supported on ECI");
      }
      String propagation =
          m.getMountPropagation() == null
              ? null
              : switch (m.getMountPropagation()) {
                case "None" -> null;
                case "HostToContainer" -> "HostToCotainer"; // ECI's spelling
                case "Bidirectional" -> "Bidirectional";
                default ->
                    throw new UnsupportedPodException(
                        f + ".mountPropagation", "unknown mode " + m.getMountPropagation());
              };
      out.add(
          new VolumeMount(
              m.getName(),
              m.getMountPath(),
              m.getSubPath() == null || m.getSubPath().isEmpty() ? null : m.getSubPath(),
              Boolean.TRUE.equals(m.getReadOnly()) ? Boolean.TRUE : null,
              propagation));
    }
    return out;
  }

  private static Probe probe(V1Probe p, V1Container c, String field)
      throws UnsupportedPodException {
    if (p == null) {
      return null;
    }
    if (p.getGrpc() != null) {
      throw new UnsupportedPodException(field + ".grpc", "ECI has no gRPC probes");
    }
    if (p.getTerminationGracePeriodSeconds() != null) {
      throw new UnsupportedPodException(
          field + ".terminationGracePeriodSeconds", "not supported on ECI");
    }
    List<String> exec = null;
    HttpGet get = null;
    Integer tcp = null;
    if (p.getExec() != null) {
      exec = p.getExec().getCommand() == null ? List.of() : p.getExec().getCommand();
    } else if (p.getHttpGet() != null) {
      V1HTTPGetAction h = p.getHttpGet();
      if (h.getHost() != null && !h.getHost().isEmpty()) {
        throw new UnsupportedPodException(field + ".httpGet.host", "ECI probes the pod IP only");
      }
      if (h.getHttpHeaders() != null && !h.getHttpHeaders().isEmpty()) {
        throw new UnsupportedPodException(
            field + ".httpGet.httpHeaders", "ECI probes send no custom headers");
      }
      get =
          new HttpGet(
              h.getPath() == null ? "/" : h.getPath(),
              port(h.getPort(), c, field + ".httpGet.port"),
              h.getScheme() == null ? "HTTP" : h.getScheme(),
              null,
              List.of());
    } else if (p.getTcpSocket() != null) {
      V1TCPSocketAction t = p.getTcpSocket();
      if (t.getHost() != null && !t.getHost().isEmpty()) {
        throw new UnsupportedPodException(field + ".tcpSocket.host", "ECI probes the pod IP only");
      }
      tcp = port(t.getPort(), c, field + ".tcpSocket.port");
    } else {
      throw new UnsupportedPodException(field, "a probe needs exec, httpGet or tcpSocket");
    }
    return new Probe(
        exec,
        get,
        tcp,
        p.getInitialDelaySeconds(),
        p.getPeriodSeconds(),
        p.getTimeoutSeconds(),
        p.getSuccessThreshold(),
        p.getFailureThreshold());
  }

  private static Handler handler(V1LifecycleHandler h, V1Container c, String field)
      throws UnsupportedPodException {
    if (h == null) {
      return null;
    }
    if (h.getExec() != null) {
      return new Handler(
          h.getExec().getCommand() == null ? List.of() : h.getExec().getCommand(),
          null,
          null,
          null);
    }
    if (h.getHttpGet() != null) {
      V1HTTPGetAction g = h.getHttpGet();
      List<HttpHeader> headers = new ArrayList<>();
      if (g.getHttpHeaders() != null) {
        for (var header : g.getHttpHeaders()) {
          headers.add(new HttpHeader(header.getName(), header.getValue()));
        }
      }
      return new Handler(
          List.of(),
          new HttpGet(
              g.getPath() == null ? "/" : g.getPath(),
              port(g.getPort(), c, field + ".httpGet.port"),
              g.getScheme() == null ? "HTTP" : g.getScheme(),
              g.getHost() == null || g.getHost().isEmpty() ? null : g.getHost(),
              headers),
          null,
          null);
    }
    if (h.getTcpSocket() != null) {
      V1TCPSocketAction t = h.getTcpSocket();
      return new Handler(
          List.of(),
          null,
          t.getHost() == null || t.getHost().isEmpty() ? null : t.getHost(),
          port(t.getPort(), c, field + ".tcpSocket.port"));
    }
    if (h.getSleep() != null) {
      throw new UnsupportedPodException(field + ".sleep", "ECI hooks have no sleep action");
    }
    throw new UnsupportedPodException(field, "a hook needs exec, httpGet or tcpSocket");
  }

  /** A numeric port, or a named one resolved against the container's ports. */
  private static int port(IntOrString port, V1Container c, String field)
      throws UnsupportedPodException {
    if (port == null) {
      throw new UnsupportedPodException(field, "port is required");
    }
    if (port.isInteger()) {
      return port.getIntValue();
    }
    if (c.getPorts() != null) {
      for (V1ContainerPort p : c.getPorts()) {
        if (port.getStrValue().equals(p.getName())) {
          return p.getContainerPort();
        }
      }
    }
    throw new UnsupportedPodException(
        field, "named port " + port.getStrValue() + " is not declared by the container");
  }

  private static SecurityContext securityContext(
      V1PodSecurityContext pod, V1SecurityContext c, String field, boolean init)
      throws UnsupportedPodException {
    String f = field + ".securityContext";
    if (c != null) {
      if (Boolean.TRUE.equals(c.getPrivileged())) {
        throw new UnsupportedPodException(
            f + ".privileged", "ECI does not run privileged containers");
      }
      if (c.getCapabilities() != null
          && c.getCapabilities().getDrop() != null
          && !c.getCapabilities().getDrop().isEmpty()) {
        throw new UnsupportedPodException(
            f + ".capabilities.drop", "ECI can add capabilities but not drop them");
      }
      if (Boolean.FALSE.equals(c.getAllowPrivilegeEscalation())) {
        throw new UnsupportedPodException(
            f + ".allowPrivilegeEscalation", "ECI cannot set no_new_privs");
      }
      if (c.getSeLinuxOptions() != null) {
        throw new UnsupportedPodException(
            f + ".seLinuxOptions", "ECI does not apply SELinux labels");
      }
      if (c.getSeccompProfile() != null) {
        throw new UnsupportedPodException(
            f + ".seccompProfile", "ECI does not apply seccomp profiles");
      }
      if (c.getAppArmorProfile() != null) {
        throw new UnsupportedPodException(
            f + ".appArmorProfile", "ECI does not apply AppArmor profiles");
      }
      if (c.getWindowsOptions() != null) {
        throw new UnsupportedPodException(f + ".windowsOptions", "ECI runs Linux containers only");
      }
      if (c.getProcMount() != null && !"Default".equals(c.getProcMount())) {
        throw new UnsupportedPodException(f + ".procMount", "not supported on ECI");
      }
    }
    Long runAsUser =
        c != null && c.getRunAsUser() != null
            ? c.getRunAsUser()
            : pod == null ? null : pod.getRunAsUser();
    Long runAsGroup =
        c != null && c.getRunAsGroup() != null
            ? c.getRunAsGroup()
            : pod == null ? null : pod.getRunAsGroup();
    Boolean runAsNonRoot =
        c != null && c.getRunAsNonRoot() != null
            ? c.getRunAsNonRoot()
            : pod == null ? null : pod.getRunAsNonRoot();
    Boolean readOnlyRoot = c == null ? null : c.getReadOnlyRootFilesystem();
    List<String> add =
        c == null || c.getCapabilities() == null || c.getCapabilities().getAdd() == null
            ? List.of()
            : c.getCapabilities().getAdd();
    if (init && runAsGroup != null) {
      throw new UnsupportedPodException(
          f + ".runAsGroup", "ECI init containers cannot set a group");
    }
    if (init && Boolean.TRUE.equals(runAsNonRoot)) {
      // The kubelet's check passes by construction when a non-zero user is set; otherwise it would
      // depend on the image's user, which ECI cannot check for init containers.
      if (runAsUser == null || runAsUser == 0) {
        throw new UnsupportedPodException(
            f + ".runAsNonRoot",
            "ECI init containers cannot enforce non-root; set a non-zero runAsUser");
      }
      runAsNonRoot = null;
    }
    if (runAsUser == null
        && runAsGroup == null
        && runAsNonRoot == null
        && readOnlyRoot == null
        && add.isEmpty()) {
      return null;
    }
    return new SecurityContext(
        runAsUser, runAsGroup, init ? null : runAsNonRoot, readOnlyRoot, add);
  }
}

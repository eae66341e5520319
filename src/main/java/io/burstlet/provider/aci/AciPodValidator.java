package io.burstlet.provider.aci;

import io.burstlet.provider.UnsupportedPodException;
import io.kubernetes.client.openapi.models.V1Capabilities;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1SeccompProfile;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import java.util.List;

/**
 * Refuses every pod feature that ACI cannot express, naming the field, before anything is sent.
 * Probes, volumes, env and resources are checked where they are translated ({@link AciProbes},
 * {@link AciVolumes}, {@link AciEnv}, {@link AciResources}); this class holds the pod- and
 * container-level switches.
 *
 * <p>Refused (with the reason in the message): {@code hostNetwork}, {@code hostPID}, {@code
 * hostIPC}, {@code hostUsers: false}, {@code shareProcessNamespace}, {@code ephemeralContainers},
 * {@code hostAliases}, {@code setHostnameAsFQDN}, {@code hostnameOverride}, {@code
 * runtimeClassName}, {@code os.name} other than linux, {@code activeDeadlineSeconds}, {@code
 * resourceClaims}, pod-level {@code resources}, {@code securityContext.sysctls}, {@code fsGroup},
 * {@code supplementalGroups}, SELinux options, Windows options, seccomp/AppArmor profiles other
 * than RuntimeDefault, and per container: {@code privileged}, {@code readOnlyRootFilesystem},
 * {@code runAsNonRoot} without a non-zero {@code runAsUser}, {@code procMount: Unmasked}, {@code
 * hostPort}/{@code hostIP}, SCTP ports, {@code lifecycle} hooks, {@code stdin}/{@code tty}, {@code
 * workingDir}, {@code volumeDevices}, {@code restartPolicy}/{@code restartPolicyRules} (native
 * sidecars), {@code resizePolicy} other than NotRequired, and volume mounts with {@code subPath},
 * {@code subPathExpr} or mount propagation.
 *
 * <p>Accepted without effect, because they do not change what runs: scheduling fields (affinity,
 * tolerations, topology spread, priority, scheduling gates, readiness gates, which the pod
 * controller handles), {@code hostname}/{@code subdomain} (ACI picks the container hostname),
 * {@code terminationGracePeriodSeconds} (ACI stops containers on delete without a configurable
 * grace), {@code imagePullPolicy} (ACI pulls as it decides), {@code terminationMessagePath/Policy}
 * (the termination message comes from ACI's detail status), {@code enableServiceLinks} (service
 * environment variables are not injected: the provider does not see Services).
 */
final class AciPodValidator {
  private AciPodValidator() {}

  static void check(V1Pod pod) throws UnsupportedPodException {
    V1PodSpec spec = pod.getSpec();
    if (spec == null) {
      throw new UnsupportedPodException("spec", "the pod has no spec");
    }
    refuseTrue(spec.getHostNetwork(), "spec.hostNetwork", "ACI groups have their own network");
    refuseTrue(spec.getHostPID(), "spec.hostPID", "there is no host to share with on ACI");
    refuseTrue(spec.getHostIPC(), "spec.hostIPC", "there is no host to share with on ACI");
    if (Boolean.FALSE.equals(spec.getHostUsers())) {
      throw new UnsupportedPodException(
          "spec.hostUsers", "ACI cannot run containers in a user namespace");
    }
    refuseTrue(
        spec.getShareProcessNamespace(),
        "spec.shareProcessNamespace",
        "ACI cannot share a process namespace between containers");
    refuseTrue(
        spec.getSetHostnameAsFQDN(),
        "spec.setHostnameAsFQDN",
        "ACI does not let the pod set its hostname");
    if (spec.getEphemeralContainers() != null && !spec.getEphemeralContainers().isEmpty()) {
      throw new UnsupportedPodException(
          "spec.ephemeralContainers", "ACI cannot add containers to a running group");
    }
    if (spec.getHostAliases() != null && !spec.getHostAliases().isEmpty()) {
      throw new UnsupportedPodException(
          "spec.hostAliases", "ACI cannot write entries into the containers' /etc/hosts");
    }
    if (spec.getHostnameOverride() != null) {
      throw new UnsupportedPodException(
          "spec.hostnameOverride", "ACI does not let the pod set its hostname");
    }
    if (spec.getRuntimeClassName() != null) {
      throw new UnsupportedPodException(
          "spec.runtimeClassName", "ACI chooses its own container runtime");
    }
    if (spec.getOs() != null
        && spec.getOs().getName() != null
        && !"linux".equals(spec.getOs().getName())) {
      throw new UnsupportedPodException(
          "spec.os.name", "this provider runs Linux container groups only");
    }
    if (spec.getActiveDeadlineSeconds() != null) {
      throw new UnsupportedPodException(
          "spec.activeDeadlineSeconds", "ACI cannot stop a group after a deadline");
    }
    if (spec.getResourceClaims() != null && !spec.getResourceClaims().isEmpty()) {
      throw new UnsupportedPodException(
          "spec.resourceClaims", "ACI has no dynamic resource allocation");
    }
    if (spec.getResources() != null
        && ((spec.getResources().getRequests() != null
                && !spec.getResources().getRequests().isEmpty())
            || (spec.getResources().getLimits() != null
                && !spec.getResources().getLimits().isEmpty()))) {
      throw new UnsupportedPodException(
          "spec.resources", "pod-level resources are not supported; set them per container");
    }
    checkPodSecurity(spec.getSecurityContext());
    List<V1Container> containers = spec.getContainers() == null ? List.of() : spec.getContainers();
    if (containers.isEmpty()) {
      throw new UnsupportedPodException("spec.containers", "the pod has no containers");
    }
    for (int i = 0; i < containers.size(); i++) {
      checkContainer(containers.get(i), "spec.containers[" + i + "]", false);
    }
    List<V1Container> inits =
        spec.getInitContainers() == null ? List.of() : spec.getInitContainers();
    for (int i = 0; i < inits.size(); i++) {
      checkContainer(inits.get(i), "spec.initContainers[" + i + "]", true);
    }
  }

  private static void checkPodSecurity(V1PodSecurityContext sc) throws UnsupportedPodException {
    if (sc == null) {
      return;
    }
    String p = "spec.securityContext";
    if (sc.getSysctls() != null && !sc.getSysctls().isEmpty()) {
      throw new UnsupportedPodException(p + ".sysctls", "ACI cannot set sysctls");
    }
    if (sc.getFsGroup() != null) {
      throw new UnsupportedPodException(
          p + ".fsGroup", "ACI cannot change the group ownership of volumes");
    }
    if (sc.getSupplementalGroups() != null && !sc.getSupplementalGroups().isEmpty()) {
      throw new UnsupportedPodException(
          p + ".supplementalGroups", "ACI cannot add supplemental groups");
    }
    if (sc.getSeLinuxOptions() != null) {
      throw new UnsupportedPodException(p + ".seLinuxOptions", "ACI has no SELinux labels");
    }
    if (sc.getWindowsOptions() != null) {
      throw new UnsupportedPodException(
          p + ".windowsOptions", "this provider runs Linux container groups only");
    }
    checkSeccomp(sc.getSeccompProfile(), p + ".seccompProfile");
    if (sc.getAppArmorProfile() != null
        && !"RuntimeDefault".equals(sc.getAppArmorProfile().getType())) {
      throw new UnsupportedPodException(
          p + ".appArmorProfile", "ACI only runs its default AppArmor profile");
    }
    // runAsNonRoot is decided per container (checkSecurity): a container's runAsUser may satisfy
    // it.
  }

  private static void checkContainer(V1Container c, String path, boolean init)
      throws UnsupportedPodException {
    if (c.getLifecycle() != null
        && (c.getLifecycle().getPostStart() != null || c.getLifecycle().getPreStop() != null)) {
      throw new UnsupportedPodException(path + ".lifecycle", "ACI has no postStart/preStop hooks");
    }
    refuseTrue(c.getStdin(), path + ".stdin", "ACI cannot attach stdin to a container");
    refuseTrue(
        c.getTty(), path + ".tty", "ACI cannot allocate a TTY for a container's main process");
    if (c.getWorkingDir() != null && !c.getWorkingDir().isEmpty()) {
      throw new UnsupportedPodException(
          path + ".workingDir", "ACI cannot set the working directory; set it in the image");
    }
    if (c.getVolumeDevices() != null && !c.getVolumeDevices().isEmpty()) {
      throw new UnsupportedPodException(path + ".volumeDevices", "ACI has no block devices");
    }
    if (c.getRestartPolicy() != null) {
      throw new UnsupportedPodException(
          path + ".restartPolicy", "ACI has no per-container restart policy (native sidecars)");
    }
    if (c.getRestartPolicyRules() != null && !c.getRestartPolicyRules().isEmpty()) {
      throw new UnsupportedPodException(
          path + ".restartPolicyRules", "ACI has no per-container restart policy");
    }
    if (c.getResizePolicy() != null) {
      for (int i = 0; i < c.getResizePolicy().size(); i++) {
        String policy = c.getResizePolicy().get(i).getRestartPolicy();
        if (policy != null && !"NotRequired".equals(policy)) {
          throw new UnsupportedPodException(
              path + ".resizePolicy[" + i + "]", "ACI cannot resize a running container");
        }
      }
    }
    if (init) {
      if (c.getLivenessProbe() != null
          || c.getReadinessProbe() != null
          || c.getStartupProbe() != null) {
        throw new UnsupportedPodException(path, "ACI init containers cannot have probes");
      }
    }
    List<V1ContainerPort> ports = c.getPorts() == null ? List.of() : c.getPorts();
    for (int i = 0; i < ports.size(); i++) {
      V1ContainerPort port = ports.get(i);
      String pp = path + ".ports[" + i + "]";
      if (port.getHostPort() != null && port.getHostPort() != 0) {
        throw new UnsupportedPodException(pp + ".hostPort", "there is no host port on ACI");
      }
      if (port.getHostIP() != null && !port.getHostIP().isEmpty()) {
        throw new UnsupportedPodException(pp + ".hostIP", "there is no host IP on ACI");
      }
      if (port.getProtocol() != null
          && !"TCP".equals(port.getProtocol())
          && !"UDP".equals(port.getProtocol())) {
        throw new UnsupportedPodException(pp + ".protocol", "ACI supports TCP and UDP ports only");
      }
    }
    List<V1VolumeMount> mounts = c.getVolumeMounts() == null ? List.of() : c.getVolumeMounts();
    for (int i = 0; i < mounts.size(); i++) {
      V1VolumeMount m = mounts.get(i);
      String mp = path + ".volumeMounts[" + i + "]";
      if (m.getSubPath() != null && !m.getSubPath().isEmpty()) {
        throw new UnsupportedPodException(
            mp + ".subPath", "ACI mounts whole volumes only; mount the volume at a directory");
      }
      if (m.getSubPathExpr() != null && !m.getSubPathExpr().isEmpty()) {
        throw new UnsupportedPodException(mp + ".subPathExpr", "ACI mounts whole volumes only");
      }
      if (m.getMountPropagation() != null && !"None".equals(m.getMountPropagation())) {
        throw new UnsupportedPodException(mp + ".mountPropagation", "ACI has no mount propagation");
      }
      if (m.getMountPath() != null && m.getMountPath().contains(":")) {
        throw new UnsupportedPodException(
            mp + ".mountPath", "ACI mount paths must not contain ':'");
      }
    }
  }

  /**
   * Container security settings that ACI cannot apply; the rest is translated by {@link
   * AciTranslator}.
   */
  static void checkSecurity(V1SecurityContext sc, V1PodSecurityContext pod, String path)
      throws UnsupportedPodException {
    if (sc != null) {
      refuseTrue(
          sc.getPrivileged(), path + ".privileged", "ACI does not run privileged containers");
      refuseTrue(
          sc.getReadOnlyRootFilesystem(),
          path + ".readOnlyRootFilesystem",
          "ACI cannot mount the root filesystem read-only");
      if ("Unmasked".equals(sc.getProcMount())) {
        throw new UnsupportedPodException(path + ".procMount", "ACI cannot unmask /proc");
      }
      if (sc.getSeLinuxOptions() != null) {
        throw new UnsupportedPodException(path + ".seLinuxOptions", "ACI has no SELinux labels");
      }
      if (sc.getWindowsOptions() != null) {
        throw new UnsupportedPodException(
            path + ".windowsOptions", "this provider runs Linux container groups only");
      }
      checkSeccomp(sc.getSeccompProfile(), path + ".seccompProfile");
      if (sc.getAppArmorProfile() != null
          && !"RuntimeDefault".equals(sc.getAppArmorProfile().getType())) {
        throw new UnsupportedPodException(
            path + ".appArmorProfile", "ACI only runs its default AppArmor profile");
      }
      V1Capabilities caps = sc.getCapabilities();
      if (caps != null && caps.getAdd() != null && caps.getAdd().contains("SYS_ADMIN")) {
        throw new UnsupportedPodException(
            path + ".capabilities.add", "ACI does not grant SYS_ADMIN");
      }
    }
    Boolean nonRoot =
        sc != null && sc.getRunAsNonRoot() != null
            ? sc.getRunAsNonRoot()
            : pod == null ? null : pod.getRunAsNonRoot();
    Long user =
        sc != null && sc.getRunAsUser() != null
            ? sc.getRunAsUser()
            : pod == null ? null : pod.getRunAsUser();
    if (Boolean.TRUE.equals(nonRoot) && (user == null || user == 0)) {
      throw new UnsupportedPodException(
          path + ".runAsNonRoot",
          "ACI cannot check the image's user before starting it; set a non-zero runAsUser");
    }
  }

  private static void checkSeccomp(V1SeccompProfile profile, String path)
      throws UnsupportedPodException {
    if (profile != null && !"RuntimeDefault".equals(profile.getType())) {
      throw new UnsupportedPodException(
          path, "ACI only runs its default seccomp profile (was " + profile.getType() + ")");
    }
  }

  private static void refuseTrue(Boolean value, String field, String reason)
      throws UnsupportedPodException {
    if (Boolean.TRUE.equals(value)) {
      throw new UnsupportedPodException(field, reason);
    }
  }
}

package io.burstlet.provider.aci;

import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import com.azure.resourcemanager.containerinstance.models.Container;
import com.azure.resourcemanager.containerinstance.models.ContainerGroupIpAddressType;
import com.azure.resourcemanager.containerinstance.models.ContainerGroupNetworkProtocol;
import com.azure.resourcemanager.containerinstance.models.ContainerGroupPriority;
import com.azure.resourcemanager.containerinstance.models.ContainerGroupRestartPolicy;
import com.azure.resourcemanager.containerinstance.models.ContainerGroupSubnetId;
import com.azure.resourcemanager.containerinstance.models.ContainerNetworkProtocol;
import com.azure.resourcemanager.containerinstance.models.ContainerPort;
import com.azure.resourcemanager.containerinstance.models.ImageRegistryCredential;
import com.azure.resourcemanager.containerinstance.models.InitContainerDefinition;
import com.azure.resourcemanager.containerinstance.models.IpAddress;
import com.azure.resourcemanager.containerinstance.models.OperatingSystemTypes;
import com.azure.resourcemanager.containerinstance.models.Port;
import com.azure.resourcemanager.containerinstance.models.SecurityContextCapabilitiesDefinition;
import com.azure.resourcemanager.containerinstance.models.SecurityContextDefinition;
import com.azure.resourcemanager.containerinstance.models.VolumeMount;
import io.burstlet.config.BurstletConfig;
import io.burstlet.config.ProviderConfig;
import io.burstlet.config.ZoneConfig;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodRequest;
import io.burstlet.provider.ProviderException;
import io.burstlet.provider.RegistryCredential;
import io.burstlet.provider.RegistryCredentials;
import io.burstlet.provider.UnsupportedPodException;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSecurityContext;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates a pod (with its resolved Secrets, ConfigMaps, pull credentials and token) into the ACI
 * container group that runs it. Pure: no I/O, the same request always gives the same group.
 *
 * <p>The group: named by {@link AciNames#groupName}, tagged with {@link AciNames#tags}, in the
 * provider's region, {@code zones: [zone]}, in the zone's subnet when one is configured, Linux,
 * with the pod's restart policy (Kubernetes' default Always). Ports of all containers are exposed
 * on the group's IP address: a private address in the subnet, or — only in a zone without a subnet
 * — a <em>public</em> address, as the AKS virtual node does; a pod without ports gets no ipAddress
 * block. Pull credentials are sent only for registries that an image of the pod uses (Docker Hub as
 * {@code index.docker.io}). The annotation {@value #PRIORITY_ANNOTATION} ({@code Spot} or {@code
 * Regular}) sets the group's priority.
 *
 * <p>Containers: ACI has a single {@code command} that replaces the image's ENTRYPOINT and CMD, so
 * Kubernetes {@code command + args} are concatenated; {@code args} without {@code command} cannot
 * be expressed (the image's ENTRYPOINT is not known here) and is refused, as the AKS virtual node
 * does. Env, resources, probes and volumes are described on {@link AciEnv}, {@link AciResources},
 * {@link AciProbes} and {@link AciVolumes}; refusals on {@link AciPodValidator}. Security context:
 * runAsUser/runAsGroup (container or pod level), allowPrivilegeEscalation and capabilities are
 * sent; what ACI cannot apply is refused.
 */
public final class AciTranslator {
  /** Pod annotation selecting ACI's priority: {@code Regular} (default) or {@code Spot}. */
  public static final String PRIORITY_ANNOTATION = "burstlet.io/aci-priority";

  static final String DOCKER_HUB_LOGIN_SERVER = "index.docker.io";

  /**
   * The translation of one pod.
   *
   * @param name the container group's name
   * @param group the request body for ARM's create-or-update
   * @param secretValues every secret value inside {@code group} (secure env values, secret-volume
   *     contents, registry passwords, storage keys), so that error text can be checked against them
   */
  public record Result(String name, ContainerGroupInner group, Set<String> secretValues) {
    @Override
    public String toString() {
      return "AciTranslator.Result[" + name + "]";
    }
  }

  private final String location;
  private final String clusterName;
  private final Map<String, ZoneConfig> zones = new HashMap<>();
  private final BurstletConfig agent;

  public AciTranslator(ProviderConfig config, BurstletConfig agent) {
    this.location = config.region();
    this.clusterName = agent.clusterName();
    this.agent = agent;
    for (ZoneConfig z : config.zones()) {
      zones.put(z.zone(), z);
    }
  }

  public Result translate(PodRequest request) throws ProviderException {
    V1Pod pod = request.pod();
    PodRef ref = request.ref();
    AciPodValidator.check(pod);
    V1PodSpec spec = pod.getSpec();
    ZoneConfig zone = zones.get(ref.zone());
    if (zone == null) {
      throw new UnsupportedPodException(
          "spec.nodeName", "zone '" + ref.zone() + "' is not served by this provider");
    }
    Map<String, String> annotations =
        pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null
            ? Map.of()
            : pod.getMetadata().getAnnotations();
    List<V1Container> containers = spec.getContainers();
    List<V1Container> inits =
        spec.getInitContainers() == null ? List.of() : spec.getInitContainers();

    List<AciResources.Amounts> amounts = AciResources.amounts(containers, inits);
    Map<String, AciResources.Amounts> byName = new HashMap<>();
    for (int i = 0; i < containers.size(); i++) {
      byName.put(containers.get(i).getName(), amounts.get(i));
    }
    for (int i = 0; i < inits.size(); i++) {
      byName.put(inits.get(i).getName(), amounts.get(containers.size() + i));
    }
    AciDownwardApi downward = new AciDownwardApi(pod, ref, agent.nodeAddress(), byName);
    Set<String> secrets = new LinkedHashSet<>();

    List<Container> aciContainers = new ArrayList<>();
    Map<String, Port> groupPorts = new LinkedHashMap<>();
    for (int i = 0; i < containers.size(); i++) {
      V1Container c = containers.get(i);
      String path = "spec.containers[" + i + "]";
      Map<String, AciEnv.Value> env = AciEnv.resolve(c, path, request, downward);
      AciEnv.collectSecrets(env, secrets);
      aciContainers.add(
          new Container()
              .withName(c.getName())
              .withImage(c.getImage())
              .withCommand(command(c, env, path))
              .withPorts(ports(c, groupPorts))
              .withEnvironmentVariables(AciEnv.toAci(env))
              .withResources(AciResources.requirements(amounts.get(i), annotations))
              .withVolumeMounts(mounts(c))
              .withLivenessProbe(AciProbes.liveness(c, path))
              .withReadinessProbe(AciProbes.readiness(c, path))
              .withSecurityContext(security(c, spec.getSecurityContext(), path)));
    }
    List<InitContainerDefinition> aciInits = new ArrayList<>();
    for (int i = 0; i < inits.size(); i++) {
      V1Container c = inits.get(i);
      String path = "spec.initContainers[" + i + "]";
      Map<String, AciEnv.Value> env = AciEnv.resolve(c, path, request, downward);
      AciEnv.collectSecrets(env, secrets);
      aciInits.add(
          new InitContainerDefinition()
              .withName(c.getName())
              .withImage(c.getImage())
              .withCommand(command(c, env, path))
              .withEnvironmentVariables(AciEnv.toAci(env))
              .withVolumeMounts(mounts(c))
              .withSecurityContext(security(c, spec.getSecurityContext(), path)));
    }

    AciVolumes volumes =
        new AciVolumes(
            request, downward, agent.pods() == null ? null : agent.pods().tokenAudience(), secrets);
    ContainerGroupInner group =
        new ContainerGroupInner()
            .withContainers(aciContainers)
            .withInitContainers(aciInits.isEmpty() ? null : aciInits)
            .withOsType(OperatingSystemTypes.LINUX)
            .withRestartPolicy(
                ContainerGroupRestartPolicy.fromString(
                    spec.getRestartPolicy() == null ? "Always" : spec.getRestartPolicy()))
            .withImageRegistryCredentials(registryCredentials(containers, inits, request, secrets))
            .withVolumes(
                spec.getVolumes() == null || spec.getVolumes().isEmpty()
                    ? null
                    : volumes.translate(spec.getVolumes()))
            .withDnsConfig(AciDns.translate(spec, ref.namespace(), agent.dns()))
            .withPriority(priority(annotations))
            .withZones(List.of(zone.zone()));
    if (zone.subnetId() != null) {
      group.withSubnetIds(List.of(new ContainerGroupSubnetId().withId(zone.subnetId())));
    }
    if (!groupPorts.isEmpty()) {
      group.withIpAddress(
          new IpAddress()
              .withType(
                  zone.subnetId() != null
                      ? ContainerGroupIpAddressType.PRIVATE
                      : ContainerGroupIpAddressType.PUBLIC)
              .withPorts(new ArrayList<>(groupPorts.values())));
    }
    group.withLocation(location);
    group.withTags(AciNames.tags(clusterName, ref));
    return new Result(AciNames.groupName(ref.uid()), group, Set.copyOf(secrets));
  }

  private static List<String> command(V1Container c, Map<String, AciEnv.Value> env, String path)
      throws UnsupportedPodException {
    List<String> command = c.getCommand() == null ? List.of() : c.getCommand();
    List<String> args = c.getArgs() == null ? List.of() : c.getArgs();
    if (command.isEmpty() && !args.isEmpty()) {
      throw new UnsupportedPodException(
          path + ".args",
          "ACI has only a command, which replaces the image's ENTRYPOINT and CMD; args without"
              + " command would drop the ENTRYPOINT, so give the command as well");
    }
    if (command.isEmpty()) {
      return null;
    }
    List<String> out = new ArrayList<>(AciEnv.expandCommand(command, env, path + ".command"));
    out.addAll(AciEnv.expandCommand(args, env, path + ".args"));
    return out;
  }

  private static List<ContainerPort> ports(V1Container c, Map<String, Port> groupPorts) {
    if (c.getPorts() == null || c.getPorts().isEmpty()) {
      return null;
    }
    List<ContainerPort> out = new ArrayList<>();
    for (V1ContainerPort p : c.getPorts()) {
      String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
      out.add(
          new ContainerPort()
              .withPort(p.getContainerPort())
              .withProtocol(ContainerNetworkProtocol.fromString(protocol)));
      groupPorts.putIfAbsent(
          protocol + "/" + p.getContainerPort(),
          new Port()
              .withPort(p.getContainerPort())
              .withProtocol(ContainerGroupNetworkProtocol.fromString(protocol)));
    }
    return out;
  }

  private static List<VolumeMount> mounts(V1Container c) {
    if (c.getVolumeMounts() == null || c.getVolumeMounts().isEmpty()) {
      return null;
    }
    List<VolumeMount> out = new ArrayList<>();
    for (V1VolumeMount m : c.getVolumeMounts()) {
      out.add(
          new VolumeMount()
              .withName(m.getName())
              .withMountPath(m.getMountPath())
              .withReadOnly(Boolean.TRUE.equals(m.getReadOnly()) ? Boolean.TRUE : null));
    }
    return out;
  }

  private static SecurityContextDefinition security(
      V1Container c, V1PodSecurityContext pod, String path) throws UnsupportedPodException {
    V1SecurityContext sc = c.getSecurityContext();
    AciPodValidator.checkSecurity(sc, pod, path + ".securityContext");
    Long user = sc != null && sc.getRunAsUser() != null ? sc.getRunAsUser() : podUser(pod);
    Long group = sc != null && sc.getRunAsGroup() != null ? sc.getRunAsGroup() : podGroup(pod);
    Boolean escalation = sc == null ? null : sc.getAllowPrivilegeEscalation();
    SecurityContextCapabilitiesDefinition caps = null;
    if (sc != null && sc.getCapabilities() != null) {
      List<String> add = sc.getCapabilities().getAdd();
      List<String> drop = sc.getCapabilities().getDrop();
      if ((add != null && !add.isEmpty()) || (drop != null && !drop.isEmpty())) {
        caps =
            new SecurityContextCapabilitiesDefinition()
                .withAdd(add == null || add.isEmpty() ? null : List.copyOf(add))
                .withDrop(drop == null || drop.isEmpty() ? null : List.copyOf(drop));
      }
    }
    if (user == null && group == null && escalation == null && caps == null) {
      return null;
    }
    return new SecurityContextDefinition()
        .withRunAsUser(toInt(user, path + ".securityContext.runAsUser"))
        .withRunAsGroup(toInt(group, path + ".securityContext.runAsGroup"))
        .withAllowPrivilegeEscalation(escalation)
        .withCapabilities(caps);
  }

  private static Long podUser(V1PodSecurityContext pod) {
    return pod == null ? null : pod.getRunAsUser();
  }

  private static Long podGroup(V1PodSecurityContext pod) {
    return pod == null ? null : pod.getRunAsGroup();
  }

  private static Integer toInt(Long value, String path) throws UnsupportedPodException {
    if (value == null) {
      return null;
    }
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw new UnsupportedPodException(path, "ACI accepts IDs up to " + Integer.MAX_VALUE);
    }
    return value.intValue();
  }

  private static List<ImageRegistryCredential> registryCredentials(
      List<V1Container> containers,
      List<V1Container> inits,
      PodRequest request,
      Set<String> secrets) {
    List<String> images = new ArrayList<>();
    containers.forEach(c -> images.add(c.getImage()));
    inits.forEach(c -> images.add(c.getImage()));
    List<ImageRegistryCredential> out = new ArrayList<>();
    for (RegistryCredential c :
        RegistryCredentials.forImages(images, request.registryCredentials())) {
      String server =
          RegistryCredentials.DOCKER_HUB.equals(c.server()) ? DOCKER_HUB_LOGIN_SERVER : c.server();
      out.add(
          new ImageRegistryCredential()
              .withServer(server)
              .withUsername(c.username())
              .withPassword(c.password()));
      if (c.password() != null && !c.password().isEmpty()) {
        secrets.add(c.password());
      }
    }
    return out.isEmpty() ? null : out;
  }

  private static ContainerGroupPriority priority(Map<String, String> annotations)
      throws UnsupportedPodException {
    String value = annotations.get(PRIORITY_ANNOTATION);
    if (value == null) {
      return null;
    }
    for (ContainerGroupPriority p : ContainerGroupPriority.values()) {
      if (p.toString().equalsIgnoreCase(value.strip())) {
        return p;
      }
    }
    throw new UnsupportedPodException(
        "metadata.annotations[" + PRIORITY_ANNOTATION + "]",
        "must be Regular or Spot (was '" + value + "')");
  }
}

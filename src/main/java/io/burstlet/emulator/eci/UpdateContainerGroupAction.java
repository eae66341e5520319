package io.burstlet.emulator.eci;

import io.burstlet.emulator.PullCredential;
import io.burstlet.emulator.RestartPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code UpdateContainerGroup}, for the parameters the emulator can apply honestly: {@code Tag.N}
 * (replaces the tags, in place), and {@code RestartPolicy}, {@code Cpu}, {@code Memory}, {@code
 * ImageRegistryCredential.N} and {@code Container.N}, which take effect by restarting the
 * containers: the group shows {@code Updating} for {@link EciTimings#restarting()}.
 *
 * <p>{@code UpdateType=RenewUpdate} (the default) replaces the whole container list with the one
 * given; {@code IncrementalUpdate} changes only the containers named, and in them only the fields
 * given among Image, ImagePullPolicy, Command, Arg, EnvironmentVar, Cpu, Memory and WorkingDir. Any
 * other parameter (volumes, init containers, DNS, …) is refused with {@code UnsupportedParameter}
 * rather than silently ignored. Allowed from Pending or Running only.
 */
final class UpdateContainerGroupAction implements EciAction {

  private static final Set<String> UPDATABLE = Set.of("Pending", "Running");
  private static final List<String> UNSUPPORTED =
      List.of("Volume", "InitContainer", "DnsConfig", "AcrRegistryInfo", "ResourceGroupId");
  private static final Set<String> INCREMENTAL_FIELDS =
      Set.of(
          "Name",
          "Image",
          "ImagePullPolicy",
          "Command",
          "Arg",
          "EnvironmentVar",
          "Cpu",
          "Memory",
          "WorkingDir");

  private final EciRegion region;

  UpdateContainerGroupAction(EciRegion region) {
    this.region = region;
  }

  @Override
  public Map<String, Object> handle(EciParameters p) {
    region.checkRegion(p, true);
    String id = p.required("ContainerGroupId");
    for (String name : UNSUPPORTED) {
      if (p.hasAny(name)) {
        throw EciErrors.unsupportedParameter(name, "the emulator cannot update it in place");
      }
    }
    boolean incremental =
        p.oneOf("UpdateType", "RenewUpdate", List.of("RenewUpdate", "IncrementalUpdate"))
            .equals("IncrementalUpdate");
    Instant now = region.now();
    region
        .store()
        .update(
            id,
            group -> {
              GroupView view = region.timeline().at(group, now);
              if (!UPDATABLE.contains(view.status())) {
                throw EciErrors.incorrectStatus(
                    "The container group "
                        + id
                        + " is "
                        + view.status()
                        + "; only Pending or Running groups can be updated.");
              }
              return apply(group, p, incremental, now);
            });
    return Map.of();
  }

  private ContainerGroup apply(
      ContainerGroup group, EciParameters p, boolean incremental, Instant now) {
    GroupSpec old = group.spec();
    List<GroupSpec.Tag> tags = p.hasAny("Tag") ? GroupSpecParser.tags(p) : old.tags();
    boolean restart =
        p.hasAny("RestartPolicy")
            || p.hasAny("Cpu")
            || p.hasAny("Memory")
            || p.hasAny("ImageRegistryCredential")
            || p.hasAny("Container");
    if (!restart) {
      return group.withSpec(old.withTags(tags), group.size());
    }
    RestartPolicy policy =
        p.hasAny("RestartPolicy") ? GroupSpecParser.restartPolicy(p) : old.restartPolicy();
    List<PullCredential> credentials =
        p.hasAny("ImageRegistryCredential") ? GroupSpecParser.credentials(p) : old.credentials();
    List<GroupSpec.Container> containers =
        p.hasAny("Container") ? containers(p, old.containers(), incremental) : old.containers();
    GroupSpecParser.checkMounts(containers, old.initContainers(), old.volumes());
    Double cpu = p.decimal("Cpu").orElse(old.cpu());
    Double memory = p.decimal("Memory").orElse(old.memory());
    // An explicit size replaces an instance type; otherwise the type keeps deciding.
    String instanceType = p.hasAny("Cpu") || p.hasAny("Memory") ? null : old.instanceType();
    EciSpecs.Spec size =
        EciSpecs.forGroup(cpu, memory, instanceType, containers, old.initContainers());
    GroupSpec spec =
        new GroupSpec(
            old.name(),
            policy,
            old.securityGroupId(),
            old.vSwitchIds(),
            old.zoneId(),
            cpu,
            memory,
            instanceType,
            containers,
            old.initContainers(),
            old.volumes(),
            tags,
            credentials,
            old.dns(),
            old.hostAliases(),
            old.sysctls(),
            old.extras());
    return region.timeline().restart(group, now, ContainerGroup.Kind.UPDATED).withSpec(spec, size);
  }

  private static List<GroupSpec.Container> containers(
      EciParameters p, List<GroupSpec.Container> old, boolean incremental) {
    List<EciParameters> given = p.list("Container");
    if (!incremental) {
      List<GroupSpec.Container> replaced = new ArrayList<>();
      for (EciParameters c : given) {
        replaced.add(GroupSpecParser.container(c, false));
      }
      return replaced;
    }
    List<GroupSpec.Container> merged = new ArrayList<>(old);
    for (EciParameters c : given) {
      String name = c.required("Name");
      int index = indexOf(merged, name);
      if (index < 0) {
        throw EciErrors.invalidParameter(
            c.qualified("Name"), "the group has no container named " + name);
      }
      for (String field : c.fieldNames()) {
        if (!INCREMENTAL_FIELDS.contains(field)) {
          throw EciErrors.unsupportedParameter(
              c.qualified(field), "an incremental update cannot change it");
        }
      }
      merged.set(index, merge(merged.get(index), c));
    }
    return merged;
  }

  private static GroupSpec.Container merge(GroupSpec.Container old, EciParameters c) {
    GroupSpec.Container given = GroupSpecParser.container(withImageOf(c, old), false);
    return new GroupSpec.Container(
        old.name(),
        c.has("Image") ? given.image() : old.image(),
        c.has("ImagePullPolicy") ? given.imagePullPolicy() : old.imagePullPolicy(),
        c.hasAny("Command") ? given.commands() : old.commands(),
        c.hasAny("Arg") ? given.args() : old.args(),
        c.has("WorkingDir") ? given.workingDir() : old.workingDir(),
        c.has("Cpu") ? given.cpu() : old.cpu(),
        c.has("Memory") ? given.memory() : old.memory(),
        old.gpu(),
        old.stdin(),
        old.stdinOnce(),
        old.tty(),
        old.ports(),
        c.hasAny("EnvironmentVar") ? given.env() : old.env(),
        old.envHidden(),
        old.mounts(),
        old.readiness(),
        old.liveness(),
        old.security());
  }

  /** The parser requires an image; an incremental update may leave it out. */
  private static EciParameters withImageOf(EciParameters c, GroupSpec.Container old) {
    return c.has("Image") ? c : c.withDefault("Image", old.image());
  }

  private static int indexOf(List<GroupSpec.Container> containers, String name) {
    for (int i = 0; i < containers.size(); i++) {
      if (containers.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}

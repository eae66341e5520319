package io.burstlet.emulator.eci;

import java.util.List;
import java.util.Map;

/**
 * {@code CreateContainerGroup}: validates, sizes and places the group, then stores it; the group
 * unfolds asynchronously (Scheduling → Pending → Running …). {@code ClientToken} makes retries
 * return the first call's {@code ContainerGroupId} without creating another group; {@code
 * DryRun=true} validates only and answers {@code DryRun.Success}.
 */
final class CreateContainerGroupAction implements EciAction {

  private final EciRegion region;

  CreateContainerGroupAction(EciRegion region) {
    this.region = region;
  }

  @Override
  public Map<String, Object> handle(EciParameters p) {
    region.checkRegion(p, true);
    String clientToken = p.optional("ClientToken").orElse(null);
    if (clientToken != null && clientToken.length() > 64) {
      throw EciErrors.invalidParameter("ClientToken", "at most 64 ASCII characters");
    }
    GroupSpec spec = GroupSpecParser.parse(p);
    region.network().checkSecurityGroup(spec.securityGroupId());
    List<EciNetwork.Candidate> candidates =
        region.network().candidates(spec.vSwitchIds(), spec.zoneId());
    EciSpecs.Spec size =
        EciSpecs.forGroup(
            spec.cpu(),
            spec.memory(),
            spec.instanceType(),
            spec.containers(),
            spec.initContainers());
    if (p.bool("DryRun", false)) {
      throw EciErrors.dryRunSuccess();
    }
    ContainerGroupStore.Created created =
        region.store().create(spec, size, candidates, clientToken);
    return Map.of("ContainerGroupId", created.id());
  }
}

package io.burstlet.emulator.eci;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * {@code RestartContainerGroup}: allowed from {@code Pending} or {@code Running} only (else {@code
 * IncorrectStatus}). The group shows {@code Restarting} for {@link EciTimings#restarting()}, then
 * its containers start again with restart counts and previous states carried over.
 */
final class RestartContainerGroupAction implements EciAction {

  private static final Set<String> RESTARTABLE = Set.of("Pending", "Running");

  private final EciRegion region;

  RestartContainerGroupAction(EciRegion region) {
    this.region = region;
  }

  @Override
  public Map<String, Object> handle(EciParameters p) {
    region.checkRegion(p, true);
    String id = p.required("ContainerGroupId");
    Instant now = region.now();
    region
        .store()
        .update(
            id,
            group -> {
              GroupView view = region.timeline().at(group, now);
              if (!RESTARTABLE.contains(view.status())) {
                throw EciErrors.incorrectStatus(
                    "The container group "
                        + id
                        + " is "
                        + view.status()
                        + "; only Pending or Running groups can be restarted.");
              }
              return region.timeline().restart(group, now, ContainerGroup.Kind.RESTARTED);
            });
    return Map.of();
  }
}

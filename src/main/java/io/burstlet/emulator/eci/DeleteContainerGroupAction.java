package io.burstlet.emulator.eci;

import java.util.Map;

/**
 * {@code DeleteContainerGroup}: the group shows {@code Terminating} (its containers stopped) for
 * {@link EciTimings#terminating()} and then disappears; with {@code Force=true} it disappears at
 * once. Deleting a terminating group succeeds, and so does repeating a delete with the same {@code
 * ClientToken}; deleting an unknown id is {@code InvalidParameter}.
 */
final class DeleteContainerGroupAction implements EciAction {

  private final EciRegion region;

  DeleteContainerGroupAction(EciRegion region) {
    this.region = region;
  }

  @Override
  public Map<String, Object> handle(EciParameters p) {
    region.checkRegion(p, true);
    region
        .store()
        .delete(
            p.required("ContainerGroupId"),
            p.optional("ClientToken").orElse(null),
            p.bool("Force", false));
    return Map.of();
  }
}

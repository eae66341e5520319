package io.burstlet.emulator.eci;

import java.time.Clock;
import java.time.Instant;

/**
 * Everything the actions of one emulated region work on: its network, its container groups, how
 * groups unfold over time, and the clock that drives them.
 */
record EciRegion(
    EciNetwork network, ContainerGroupStore store, GroupTimeline timeline, Clock clock) {

  Instant now() {
    return clock.instant();
  }

  /** The group with {@code id} as it is now, or {@code InvalidParameter} naming the id. */
  GroupView view(String id) {
    return timeline.at(store.require(id), now());
  }

  /**
   * @throws EciApiException {@code InvalidParameter} when {@code RegionId} is not this region's
   */
  void checkRegion(EciParameters params, boolean required) {
    String region =
        required ? params.required("RegionId") : params.optional("RegionId").orElse(null);
    if (region != null && !region.equals(network.regionId())) {
      throw EciErrors.invalidParameter(
          "RegionId", "this endpoint serves region " + network.regionId());
    }
  }
}

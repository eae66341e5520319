package io.burstlet.kubelet;

import io.burstlet.provider.PodRef;
import io.burstlet.provider.Provider;
import java.util.Optional;

/** Finds a pod that runs on one of this agent's virtual nodes. */
@FunctionalInterface
public interface PodLocator {
  /** The pod's provider and identity, or empty when no virtual node of this agent runs it. */
  Optional<LocatedPod> find(String namespace, String name);

  /**
   * @param terminated the pod has finished (Succeeded or Failed), so a log follow can stop
   */
  record LocatedPod(Provider provider, PodRef ref, boolean terminated) {}
}

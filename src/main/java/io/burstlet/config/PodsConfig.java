package io.burstlet.config;

import java.time.Duration;
import java.util.List;

/**
 * How the pod controller talks to the clouds.
 *
 * @param statusSyncInterval how often each provider sweeps its groups' status
 * @param orphanGracePeriod how long a group whose pod is gone lives before garbage collection
 * @param gcInterval how often the orphan collector runs
 * @param tokenAudience audience of service-account tokens handed to pods
 * @param tokenExpiration lifetime requested for those tokens
 * @param workers reconcile threads
 * @param cloudReadsPerMinute the most per-group status reads a provider's sweep makes per minute
 *     (its list calls aside), so large fleets stay under the cloud's read limits
 * @param namespaces the only namespaces whose pods the agent serves (namespace mode, where its
 *     rights are granted only there); empty for all
 */
public record PodsConfig(
    Duration statusSyncInterval,
    Duration orphanGracePeriod,
    Duration gcInterval,
    String tokenAudience,
    Duration tokenExpiration,
    int workers,
    int cloudReadsPerMinute,
    List<String> namespaces) {

  public PodsConfig {
    namespaces = List.copyOf(namespaces);
  }
}

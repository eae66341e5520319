package io.burstlet.provider;

import io.kubernetes.client.openapi.models.V1PodStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cloud that runs pods as container groups. One instance serves every zone of one configured
 * provider; the core calls it from several threads at once, so implementations are thread-safe.
 *
 * <p>Kubernetes model types (V1Pod, V1PodStatus) cross this interface; cloud SDK types never do.
 * Every exception is a {@link ProviderException} whose message is safe to show users: it never
 * contains a secret value.
 */
public interface Provider extends AutoCloseable {

  /** The configured provider name, unique in the agent and part of node names. */
  String name();

  /** The taint value and {@code burstlet.io/provider} label family: "azure" or "alibabacloud". */
  String cloud();

  /** The zones this provider serves, in configuration order. */
  List<String> zones();

  /** The region every zone of this provider lives in. */
  String region();

  /** Node capacity for a zone as resource name → Kubernetes quantity string. */
  Map<String, String> capacity(String zone);

  /**
   * Cheap check that the cloud answers for this zone. Returns normally when healthy; throws when
   * the cloud cannot be reached or refuses our credentials. Called every few seconds per node.
   */
  void checkHealth(String zone) throws ProviderException;

  /** Starts background work (status sweeps); the listener receives every status change. */
  default void start(PodStatusListener listener) throws ProviderException {}

  /**
   * Creates the container group for a pod, or does nothing when a group for the same pod UID
   * already exists (idempotent: names derive from the UID, so a retry never duplicates).
   *
   * @throws UnsupportedPodException when the pod asks for something this cloud cannot do
   * @throws CloudThrottledException when the cloud asks us to slow down
   */
  void createPod(PodRequest request) throws ProviderException;

  /** Idempotent: deleting a group that is already gone succeeds. */
  void deletePod(PodRef pod) throws ProviderException;

  /** The pod's status as the cloud reports it, or empty when no group exists for it. */
  Optional<V1PodStatus> getPodStatus(PodRef pod) throws ProviderException;

  /** Every group this agent's cluster owns in a zone, with their identity tags. */
  List<CloudPod> listPods(String zone) throws ProviderException;

  /** The container's log text. */
  String containerLogs(PodRef pod, String container, LogOptions options) throws ProviderException;

  /** Opens an exec session in a running container. */
  default ExecTarget exec(PodRef pod, String container, List<String> command, boolean tty)
      throws ProviderException {
    throw new UnsupportedPodException("exec", "exec is not supported by provider " + name());
  }

  /** Stops background work and releases connections. */
  @Override
  default void close() {}
}

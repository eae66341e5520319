package io.burstlet.pod;

import io.burstlet.provider.PodRef;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The controller's memory, one {@link PodState} per pod UID. An entry is created when the informer
 * first shows the pod and removed once the pod object and its group are both gone; statuses for
 * UIDs without an entry are ignored (orphans are the collector's business).
 */
final class PodTracker {
  private final Map<String, NodeBinding> nodes;
  private final Map<String, PodState> states = new ConcurrentHashMap<>();
  private volatile boolean adopting = true;

  /**
   * @param nodes bindings by node name
   */
  PodTracker(Map<String, NodeBinding> nodes) {
    this.nodes = nodes;
  }

  /**
   * The state of an informer pod, created on first sight. Until {@link #adoptionDone} a new entry
   * starts {@link PodState.Group#UNKNOWN} (the startup adoption settles it); afterwards a newly
   * seen pod cannot have a group yet, so it starts {@link PodState.Group#ABSENT}.
   */
  PodState observe(V1Pod pod) {
    String uid = pod.getMetadata().getUid();
    return states.computeIfAbsent(
        uid,
        u -> new PodState(ref(pod), adopting ? PodState.Group.UNKNOWN : PodState.Group.ABSENT));
  }

  PodState get(String uid) {
    return states.get(uid);
  }

  void remove(String uid) {
    states.remove(uid);
  }

  /** Called once the startup adoption has marked every pod it could. */
  void adoptionDone() {
    adopting = false;
  }

  /** The node binding a pod is bound to, or null when it is not one of ours. */
  NodeBinding binding(V1Pod pod) {
    String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    return node == null ? null : nodes.get(node);
  }

  NodeBinding binding(PodRef ref) {
    return ref.nodeName() == null ? null : nodes.get(ref.nodeName());
  }

  /** The identity the provider sees for an informer pod. */
  PodRef ref(V1Pod pod) {
    NodeBinding binding = binding(pod);
    if (binding == null) {
      throw new IllegalArgumentException(
          "pod "
              + pod.getMetadata().getNamespace()
              + "/"
              + pod.getMetadata().getName()
              + " is not bound to a node of this controller");
    }
    return new PodRef(
        pod.getMetadata().getNamespace(),
        pod.getMetadata().getName(),
        pod.getMetadata().getUid(),
        binding.nodeName(),
        binding.zone());
  }
}

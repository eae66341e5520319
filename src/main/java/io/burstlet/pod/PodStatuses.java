package io.burstlet.pod;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStateWaiting;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Statuses the controller writes itself, before or instead of anything the cloud reports. Reasons
 * follow the kubelet's where one exists, so dashboards and {@code kubectl get pods} read the same.
 */
final class PodStatuses {
  static final String PENDING = "Pending";
  static final String RUNNING = "Running";
  static final String SUCCEEDED = "Succeeded";
  static final String FAILED = "Failed";

  /** Container waiting reason while the group is being created. */
  static final String CONTAINER_CREATING = "ContainerCreating";

  /** Container waiting reason while a Secret or ConfigMap the pod needs is missing (kubelet's). */
  static final String CONFIG_ERROR = "CreateContainerConfigError";

  /** Pod reason when its group vanished from the cloud (virtual-kubelet's). */
  static final String NOT_FOUND = "NotFound";

  /** Container termination reason when its group vanished from the cloud. */
  static final String GROUP_LOST = "ContainerGroupLost";

  private PodStatuses() {}

  static boolean isTerminal(V1Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return SUCCEEDED.equals(phase) || FAILED.equals(phase);
  }

  /** Accepted by the cloud, no report yet: every container waits in {@code ContainerCreating}. */
  static V1PodStatus containerCreating(V1Pod pod) {
    return pending(pod, CONTAINER_CREATING, null);
  }

  /**
   * Cannot be created yet because something it references is missing; {@code message} names the
   * object (never its content).
   */
  static V1PodStatus configError(V1Pod pod, String message) {
    return pending(pod, CONFIG_ERROR, message);
  }

  /**
   * Refused for good before anything ran: phase Failed with {@code reason} and {@code message}, no
   * container statuses (as a kubelet reports a pod it rejects at admission).
   */
  static V1PodStatus rejected(V1Pod pod, String reason, String message) {
    return new V1PodStatus()
        .phase(FAILED)
        .reason(reason)
        .message(message)
        .conditions(notReady(pod, "PodFailed"));
  }

  /**
   * Its group vanished from the cloud while the pod was neither terminal nor being deleted: phase
   * Failed, reason {@code NotFound}, every container terminated with exit code 137. A pod never
   * moves to another node, so this lets its controller (ReplicaSet, Job…) replace it.
   */
  static V1PodStatus lost(V1Pod pod, String message, OffsetDateTime now) {
    List<V1ContainerStatus> previous =
        pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
            ? List.of()
            : pod.getStatus().getContainerStatuses();
    List<V1ContainerStatus> statuses = new ArrayList<>();
    for (V1Container container : containers(pod)) {
      V1ContainerStatus before =
          previous.stream()
              .filter(s -> container.getName().equals(s.getName()))
              .findFirst()
              .orElse(new V1ContainerStatus());
      OffsetDateTime startedAt =
          before.getState() != null && before.getState().getRunning() != null
              ? before.getState().getRunning().getStartedAt()
              : null;
      statuses.add(
          new V1ContainerStatus()
              .name(container.getName())
              .image(container.getImage())
              .imageID(before.getImageID())
              .containerID(before.getContainerID())
              .restartCount(before.getRestartCount())
              .ready(false)
              .started(false)
              .state(
                  new V1ContainerState()
                      .terminated(
                          new V1ContainerStateTerminated()
                              .exitCode(137)
                              .reason(GROUP_LOST)
                              .message(message)
                              .startedAt(startedAt)
                              .finishedAt(now))));
    }
    return new V1PodStatus()
        .phase(FAILED)
        .reason(NOT_FOUND)
        .message(message)
        .podIP(pod.getStatus() == null ? null : pod.getStatus().getPodIP())
        .podIPs(pod.getStatus() == null ? null : pod.getStatus().getPodIPs())
        .conditions(notReady(pod, "PodFailed"))
        .containerStatuses(statuses);
  }

  private static V1PodStatus pending(V1Pod pod, String waitingReason, String message) {
    List<V1ContainerStatus> statuses = new ArrayList<>();
    for (V1Container container : containers(pod)) {
      statuses.add(
          new V1ContainerStatus()
              .name(container.getName())
              .image(container.getImage())
              .ready(false)
              .restartCount(0)
              .started(false)
              .state(
                  new V1ContainerState()
                      .waiting(
                          new V1ContainerStateWaiting().reason(waitingReason).message(message))));
    }
    return new V1PodStatus()
        .phase(PENDING)
        .conditions(notReady(pod, "ContainersNotReady"))
        .containerStatuses(statuses);
  }

  private static List<V1PodCondition> notReady(V1Pod pod, String reason) {
    List<String> names = containers(pod).stream().map(V1Container::getName).toList();
    String message = "containers with unready status: " + names;
    return List.of(
        new V1PodCondition()
            .type("ContainersReady")
            .status("False")
            .reason(reason)
            .message(message),
        new V1PodCondition().type("Ready").status("False").reason(reason).message(message));
  }

  private static List<V1Container> containers(V1Pod pod) {
    return pod.getSpec() == null || pod.getSpec().getContainers() == null
        ? List.of()
        : pod.getSpec().getContainers();
  }
}

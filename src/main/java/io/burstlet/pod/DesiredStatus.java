package io.burstlet.pod;

import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodIP;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Merges what the cloud reports with what the API server already holds into the status to write.
 *
 * <ul>
 *   <li>phase, reason, message, IPs and container statuses come from the report;
 *   <li>{@code hostIP} is the agent's address, as a kubelet reports its node's;
 *   <li>{@code startTime} is set once and then kept;
 *   <li>{@code PodScheduled} (written by the scheduler) and conditions of types a kubelet does not
 *       own (readiness gates, disruption targets) are kept from the server;
 *   <li>a condition whose status did not change keeps its {@code lastTransitionTime}.
 * </ul>
 *
 * Inputs are never modified.
 */
final class DesiredStatus {
  /**
   * Condition types a kubelet owns: replaced by each report, dropped when the report lacks them.
   */
  static final Set<String> OWNED_CONDITIONS = Set.of("Initialized", "ContainersReady", "Ready");

  static final String POD_SCHEDULED = "PodScheduled";

  private DesiredStatus() {}

  /**
   * @param pod the pod as the API server holds it (the informer's copy or a fresh GET)
   * @param reported the cloud's status or a synthesized one; never null
   * @param hostIP the agent's address
   * @param now the time to stamp on new transitions
   */
  static V1PodStatus of(V1Pod pod, V1PodStatus reported, String hostIP, OffsetDateTime now) {
    V1PodStatus current = pod.getStatus() == null ? new V1PodStatus() : pod.getStatus();
    V1PodStatus out = new V1PodStatus();
    String phase = reported.getPhase() != null ? reported.getPhase() : current.getPhase();
    out.setPhase(phase != null ? phase : "Pending");
    out.setReason(reported.getReason());
    out.setMessage(reported.getMessage());
    out.setHostIP(hostIP);

    String podIP = reported.getPodIP();
    List<V1PodIP> podIPs = new ArrayList<>();
    if (reported.getPodIPs() != null) {
      for (V1PodIP ip : reported.getPodIPs()) {
        podIPs.add(new V1PodIP().ip(ip.getIp()));
      }
    }
    // The API requires podIPs[0] == podIP; fill whichever the provider left out.
    if (podIPs.isEmpty() && podIP != null && !podIP.isEmpty()) {
      podIPs.add(new V1PodIP().ip(podIP));
    }
    if ((podIP == null || podIP.isEmpty()) && !podIPs.isEmpty()) {
      podIP = podIPs.get(0).getIp();
    }
    out.setPodIP(podIP);
    out.setPodIPs(podIPs);

    OffsetDateTime start = current.getStartTime();
    if (start == null) {
      start = reported.getStartTime() != null ? reported.getStartTime() : now;
    }
    out.setStartTime(start);
    out.setConditions(conditions(current.getConditions(), reported.getConditions(), now));
    out.setContainerStatuses(copy(reported.getContainerStatuses()));
    out.setInitContainerStatuses(copy(reported.getInitContainerStatuses()));
    return out;
  }

  static List<V1PodCondition> conditions(
      List<V1PodCondition> current, List<V1PodCondition> reported, OffsetDateTime now) {
    Map<String, V1PodCondition> currentByType = new HashMap<>();
    for (V1PodCondition c : current == null ? List.<V1PodCondition>of() : current) {
      currentByType.put(c.getType(), c);
    }
    List<V1PodCondition> out = new ArrayList<>();
    Set<String> types = new HashSet<>();
    for (V1PodCondition r : reported == null ? List.<V1PodCondition>of() : reported) {
      if (r.getType() == null || !types.add(r.getType())) {
        continue;
      }
      if (POD_SCHEDULED.equals(r.getType()) && currentByType.containsKey(POD_SCHEDULED)) {
        // The scheduler's condition is the truth about scheduling.
        types.remove(POD_SCHEDULED);
        continue;
      }
      V1PodCondition old = currentByType.get(r.getType());
      OffsetDateTime transition;
      if (old != null
          && Objects.equals(old.getStatus(), r.getStatus())
          && old.getLastTransitionTime() != null) {
        transition = old.getLastTransitionTime();
      } else {
        transition = r.getLastTransitionTime() != null ? r.getLastTransitionTime() : now;
      }
      out.add(
          new V1PodCondition()
              .type(r.getType())
              .status(r.getStatus())
              .reason(r.getReason())
              .message(r.getMessage())
              .lastProbeTime(r.getLastProbeTime())
              .lastTransitionTime(transition));
    }
    for (V1PodCondition c : current == null ? List.<V1PodCondition>of() : current) {
      if (!types.contains(c.getType()) && !OWNED_CONDITIONS.contains(c.getType())) {
        out.add(
            new V1PodCondition()
                .type(c.getType())
                .status(c.getStatus())
                .reason(c.getReason())
                .message(c.getMessage())
                .lastProbeTime(c.getLastProbeTime())
                .lastTransitionTime(c.getLastTransitionTime()));
        types.add(c.getType());
      }
    }
    return out;
  }

  private static <T> List<T> copy(List<T> list) {
    // Shallow is enough: StatusDiff.canonical copies every element before anything is written.
    return list == null ? new ArrayList<>() : new ArrayList<>(list);
  }
}

package io.burstlet.provider.eci;

import io.burstlet.provider.eci.GroupSnapshot.ContainerSnapshot;
import io.burstlet.provider.eci.GroupSnapshot.StateSnapshot;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateRunning;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStateWaiting;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodIP;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Maps an ECI group's state to the pod status a kubelet would report. Deterministic (no clock, no
 * transition times), so equal inputs give equal statuses and the sweep can report only changes.
 *
 * <p>Group status → phase:
 *
 * <ul>
 *   <li>{@code Scheduling}, {@code Pending} → Pending (containers waiting, {@code
 *       ContainerCreating} unless ECI names a reason such as {@code ErrImagePull})
 *   <li>{@code Running}, {@code Restarting}, {@code Updating} → Running; {@code Terminating} →
 *       Running while a container still runs, else Succeeded/Failed by exit codes
 *   <li>{@code Succeeded} → Succeeded; {@code Failed} → Failed
 *   <li>{@code Expired} → Failed, reason {@code Expired}: the spot instance was reclaimed, so
 *       owners (ReplicaSets, Jobs) replace the pod; running containers are shown Terminated (exit
 *       137)
 *   <li>{@code ScheduleFailed} → Failed, reason {@code ScheduleFailed}, message from ECI's latest
 *       Warning event (e.g. {@code NoStock}). ECI does not retry a group that failed to schedule,
 *       so reporting Pending would leave the pod stuck forever; Failed lets its owner create a
 *       replacement, which the scheduler may place in another zone. Its containers never ran and
 *       stay Waiting with reason {@code ScheduleFailed}.
 * </ul>
 *
 * <p>A container of a finished group is never reported Running. Conditions PodScheduled,
 * Initialized, ContainersReady and Ready follow the kubelet's rules; image-pull failures surface as
 * waiting reasons {@code ErrImagePull}/{@code ImagePullBackOff} with ECI's message.
 */
final class EciStatusMapper {
  static final String SCHEDULE_FAILED = "ScheduleFailed";
  static final String EXPIRED = "Expired";
  private static final Set<String> TERMINAL =
      Set.of("Succeeded", "Failed", EXPIRED, SCHEDULE_FAILED);

  private EciStatusMapper() {}

  /** True for group states ECI never leaves. */
  static boolean terminal(String status) {
    return TERMINAL.contains(status);
  }

  static V1PodStatus map(GroupSnapshot g) {
    String status = g.status() == null ? "" : g.status();
    List<ContainerSnapshot> inits = g.initContainers() == null ? List.of() : g.initContainers();
    boolean initsDone = inits.stream().allMatch(EciStatusMapper::succeeded);

    V1PodStatus pod = new V1PodStatus();
    List<V1ContainerStatus> initStatuses = new ArrayList<>();
    for (ContainerSnapshot c : inits) {
      initStatuses.add(container(c, status, true, true));
    }
    List<V1ContainerStatus> statuses = new ArrayList<>();
    for (ContainerSnapshot c : g.containers()) {
      statuses.add(container(c, status, initsDone, false));
    }
    pod.setPhase(phase(status, statuses));
    if (status.equals(SCHEDULE_FAILED)) {
      pod.setReason(SCHEDULE_FAILED);
      EciEvent w = g.lastWarning();
      pod.setMessage(
          w != null
              ? "ECI could not create the instance: "
                  + w.reason()
                  + (w.message() == null ? "" : ": " + w.message())
              : "ECI could not create the instance (no capacity for this specification in the"
                  + " zone); it will not retry");
    } else if (status.equals(EXPIRED)) {
      pod.setReason(EXPIRED);
      pod.setMessage("ECI instance expired: the spot instance was reclaimed");
    } else if (pod.getPhase().equals("Unknown")) {
      pod.setReason("UnknownEciStatus");
      pod.setMessage("ECI reports status '" + status + "'");
    }
    pod.setConditions(conditions(pod.getPhase(), inits, initsDone, statuses));
    if (!initStatuses.isEmpty()) {
      pod.setInitContainerStatuses(initStatuses);
    }
    pod.setContainerStatuses(statuses);
    if (g.podIp() != null) {
      pod.setPodIP(g.podIp());
      pod.setPodIPs(List.of(new V1PodIP().ip(g.podIp())));
    }
    pod.setStartTime(time(g.startTime()));
    return pod;
  }

  private static String phase(String status, List<V1ContainerStatus> statuses) {
    switch (status) {
      case "Scheduling":
      case "Pending":
        return "Pending";
      case "Running":
      case "Restarting":
      case "Updating":
        return "Running";
      case "Succeeded":
        return "Succeeded";
      case "Failed":
      case EXPIRED:
      case SCHEDULE_FAILED:
        return "Failed";
      case "Terminating":
        boolean allTerminated =
            !statuses.isEmpty()
                && statuses.stream().allMatch(s -> s.getState().getTerminated() != null);
        if (!allTerminated) {
          return "Running";
        }
        return statuses.stream().allMatch(s -> s.getState().getTerminated().getExitCode() == 0)
            ? "Succeeded"
            : "Failed";
      default:
        return "Unknown";
    }
  }

  private static V1ContainerStatus container(
      ContainerSnapshot c, String groupStatus, boolean initsDone, boolean init) {
    V1ContainerState state = state(c.state(), groupStatus, initsDone);
    boolean running = state.getRunning() != null;
    boolean ready;
    if (init) {
      // The kubelet marks a successfully completed init container ready.
      ready = state.getTerminated() != null && state.getTerminated().getExitCode() == 0;
    } else {
      ready = running && !Boolean.FALSE.equals(c.ready()) && !groupStatus.equals("Terminating");
    }
    V1ContainerState last = new V1ContainerState();
    StateSnapshot previous = c.lastState();
    if (previous != null && "Terminated".equals(previous.kind())) {
      last.setTerminated(terminated(previous, groupStatus));
    }
    return new V1ContainerStatus()
        .name(c.name())
        .image(c.image())
        .imageID("")
        .restartCount(c.restartCount())
        .ready(ready)
        .started(running)
        .state(state)
        .lastState(last);
  }

  private static V1ContainerState state(StateSnapshot s, String groupStatus, boolean initsDone) {
    boolean terminal = terminal(groupStatus);
    String kind = s == null ? "Waiting" : s.kind();
    if (groupStatus.equals(SCHEDULE_FAILED)) {
      // Nothing ever ran: not Terminated, not Running.
      return new V1ContainerState()
          .waiting(new V1ContainerStateWaiting().reason(SCHEDULE_FAILED).message(null));
    }
    if ("Terminated".equals(kind)) {
      return new V1ContainerState().terminated(terminated(s, groupStatus));
    }
    if (terminal) {
      // The group is finished but the container was last seen alive: it was stopped with the
      // group. Like the kubelet, report it Terminated with 137 rather than invent an exit.
      boolean expired = groupStatus.equals(EXPIRED);
      return new V1ContainerState()
          .terminated(
              new V1ContainerStateTerminated()
                  .exitCode(137)
                  .reason(expired ? EXPIRED : "ContainerStatusUnknown")
                  .message(
                      expired
                          ? "spot instance reclaimed"
                          : "the container was stopped when the ECI instance finished")
                  .startedAt(s == null ? null : time(s.startedAt()))
                  .finishedAt(null));
    }
    if ("Running".equals(kind)) {
      return new V1ContainerState()
          .running(new V1ContainerStateRunning().startedAt(time(s.startedAt())));
    }
    String reason = s == null ? null : waitingReason(s.reason(), s.message());
    if (reason == null) {
      reason = initsDone ? "ContainerCreating" : "PodInitializing";
    }
    return new V1ContainerState()
        .waiting(
            new V1ContainerStateWaiting().reason(reason).message(s == null ? null : s.message()));
  }

  private static V1ContainerStateTerminated terminated(StateSnapshot s, String groupStatus) {
    int exitCode =
        s.exitCode() != null
            ? s.exitCode()
            : ("Completed".equals(s.reason()) || groupStatus.equals("Succeeded") ? 0 : 1);
    String reason = s.reason() != null ? s.reason() : exitCode == 0 ? "Completed" : "Error";
    return new V1ContainerStateTerminated()
        .exitCode(exitCode)
        .signal(s.signal() == null || s.signal() == 0 ? null : s.signal())
        .reason(reason)
        .message(s.message())
        .startedAt(time(s.startedAt()))
        .finishedAt(time(s.finishedAt()));
  }

  /**
   * Kubernetes' names for image-pull failures, whatever ECI calls them; other reasons pass through.
   */
  static String waitingReason(String reason, String message) {
    String r = reason == null ? "" : reason;
    String all = (r + " " + (message == null ? "" : message)).toLowerCase(Locale.ROOT);
    if (r.equals("ImagePullBackOff")
        || (all.contains("back") && all.contains("off") && all.contains("pull"))) {
      return "ImagePullBackOff";
    }
    if (r.equals("ErrImagePull")
        || r.equals("InvalidImageName")
        || r.equals("ErrImageNeverPull")
        || r.equals("RegistryUnavailable")) {
      return r;
    }
    if (all.contains("pull") && (all.contains("fail") || all.contains("err"))) {
      return "ErrImagePull";
    }
    return r.isEmpty() ? null : r;
  }

  private static List<V1PodCondition> conditions(
      String phase,
      List<ContainerSnapshot> inits,
      boolean initsDone,
      List<V1ContainerStatus> statuses) {
    boolean finished = phase.equals("Succeeded") || phase.equals("Failed");
    List<V1PodCondition> out = new ArrayList<>();
    out.add(condition("PodScheduled", true, null, null));
    if (initsDone || finished && inits.isEmpty()) {
      out.add(condition("Initialized", true, null, null));
    } else {
      List<String> pending = new ArrayList<>();
      for (ContainerSnapshot c : inits) {
        if (!succeeded(c)) {
          pending.add(c.name());
        }
      }
      out.add(
          condition(
              "Initialized",
              false,
              "ContainersNotInitialized",
              "containers with incomplete status: [" + String.join(" ", pending) + "]"));
    }
    List<String> unready = new ArrayList<>();
    for (V1ContainerStatus s : statuses) {
      if (!Boolean.TRUE.equals(s.getReady())) {
        unready.add(s.getName());
      }
    }
    boolean ready = unready.isEmpty() && !statuses.isEmpty() && !finished;
    String reason = finished ? "PodCompleted" : ready ? null : "ContainersNotReady";
    String message =
        finished || ready
            ? null
            : "containers with unready status: [" + String.join(" ", unready) + "]";
    out.add(condition("ContainersReady", ready, reason, message));
    out.add(condition("Ready", ready, reason, message));
    return out;
  }

  private static boolean succeeded(ContainerSnapshot c) {
    return c.state() != null
        && "Terminated".equals(c.state().kind())
        && (c.state().exitCode() == null || c.state().exitCode() == 0);
  }

  private static V1PodCondition condition(
      String type, boolean status, String reason, String message) {
    return new V1PodCondition()
        .type(type)
        .status(status ? "True" : "False")
        .reason(reason)
        .message(message);
  }

  static OffsetDateTime time(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

package io.burstlet.provider.aci;

import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import com.azure.resourcemanager.containerinstance.models.Container;
import com.azure.resourcemanager.containerinstance.models.ContainerProbe;
import com.azure.resourcemanager.containerinstance.models.ContainerState;
import com.azure.resourcemanager.containerinstance.models.Event;
import com.azure.resourcemanager.containerinstance.models.InitContainerDefinition;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateRunning;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStateWaiting;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodIP;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a container group as ARM returns it (provisioningState + instanceView) to a pod status.
 * Deterministic for a given group and clock reading: timestamps come from ACI's data, never from
 * "now", so an unchanged group maps to an equal status and the sweep can compare.
 *
 * <p><b>Phase</b>, from the group's provisioningState, then its instanceView state:
 *
 * <ul>
 *   <li>provisioningState {@code Failed} → Failed (reason {@code ProviderFailed}); {@code Canceled}
 *       → Failed (reason {@code ProviderCanceled}); the message is the latest group or container
 *       event of a non-Normal kind, or the latest group event.
 *   <li>otherwise instance state {@code Running} → Running; {@code Succeeded} → Succeeded; {@code
 *       Failed} → Failed; {@code Stopped} → Failed (reason {@code Stopped}: the group was stopped
 *       or evicted, its containers are gone); {@code Pending} → Pending; {@code Repairing} →
 *       Running when a container has started before, else Pending (not ready either way).
 *   <li>without an instance state (ARM's list, or a group just accepted): provisioningState {@code
 *       Succeeded} → Running, because ACI reports Succeeded only once the containers have started;
 *       {@code Pending}, {@code Creating}, {@code Accepted}, {@code Updating}, {@code Repairing},
 *       {@code Unhealthy} or none → Pending; {@code Deleting} → the phase stays what the instance
 *       state says, or Pending.
 * </ul>
 *
 * <p><b>Containers</b>: ACI's container state {@code Running} → running (startedAt); {@code
 * Terminated} → terminated (exit code, detail status as reason when it is one word, else {@code
 * Completed}/{@code Error} by exit code, start and finish time); {@code Waiting} → waiting, with
 * the reason taken from the detail status ({@code Reason: message} form) or from the latest
 * container event: a failed pull ({@code Failed}/{@code Inaccessible image}/{@code Err*} events
 * mentioning an image) → {@code ErrImagePull}, {@code BackOff} on pulling → {@code
 * ImagePullBackOff}, {@code BackOff} on restarting → {@code CrashLoopBackOff}, else {@code
 * ContainerCreating}. ACI states {@code Succeeded}/{@code Failed} → terminated with exit code 0/1
 * when ACI gives none. A container without an instance view is running when the group is Running,
 * else waiting in {@code ContainerCreating}. The previous state becomes lastState; restartCount is
 * copied. imageID is the digest reference from the latest pull event ({@code image@sha256:…}), else
 * empty. containerID is {@code aci://<group>/<container>}.
 *
 * <p><b>Readiness</b>: ACI does not report it. A running container is ready when it has no
 * readiness probe, or when (a) at least {@code initialDelaySeconds + periodSeconds ×
 * successThreshold + timeoutSeconds} have passed since it started — by then its first {@code
 * successThreshold} attempts have answered, so a failure would show as an event — and (b) its
 * newest readiness-probe failure event ({@code Unhealthy} with a message starting "Readiness probe
 * failed") is older than {@code periodSeconds × successThreshold + timeoutSeconds}, the time the
 * probe needs to succeed again. Nothing is ready while the group is provisioning as {@code
 * Deleting}, {@code Repairing} or {@code Unhealthy}, or its instance state is Repairing. This is
 * time-dependent, so the sweep keeps polling groups that are not yet ready.
 *
 * <p><b>Conditions</b>: PodScheduled True; Initialized True when every init container terminated
 * with exit 0; ContainersReady and Ready True when every container is ready, reason {@code
 * PodCompleted} once the pod is terminal. podIP is the group's {@code ipAddress.ip}; startTime the
 * earliest timestamp ACI reports for the group (events or container start).
 */
public final class AciStatusMapper {
  private static final Pattern REASON_MESSAGE = Pattern.compile("([A-Z][A-Za-z]+)(?::\\s*(.*))?");
  private static final Pattern DIGEST_REF =
      Pattern.compile("\"?([^\"\\s]+@sha256:[0-9a-f]{64})\"?");
  private static final Set<String> TRANSIENT_PROVISIONING =
      Set.of("deleting", "repairing", "unhealthy");

  private final Clock clock;

  public AciStatusMapper(Clock clock) {
    this.clock = clock;
  }

  /** The pod status for a group, or null when the group carries no state at all. */
  public V1PodStatus map(ContainerGroupInner group) {
    String provisioning = lower(group.provisioningState());
    String state = group.instanceView() == null ? null : lower(group.instanceView().state());
    List<Container> containers = group.containers() == null ? List.of() : group.containers();
    List<InitContainerDefinition> inits =
        group.initContainers() == null ? List.of() : group.initContainers();
    String groupName = group.name() == null ? "" : group.name();

    boolean everStarted = false;
    for (Container c : containers) {
      everStarted |= started(c.instanceView() == null ? null : c.instanceView().currentState());
      everStarted |= c.instanceView() != null && c.instanceView().previousState() != null;
      everStarted |=
          c.instanceView() != null
              && c.instanceView().restartCount() != null
              && c.instanceView().restartCount() > 0;
    }

    String phase;
    String reason = null;
    String message = null;
    if ("failed".equals(provisioning) || "canceled".equals(provisioning)) {
      phase = "Failed";
      reason = "failed".equals(provisioning) ? "ProviderFailed" : "ProviderCanceled";
      message = failureMessage(group);
    } else if (state != null) {
      phase =
          switch (state) {
            case "running" -> "Running";
            case "succeeded" -> "Succeeded";
            case "failed", "stopped" -> "Failed";
            case "repairing" -> everStarted ? "Running" : "Pending";
            default -> "Pending";
          };
      if ("stopped".equals(state)) {
        reason = "Stopped";
        message = "the container group was stopped";
      }
    } else if ("succeeded".equals(provisioning)) {
      phase = "Running";
    } else {
      phase = "Pending";
    }
    boolean terminal = phase.equals("Succeeded") || phase.equals("Failed");
    boolean readinessBlocked =
        TRANSIENT_PROVISIONING.contains(provisioning) || "repairing".equals(state);
    boolean groupRunning = phase.equals("Running");

    List<V1ContainerStatus> statuses = new ArrayList<>();
    List<String> unready = new ArrayList<>();
    for (Container c : containers) {
      V1ContainerStatus s =
          containerStatus(
              groupName,
              c.name(),
              c.image(),
              c.instanceView() == null ? null : c.instanceView().currentState(),
              c.instanceView() == null ? null : c.instanceView().previousState(),
              c.instanceView() == null ? null : c.instanceView().restartCount(),
              c.instanceView() == null ? null : c.instanceView().events(),
              phase);
      boolean ready =
          !terminal
              && !readinessBlocked
              && s.getState().getRunning() != null
              && readinessSatisfied(
                  c.readinessProbe(),
                  s.getState().getRunning().getStartedAt(),
                  c.instanceView() == null ? null : c.instanceView().events());
      s.ready(ready).started(s.getState().getRunning() != null);
      if (!ready) {
        unready.add(c.name());
      }
      statuses.add(s);
    }
    List<V1ContainerStatus> initStatuses = new ArrayList<>();
    List<String> uninitialized = new ArrayList<>();
    for (InitContainerDefinition c : inits) {
      var view = c.instanceView();
      V1ContainerStatus s =
          containerStatus(
              groupName,
              c.name(),
              c.image(),
              view == null ? null : view.currentState(),
              view == null ? null : view.previousState(),
              view == null ? null : view.restartCount(),
              view == null ? null : view.events(),
              "Pending");
      // An init container that the group has moved past (it is running or done) has completed.
      if (view == null && (groupRunning || phase.equals("Succeeded"))) {
        s.state(
            new V1ContainerState()
                .terminated(new V1ContainerStateTerminated().exitCode(0).reason("Completed")));
      }
      boolean done =
          s.getState().getTerminated() != null && s.getState().getTerminated().getExitCode() == 0;
      s.ready(done).started(s.getState().getRunning() != null);
      if (!done) {
        uninitialized.add(c.name());
      }
      initStatuses.add(s);
    }

    V1PodStatus status = new V1PodStatus().phase(phase).reason(reason).message(message);
    status.addConditionsItem(condition("PodScheduled", true, null, null));
    status.addConditionsItem(
        uninitialized.isEmpty()
            ? condition("Initialized", true, null, null)
            : condition(
                "Initialized",
                false,
                "ContainersNotInitialized",
                "containers with incomplete status: " + uninitialized));
    String readyReason = terminal ? "PodCompleted" : "ContainersNotReady";
    String readyMessage = terminal ? null : "containers with unready status: " + unready;
    boolean allReady = unready.isEmpty() && !terminal;
    status.addConditionsItem(
        condition(
            "ContainersReady",
            allReady,
            allReady ? null : readyReason,
            allReady ? null : readyMessage));
    status.addConditionsItem(
        condition(
            "Ready", allReady, allReady ? null : readyReason, allReady ? null : readyMessage));
    status.containerStatuses(statuses);
    if (!initStatuses.isEmpty()) {
      status.initContainerStatuses(initStatuses);
    }
    if (group.ipAddress() != null && group.ipAddress().ip() != null) {
      status.podIP(group.ipAddress().ip());
      status.addPodIPsItem(new V1PodIP().ip(group.ipAddress().ip()));
    }
    status.startTime(startTime(group));
    return status;
  }

  /**
   * True when a status will not change without ACI reporting a new provisioning state: the pod is
   * terminal, or running with every container ready.
   */
  public static boolean isSteady(V1PodStatus status) {
    if (status == null) {
      return false;
    }
    String phase = status.getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return true;
    }
    if (!"Running".equals(phase) || status.getConditions() == null) {
      return false;
    }
    return status.getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private V1ContainerStatus containerStatus(
      String groupName,
      String name,
      String image,
      ContainerState current,
      ContainerState previous,
      Integer restartCount,
      List<Event> events,
      String groupPhase) {
    V1ContainerState state;
    if (current == null) {
      // No instance view (ARM's list, or ACI has not reported yet): follow the group.
      state =
          switch (groupPhase) {
            case "Running" -> new V1ContainerState().running(new V1ContainerStateRunning());
            case "Succeeded" ->
                new V1ContainerState()
                    .terminated(new V1ContainerStateTerminated().exitCode(0).reason("Completed"));
            default ->
                new V1ContainerState()
                    .waiting(new V1ContainerStateWaiting().reason("ContainerCreating"));
          };
    } else {
      state = state(current, events);
    }
    V1ContainerStatus s =
        new V1ContainerStatus()
            .name(name)
            .image(image)
            .imageID(imageId(events))
            .containerID("aci://" + groupName + "/" + name)
            .restartCount(restartCount == null ? 0 : restartCount)
            .state(state);
    if (previous != null && previous.state() != null) {
      s.lastState(state(previous, List.of()));
    }
    return s;
  }

  private static V1ContainerState state(ContainerState s, List<Event> events) {
    String st = lower(s.state());
    String detail = s.detailStatus() == null ? "" : s.detailStatus().strip();
    switch (st == null ? "" : st) {
      case "running":
        return new V1ContainerState()
            .running(new V1ContainerStateRunning().startedAt(s.startTime()));
      case "terminated":
      case "succeeded":
      case "failed":
        int exit =
            s.exitCode() != null
                ? s.exitCode()
                : "succeeded".equals(st) ? 0 : "failed".equals(st) ? 1 : 0;
        String reason;
        String message = null;
        Matcher m = REASON_MESSAGE.matcher(detail);
        if (m.matches()) {
          reason = m.group(1);
          message = m.group(2);
        } else {
          reason = exit == 0 ? "Completed" : "Error";
          message = detail.isEmpty() ? null : detail;
        }
        return new V1ContainerState()
            .terminated(
                new V1ContainerStateTerminated()
                    .exitCode(exit)
                    .reason(reason)
                    .message(message)
                    .startedAt(s.startTime())
                    .finishedAt(s.finishTime()));
      default:
        return new V1ContainerState().waiting(waiting(detail, events));
    }
  }

  private static V1ContainerStateWaiting waiting(String detail, List<Event> events) {
    Matcher m = REASON_MESSAGE.matcher(detail);
    if (!detail.isEmpty() && m.matches() && !"Waiting".equals(m.group(1))) {
      return new V1ContainerStateWaiting().reason(m.group(1)).message(m.group(2));
    }
    Event last = latest(events);
    if (last != null) {
      String name = last.name() == null ? "" : last.name();
      String msg = last.message() == null ? "" : last.message();
      String lowerMsg = msg.toLowerCase(Locale.ROOT);
      if (name.equals("BackOff") && lowerMsg.contains("pulling image")) {
        return new V1ContainerStateWaiting().reason("ImagePullBackOff").message(msg);
      }
      if (name.equals("BackOff")) {
        return new V1ContainerStateWaiting().reason("CrashLoopBackOff").message(msg);
      }
      if ((name.equals("Failed") || name.startsWith("Err") || name.equals("Inaccessible image"))
          && (lowerMsg.contains("pull") || lowerMsg.contains("image"))) {
        return new V1ContainerStateWaiting().reason("ErrImagePull").message(msg);
      }
      if (name.equals("Pulling")) {
        return new V1ContainerStateWaiting().reason("ContainerCreating").message(msg);
      }
    }
    return new V1ContainerStateWaiting()
        .reason("ContainerCreating")
        .message(detail.isEmpty() ? null : detail);
  }

  private boolean readinessSatisfied(
      ContainerProbe probe, OffsetDateTime startedAt, List<Event> events) {
    if (probe == null) {
      return true;
    }
    if (startedAt == null) {
      return false;
    }
    int period = or(probe.periodSeconds(), AciProbes.DEFAULT_PERIOD);
    int success = or(probe.successThreshold(), AciProbes.DEFAULT_SUCCESS);
    int timeout = or(probe.timeoutSeconds(), AciProbes.DEFAULT_TIMEOUT);
    int delay = or(probe.initialDelaySeconds(), 0);
    Instant now = clock.instant();
    // Only once the first `success` attempts have all answered does "no failure event" mean they
    // passed: the kubelet's first tick may come a period late, and an answer up to a timeout
    // after its attempt. Earlier, a slow failing probe would look ready. Rule (b) below waits
    // the same after a failure.
    Instant earliest =
        startedAt.toInstant().plusSeconds((long) delay + (long) period * success + (long) timeout);
    if (now.isBefore(earliest)) {
      return false;
    }
    Instant lastFailure = null;
    for (Event e : events == null ? List.<Event>of() : events) {
      if ("Unhealthy".equals(e.name())
          && e.message() != null
          && e.message().startsWith("Readiness probe failed")) {
        OffsetDateTime t = e.lastTimestamp() != null ? e.lastTimestamp() : e.firstTimestamp();
        if (t != null && (lastFailure == null || t.toInstant().isAfter(lastFailure))) {
          lastFailure = t.toInstant();
        }
      }
    }
    return lastFailure == null
        || now.isAfter(lastFailure.plus(Duration.ofSeconds((long) period * success + timeout)));
  }

  private static String failureMessage(ContainerGroupInner group) {
    List<Event> all = new ArrayList<>();
    if (group.instanceView() != null && group.instanceView().events() != null) {
      all.addAll(group.instanceView().events());
    }
    if (group.containers() != null) {
      for (Container c : group.containers()) {
        if (c.instanceView() != null && c.instanceView().events() != null) {
          all.addAll(c.instanceView().events());
        }
      }
    }
    Event latestWarning =
        latest(all.stream().filter(e -> e.type() != null && !"Normal".equals(e.type())).toList());
    Event chosen = latestWarning;
    if (chosen == null && group.instanceView() != null) {
      chosen = latest(group.instanceView().events());
    }
    if (chosen == null) {
      return "ACI reports provisioning state " + group.provisioningState();
    }
    return (chosen.name() == null ? "" : chosen.name() + ": ")
        + (chosen.message() == null ? "" : chosen.message());
  }

  private static Event latest(List<Event> events) {
    if (events == null || events.isEmpty()) {
      return null;
    }
    // Stable: among equal timestamps the later list entry wins, as ACI appends events in order.
    Event best = null;
    OffsetDateTime bestTime = null;
    for (Event e : events) {
      OffsetDateTime t = e.lastTimestamp() != null ? e.lastTimestamp() : e.firstTimestamp();
      if (best == null || (t != null && (bestTime == null || !t.isBefore(bestTime)))) {
        best = e;
        bestTime = t;
      }
    }
    return best;
  }

  private static String imageId(List<Event> events) {
    if (events == null) {
      return "";
    }
    List<Event> pulls =
        events.stream()
            .filter(e -> "Pulled".equals(e.name()) || "Pulling".equals(e.name()))
            .filter(e -> e.message() != null)
            .sorted(
                Comparator.comparing(
                    (Event e) ->
                        e.lastTimestamp() == null ? OffsetDateTime.MIN : e.lastTimestamp()))
            .toList();
    for (int i = pulls.size() - 1; i >= 0; i--) {
      Matcher m = DIGEST_REF.matcher(pulls.get(i).message());
      if (m.find()) {
        return m.group(1);
      }
    }
    return "";
  }

  private static OffsetDateTime startTime(ContainerGroupInner group) {
    List<OffsetDateTime> times = new ArrayList<>();
    if (group.instanceView() != null && group.instanceView().events() != null) {
      group.instanceView().events().forEach(e -> times.add(e.firstTimestamp()));
    }
    if (group.containers() != null) {
      for (Container c : group.containers()) {
        collect(c.instanceView() == null ? null : c.instanceView().events(), times);
        if (c.instanceView() != null) {
          times.add(startOf(c.instanceView().currentState()));
          times.add(startOf(c.instanceView().previousState()));
        }
      }
    }
    if (group.initContainers() != null) {
      for (InitContainerDefinition c : group.initContainers()) {
        collect(c.instanceView() == null ? null : c.instanceView().events(), times);
        if (c.instanceView() != null) {
          times.add(startOf(c.instanceView().currentState()));
          times.add(startOf(c.instanceView().previousState()));
        }
      }
    }
    return times.stream().filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
  }

  private static void collect(List<Event> events, List<OffsetDateTime> into) {
    if (events != null) {
      events.forEach(e -> into.add(e.firstTimestamp()));
    }
  }

  private static OffsetDateTime startOf(ContainerState s) {
    return s == null ? null : s.startTime();
  }

  private static boolean started(ContainerState s) {
    return s != null
        && ("running".equals(lower(s.state())) || "terminated".equals(lower(s.state())));
  }

  private static V1PodCondition condition(String type, boolean ok, String reason, String message) {
    return new V1PodCondition()
        .type(type)
        .status(ok ? "True" : "False")
        .reason(reason)
        .message(message);
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  private static int or(Integer v, int fallback) {
    return v == null ? fallback : v;
  }
}

package io.burstlet.pod;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateRunning;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStateWaiting;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodIP;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares the status fields the controller owns and builds the patch that writes them.
 *
 * <p>Both sides are first reduced to a canonical form: only the fields a kubelet reports and
 * Kubernetes 1.20 stores (so a field the server drops cannot cause a patch on every reconcile),
 * timestamps in UTC whole seconds (the API's precision), blank strings as null, unset defaults
 * ({@code ready}, {@code restartCount}, {@code exitCode}) made explicit, conditions in a fixed type
 * order and container statuses ordered like a kubelet does. Comparing canonical forms means a
 * status is patched only when the server would store something different.
 */
final class StatusDiff {
  /** The owned fields, in patch order. */
  static final List<String> FIELDS =
      List.of(
          "phase",
          "reason",
          "message",
          "hostIP",
          "podIP",
          "podIPs",
          "startTime",
          "conditions",
          "containerStatuses",
          "initContainerStatuses");

  private static final List<String> CONDITION_ORDER =
      List.of("PodScheduled", "Initialized", "ContainersReady", "Ready");
  private static final Type CONDITIONS =
      TypeToken.getParameterized(List.class, V1PodCondition.class).getType();
  private static final Type CONTAINER_STATUSES =
      TypeToken.getParameterized(List.class, V1ContainerStatus.class).getType();
  private static final Type POD_IPS =
      TypeToken.getParameterized(List.class, V1PodIP.class).getType();

  private StatusDiff() {}

  /**
   * The owned fields of {@code status} in canonical form; never null, never shares objects with its
   * input.
   *
   * @param pod supplies the init-container order
   */
  static V1PodStatus canonical(V1Pod pod, V1PodStatus status) {
    V1PodStatus s = status == null ? new V1PodStatus() : status;
    V1PodStatus c = new V1PodStatus();
    c.setPhase(blankToNull(s.getPhase()));
    c.setReason(blankToNull(s.getReason()));
    c.setMessage(blankToNull(s.getMessage()));
    c.setHostIP(blankToNull(s.getHostIP()));
    c.setPodIP(blankToNull(s.getPodIP()));
    List<V1PodIP> ips = new ArrayList<>();
    for (V1PodIP ip : nullSafe(s.getPodIPs())) {
      if (blankToNull(ip.getIp()) != null) {
        ips.add(new V1PodIP().ip(ip.getIp()));
      }
    }
    c.setPodIPs(ips);
    c.setStartTime(time(s.getStartTime()));
    List<V1PodCondition> conditions = new ArrayList<>();
    for (V1PodCondition condition : nullSafe(s.getConditions())) {
      conditions.add(condition(condition));
    }
    conditions.sort(
        Comparator.comparingInt(StatusDiff::conditionRank).thenComparing(V1PodCondition::getType));
    c.setConditions(conditions);
    List<V1ContainerStatus> containers = new ArrayList<>();
    for (V1ContainerStatus cs : nullSafe(s.getContainerStatuses())) {
      containers.add(container(cs));
    }
    // Kubelets sort app container statuses by name and keep init containers in spec order.
    containers.sort(
        Comparator.comparing(
            V1ContainerStatus::getName, Comparator.nullsLast(Comparator.naturalOrder())));
    c.setContainerStatuses(containers);
    List<String> initOrder = new ArrayList<>();
    if (pod != null && pod.getSpec() != null) {
      for (V1Container init : nullSafe(pod.getSpec().getInitContainers())) {
        initOrder.add(init.getName());
      }
    }
    List<V1ContainerStatus> inits = new ArrayList<>();
    for (V1ContainerStatus cs : nullSafe(s.getInitContainerStatuses())) {
      inits.add(container(cs));
    }
    inits.sort(
        Comparator.comparingInt(
                (V1ContainerStatus cs) -> {
                  int i = initOrder.indexOf(cs.getName());
                  return i < 0 ? Integer.MAX_VALUE : i;
                })
            .thenComparing(
                V1ContainerStatus::getName, Comparator.nullsLast(Comparator.naturalOrder())));
    c.setInitContainerStatuses(inits);
    return c;
  }

  /**
   * The owned fields whose canonical values differ, in {@link #FIELDS} order; empty when a patch
   * would change nothing.
   */
  static List<String> changedFields(V1Pod pod, V1PodStatus current, V1PodStatus desired) {
    V1PodStatus a = canonical(pod, current);
    V1PodStatus b = canonical(pod, desired);
    List<String> changed = new ArrayList<>();
    Map<String, Boolean> same =
        Map.of(
            "phase", Objects.equals(a.getPhase(), b.getPhase()),
            "reason", Objects.equals(a.getReason(), b.getReason()),
            "message", Objects.equals(a.getMessage(), b.getMessage()),
            "hostIP", Objects.equals(a.getHostIP(), b.getHostIP()),
            "podIP", Objects.equals(a.getPodIP(), b.getPodIP()),
            "podIPs", Objects.equals(a.getPodIPs(), b.getPodIPs()),
            "startTime", Objects.equals(a.getStartTime(), b.getStartTime()),
            "conditions", Objects.equals(a.getConditions(), b.getConditions()),
            "containerStatuses", Objects.equals(a.getContainerStatuses(), b.getContainerStatuses()),
            "initContainerStatuses",
                Objects.equals(a.getInitContainerStatuses(), b.getInitContainerStatuses()));
    for (String field : FIELDS) {
      if (!same.get(field)) {
        changed.add(field);
      }
    }
    return changed;
  }

  /**
   * A JSON merge patch for the status subresource that sets every owned field to its canonical
   * value in {@code desired} (null clears a field) and carries {@code resourceVersion}, which makes
   * the API server refuse it with 409 Conflict when the pod changed since it was read.
   *
   * @param gson the API client's Gson, which knows the model and date formats
   */
  static String mergePatch(V1Pod pod, V1PodStatus desired, String resourceVersion, Gson gson) {
    V1PodStatus d = canonical(pod, desired);
    JsonObject status = new JsonObject();
    status.add("phase", primitive(gson, d.getPhase()));
    status.add("reason", primitive(gson, d.getReason()));
    status.add("message", primitive(gson, d.getMessage()));
    status.add("hostIP", primitive(gson, d.getHostIP()));
    status.add("podIP", primitive(gson, d.getPodIP()));
    status.add(
        "podIPs",
        d.getPodIPs().isEmpty()
            ? JsonNull.INSTANCE
            : prune(gson.toJsonTree(d.getPodIPs(), POD_IPS)));
    status.add(
        "startTime",
        d.getStartTime() == null ? JsonNull.INSTANCE : gson.toJsonTree(d.getStartTime()));
    status.add("conditions", prune(gson.toJsonTree(d.getConditions(), CONDITIONS)));
    status.add(
        "containerStatuses", prune(gson.toJsonTree(d.getContainerStatuses(), CONTAINER_STATUSES)));
    status.add(
        "initContainerStatuses",
        prune(gson.toJsonTree(d.getInitContainerStatuses(), CONTAINER_STATUSES)));
    JsonObject metadata = new JsonObject();
    metadata.addProperty("resourceVersion", resourceVersion);
    JsonObject patch = new JsonObject();
    patch.add("metadata", metadata);
    patch.add("status", status);
    // JsonElement.toString keeps explicit nulls, which is how a merge patch clears a field.
    return patch.toString();
  }

  /** UTC, whole seconds: what the API server stores and returns. */
  static OffsetDateTime time(OffsetDateTime t) {
    return t == null
        ? null
        : t.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
  }

  private static V1PodCondition condition(V1PodCondition in) {
    return new V1PodCondition()
        .type(in.getType())
        .status(in.getStatus())
        .reason(blankToNull(in.getReason()))
        .message(blankToNull(in.getMessage()))
        .lastTransitionTime(time(in.getLastTransitionTime()))
        .lastProbeTime(time(in.getLastProbeTime()));
  }

  private static int conditionRank(V1PodCondition condition) {
    int i = CONDITION_ORDER.indexOf(condition.getType());
    return i < 0 ? CONDITION_ORDER.size() : i;
  }

  private static V1ContainerStatus container(V1ContainerStatus in) {
    return new V1ContainerStatus()
        .name(in.getName())
        .state(state(in.getState()))
        .lastState(state(in.getLastState()))
        .ready(Boolean.TRUE.equals(in.getReady()))
        .restartCount(in.getRestartCount() == null ? 0 : in.getRestartCount())
        .image(blankToNull(in.getImage()))
        .imageID(blankToNull(in.getImageID()))
        .containerID(blankToNull(in.getContainerID()))
        .started(in.getStarted());
  }

  private static V1ContainerState state(V1ContainerState in) {
    if (in == null) {
      return null;
    }
    V1ContainerState out = new V1ContainerState();
    if (in.getWaiting() != null) {
      out.setWaiting(
          new V1ContainerStateWaiting()
              .reason(blankToNull(in.getWaiting().getReason()))
              .message(blankToNull(in.getWaiting().getMessage())));
    }
    if (in.getRunning() != null) {
      out.setRunning(new V1ContainerStateRunning().startedAt(time(in.getRunning().getStartedAt())));
    }
    V1ContainerStateTerminated t = in.getTerminated();
    if (t != null) {
      out.setTerminated(
          new V1ContainerStateTerminated()
              .exitCode(t.getExitCode() == null ? 0 : t.getExitCode())
              .signal(t.getSignal() == null || t.getSignal() == 0 ? null : t.getSignal())
              .reason(blankToNull(t.getReason()))
              .message(blankToNull(t.getMessage()))
              .startedAt(time(t.getStartedAt()))
              .finishedAt(time(t.getFinishedAt()))
              .containerID(blankToNull(t.getContainerID())));
    }
    // The API returns "state: {}" for an unset state; treat both as absent.
    return out.getWaiting() == null && out.getRunning() == null && out.getTerminated() == null
        ? null
        : out;
  }

  private static JsonElement primitive(Gson gson, String value) {
    return value == null ? JsonNull.INSTANCE : gson.toJsonTree(value);
  }

  /**
   * Drops empty arrays inside list elements: newer model fields (volumeMounts, allocatedResources…)
   * default to empty lists in client-java and mean nothing to the server.
   */
  private static JsonElement prune(JsonElement e) {
    if (e.isJsonArray()) {
      JsonArray out = new JsonArray();
      for (JsonElement item : e.getAsJsonArray()) {
        out.add(prune(item));
      }
      return out;
    }
    if (e.isJsonObject()) {
      JsonObject out = new JsonObject();
      for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
        JsonElement v = m.getValue();
        if (v.isJsonNull() || (v.isJsonArray() && v.getAsJsonArray().isEmpty())) {
          continue;
        }
        out.add(m.getKey(), prune(v));
      }
      return out;
    }
    return e;
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }
}

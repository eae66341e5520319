package io.burstlet.emulator.eci;

import io.burstlet.emulator.ContainerState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link GroupView} as one element of DescribeContainerGroupStatus' {@code Data}: the
 * Kubernetes-style pod status, with the API's odd casing reproduced ({@code uuid}, lower-camel
 * condition keys, {@code ImageID}, and {@code StartedAtstartedAt} for a running container's start).
 */
final class PodStatusRenderer {

  private PodStatusRenderer() {}

  static Map<String, Object> render(GroupView view) {
    ContainerGroup group = view.group();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ContainerGroupId", group.id());
    out.put("Name", group.spec().name());
    out.put("Namespace", "default");
    out.put("uuid", group.uuid());
    out.put("Annotations", "{}");
    out.put("Status", view.status());
    Map<String, Object> pod = new LinkedHashMap<>();
    pod.put("Phase", phase(view.status()));
    pod.put("HostIp", view.scheduled() ? group.placement().hostIp() : "");
    pod.put("PodIp", view.scheduled() ? group.placement().intranetIp() : "");
    pod.put(
        "PodIps",
        view.scheduled() ? List.of(Map.of("Ip", group.placement().intranetIp())) : List.of());
    // ECI reserves the whole instance for the pod, so its requests equal its limits.
    pod.put("QosClass", "Guaranteed");
    pod.put("StartTime", view.scheduled() ? EciTime.format(view.scheduledAt()) : "");
    pod.put("Conditions", conditions(view));
    pod.put("ContainerStatuses", view.containers().stream().map(c -> container(view, c)).toList());
    out.put("PodStatus", pod);
    return out;
  }

  /** The Kubernetes pod phase an ECI status corresponds to. */
  static String phase(String status) {
    return switch (status) {
      case "Running", "Terminating", "Updating" -> "Running";
      case "Succeeded" -> "Succeeded";
      case "Failed", "ScheduleFailed", "Expired" -> "Failed";
      default -> "Pending";
    };
  }

  private static List<Map<String, Object>> conditions(GroupView view) {
    ContainerGroup group = view.group();
    Instant created = group.incarnation().start();
    List<Map<String, Object>> out = new ArrayList<>();
    if (view.status().equals("ScheduleFailed")) {
      out.add(
          condition(
              "PodScheduled",
              false,
              created,
              "Unschedulable",
              "no zone among the instance's vSwitches has stock"));
    } else {
      out.add(
          condition(
              "PodScheduled",
              view.scheduled(),
              view.scheduled() ? view.scheduledAt() : created,
              "",
              ""));
    }
    out.add(
        condition(
            "Initialized",
            view.initialized(),
            view.initialized() ? view.mainStart() : created,
            "",
            ""));
    Instant readySince = null;
    boolean ready = !view.containers().isEmpty();
    for (GroupView.ContainerView c : view.containers()) {
      if (!c.ready()) {
        ready = false;
        break;
      }
      readySince =
          readySince == null || c.readySince().isAfter(readySince) ? c.readySince() : readySince;
    }
    Instant readyTransition = ready ? readySince : created;
    out.add(condition("ContainersReady", ready, readyTransition, "", ""));
    out.add(condition("Ready", ready, readyTransition, "", ""));
    return out;
  }

  private static Map<String, Object> condition(
      String type, boolean status, Instant since, String reason, String message) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", type);
    out.put("status", status ? "True" : "False");
    out.put("lastTransitionTime", EciTime.format(since));
    out.put("Reason", reason);
    out.put("Message", message);
    return out;
  }

  private static Map<String, Object> container(GroupView view, GroupView.ContainerView c) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Name", c.spec().name());
    out.put("Image", c.spec().image());
    out.put("ImageID", c.imagePulled() ? imageId(c.spec().image()) : "");
    out.put("Ready", c.ready());
    out.put("Started", c.running());
    out.put("RestartCount", c.status().restartCount());
    out.put("State", state(view, c.spec().name(), c.status().current(), c.message()));
    out.put(
        "LastState",
        c.status()
            .previous()
            .<Map<String, Object>>map(t -> state(view, c.spec().name(), t, ""))
            .orElseGet(Map::of));
    return out;
  }

  private static Map<String, Object> state(
      GroupView view, String container, ContainerState state, String message) {
    if (state instanceof ContainerState.Waiting waiting) {
      return Map.of("Waiting", GroupRenderer.pair("Reason", waiting.reason(), "Message", message));
    }
    if (state instanceof ContainerState.Running running) {
      // Sic: the generated SDK model names this field StartedAtstartedAt.
      return Map.of("Running", Map.of("StartedAtstartedAt", EciTime.format(running.startedAt())));
    }
    ContainerState.Terminated terminated = (ContainerState.Terminated) state;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ContainerID", containerId(view, container, terminated.startedAt()));
    out.put("ExitCode", terminated.exitCode());
    out.put("Signal", GroupRenderer.signal(terminated.exitCode()));
    out.put("Reason", terminated.reason());
    out.put("Message", "");
    out.put("StartedAt", EciTime.format(terminated.startedAt()));
    out.put("FinishedAt", EciTime.format(terminated.finishedAt()));
    return Map.of("Terminated", out);
  }

  /** A stable fake digest of the image reference; no registry is contacted. */
  private static String imageId(String image) {
    String repository = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int colon = repository.lastIndexOf(':');
    if (colon > repository.lastIndexOf('/')) {
      repository = repository.substring(0, colon);
    }
    return repository + "@sha256:" + sha256(image);
  }

  /** One id per run of a container, stable across reads. */
  private static String containerId(GroupView view, String container, Instant startedAt) {
    return "containerd://" + sha256(view.group().id() + "/" + container + "/" + startedAt);
  }

  private static String sha256(String text) {
    return EciSignatureVerifier.hex(
        EciSignatureVerifier.sha256(text.getBytes(StandardCharsets.UTF_8)));
  }
}

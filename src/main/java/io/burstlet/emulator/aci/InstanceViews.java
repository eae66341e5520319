package io.burstlet.emulator.aci;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.burstlet.emulator.ContainerState;
import io.burstlet.emulator.ContainerStatus;
import io.burstlet.emulator.SimulatedProbe;
import io.burstlet.emulator.SimulatedProcess;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A container's {@code instanceView} as ACI reports it: {@code currentState}, {@code
 * previousState}, {@code restartCount} and {@code events}, derived from the simulated process.
 *
 * <p>ACI runs containers on a kubelet-like agent and forwards its wording: events are named {@code
 * Pulling}, {@code Pulled}, {@code Failed} (a pull error, type Warning), {@code BackOff}, {@code
 * Started} and {@code Killing}, with the messages its troubleshooting guide shows ({@code pulling
 * image "nginx"}, {@code Successfully pulled image "nginx"}, {@code Back-off pulling image …}), and
 * — for probes, as ACI's probe guides show them — {@code Unhealthy} (Warning, {@code Readiness
 * probe failed: …} / {@code Liveness probe failed: …}) and {@code Killing} ({@code Container NAME
 * failed liveness probe, will be restarted}), aggregated with a count as {@link SimulatedProbe}
 * describes. States are {@code Waiting}, {@code Running} and {@code Terminated}; {@code
 * detailStatus} is empty while waiting or running, the reason ({@code Completed}, {@code Error},
 * {@code Killed}) once terminated, and {@code Reason: message} while backing off ({@code
 * CrashLoopBackOff: Back-off restarting failed}, {@code ImagePullBackOff: Back-off pulling image
 * "…"}) — the back-off form is inferred from that agent, not taken from captured ACI traffic.
 */
final class InstanceViews {

  private InstanceViews() {}

  /** The instance view of {@code run} at {@code now}; {@code stoppedAt} null unless stopped. */
  static JsonObject of(Deployment deployment, Deployment.Run run, Instant now, Instant stoppedAt) {
    List<JsonObject> events = new ArrayList<>();
    JsonObject view = new JsonObject();
    String image = "\"" + run.image() + "\"";
    if (!now.isBefore(deployment.pullingAt())) {
      events.add(
          event("Pulling", "Normal", 1, deployment.pullingAt(), null, "pulling image " + image));
      if (!run.pull().allowed()) {
        events.add(
            event(
                "Failed",
                "Warning",
                1,
                deployment.pullingAt(),
                null,
                "Failed to pull image " + image + ": " + run.pull().message()));
        events.add(
            event(
                "BackOff",
                "Normal",
                1,
                deployment.pullingAt(),
                null,
                "Back-off pulling image " + image));
      } else if (deployment.provisioned(now)) {
        events.add(
            event(
                "Pulled",
                "Normal",
                1,
                deployment.readyAt(),
                null,
                "Successfully pulled image " + image));
      }
    }
    SimulatedProcess process = run.process(stoppedAt);
    if (process == null) {
      boolean pullBackOff = !run.pull().allowed() && !now.isBefore(deployment.pullingAt());
      view.addProperty("restartCount", 0);
      view.add(
          "currentState",
          waiting(pullBackOff ? "ImagePullBackOff: Back-off pulling image " + image : ""));
      view.add("events", sorted(events));
      return view;
    }
    ContainerStatus status = process.status(now);
    view.addProperty("restartCount", status.restartCount());
    view.add("currentState", state(status.current()));
    status.previous().ifPresent(previous -> view.add("previousState", state(previous)));
    Instant start = process.startAt();
    boolean started = !now.isBefore(start) && (stoppedAt == null || !stoppedAt.isBefore(start));
    if (started) {
      events.add(
          event(
              "Started",
              "Normal",
              status.restartCount() + 1,
              start,
              latestStart(status),
              "Started container"));
    }
    if (status.current() instanceof ContainerState.Waiting waiting
        && waiting.reason().equals(ContainerState.CRASH_LOOP_BACK_OFF)) {
      Instant firstExit = start.plus(process.program().runtime().orElseThrow());
      events.add(
          event(
              "BackOff",
              "Warning",
              status.restartCount() + 1,
              firstExit,
              status.previous().orElseThrow().finishedAt(),
              "Back-off restarting failed container"));
    }
    // Only a container that was running when the group stopped gets killed.
    if (stoppedAt != null
        && !stoppedAt.isBefore(start)
        && run.process().state(stoppedAt) instanceof ContainerState.Running) {
      events.add(
          event("Killing", "Normal", 1, stoppedAt, null, "Stopping container " + run.name()));
    }
    for (SimulatedProbe probe : new SimulatedProbe[] {run.liveness(), run.readiness()}) {
      if (probe == null) {
        continue;
      }
      SimulatedProbe.Report report = probe.report(process, now);
      report
          .failures()
          .ifPresent(f -> events.add(event(SimulatedProbe.UNHEALTHY, SimulatedProbe.WARNING, f)));
      report.kills().ifPresent(k -> events.add(event(SimulatedProbe.KILLING, "Normal", k)));
    }
    view.add("events", sorted(events));
    return view;
  }

  private static Instant latestStart(ContainerStatus status) {
    if (status.current() instanceof ContainerState.Running running) {
      return running.startedAt();
    }
    if (status.current() instanceof ContainerState.Terminated terminated) {
      return terminated.startedAt();
    }
    return status.previous().orElseThrow().startedAt();
  }

  private static JsonObject state(ContainerState state) {
    if (state instanceof ContainerState.Running running) {
      JsonObject json = new JsonObject();
      json.addProperty("state", "Running");
      json.addProperty("startTime", running.startedAt().toString());
      json.addProperty("detailStatus", "");
      return json;
    }
    if (state instanceof ContainerState.Terminated terminated) {
      JsonObject json = new JsonObject();
      json.addProperty("state", "Terminated");
      json.addProperty("startTime", terminated.startedAt().toString());
      json.addProperty("exitCode", terminated.exitCode());
      json.addProperty("finishTime", terminated.finishedAt().toString());
      json.addProperty("detailStatus", terminated.reason());
      return json;
    }
    boolean backOff =
        ((ContainerState.Waiting) state).reason().equals(ContainerState.CRASH_LOOP_BACK_OFF);
    return waiting(backOff ? "CrashLoopBackOff: Back-off restarting failed" : "");
  }

  private static JsonObject waiting(String detail) {
    JsonObject json = new JsonObject();
    json.addProperty("state", "Waiting");
    json.addProperty("detailStatus", detail);
    return json;
  }

  private static JsonObject event(
      String name, String type, int count, Instant first, Instant last, String message) {
    JsonObject event = new JsonObject();
    event.addProperty("count", count);
    event.addProperty("firstTimestamp", first.toString());
    event.addProperty("lastTimestamp", (last == null ? first : last).toString());
    event.addProperty("name", name);
    event.addProperty("message", message);
    event.addProperty("type", type);
    return event;
  }

  private static JsonObject event(String name, String type, SimulatedProbe.Events events) {
    return event(
        name,
        type,
        events.count(),
        events.firstTimestamp(),
        events.lastTimestamp(),
        events.message());
  }

  private static JsonArray sorted(List<JsonObject> events) {
    // Stable: events with equal timestamps keep the order they happened in. ISO-8601 instants
    // in UTC sort as text only when equally precise, so compare them as instants.
    events.sort(Comparator.comparing(e -> Instant.parse(e.get("firstTimestamp").getAsString())));
    JsonArray array = new JsonArray();
    events.forEach(array::add);
    return array;
  }
}

package io.burstlet.emulator;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.time.Duration;
import java.util.Map;

/** The {@code /_emulator/} control API of {@link EmulatorServer}; see its class comment. */
final class ControlApi {

  private final FaultInjector faults;

  ControlApi(FaultInjector faults) {
    this.faults = faults;
  }

  EmulatorResponse handle(EmulatorRequest request) {
    String resource = request.path().substring(EmulatorServer.CONTROL_PREFIX.length());
    String key = request.method() + " " + resource;
    try {
      switch (key) {
        case "POST faults" -> {
          JsonObject spec = request.bodyJson().getAsJsonObject();
          int times = spec.has("times") ? spec.get("times").getAsInt() : 1;
          faults.inject(text(spec, "operation", FaultInjector.ANY), fault(spec), times);
          return EmulatorResponse.empty(204);
        }
        case "DELETE faults" -> {
          faults.clear();
          return EmulatorResponse.empty(204);
        }
        case "GET calls" -> {
          return EmulatorResponse.json(200, faults.callCounts());
        }
        case "DELETE calls" -> {
          faults.resetCalls();
          return EmulatorResponse.empty(204);
        }
        default -> {
          return error(404, "no control resource " + key);
        }
      }
    } catch (JsonParseException | IllegalStateException | IllegalArgumentException e) {
      // Gson reports wrong JSON shapes as IllegalStateException or NumberFormatException.
      return error(400, "bad fault specification: " + e.getMessage());
    }
  }

  private static Fault fault(JsonObject spec) {
    String kind = text(spec, "kind", "");
    return switch (kind) {
      case "throttle" ->
          new Fault.Throttle(Duration.ofSeconds(number(spec, "retryAfterSeconds", 1)));
      case "server-error" -> new Fault.ServerError((int) number(spec, "status", 500));
      case "delay" -> new Fault.Delay(Duration.ofMillis(number(spec, "delayMillis", 1000)));
      case "drop" -> new Fault.Drop();
      case "apply-then-fail" -> new Fault.ApplyThenFail((int) number(spec, "status", 500));
      default ->
          throw new IllegalArgumentException(
              "kind must be throttle, server-error, delay, drop or apply-then-fail");
    };
  }

  private static String text(JsonObject spec, String field, String fallback) {
    JsonElement value = spec.get(field);
    return value == null ? fallback : value.getAsString();
  }

  private static long number(JsonObject spec, String field, long fallback) {
    JsonElement value = spec.get(field);
    return value == null ? fallback : value.getAsLong();
  }

  private static EmulatorResponse error(int status, String message) {
    return EmulatorResponse.json(status, Map.of("error", message));
  }
}

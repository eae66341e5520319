package io.burstlet.emulator.aci;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.burstlet.emulator.RestartPolicy;
import java.util.List;

/**
 * Turns a validated PUT body into the definition ACI keeps: read-only fields dropped (ARM ignores
 * them on a PUT), ACI's defaults filled in, enums and the location in their canonical spelling. Two
 * requests that ACI would read as the same group then compare equal — so sending back what a GET
 * returned is an idempotent PUT — and the renderer echoes what ACI echoes.
 */
final class RequestNormaliser {

  private RequestNormaliser() {}

  /** A normalised copy of {@code body}; {@code body} is left as it was. */
  static JsonObject normalise(
      JsonObject body, String location, String osType, RestartPolicy restartPolicy) {
    JsonObject copy = body.deepCopy();
    for (String field : List.of("id", "name", "type")) {
      copy.remove(field);
    }
    copy.addProperty("location", location);
    JsonObject properties = copy.getAsJsonObject("properties");
    properties.remove("provisioningState");
    properties.remove("instanceView");
    properties.addProperty("osType", osType);
    properties.addProperty("restartPolicy", wire(restartPolicy));
    defaultTo(properties, "sku", "Standard");
    defaultTo(properties, "imageRegistryCredentials");
    defaultTo(properties, "initContainers");
    for (String key : List.of("containers", "initContainers")) {
      for (JsonElement container : properties.getAsJsonArray(key)) {
        JsonObject settings = container.getAsJsonObject().getAsJsonObject("properties");
        settings.remove("instanceView");
        defaultTo(settings, "command");
        defaultTo(settings, "environmentVariables");
        if (key.equals("containers")) {
          defaultTo(settings, "ports");
        }
        if (settings.get("securityContext") instanceof JsonObject security
            && !security.has("privileged")) {
          security.addProperty("privileged", false);
        }
      }
    }
    if (properties.get("ipAddress") instanceof JsonObject ipAddress) {
      ipAddress.remove("fqdn");
    }
    return copy;
  }

  private static String wire(RestartPolicy policy) {
    return switch (policy) {
      case ALWAYS -> "Always";
      case ON_FAILURE -> "OnFailure";
      case NEVER -> "Never";
    };
  }

  private static void defaultTo(JsonObject object, String key) {
    if (!object.has(key) || object.get(key).isJsonNull()) {
      object.add(key, new JsonArray());
    }
  }

  private static void defaultTo(JsonObject object, String key, String value) {
    if (!object.has(key) || object.get(key).isJsonNull()) {
      object.addProperty(key, value);
    }
  }
}

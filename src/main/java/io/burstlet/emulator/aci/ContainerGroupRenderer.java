package io.burstlet.emulator.aci;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Renders a container group the way ARM returns it: the definition as kept (see {@link
 * RequestNormaliser}), plus {@code id}, {@code name}, {@code type}, {@code provisioningState}, the
 * identity's ids, the IP address and FQDN, and — for a single group — the group's and each
 * container's {@code instanceView}. Lists and delete answers carry no instance view, as ARM's do.
 *
 * <p>Secrets are never returned, as ARM omits {@code x-ms-secret} properties: environment {@code
 * secureValue}s, registry {@code password}s, Log Analytics {@code workspaceKey} and {@code
 * workspaceResourceId}, Azure Files {@code storageAccountKey}, secret volume contents (rendered
 * {@code {}}) and extensions' {@code protectedSettings}.
 */
final class ContainerGroupRenderer {

  private ContainerGroupRenderer() {}

  /** How much of the group to show. */
  enum View {
    /** A single group (GET, PUT, PATCH): with instance views. */
    FULL,
    /** An element of a list, or the DELETE answer: without instance views. */
    SUMMARY
  }

  static JsonObject render(ContainerGroupState state, Instant now, View view) {
    JsonObject body = state.spec().body();
    JsonObject out = new JsonObject();
    out.addProperty("id", state.id().resourceId());
    out.addProperty("name", state.id().name());
    out.addProperty("type", ArmId.TYPE);
    for (Map.Entry<String, JsonElement> entry : body.entrySet()) {
      if (!entry.getKey().equals("properties")) {
        out.add(entry.getKey(), entry.getValue());
      }
    }
    renderIdentity(out, state.id());
    JsonObject properties = new JsonObject();
    properties.addProperty("provisioningState", state.provisioningState(now));
    body.getAsJsonObject("properties")
        .entrySet()
        .forEach(e -> properties.add(e.getKey(), e.getValue()));
    boolean full = view == View.FULL;
    Deployment deployment = state.deployment();
    renderContainers(properties, "containers", deployment.runs(), state, now, full);
    renderContainers(properties, "initContainers", deployment.initRuns(), state, now, full);
    for (JsonElement credential : properties.getAsJsonArray("imageRegistryCredentials")) {
      credential.getAsJsonObject().remove("password");
    }
    renderIpAddress(properties, state);
    redactVolumes(properties);
    redactDiagnostics(properties);
    redactExtensions(properties);
    if (full) {
      JsonObject instanceView = new JsonObject();
      instanceView.add("events", new JsonArray());
      instanceView.addProperty("state", state.instanceState(now));
      properties.add("instanceView", instanceView);
    }
    out.add("properties", properties);
    return out;
  }

  /**
   * Fills in the identity's read-only ids as Entra ID would: stable per group and identity, so
   * repeated reads agree.
   */
  private static void renderIdentity(JsonObject out, ArmId id) {
    if (!(out.get("identity") instanceof JsonObject identity)) {
      return;
    }
    identity.addProperty("tenantId", uuid("tenant:" + id.subscription()));
    JsonElement type = identity.get("type");
    if (type != null && type.isJsonPrimitive() && type.getAsString().contains("SystemAssigned")) {
      identity.addProperty("principalId", uuid("principal:" + id.resourceId()));
    }
    if (identity.get("userAssignedIdentities") instanceof JsonObject users) {
      for (String user : List.copyOf(users.keySet())) {
        JsonObject ids = new JsonObject();
        ids.addProperty("principalId", uuid("principal:" + user));
        ids.addProperty("clientId", uuid("client:" + user));
        users.add(user, ids);
      }
    }
  }

  private static String uuid(String seed) {
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static void renderContainers(
      JsonObject properties,
      String key,
      List<Deployment.Run> runs,
      ContainerGroupState state,
      Instant now,
      boolean withInstanceView) {
    JsonArray containers = properties.getAsJsonArray(key);
    for (int i = 0; i < containers.size(); i++) {
      JsonObject container = containers.get(i).getAsJsonObject().getAsJsonObject("properties");
      for (JsonElement variable : container.getAsJsonArray("environmentVariables")) {
        variable.getAsJsonObject().remove("secureValue");
      }
      if (withInstanceView) {
        container.add(
            "instanceView",
            InstanceViews.of(state.deployment(), runs.get(i), now, state.stoppedAt()));
      }
    }
  }

  private static void renderIpAddress(JsonObject properties, ContainerGroupState state) {
    if (!properties.has("ipAddress") || !properties.get("ipAddress").isJsonObject()) {
      if (state.spec().subnetId() == null) {
        return;
      }
      // A group in a VNet has a private address even when it exposes no ports.
      JsonObject privateIp = new JsonObject();
      privateIp.add("ports", new JsonArray());
      privateIp.addProperty("type", "Private");
      properties.add("ipAddress", privateIp);
    }
    JsonObject ipAddress = properties.getAsJsonObject("ipAddress");
    ipAddress.remove("ip");
    if (state.ip() != null) {
      ipAddress.addProperty("ip", state.ip());
    }
    if (ipAddress.has("dnsNameLabel")) {
      ipAddress.addProperty(
          "fqdn",
          ipAddress.get("dnsNameLabel").getAsString()
              + "."
              + state.spec().location()
              + ".azurecontainer.io");
    }
  }

  private static void redactVolumes(JsonObject properties) {
    if (!properties.has("volumes")) {
      return;
    }
    for (JsonElement element : properties.getAsJsonArray("volumes")) {
      JsonObject volume = element.getAsJsonObject();
      if (volume.has("secret")) {
        volume.add("secret", new JsonObject());
      }
      if (volume.has("azureFile") && volume.get("azureFile").isJsonObject()) {
        volume.getAsJsonObject("azureFile").remove("storageAccountKey");
      }
    }
  }

  private static void redactDiagnostics(JsonObject properties) {
    JsonElement diagnostics = properties.get("diagnostics");
    if (diagnostics != null
        && diagnostics.isJsonObject()
        && diagnostics.getAsJsonObject().get("logAnalytics") instanceof JsonObject logAnalytics) {
      logAnalytics.remove("workspaceKey");
      logAnalytics.remove("workspaceResourceId");
    }
  }

  private static void redactExtensions(JsonObject properties) {
    JsonElement extensions = properties.get("extensions");
    if (extensions == null || !extensions.isJsonArray()) {
      return;
    }
    for (JsonElement extension : extensions.getAsJsonArray()) {
      if (extension.isJsonObject()
          && extension.getAsJsonObject().get("properties") instanceof JsonObject settings) {
        settings.remove("protectedSettings");
      }
    }
  }
}

package io.burstlet.provider.aci;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Builds container groups as ARM returns them, through the SDK's own deserializer (the read-only
 * fields — provisioningState, instanceView — cannot be set otherwise).
 */
final class AciGroupJson {
  final JsonObject root = new JsonObject();
  final JsonObject props = new JsonObject();
  final JsonArray containers = new JsonArray();
  final JsonArray inits = new JsonArray();

  AciGroupJson(String name, String provisioningState, String instanceState) {
    root.addProperty("name", name);
    root.addProperty(
        "id",
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups/"
            + name);
    root.addProperty("location", "westeurope");
    root.add("properties", props);
    if (provisioningState != null) {
      props.addProperty("provisioningState", provisioningState);
    }
    if (instanceState != null) {
      JsonObject view = new JsonObject();
      view.addProperty("state", instanceState);
      view.add("events", new JsonArray());
      props.add("instanceView", view);
    }
    props.add("containers", containers);
    props.addProperty("osType", "Linux");
  }

  static JsonObject state(
      String state, String start, Integer exitCode, String finish, String detail) {
    JsonObject s = new JsonObject();
    s.addProperty("state", state);
    if (start != null) {
      s.addProperty("startTime", start);
    }
    if (exitCode != null) {
      s.addProperty("exitCode", exitCode);
    }
    if (finish != null) {
      s.addProperty("finishTime", finish);
    }
    if (detail != null) {
      s.addProperty("detailStatus", detail);
    }
    return s;
  }

  static JsonObject event(String name, String type, String time, String message) {
    JsonObject e = new JsonObject();
    e.addProperty("name", name);
    e.addProperty("type", type);
    e.addProperty("count", 1);
    e.addProperty("firstTimestamp", time);
    e.addProperty("lastTimestamp", time);
    e.addProperty("message", message);
    return e;
  }

  /** Adds a container; current may be null (no instanceView). */
  AciGroupJson container(
      String name,
      JsonObject current,
      JsonObject previous,
      int restarts,
      JsonObject readiness,
      JsonObject... events) {
    JsonObject c = new JsonObject();
    c.addProperty("name", name);
    JsonObject p = new JsonObject();
    p.addProperty("image", "example.com/" + name + ":1");
    JsonObject requests = new JsonObject();
    requests.addProperty("cpu", 1);
    requests.addProperty("memoryInGB", 1.5);
    JsonObject resources = new JsonObject();
    resources.add("requests", requests);
    p.add("resources", resources);
    if (readiness != null) {
      p.add("readinessProbe", readiness);
    }
    if (current != null) {
      p.add("instanceView", view(current, previous, restarts, events));
    }
    c.add("properties", p);
    containers.add(c);
    return this;
  }

  AciGroupJson init(String name, JsonObject current) {
    JsonObject c = new JsonObject();
    c.addProperty("name", name);
    JsonObject p = new JsonObject();
    p.addProperty("image", "busybox");
    if (current != null) {
      p.add("instanceView", view(current, null, 0));
    }
    c.add("properties", p);
    inits.add(c);
    props.add("initContainers", inits);
    return this;
  }

  AciGroupJson groupEvent(JsonObject event) {
    props.getAsJsonObject("instanceView").getAsJsonArray("events").add(event);
    return this;
  }

  AciGroupJson ip(String ip) {
    JsonObject a = new JsonObject();
    a.addProperty("ip", ip);
    a.addProperty("type", "Private");
    a.add("ports", new JsonArray());
    props.add("ipAddress", a);
    return this;
  }

  AciGroupJson tags(Map<String, String> tags) {
    JsonObject t = new JsonObject();
    tags.forEach(t::addProperty);
    root.add("tags", t);
    return this;
  }

  static JsonObject probe(int delay, int period, int success, int timeout) {
    JsonObject p = new JsonObject();
    JsonObject get = new JsonObject();
    get.addProperty("port", 80);
    p.add("httpGet", get);
    p.addProperty("initialDelaySeconds", delay);
    p.addProperty("periodSeconds", period);
    p.addProperty("successThreshold", success);
    p.addProperty("timeoutSeconds", timeout);
    p.addProperty("failureThreshold", 3);
    return p;
  }

  private static JsonObject view(
      JsonObject current, JsonObject previous, int restarts, JsonObject... events) {
    JsonObject v = new JsonObject();
    v.addProperty("restartCount", restarts);
    v.add("currentState", current);
    if (previous != null) {
      v.add("previousState", previous);
    }
    JsonArray ev = new JsonArray();
    for (JsonObject e : events) {
      ev.add(e);
    }
    v.add("events", ev);
    return v;
  }

  ContainerGroupInner build() {
    return parse(root.toString());
  }

  static ContainerGroupInner parse(String json) {
    try (JsonReader reader = JsonProviders.createReader(json)) {
      return ContainerGroupInner.fromJson(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.burstlet.emulator.aci;

import static io.burstlet.emulator.aci.ArmErrors.error;
import static io.burstlet.emulator.aci.ArmErrors.invalidContent;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.burstlet.emulator.EmulatorRequest;
import io.burstlet.emulator.EmulatorResponse;
import io.burstlet.emulator.LogLine;
import io.burstlet.emulator.SimulatedProcess;
import io.burstlet.emulator.aci.ContainerGroupRenderer.View;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The container group operations of api-version {@value #API_VERSION}, with the status codes the
 * spec declares: PUT 201 (created) / 200 (updated), long-running while provisioning with an {@code
 * Azure-AsyncOperation} URL and {@code Retry-After: 1}; GET 200; PATCH (tags) 200; DELETE 200 with
 * the group / 204 when absent; list 200 with {@code nextLink} paging; stop 204; start 202
 * (long-running) or 204; restart 204; logs 200; exec and attach 200.
 */
final class ContainerGroupApi {

  static final String API_VERSION = "2023-05-01";

  // One second is the least the Azure SDK honours; without the header it waits 30 s per poll.
  private static final String RETRY_AFTER_SECONDS = "1";

  private final ContainerGroupStore store;
  private final AciValidator validator;
  private final AciSettings settings;
  private final SecureRandom random = new SecureRandom();
  private volatile boolean repeatNextLink;

  ContainerGroupApi(ContainerGroupStore store, AciValidator validator, AciSettings settings) {
    this.store = store;
    this.validator = validator;
    this.settings = settings;
  }

  EmulatorResponse put(ArmRoute route, EmulatorRequest request, String base) {
    ContainerGroupSpec spec = validator.validate(route.group(), json(request));
    Instant now = settings.clock().instant();
    ContainerGroupStore.PutResult result = store.createOrUpdate(route.groupId(), spec, now);
    ContainerGroupState state = result.state();
    // Always long-running in form: the SDK only polls when the body is not yet Succeeded, and a
    // deployment that failed at once is then reported through the operation's error.
    return longRunning(
        EmulatorResponse.json(
            result.created() ? 201 : 200, ContainerGroupRenderer.render(state, now, View.FULL)),
        state,
        base);
  }

  EmulatorResponse get(ArmRoute route) {
    Instant now = settings.clock().instant();
    return EmulatorResponse.json(
        200, ContainerGroupRenderer.render(existing(route.groupId()), now, View.FULL));
  }

  /** ARM's PATCH of a container group updates its tags only. */
  EmulatorResponse patch(ArmRoute route, EmulatorRequest request) {
    JsonElement body = json(request);
    if (!body.isJsonObject()) {
      throw invalidContent("Expected an object. Path ''");
    }
    JsonElement tags = body.getAsJsonObject().get("tags");
    if (tags != null && !tags.isJsonNull() && !tags.isJsonObject()) {
      throw invalidContent("Expected an object. Path 'tags'");
    }
    ContainerGroupState state =
        store
            .update(route.groupId(), s -> s.respecified(s.spec().withTags(tags)))
            .orElseThrow(() -> ArmErrors.groupNotFound(route.groupId()));
    return EmulatorResponse.json(
        200, ContainerGroupRenderer.render(state, settings.clock().instant(), View.FULL));
  }

  EmulatorResponse delete(ArmRoute route) {
    Instant now = settings.clock().instant();
    return store
        .delete(route.groupId())
        .map(s -> EmulatorResponse.json(200, ContainerGroupRenderer.render(s, now, View.SUMMARY)))
        .orElseGet(() -> EmulatorResponse.empty(204));
  }

  /**
   * {@code GET .../locations/{location}/capabilities}: the largest group per OS, shaped like the
   * 2023-05-01 example {@code CapabilitiesList.json} (one entry per OS type and IP address type,
   * GPU {@code None}); the region's limits are the emulator's settings.
   */
  EmulatorResponse capabilities(ArmRoute route) {
    JsonArray value = new JsonArray();
    for (String os : List.of("Linux", "Windows")) {
      for (String ipType : List.of("Public", "Private")) {
        JsonObject limits = new JsonObject();
        limits.addProperty("maxMemoryInGB", settings.maxMemoryGbPerGroup());
        limits.addProperty("maxCpu", settings.maxCpuPerGroup());
        limits.addProperty("maxGpuCount", 0);
        JsonObject entry = new JsonObject();
        entry.addProperty("resourceType", "containerGroups");
        entry.addProperty("osType", os);
        entry.addProperty("location", route.location());
        entry.addProperty("ipAddressType", ipType);
        entry.addProperty("gpu", "None");
        entry.add("capabilities", limits);
        value.add(entry);
      }
    }
    JsonObject body = new JsonObject();
    body.add("value", value);
    return EmulatorResponse.json(200, body);
  }

  void repeatNextLink(boolean on) {
    repeatNextLink = on;
  }

  EmulatorResponse list(ArmRoute route, EmulatorRequest request, String base) {
    String token = request.queryParams().get("$skiptoken");
    String after = null;
    if (token != null) {
      try {
        after = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw invalidContent("The $skiptoken is not valid. Path '$skiptoken");
      }
    }
    ContainerGroupStore.Page page = store.list(route.subscription(), route.resourceGroup(), after);
    Instant now = settings.clock().instant();
    JsonArray value = new JsonArray();
    page.groups().forEach(g -> value.add(ContainerGroupRenderer.render(g, now, View.SUMMARY)));
    JsonObject body = new JsonObject();
    body.add("value", value);
    String next = page.continueAfter();
    if (repeatNextLink) {
      // Point back at the page just served: the first page continues after its own last group.
      next =
          after != null
              ? after
              : page.groups().isEmpty()
                  ? null
                  : page.groups().get(page.groups().size() - 1).id().key();
    }
    if (next != null) {
      body.addProperty(
          "nextLink",
          base
              + request.path()
              + "?api-version="
              + API_VERSION
              + "&$skiptoken="
              + Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(next.getBytes(StandardCharsets.UTF_8)));
    }
    return EmulatorResponse.json(200, body);
  }

  EmulatorResponse stop(ArmRoute route) {
    store
        .stop(route.groupId(), settings.clock().instant())
        .orElseThrow(() -> ArmErrors.groupNotFound(route.groupId()));
    return EmulatorResponse.empty(204);
  }

  EmulatorResponse start(ArmRoute route, String base) {
    Instant now = settings.clock().instant();
    ContainerGroupState state =
        store
            .start(route.groupId(), now)
            .orElseThrow(() -> ArmErrors.groupNotFound(route.groupId()));
    return state.deployment().provisioned(now)
        ? EmulatorResponse.empty(204)
        : longRunning(EmulatorResponse.empty(202), state, base);
  }

  EmulatorResponse restart(ArmRoute route) {
    store
        .restart(route.groupId(), settings.clock().instant())
        .orElseThrow(() -> ArmErrors.groupNotFound(route.groupId()));
    return EmulatorResponse.empty(204);
  }

  /**
   * {@code {"content": …}}: the lines the container's current run wrote, each ending in a newline,
   * the last {@code tail} of them when asked, each prefixed with its RFC 3339 time and a space when
   * {@code timestamps=true}. Empty before the container starts.
   */
  EmulatorResponse logs(ArmRoute route, EmulatorRequest request) {
    Instant now = settings.clock().instant();
    ContainerGroupState state = existing(route.groupId());
    Deployment.Run run = container(state, route);
    SimulatedProcess process = run.process(state.stoppedAt());
    List<LogLine> lines = process == null ? List.of() : process.logs(now);
    Integer tail = tail(request.queryParams().get("tail"));
    if (tail != null && tail < lines.size()) {
      lines = lines.subList(lines.size() - tail, lines.size());
    }
    boolean timestamps = "true".equalsIgnoreCase(request.queryParams().get("timestamps"));
    StringBuilder content = new StringBuilder();
    for (LogLine line : lines) {
      if (timestamps) {
        content.append(line.timestamp()).append(' ');
      }
      content.append(line.text()).append('\n');
    }
    JsonObject body = new JsonObject();
    body.addProperty("content", content.toString());
    return EmulatorResponse.json(200, body);
  }

  /**
   * The exec (or attach) handshake: a web socket URI and a one-time password. The web socket itself
   * is not served; the URI only has ACI's shape.
   */
  EmulatorResponse webSocket(ArmRoute route, EmulatorRequest request, String base, String kind) {
    ContainerGroupState state = existing(route.groupId());
    container(state, route);
    String query = "";
    if (kind.equals("exec") && request.body().length > 0) {
      query = terminalSize(request);
    }
    String uri =
        base.replaceFirst("^https", "wss")
            + "/"
            + kind
            + "/"
            + route.group()
            + "/"
            + route.container()
            + "/"
            + token(8)
            + query;
    JsonObject body = new JsonObject();
    body.addProperty("webSocketUri", uri);
    body.addProperty("password", token(16));
    return EmulatorResponse.json(200, body);
  }

  /**
   * The async operation's status as ACI reports it: the tracked deployment's provisioning state
   * ({@code Pending}, {@code Creating}, {@code Updating}, then {@code Succeeded} or {@code Failed}
   * with an error) rather than ARM's generic {@code InProgress}; the Azure SDK treats every
   * non-terminal value as in progress. {@code Canceled} when the group was deleted or redeployed
   * since.
   */
  EmulatorResponse operationStatus(ArmRoute route) {
    ContainerGroupStore.Operation operation =
        store
            .operation(route.operationId())
            .orElseThrow(
                () ->
                    error(
                        404,
                        "OperationNotFound",
                        "The operation '" + route.operationId() + "' could not be found."));
    JsonObject body = new JsonObject();
    body.addProperty("name", route.operationId());
    if (!operation.current()) {
      body.addProperty("status", "Canceled");
      body.add(
          "error",
          errorBody(
              "Canceled",
              operation.group() == null
                  ? "The container group was deleted before the operation completed."
                  : "A later operation on the container group replaced this one."));
      return EmulatorResponse.json(200, body);
    }
    ContainerGroupState state = operation.group();
    Deployment deployment = state.deployment();
    Instant now = settings.clock().instant();
    String status = deployment.provisioningState(now);
    body.addProperty("id", state.id().resourceId());
    body.addProperty("status", status);
    body.addProperty("startTime", deployment.requestedAt().toString());
    JsonArray events = new JsonArray();
    Stream.concat(deployment.initRuns().stream(), deployment.runs().stream())
        .forEach(
            run ->
                InstanceViews.of(deployment, run, now, state.stoppedAt())
                    .getAsJsonArray("events")
                    .forEach(events::add));
    JsonObject properties = new JsonObject();
    properties.add("events", events);
    body.add("properties", properties);
    if (status.equals("Failed")) {
      body.add("error", errorBody("Failed", failureMessage(events)));
    }
    EmulatorResponse response = EmulatorResponse.json(200, body);
    return deployment.provisioned(now)
        ? response
        : response.withHeader("Retry-After", RETRY_AFTER_SECONDS);
  }

  private EmulatorResponse longRunning(
      EmulatorResponse response, ContainerGroupState state, String base) {
    String url =
        base
            + "/subscriptions/"
            + state.id().subscription()
            + "/providers/"
            + ArmId.PROVIDER
            + "/locations/"
            + state.spec().location()
            + "/operations/"
            + state.deployment().operationId()
            + "?api-version="
            + API_VERSION;
    return response
        .withHeader("Azure-AsyncOperation", url)
        .withHeader("Retry-After", RETRY_AFTER_SECONDS);
  }

  private static JsonElement json(EmulatorRequest request) {
    try {
      return request.bodyJson();
    } catch (JsonParseException e) {
      // Gson's message may quote the body, which can hold secrets: it is not passed on.
      throw invalidContent("Unexpected character encountered while parsing value. Path ''");
    }
  }

  private ContainerGroupState existing(ArmId id) {
    return store.get(id).orElseThrow(() -> ArmErrors.groupNotFound(id));
  }

  private static Deployment.Run container(ContainerGroupState state, ArmRoute route) {
    Optional<Deployment.Run> run =
        Stream.concat(state.deployment().runs().stream(), state.deployment().initRuns().stream())
            .filter(r -> r.name().equals(route.container()))
            .findFirst();
    return run.orElseThrow(
        () ->
            error(
                404,
                "ResourceNotFound",
                "The container '"
                    + route.container()
                    + "' could not be found in container group '"
                    + route.group()
                    + "'."));
  }

  private static Integer tail(String value) {
    if (value == null) {
      return null;
    }
    try {
      int tail = Integer.parseInt(value.trim());
      return Math.max(0, tail);
    } catch (NumberFormatException e) {
      throw invalidContent("Could not convert 'tail' to an integer. Path 'tail");
    }
  }

  private static String terminalSize(EmulatorRequest request) {
    JsonElement body = json(request);
    if (!body.isJsonObject()
        || !(body.getAsJsonObject().get("terminalSize") instanceof JsonObject size)) {
      return "";
    }
    List<String> parameters = new ArrayList<>();
    for (String dimension : List.of("rows", "cols")) {
      JsonElement value = size.get(dimension);
      if (value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
        parameters.add(dimension + "=" + value.getAsInt());
      }
    }
    return parameters.isEmpty() ? "" : "?" + String.join("&", parameters);
  }

  private String token(int bytes) {
    byte[] value = new byte[bytes];
    random.nextBytes(value);
    return HexFormat.of().formatHex(value).toLowerCase(Locale.ROOT);
  }

  private static JsonObject errorBody(String code, String message) {
    JsonObject error = new JsonObject();
    error.addProperty("code", code);
    error.addProperty("message", message);
    return error;
  }

  /** The failed pull's events, joined as ACI joins them in its deployment errors. */
  private static String failureMessage(JsonArray events) {
    List<String> messages = new ArrayList<>();
    for (JsonElement event : events) {
      String name = event.getAsJsonObject().get("name").getAsString();
      if (name.equals("Pulling") || name.equals("Failed") || name.equals("BackOff")) {
        messages.add(event.getAsJsonObject().get("message").getAsString());
      }
    }
    return String.join(";", messages);
  }
}

package io.burstlet.node;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.extended.event.EventType;
import io.kubernetes.client.extended.event.legacy.EventRecorder;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.util.PatchUtils;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the node status: when it changes, and otherwise at least every refresh interval so the
 * status heartbeat stays fresh even for readers that ignore Leases. The node is Ready while the
 * agent runs: a zone whose cloud API fails gets {@code CloudReachable=False} (and, through {@link
 * VirtualNode}, a NoSchedule taint) but never NotReady, because NotReady makes Kubernetes evict
 * pods that still run fine in the cloud.
 */
final class NodeStatusController {
  static final String CLOUD_REACHABLE = "CloudReachable";
  private static final Logger LOG = LoggerFactory.getLogger(NodeStatusController.class);

  private final CoreV1Api api;
  private final NodeTemplate template;
  private final NodeHealth health;
  private final EventRecorder events;
  private final Clock clock;
  private final Duration refresh;

  /** Condition type → (status, lastTransitionTime) as last written. */
  private final Map<String, V1NodeCondition> written = new HashMap<>();

  private final V1ObjectReference nodeRef;
  private Instant lastWrite = Instant.EPOCH;
  private boolean dirty = true;
  private boolean checked;

  NodeStatusController(
      CoreV1Api api,
      NodeTemplate template,
      NodeHealth health,
      EventRecorder events,
      Clock clock,
      Duration refresh) {
    this.api = api;
    this.template = template;
    this.health = health;
    this.events = events;
    this.clock = clock;
    this.refresh = refresh;
    this.nodeRef =
        new V1ObjectReference()
            .apiVersion("v1")
            .kind("Node")
            .name(template.name())
            // Kubelets use the node name as the event's object UID; kubectl describe matches on it.
            .uid(template.name());
  }

  /** Continues from the conditions of an adopted Node so transition times stay truthful. */
  synchronized void adopt(V1Node node) {
    if (node.getStatus() != null && node.getStatus().getConditions() != null) {
      for (V1NodeCondition c : node.getStatus().getConditions()) {
        written.put(c.getType(), c);
      }
    }
    dirty = true;
  }

  /**
   * Records one health check's result: empty when the cloud answered healthy, else what went wrong.
   * The cloud call itself happens outside this object's lock, so a slow cloud never delays a status
   * write.
   */
  synchronized void recordHealth(Optional<String> failure) {
    // The first result replaces "not checked yet" in the condition even without a transition.
    if (!checked) {
      checked = true;
      dirty = true;
    }
    boolean changed;
    if (failure.isEmpty()) {
      changed = health.success();
    } else {
      String reason = failure.get();
      changed = health.failure(reason);
      // The first failure of a run is worth a line; the rest only when the zone turns unreachable.
      if (health.consecutiveFailures() == 1) {
        LOG.warn("node {}: health check failed: {}", template.name(), reason);
      } else {
        LOG.debug(
            "node {}: health check failed ({} in a row): {}",
            template.name(),
            health.consecutiveFailures(),
            reason);
      }
    }
    if (changed) {
      dirty = true;
      if (health.reachable()) {
        LOG.info(
            "node {}: the cloud of provider {} is reachable",
            template.name(),
            template.providerName());
        record(
            EventType.Normal,
            "CloudReachable",
            "Node " + template.name() + ": the cloud API answers again; new pods are accepted");
      } else {
        LOG.warn(
            "node {}: the cloud is unreachable, no new pods until it answers: {}",
            template.name(),
            health.lastError());
        record(
            EventType.Warning,
            "CloudUnreachable",
            "Node "
                + template.name()
                + ": the cloud API failed "
                + health.consecutiveFailures()
                + " health checks in a row ("
                + health.lastError()
                + "); new pods go elsewhere, running pods are left alone");
      }
    }
  }

  /** Writes the status if it changed or is due for a refresh. Returns true when written. */
  synchronized boolean writeIfDue() throws ApiException {
    Instant now = clock.instant();
    if (!dirty && Duration.between(lastWrite, now).compareTo(refresh) < 0) {
      return false;
    }
    V1NodeStatus status = desiredStatus(now);
    JSON json = new JSON();
    JsonObject statusJson = json.getGson().toJsonTree(status).getAsJsonObject();
    // The addresses replace what the Node has, so one an earlier version advertised goes away.
    JsonArray addresses = new JsonArray();
    JsonObject replace = new JsonObject();
    replace.addProperty("$patch", "replace");
    addresses.add(replace);
    statusJson.getAsJsonArray("addresses").forEach(addresses::add);
    statusJson.add("addresses", addresses);
    JsonObject patch = new JsonObject();
    patch.add("status", statusJson);
    String body = patch.toString();
    PatchUtils.patch(
        V1Node.class,
        () -> api.patchNodeStatus(template.name(), new V1Patch(body)).buildCall(null),
        V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
        api.getApiClient());
    for (V1NodeCondition c : status.getConditions()) {
      written.put(c.getType(), c);
    }
    lastWrite = now;
    dirty = false;
    return true;
  }

  /** The full status this node should report now. */
  synchronized V1NodeStatus desiredStatus(Instant now) {
    OffsetDateTime time = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    List<V1NodeCondition> conditions = new ArrayList<>();
    conditions.add(
        condition("Ready", "True", "KubeletReady", "burstlet is posting ready status", time));
    conditions.add(
        health.reachable()
            ? condition(
                CLOUD_REACHABLE,
                "True",
                "CloudAnswers",
                "the cloud API of provider " + template.providerName() + " answers",
                time)
            : condition(CLOUD_REACHABLE, "False", "CloudUnreachable", health.lastError(), time));
    conditions.add(
        condition(
            "MemoryPressure",
            "False",
            "KubeletHasSufficientMemory",
            "kubelet has sufficient memory available",
            time));
    conditions.add(
        condition(
            "DiskPressure",
            "False",
            "KubeletHasNoDiskPressure",
            "kubelet has no disk pressure",
            time));
    conditions.add(
        condition(
            "PIDPressure",
            "False",
            "KubeletHasSufficientPID",
            "kubelet has sufficient PID available",
            time));
    conditions.add(
        condition(
            "NetworkUnavailable",
            "False",
            "RouteCreated",
            "the cloud provides pod networking",
            time));
    return new V1NodeStatus()
        .capacity(template.capacity())
        .allocatable(template.capacity())
        .conditions(conditions)
        .addresses(template.addresses())
        .daemonEndpoints(template.daemonEndpoints())
        .nodeInfo(template.nodeInfo());
  }

  synchronized boolean reachable() {
    return health.reachable();
  }

  /** Whether the last health check failed, or none has answered yet. */
  synchronized boolean failing() {
    return !checked || health.consecutiveFailures() > 0;
  }

  private V1NodeCondition condition(
      String type, String status, String reason, String message, OffsetDateTime now) {
    V1NodeCondition previous = written.get(type);
    OffsetDateTime transition =
        previous != null
                && Objects.equals(previous.getStatus(), status)
                && previous.getLastTransitionTime() != null
            ? previous.getLastTransitionTime()
            : now;
    return new V1NodeCondition()
        .type(type)
        .status(status)
        .reason(reason)
        .message(message)
        .lastHeartbeatTime(now)
        .lastTransitionTime(transition);
  }

  private void record(EventType type, String reason, String message) {
    events.event(nodeRef, type, reason, "%s", message);
  }
}

package io.burstlet.node;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1NodeStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Taint;
import io.kubernetes.client.util.PatchUtils;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the Node object or adopts the existing one, and sets the cloud-unreachable taint. Every
 * change keeps the Node's UID and every label and taint that others (the node lifecycle controller,
 * operators) added: only our own labels and taints are set, by a patch guarded with the
 * resourceVersion we read.
 */
final class NodeRegistrar {
  /**
   * Keeps new pods off a zone whose cloud API fails; running pods stay (NoSchedule, not NoExecute).
   */
  static final String UNREACHABLE_TAINT_KEY = "burstlet.io/cloud-unreachable";

  private static final Logger LOG = LoggerFactory.getLogger(NodeRegistrar.class);
  private static final int CONFLICT_RETRIES = 5;

  private final CoreV1Api api;
  private final NodeTemplate template;

  NodeRegistrar(CoreV1Api api, NodeTemplate template) {
    this.api = api;
    this.template = template;
  }

  /**
   * Returns the registered Node, created or adopted. A new Node carries the unreachable taint from
   * the start when the cloud is not known to answer; an adopted one gets it from {@link
   * #setUnreachableTaint}.
   */
  V1Node register(V1NodeStatus initialStatus, boolean unreachable) throws ApiException {
    List<V1Taint> taints = new ArrayList<>(List.of(template.taint()));
    if (unreachable) {
      taints.add(unreachableTaint());
    }
    V1Node desired =
        new V1Node()
            .apiVersion("v1")
            .kind("Node")
            .metadata(new V1ObjectMeta().name(template.name()).labels(template.labels()))
            .spec(new V1NodeSpec().taints(taints))
            .status(initialStatus);
    try {
      V1Node created = api.createNode(desired).execute();
      LOG.info("registered node {}", template.name());
      return created;
    } catch (ApiException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
    V1Node adopted = updateWithRetries(this::adopt);
    LOG.info("adopted existing node {} (uid {})", template.name(), adopted.getMetadata().getUid());
    return adopted;
  }

  /** Adds or removes the cloud-unreachable taint, keeping every other taint. */
  V1Node setUnreachableTaint(boolean present) throws ApiException {
    return updateWithRetries(
        existing -> {
          List<V1Taint> taints = new ArrayList<>(taints(existing));
          boolean has = taints.stream().anyMatch(t -> UNREACHABLE_TAINT_KEY.equals(t.getKey()));
          if (has == present) {
            return existing;
          }
          if (present) {
            taints.add(unreachableTaint());
          } else {
            taints.removeIf(t -> UNREACHABLE_TAINT_KEY.equals(t.getKey()));
          }
          return patch(existing, null, taints);
        });
  }

  private interface NodeUpdate {
    V1Node apply(V1Node existing) throws ApiException;
  }

  /** Reads the Node and applies {@code update}, again when someone else changed it meanwhile. */
  private V1Node updateWithRetries(NodeUpdate update) throws ApiException {
    for (int attempt = 1; ; attempt++) {
      V1Node existing = api.readNode(template.name()).execute();
      try {
        return update.apply(existing);
      } catch (ApiException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= CONFLICT_RETRIES) {
          throw e;
        }
      }
    }
  }

  private V1Node adopt(V1Node existing) throws ApiException {
    Map<String, String> labels = existing.getMetadata().getLabels();
    boolean labelsMatch =
        labels != null
            && template.labels().entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    List<V1Taint> current = taints(existing);
    List<V1Taint> taints = mergeTaints(current, template.taint());
    if (labelsMatch && taints.equals(current)) {
      return existing;
    }
    return patch(existing, template.labels(), taints);
  }

  private static List<V1Taint> taints(V1Node node) {
    return node.getSpec() == null || node.getSpec().getTaints() == null
        ? List.of()
        : node.getSpec().getTaints();
  }

  private static V1Taint unreachableTaint() {
    return new V1Taint().key(UNREACHABLE_TAINT_KEY).effect("NoSchedule");
  }

  /** Sets our labels (when given) and the whole taint list, if the Node is still as we read it. */
  private V1Node patch(V1Node existing, Map<String, String> ourLabels, List<V1Taint> taints)
      throws ApiException {
    Map<String, Object> metadata = new LinkedHashMap<>();
    if (ourLabels != null) {
      metadata.put("labels", ourLabels);
    }
    // A resourceVersion in a patch makes the API server refuse it if the Node changed since we
    // read it, so a concurrent taint change by the node lifecycle controller is never lost.
    metadata.put("resourceVersion", existing.getMetadata().getResourceVersion());
    Map<String, Object> patch = Map.of("metadata", metadata, "spec", Map.of("taints", taints));
    String body = new JSON().serialize(patch);
    return PatchUtils.patch(
        V1Node.class,
        () -> api.patchNode(template.name(), new V1Patch(body)).buildCall(null),
        V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
        api.getApiClient());
  }

  /** Others' taints stay; ours replaces any taint with the same key and effect. */
  static List<V1Taint> mergeTaints(List<V1Taint> current, V1Taint ours) {
    List<V1Taint> merged = new ArrayList<>();
    for (V1Taint t : current) {
      boolean sameSlot =
          Objects.equals(t.getKey(), ours.getKey())
              && Objects.equals(t.getEffect(), ours.getEffect());
      if (!sameSlot) {
        merged.add(t);
      }
    }
    V1Taint existing =
        current.stream()
            .filter(
                t ->
                    Objects.equals(t.getKey(), ours.getKey())
                        && Objects.equals(t.getEffect(), ours.getEffect())
                        && Objects.equals(t.getValue(), ours.getValue()))
            .findFirst()
            .orElse(null);
    // Keep the existing instance (and its position) when it already says what we want.
    if (existing != null) {
      merged.add(current.indexOf(existing), existing);
    } else {
      merged.add(ours);
    }
    return merged;
  }
}

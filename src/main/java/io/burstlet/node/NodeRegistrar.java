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
 * Creates the Node object or adopts the existing one. Adoption keeps the Node's UID and every label
 * and taint that others (the node lifecycle controller, operators) added: only our own labels and
 * our taint are set, by a patch guarded with the resourceVersion we read.
 */
final class NodeRegistrar {
  private static final Logger LOG = LoggerFactory.getLogger(NodeRegistrar.class);
  private static final int CONFLICT_RETRIES = 5;

  private final CoreV1Api api;
  private final NodeTemplate template;

  NodeRegistrar(CoreV1Api api, NodeTemplate template) {
    this.api = api;
    this.template = template;
  }

  /** Returns the registered Node, created or adopted. */
  V1Node register(V1NodeStatus initialStatus) throws ApiException {
    V1Node desired =
        new V1Node()
            .apiVersion("v1")
            .kind("Node")
            .metadata(new V1ObjectMeta().name(template.name()).labels(template.labels()))
            .spec(new V1NodeSpec().taints(List.of(template.taint())))
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
    for (int attempt = 1; ; attempt++) {
      V1Node existing = api.readNode(template.name()).execute();
      try {
        V1Node adopted = adopt(existing);
        LOG.info(
            "adopted existing node {} (uid {})", template.name(), adopted.getMetadata().getUid());
        return adopted;
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
    List<V1Taint> current =
        existing.getSpec() == null || existing.getSpec().getTaints() == null
            ? List.of()
            : existing.getSpec().getTaints();
    List<V1Taint> taints = mergeTaints(current, template.taint());
    if (labelsMatch && taints.equals(current)) {
      return existing;
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("labels", template.labels());
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

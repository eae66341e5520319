package io.burstlet.pod;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.util.PatchUtils;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code pods/status} when — and only when — the merged status differs from what the API
 * server holds. Each write is a JSON merge patch carrying the pod's resourceVersion; on 409
 * Conflict it re-reads the pod, merges again and retries a few times. Terminal pods are never
 * rewritten: a Succeeded or Failed pod keeps its final status.
 */
final class PodStatusWriter {
  private static final Logger log = LoggerFactory.getLogger(PodStatusWriter.class);
  static final int MAX_ATTEMPTS = 5;

  private final ApiClient client;
  private final CoreV1Api api;
  private final String hostIP;
  private final PodMetrics metrics;
  private final Clock clock;

  PodStatusWriter(ApiClient client, String hostIP, PodMetrics metrics, Clock clock) {
    this.client = client;
    this.api = new CoreV1Api(client);
    this.hostIP = hostIP;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** What a write did: the pod as stored afterwards, and its phase before. */
  record Written(V1Pod pod, String previousPhase) {}

  /**
   * Makes the pod's owned status fields match {@code reported} merged with the server's copy.
   *
   * @param pod the informer's copy (never modified)
   * @param provider metrics label
   * @return the patched pod, or empty when nothing needed writing (unchanged, terminal, gone, or
   *     replaced by a pod with another UID)
   * @throws ApiException the API server failed, or conflicts persisted
   */
  Optional<Written> write(V1Pod pod, V1PodStatus reported, String provider) throws ApiException {
    V1Pod current = pod;
    for (int attempt = 1; ; attempt++) {
      if (PodStatuses.isTerminal(current)) {
        return Optional.empty();
      }
      V1PodStatus desired = DesiredStatus.of(current, reported, hostIP, OffsetDateTime.now(clock));
      List<String> changed = StatusDiff.changedFields(current, current.getStatus(), desired);
      if (changed.isEmpty()) {
        return Optional.empty();
      }
      String body =
          StatusDiff.mergePatch(
              current,
              desired,
              current.getMetadata().getResourceVersion(),
              client.getJSON().getGson());
      String name = current.getMetadata().getName();
      String namespace = current.getMetadata().getNamespace();
      try {
        V1Pod patched =
            PatchUtils.patch(
                V1Pod.class,
                () ->
                    api.patchNamespacedPodStatus(name, namespace, new V1Patch(body))
                        .buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                client);
        metrics.statusPatched(provider);
        log.debug("patched status of {}/{}: {}", namespace, name, changed);
        String before = current.getStatus() == null ? null : current.getStatus().getPhase();
        return Optional.of(new Written(patched, before));
      } catch (ApiException e) {
        if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
          return Optional.empty();
        }
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= MAX_ATTEMPTS) {
          throw e;
        }
      }
      // Someone changed the pod since we read it: merge onto the fresh copy.
      V1Pod fresh;
      try {
        fresh = api.readNamespacedPod(name, namespace).execute();
      } catch (ApiException e) {
        if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
          return Optional.empty();
        }
        throw e;
      }
      if (!Objects.equals(fresh.getMetadata().getUid(), pod.getMetadata().getUid())) {
        return Optional.empty();
      }
      current = fresh;
    }
  }
}

package io.burstlet.pod;

import io.burstlet.provider.PodRef;
import io.burstlet.provider.Provider;
import io.burstlet.provider.ProviderException;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1DeleteOptions;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Preconditions;
import java.net.HttpURLConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Graceful deletion, kubelet-style: when a pod gets a deletionTimestamp, delete its container
 * group, wait until the cloud no longer reports it, then remove the pod object with grace period 0.
 * The final delete carries the pod's UID as a precondition, so a new pod that reuses the name is
 * never touched.
 */
final class PodDeleter {
  private static final Logger log = LoggerFactory.getLogger(PodDeleter.class);
  static final String KILLING = "Killing";

  private final CoreV1Api api;
  private final PodEvents events;

  PodDeleter(CoreV1Api api, PodEvents events) {
    this.api = api;
    this.events = events;
  }

  /**
   * Continues deleting a pod that has a deletionTimestamp. Returns {@link ReconcileResult#BACKOFF}
   * while the cloud still reports the group (its status sweep's {@code onGone} requeues the pod
   * sooner).
   */
  ReconcileResult delete(V1Pod pod, PodState state, Provider provider)
      throws ProviderException, ApiException {
    if (state.mayHaveGroup()) {
      PodRef ref = state.ref();
      if (state.firstKilling()) {
        events.normal(pod, KILLING, "Deleting the container group");
      }
      provider.deletePod(ref);
      if (provider.getPodStatus(ref).isPresent()) {
        log.debug("container group of {} is still being deleted", ref);
        return ReconcileResult.BACKOFF;
      }
      state.absent();
      log.info("deleted the container group of {}", ref);
    }
    deleteObject(pod);
    return ReconcileResult.DONE;
  }

  /**
   * Deletes the group of a pod whose object is already gone from the API server (force-deleted, or
   * deleted while its group was being created).
   */
  void deleteGroup(PodState state, Provider provider) throws ProviderException {
    provider.deletePod(state.ref());
    state.absent();
    log.info("deleted the container group of removed pod {}", state.ref());
  }

  /** Removes the pod object now; a 404 or a UID mismatch (409) means there is nothing to do. */
  void deleteObject(V1Pod pod) throws ApiException {
    String name = pod.getMetadata().getName();
    String namespace = pod.getMetadata().getNamespace();
    try {
      api.deleteNamespacedPod(name, namespace)
          .gracePeriodSeconds(0)
          .body(
              new V1DeleteOptions()
                  .gracePeriodSeconds(0L)
                  .preconditions(new V1Preconditions().uid(pod.getMetadata().getUid())))
          .execute();
    } catch (ApiException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND
          && e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
  }
}

package io.burstlet.pod;

import io.burstlet.provider.PodRef;
import io.burstlet.provider.Provider;
import io.burstlet.provider.ProviderException;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles one pod UID: creates its container group, relays the cloud's status, fails it for good
 * when the cloud cannot run it, and hands deletion to {@link PodDeleter}. Called by one worker at a
 * time per UID (the work queue guarantees it), so a pod's steps never interleave.
 *
 * <p>The pod it reads is the informer's copy and is never modified.
 */
final class PodReconciler {
  private static final Logger log = LoggerFactory.getLogger(PodReconciler.class);

  static final String CREATED = "Created";
  static final String STARTED = "Started";
  static final String PULL_SECRET = "FailedToRetrieveImagePullSecret";
  static final String INTERNAL_ERROR = "InternalError";

  /** Unexpected failures in a row before a pod fails for good. */
  static final int INTERNAL_TRIES = 5;

  private final PodTracker tracker;
  private final PodInformers informers;
  private final PodResolver resolver;
  private final PodStatusWriter writer;
  private final PodDeleter deleter;
  private final PodEvents events;
  private final PodMetrics metrics;
  private final Clock clock;

  PodReconciler(
      PodTracker tracker,
      PodInformers informers,
      PodResolver resolver,
      PodStatusWriter writer,
      PodDeleter deleter,
      PodEvents events,
      PodMetrics metrics,
      Clock clock) {
    this.tracker = tracker;
    this.informers = informers;
    this.resolver = resolver;
    this.writer = writer;
    this.deleter = deleter;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  ReconcileResult reconcile(String uid) {
    PodState state = tracker.get(uid);
    if (state == null) {
      return ReconcileResult.DONE;
    }
    NodeBinding binding = tracker.binding(state.ref());
    Provider provider = binding.provider();
    V1Pod pod = informers.get(binding.nodeName(), uid);
    try {
      if (pod == null) {
        if (state.podRemoved()) {
          if (state.mayHaveGroup()) {
            deleter.deleteGroup(state, provider);
          }
          tracker.remove(uid);
        }
        return ReconcileResult.DONE;
      }
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        try {
          return deleter.delete(pod, state, provider);
        } catch (ProviderException e) {
          events.warning(pod, "FailedKilling", e.getMessage());
          return retryLater(state.ref(), "delete", e);
        }
      }
      if (PodStatuses.isTerminal(pod)) {
        return ReconcileResult.DONE;
      }
      if (state.failure() != null) {
        writer.write(pod, state.failure().status(), provider.name());
        return ReconcileResult.DONE;
      }
      if (state.lost()) {
        return lose(pod, state, provider);
      }
      return switch (state.group()) {
        case PRESENT -> relay(pod, state, provider);
        case UNKNOWN -> look(pod, state, provider);
        case ABSENT -> create(pod, state, binding);
      };
    } catch (ProviderException e) {
      return retryLater(state.ref(), "call", e);
    } catch (ApiException e) {
      // The body of an API error may echo the request; log the code only.
      log.warn("API server call for {} failed with HTTP {}; retrying", state.ref(), e.getCode());
      return ReconcileResult.BACKOFF;
    }
  }

  /** Writes the cloud's status (or ContainerCreating until the first report). */
  private ReconcileResult relay(V1Pod pod, PodState state, Provider provider) throws ApiException {
    V1PodStatus reported = state.reported();
    if (reported == null) {
      reported = PodStatuses.containerCreating(pod);
    }
    Optional<PodStatusWriter.Written> written = writer.write(pod, reported, provider.name());
    if (written.isPresent()) {
      String now = written.get().pod().getStatus().getPhase();
      if (PodStatuses.RUNNING.equals(now)
          && !PodStatuses.RUNNING.equals(written.get().previousPhase())) {
        events.normal(pod, STARTED, "Started the container group");
      }
    }
    return ReconcileResult.DONE;
  }

  /**
   * After a restart or an ambiguous create we do not know whether a group exists: ask the cloud.
   * Without a group, a pod that never ran is created (again); one that ran is lost, because a pod
   * never restarts elsewhere.
   */
  private ReconcileResult look(V1Pod pod, PodState state, Provider provider)
      throws ProviderException, ApiException {
    Optional<V1PodStatus> status = provider.getPodStatus(state.ref());
    if (status.isPresent()) {
      state.present(status.get());
      return relay(pod, state, provider);
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if (PodStatuses.RUNNING.equals(phase)) {
      return lose(pod, state, provider);
    }
    state.absent();
    return create(pod, state, tracker.binding(state.ref()));
  }

  private ReconcileResult create(V1Pod pod, PodState state, NodeBinding binding)
      throws ApiException {
    Provider provider = binding.provider();
    PodResolver.Resolved resolved;
    try {
      resolved = resolver.resolve(pod, state.ref());
    } catch (MissingReferenceException e) {
      metrics.createFailed(provider.name(), FailureClass.MISSING_REFERENCE);
      events.warning(pod, e.eventReason(), e.getMessage());
      log.info("pod {} waits: {}", state.ref(), e.getMessage());
      writer.write(pod, PodStatuses.configError(pod, e.getMessage()), provider.name());
      return ReconcileResult.BACKOFF;
    } catch (ApiException e) {
      metrics.createFailed(provider.name(), FailureClass.API_SERVER);
      throw e;
    }
    for (String warning : resolved.warnings()) {
      events.warning(pod, PULL_SECRET, warning);
    }
    try {
      provider.createPod(resolved.request());
    } catch (ProviderException e) {
      return createFailed(pod, state, provider, e);
    } catch (RuntimeException e) {
      return createFailedUnexpectedly(pod, state, provider, e);
    }
    state.present(null);
    metrics.podCreated(provider.name());
    log.info("created the container group of {}", state.ref());
    if (state.firstCreated()) {
      events.normal(
          pod,
          CREATED,
          "Created the container group in zone " + binding.zone() + " of " + provider.name());
    }
    return relay(pod, state, provider);
  }

  private ReconcileResult createFailed(
      V1Pod pod, PodState state, Provider provider, ProviderException e) throws ApiException {
    ProviderFailure failure = ProviderFailure.of(e);
    metrics.createFailed(provider.name(), failure.failureClass());
    events.warning(pod, failure.eventReason(), e.getMessage());
    if (failure.permanent()) {
      log.info("pod {} failed for good: {}", state.ref(), e.getMessage());
      state.fail(
          new PodState.Failure(
              failure.podReason(),
              e.getMessage(),
              PodStatuses.rejected(pod, failure.podReason(), e.getMessage())));
      writer.write(pod, state.failure().status(), provider.name());
      return ReconcileResult.DONE;
    }
    if (failure.ambiguous()) {
      state.unknown();
    }
    log.info(
        "creating the container group of {} failed, will retry: {}", state.ref(), e.getMessage());
    return failure.retryAfter() != null
        ? ReconcileResult.after(failure.retryAfter())
        : ReconcileResult.BACKOFF;
  }

  /**
   * A bug, not the cloud: a provider threw what the SPI does not allow (e.g. an arithmetic overflow
   * on an absurd resource request). Counted, told in an Event, retried with backoff; after a few
   * tries in a row the pod fails for good instead of staying Pending forever. The message names the
   * exception and where it was thrown, never its text, which may carry pod data.
   */
  private ReconcileResult createFailedUnexpectedly(
      V1Pod pod, PodState state, Provider provider, RuntimeException e) throws ApiException {
    int tries = state.internalFailure();
    metrics.createFailed(provider.name(), FailureClass.INTERNAL);
    StackTraceElement[] at = e.getStackTrace();
    String where =
        e.getClass().getSimpleName()
            + (at.length > 0 ? " at " + at[0].getClassName() + "." + at[0].getMethodName() : "");
    log.error("creating the container group of {} failed unexpectedly: {}", state.ref(), where);
    if (tries < INTERNAL_TRIES) {
      events.warning(
          pod,
          INTERNAL_ERROR,
          "Creating the container group failed with an internal error ("
              + where
              + "); retrying ("
              + tries
              + " of "
              + INTERNAL_TRIES
              + ")");
      return ReconcileResult.BACKOFF;
    }
    String message =
        "Creating the container group failed "
            + tries
            + " times with an internal error of burstlet ("
            + where
            + "); the pod is not retried";
    events.warning(pod, INTERNAL_ERROR, message);
    state.fail(
        new PodState.Failure(
            ProviderFailure.PROVIDER_FAILED,
            message,
            PodStatuses.rejected(pod, ProviderFailure.PROVIDER_FAILED, message)));
    writer.write(pod, state.failure().status(), provider.name());
    return ReconcileResult.DONE;
  }

  /** The group vanished while the pod was live: fail the pod so its controller replaces it. */
  private ReconcileResult lose(V1Pod pod, PodState state, Provider provider) throws ApiException {
    String message =
        "The container group of this pod is gone from "
            + provider.name()
            + "; it may have been deleted outside Kubernetes";
    state.fail(
        new PodState.Failure(
            PodStatuses.NOT_FOUND,
            message,
            PodStatuses.lost(pod, message, OffsetDateTime.now(clock))));
    events.warning(pod, ProviderFailure.PROVIDER_FAILED, message);
    log.warn("container group of {} is gone; failing the pod", state.ref());
    writer.write(pod, state.failure().status(), provider.name());
    return ReconcileResult.DONE;
  }

  private static ReconcileResult retryLater(PodRef ref, String what, ProviderException e) {
    ProviderFailure failure = ProviderFailure.of(e);
    log.warn("provider {} for {} failed, will retry: {}", what, ref, e.getMessage());
    return failure.retryAfter() != null
        ? ReconcileResult.after(failure.retryAfter())
        : ReconcileResult.BACKOFF;
  }
}

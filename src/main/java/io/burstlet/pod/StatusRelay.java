package io.burstlet.pod;

import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodStatusListener;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the providers' status pushes on their threads and turns them into work: the report is
 * stored on the pod's state and the pod is queued, so that all writes for a pod happen on the
 * worker that owns it. Reports for UIDs the controller does not track are dropped — orphans are the
 * collector's business.
 */
final class StatusRelay implements PodStatusListener {
  private static final Logger log = LoggerFactory.getLogger(StatusRelay.class);

  private final PodTracker tracker;
  private final Consumer<String> enqueue;

  StatusRelay(PodTracker tracker, Consumer<String> enqueue) {
    this.tracker = tracker;
    this.enqueue = enqueue;
  }

  @Override
  public void onStatus(PodRef pod, V1PodStatus status) {
    PodState state = tracker.get(pod.uid());
    if (state == null) {
      log.debug("status for untracked pod {} ignored", pod);
      return;
    }
    state.present(status);
    enqueue.accept(pod.uid());
  }

  @Override
  public void onGone(PodRef pod) {
    PodState state = tracker.get(pod.uid());
    if (state == null) {
      return;
    }
    state.gone();
    enqueue.accept(pod.uid());
  }
}

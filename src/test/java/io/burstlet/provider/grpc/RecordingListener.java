package io.burstlet.provider.grpc;

import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodStatusListener;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a provider pushed, in order. */
final class RecordingListener implements PodStatusListener {
  record Event(PodRef pod, V1PodStatus status) {
    boolean gone() {
      return status == null;
    }
  }

  private final List<Event> events = new CopyOnWriteArrayList<>();

  @Override
  public void onStatus(PodRef pod, V1PodStatus status) {
    events.add(new Event(pod, status));
  }

  @Override
  public void onGone(PodRef pod) {
    events.add(new Event(pod, null));
  }

  List<Event> events() {
    return List.copyOf(events);
  }

  boolean sawStatus(PodRef pod, String phase) {
    return events.stream()
        .anyMatch(e -> !e.gone() && e.pod().equals(pod) && phase.equals(e.status().getPhase()));
  }

  boolean sawGone(PodRef pod) {
    return events.stream().anyMatch(e -> e.gone() && e.pod().equals(pod));
  }
}

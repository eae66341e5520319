package io.burstlet.pod;

import io.burstlet.events.KubeEventSink;
import io.kubernetes.client.extended.event.EventType;
import io.kubernetes.client.extended.event.legacy.EventBroadcaster;
import io.kubernetes.client.extended.event.legacy.EventCorrelator;
import io.kubernetes.client.extended.event.legacy.EventRecorder;
import io.kubernetes.client.extended.event.legacy.LegacyEventBroadcaster;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1EventSource;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kubernetes Events about pods, sent through client-java's legacy event broadcaster. Its correlator
 * turns a repeat of the same (pod, type, reason, message) into a count bump on one Event, folds
 * more than ten distinct messages of one reason into a combined Event, and rate-limits each pod to
 * a burst of 25 then one Event per five minutes — so a pod retried every few seconds does not flood
 * the namespace.
 *
 * <p>Messages must never hold secret values: callers pass object names and provider messages, which
 * the provider contract keeps secret-free. Sending is asynchronous and best-effort.
 */
final class PodEvents implements AutoCloseable {
  static final String COMPONENT = "burstlet";

  private final EventBroadcaster broadcaster;
  private final Map<String, EventRecorder> recorders = new ConcurrentHashMap<>();

  PodEvents(ApiClient client) {
    this.broadcaster = new LegacyEventBroadcaster(new EventCorrelator(), new KubeEventSink(client));
  }

  void start() {
    broadcaster.startRecording();
  }

  void normal(V1Pod pod, String reason, String message) {
    record(pod, EventType.Normal, reason, message);
  }

  void warning(V1Pod pod, String reason, String message) {
    record(pod, EventType.Warning, reason, message);
  }

  private void record(V1Pod pod, EventType type, String reason, String message) {
    String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    EventRecorder recorder =
        recorders.computeIfAbsent(
            node == null ? "" : node,
            n -> broadcaster.newRecorder(new V1EventSource().component(COMPONENT).host(n)));
    // Built by hand: list items from the informer carry no kind/apiVersion for the recorder to
    // reflect on, and leaving resourceVersion out keeps repeats of one event on one key.
    V1ObjectReference ref =
        new V1ObjectReference()
            .kind("Pod")
            .apiVersion("v1")
            .namespace(pod.getMetadata().getNamespace())
            .name(pod.getMetadata().getName())
            .uid(pod.getMetadata().getUid());
    // The recorder formats its message with String.format; pass ours as an argument so a '%' in
    // a provider message cannot break it.
    recorder.event(ref, type, reason, "%s", message);
  }

  @Override
  public void close() {
    broadcaster.shutdown();
  }
}

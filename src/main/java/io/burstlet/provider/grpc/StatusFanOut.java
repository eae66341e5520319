package io.burstlet.provider.grpc;

import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodStatusListener;
import io.burstlet.provider.grpc.v1.StatusEvent;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one listener a {@link ProviderServer} gives its provider; copies every event to each
 * WatchStatus subscriber.
 *
 * <p>It remembers the last status of every pod that is not gone and replays them to a new
 * subscriber before its {@code ready} event: a status changes only once, so an agent that was
 * disconnected at that moment would otherwise never learn it. Replay, registration and live sends
 * happen under one lock, so no subscriber sees an older status after a newer one.
 *
 * <p>Every subscriber costs a stream, a replay and a copy of every event, so their number is
 * capped: one more is refused with RESOURCE_EXHAUSTED (an agent re-subscribes with backoff).
 */
final class StatusFanOut implements PodStatusListener {
  private static final Logger log = LoggerFactory.getLogger(StatusFanOut.class);
  private static final StatusEvent READY =
      StatusEvent.newBuilder().setReady(StatusEvent.Ready.getDefaultInstance()).build();

  private final int maxSubscribers;
  private final Object lock = new Object();
  private final Map<String, StatusEvent> lastStatusByUid = new LinkedHashMap<>();
  private final List<ServerCallStreamObserver<StatusEvent>> subscribers = new ArrayList<>();
  private boolean closed;

  StatusFanOut(int maxSubscribers) {
    this.maxSubscribers = maxSubscribers;
  }

  @Override
  public void onStatus(PodRef pod, V1PodStatus status) {
    if (isClosed()) {
      // The provider outlives its server; nobody will read what it sends now.
      return;
    }
    StatusEvent event;
    try {
      event =
          StatusEvent.newBuilder()
              .setStatus(
                  StatusEvent.PodStatusChanged.newBuilder()
                      .setPod(Wire.ref(pod))
                      .setStatusJson(KubeJson.encode(status)))
              .build();
    } catch (RuntimeException e) {
      // Never throw into the provider's sweep thread.
      log.warn("cannot encode the status of {}: {}", pod, e.getClass().getSimpleName());
      return;
    }
    synchronized (lock) {
      lastStatusByUid.put(pod.uid(), event);
      sendToAll(event);
    }
  }

  @Override
  public void onGone(PodRef pod) {
    StatusEvent event =
        StatusEvent.newBuilder()
            .setGone(StatusEvent.PodGone.newBuilder().setPod(Wire.ref(pod)))
            .build();
    synchronized (lock) {
      lastStatusByUid.remove(pod.uid());
      sendToAll(event);
    }
  }

  /** Replays the known statuses, sends {@code ready}, then keeps the subscriber for live events. */
  void subscribe(ServerCallStreamObserver<StatusEvent> subscriber) {
    // Setting a cancel handler also stops onNext from throwing once the client went away.
    subscriber.setOnCancelHandler(() -> unsubscribe(subscriber));
    synchronized (lock) {
      if (closed) {
        subscriber.onError(
            Status.UNAVAILABLE.withDescription("provider server is shutting down").asException());
        return;
      }
      if (subscribers.size() >= maxSubscribers) {
        subscriber.onError(
            Status.RESOURCE_EXHAUSTED
                .withDescription(
                    "provider server already serves "
                        + maxSubscribers
                        + " WatchStatus streams, its limit")
                .asException());
        return;
      }
      for (StatusEvent event : lastStatusByUid.values()) {
        if (!send(subscriber, event)) {
          return;
        }
      }
      if (send(subscriber, READY)) {
        subscribers.add(subscriber);
      }
    }
  }

  private boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  /** The number of live subscriptions. */
  int subscribers() {
    synchronized (lock) {
      return subscribers.size();
    }
  }

  /** Ends every subscription normally (subscribers re-subscribe elsewhere or later). */
  void close() {
    synchronized (lock) {
      closed = true;
      for (ServerCallStreamObserver<StatusEvent> s : subscribers) {
        try {
          s.onCompleted();
        } catch (RuntimeException alreadyClosed) {
          // The call ended on its own in the meantime.
        }
      }
      subscribers.clear();
    }
  }

  private void unsubscribe(ServerCallStreamObserver<StatusEvent> subscriber) {
    synchronized (lock) {
      subscribers.remove(subscriber);
    }
  }

  private void sendToAll(StatusEvent event) {
    subscribers.removeIf(s -> !send(s, event));
  }

  /** Sends one event; false when the subscriber's call is over. */
  private static boolean send(ServerCallStreamObserver<StatusEvent> subscriber, StatusEvent event) {
    if (subscriber.isCancelled()) {
      return false;
    }
    try {
      subscriber.onNext(event);
      return true;
    } catch (RuntimeException callClosed) {
      return false;
    }
  }
}

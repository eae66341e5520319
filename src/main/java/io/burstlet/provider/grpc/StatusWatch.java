package io.burstlet.provider.grpc;

import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodStatusListener;
import io.burstlet.provider.grpc.v1.ProviderGrpc;
import io.burstlet.provider.grpc.v1.StatusEvent;
import io.burstlet.provider.grpc.v1.WatchStatusRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one WatchStatus subscription open and feeds its events to a {@link PodStatusListener}. When
 * the stream breaks (the server restarts, the network drops) it re-subscribes with exponential
 * backoff and jitter; the server replays the statuses it knows on every subscription, so changes
 * made while disconnected still arrive.
 */
final class StatusWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusWatch.class);

  private final ManagedChannel channel;
  private final ProviderGrpc.ProviderStub stub;
  private final PodStatusListener listener;
  private final ScheduledExecutorService scheduler;
  private final Duration minBackoff;
  private final Duration maxBackoff;
  private final String target;

  private final Object lock = new Object();
  private Duration backoff;
  private ClientCallStreamObserver<WatchStatusRequest> call;
  private boolean watching;
  private boolean closed;

  StatusWatch(
      ManagedChannel channel,
      PodStatusListener listener,
      ScheduledExecutorService scheduler,
      RemoteProviderOptions options) {
    this.channel = channel;
    this.stub = ProviderGrpc.newStub(channel);
    this.listener = listener;
    this.scheduler = scheduler;
    this.minBackoff = options.minBackoff();
    this.maxBackoff = options.maxBackoff();
    this.target = options.target();
    this.backoff = minBackoff;
  }

  /** Opens the first subscription; returns at once. */
  void start() {
    subscribe();
  }

  /** True while a subscription is open and has caught up with the server's known statuses. */
  boolean watching() {
    synchronized (lock) {
      return watching;
    }
  }

  /** Cancels the subscription and stops re-subscribing. */
  @Override
  public void close() {
    ClientCallStreamObserver<WatchStatusRequest> current;
    synchronized (lock) {
      closed = true;
      watching = false;
      current = call;
      call = null;
    }
    if (current != null) {
      current.cancel("provider client closed", null);
    }
  }

  private void subscribe() {
    synchronized (lock) {
      if (closed) {
        return;
      }
    }
    // After the server went away gRPC waits up to two minutes before reconnecting; our own
    // backoff is shorter, so reconnect now rather than fail fast until then.
    channel.resetConnectBackoff();
    stub.watchStatus(WatchStatusRequest.getDefaultInstance(), new Subscription());
  }

  private void resubscribeLater(Status why) {
    Duration wait;
    synchronized (lock) {
      watching = false;
      call = null;
      if (closed) {
        return;
      }
      wait = backoff;
      Duration doubled = backoff.multipliedBy(2);
      backoff = doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
    }
    // ±20% so that several agent replicas do not hammer a restarting server in step.
    long millis =
        Math.max(1, (long) (wait.toMillis() * ThreadLocalRandom.current().nextDouble(0.8, 1.2)));
    log.info(
        "status stream from provider server {} ended ({}); re-subscribing in {} ms",
        target,
        why.getCode(),
        millis);
    try {
      scheduler.schedule(this::subscribe, millis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
      // close() raced us: nothing left to do.
    }
  }

  /** One WatchStatus call. gRPC calls its methods one at a time, in stream order. */
  private final class Subscription
      implements ClientResponseObserver<WatchStatusRequest, StatusEvent> {

    @Override
    public void beforeStart(ClientCallStreamObserver<WatchStatusRequest> requestStream) {
      boolean cancel;
      synchronized (lock) {
        cancel = closed;
        if (!cancel) {
          call = requestStream;
        }
      }
      if (cancel) {
        requestStream.cancel("provider client closed", null);
      }
    }

    @Override
    public void onNext(StatusEvent event) {
      switch (event.getEventCase()) {
        case READY -> {
          synchronized (lock) {
            watching = true;
            backoff = minBackoff;
          }
          log.debug("subscribed to status events of provider server {}", target);
        }
        case STATUS -> deliverStatus(event.getStatus());
        case GONE -> deliverGone(event.getGone());
        case EVENT_NOT_SET -> {
          // A newer server's event kind: nothing this agent can act on.
        }
      }
    }

    @Override
    public void onError(Throwable t) {
      resubscribeLater(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      resubscribeLater(Status.OK);
    }
  }

  private void deliverStatus(StatusEvent.PodStatusChanged event) {
    PodRef pod;
    V1PodStatus status;
    try {
      pod = Wire.ref(event.getPod(), "status.pod");
      status = Wire.status(event.getStatusJson(), "status.status_json");
    } catch (WireDataException e) {
      log.warn("dropped a status event from provider server {}: {}", target, e.getMessage());
      return;
    }
    try {
      listener.onStatus(pod, status);
    } catch (RuntimeException e) {
      log.warn("status listener failed for {}: {}", pod, e.getClass().getName());
    }
  }

  private void deliverGone(StatusEvent.PodGone event) {
    PodRef pod;
    try {
      pod = Wire.ref(event.getPod(), "gone.pod");
    } catch (WireDataException e) {
      log.warn("dropped a gone event from provider server {}: {}", target, e.getMessage());
      return;
    }
    try {
      listener.onGone(pod);
    } catch (RuntimeException e) {
      log.warn("status listener failed for {}: {}", pod, e.getClass().getName());
    }
  }
}

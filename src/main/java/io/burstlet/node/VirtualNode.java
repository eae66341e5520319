package io.burstlet.node;

import io.burstlet.config.NodeConfig;
import io.burstlet.provider.Provider;
import io.kubernetes.client.extended.event.legacy.EventRecorder;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One virtual node: registers (or adopts) its Node, keeps its Lease renewed and its status true to
 * the provider's health. Closing it stops the heartbeats but leaves the Node in place, so the node
 * lifecycle controller marks it Unknown and a restarted agent adopts the same Node.
 */
public final class VirtualNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VirtualNode.class);
  private static final Duration REGISTER_RETRY = Duration.ofSeconds(5);
  private static final Duration STATUS_TICK = Duration.ofSeconds(1);

  private final NodeTemplate template;
  private final NodeConfig timings;
  private final ScheduledExecutorService scheduler;
  private final NodeRegistrar registrar;
  private final NodeLeaseController lease;
  private final NodeStatusController status;
  private final CountDownLatch registered = new CountDownLatch(1);
  private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
  private volatile boolean closed;

  public VirtualNode(
      ApiClient client,
      NodeTemplate template,
      Provider provider,
      NodeConfig timings,
      EventRecorder events,
      ScheduledExecutorService scheduler,
      Clock clock) {
    this.template = template;
    this.timings = timings;
    this.scheduler = scheduler;
    CoreV1Api core = new CoreV1Api(client);
    this.registrar = new NodeRegistrar(core, template);
    this.lease = new NodeLeaseController(new CoordinationV1Api(client), template.name(), clock);
    this.status =
        new NodeStatusController(
            core,
            template,
            provider,
            new NodeHealth(timings.notReadyAfterFailures()),
            events,
            clock,
            timings.statusRefreshInterval());
  }

  public String name() {
    return template.name();
  }

  public NodeTemplate template() {
    return template;
  }

  /** Starts registration in the background; heartbeats begin once the Node exists. */
  public synchronized void start() {
    tasks.add(scheduler.schedule(this::registerOrRetry, 0, TimeUnit.MILLISECONDS));
  }

  /** Waits until the Node is registered and its first status written. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return registered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether the provider is currently considered healthy. */
  public boolean ready() {
    return status.ready();
  }

  private void registerOrRetry() {
    if (closed) {
      return;
    }
    try {
      status.checkHealth();
      V1Node node = registrar.register(status.desiredStatus(java.time.Instant.now()));
      status.adopt(node);
      lease.setOwner(node.getMetadata().getUid());
      status.writeIfDue();
      lease.renew();
      registered.countDown();
      schedule(this::renewLease, timings.leaseRenewInterval());
      schedule(status::checkHealth, timings.healthCheckInterval());
      schedule(this::writeStatus, STATUS_TICK);
    } catch (ApiException e) {
      if (!closed) {
        LOG.warn(
            "node {}: registration failed (HTTP {}), retrying in {}s",
            template.name(),
            e.getCode(),
            REGISTER_RETRY.toSeconds());
      }
      retryRegistration();
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.warn("node {}: registration failed ({}), retrying", template.name(), e.toString());
      }
      retryRegistration();
    }
  }

  private synchronized void retryRegistration() {
    if (!closed) {
      tasks.add(
          scheduler.schedule(
              this::registerOrRetry, REGISTER_RETRY.toMillis(), TimeUnit.MILLISECONDS));
    }
  }

  private synchronized void schedule(Runnable task, Duration every) {
    if (closed) {
      return;
    }
    Runnable guarded =
        () -> {
          if (closed) {
            return;
          }
          try {
            task.run();
          } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; log and keep the heartbeat alive.
            if (!closed) {
              LOG.warn("node {}: {}", template.name(), e.toString());
            }
          }
        };
    tasks.add(
        scheduler.scheduleWithFixedDelay(
            guarded, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS));
  }

  // A call cut short because the agent is stopping is no failure to report.

  private void renewLease() {
    try {
      lease.renew();
    } catch (ApiException e) {
      if (!closed) {
        LOG.warn("node {}: lease renewal failed (HTTP {})", template.name(), e.getCode());
      }
    }
  }

  private void writeStatus() {
    try {
      status.writeIfDue();
    } catch (ApiException e) {
      if (!closed) {
        LOG.warn("node {}: status update failed (HTTP {})", template.name(), e.getCode());
      }
    }
  }

  /** Stops heartbeats (one in flight completes); the Node object stays. */
  @Override
  public synchronized void close() {
    closed = true;
    tasks.forEach(t -> t.cancel(false));
    tasks.clear();
  }
}

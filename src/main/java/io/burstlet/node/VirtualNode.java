package io.burstlet.node;

import io.burstlet.config.NodeConfig;
import io.burstlet.health.Liveness;
import io.burstlet.health.Progress;
import io.burstlet.provider.Provider;
import io.kubernetes.client.extended.event.legacy.EventRecorder;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Node;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One virtual node: registers (or adopts) its Node, keeps its Lease renewed and its status written,
 * and taints it {@code burstlet.io/cloud-unreachable:NoSchedule} while the zone's cloud API fails
 * its health checks.
 *
 * <p>Heartbeats never wait on the cloud: the Lease and the status are written on the shared
 * heartbeat scheduler, the health checks run on a thread of this node's own with a deadline, and no
 * lock is held across a cloud call.
 *
 * <p>A Node deleted while the agent runs (by a person, a test, a cleanup script) is registered
 * again at the next heartbeat that misses it: its Lease, which the garbage collector removes with
 * the Node, or its status write. Closing stops the heartbeats but leaves the Node in place, so the
 * node lifecycle controller marks it Unknown and a restarted agent adopts the same Node.
 */
public final class VirtualNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VirtualNode.class);
  private static final Duration REGISTER_RETRY = Duration.ofSeconds(5);
  private static final Duration STATUS_TICK = Duration.ofSeconds(1);

  /** A cloud that has not answered a health check by then counts as failing it. */
  static final Duration HEALTH_CHECK_DEADLINE = Duration.ofSeconds(30);

  private final NodeTemplate template;
  private final NodeConfig timings;
  private final ScheduledExecutorService heartbeats;
  private final ScheduledExecutorService healthChecks;
  private final CloudHealthCheck cloudCheck;
  private final NodeRegistrar registrar;
  private final NodeLeaseController lease;
  private final Progress leaseRenewed = new Progress();
  private volatile Runnable cloudRecovered = () -> {};
  private final NodeStatusController status;
  private final CountDownLatch registered = new CountDownLatch(1);
  private final Object registration = new Object();
  private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
  private volatile String nodeUid;

  /**
   * Whether the Node carries the unreachable taint as far as we know; null after (re)registering.
   */
  private volatile Boolean taintOnNode;

  private volatile boolean closed;

  public VirtualNode(
      ApiClient client,
      NodeTemplate template,
      Provider provider,
      NodeConfig timings,
      EventRecorder events,
      ScheduledExecutorService heartbeats,
      Clock clock) {
    this.template = template;
    this.timings = timings;
    this.heartbeats = heartbeats;
    this.healthChecks =
        Executors.newSingleThreadScheduledExecutor(daemon("health-" + template.name()));
    this.cloudCheck =
        new CloudHealthCheck(
            provider, template.zone(), HEALTH_CHECK_DEADLINE, "health-call-" + template.name());
    CoreV1Api core = new CoreV1Api(client);
    this.registrar = new NodeRegistrar(core, template);
    this.lease = new NodeLeaseController(new CoordinationV1Api(client), template.name(), clock);
    this.status =
        new NodeStatusController(
            core,
            template,
            new NodeHealth(timings.unreachableAfterFailures()),
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

  /**
   * Starts in the background: registration, which never waits for the cloud, and health checks.
   * Until the first check passes the zone counts as unreachable, so a new Node is created with the
   * unreachable taint and no pod is sent to a cloud that was never seen to answer.
   */
  public synchronized void start() {
    tasks.add(heartbeats.schedule(this::registerOrRetry, 0, TimeUnit.MILLISECONDS));
    schedule(healthChecks, this::checkHealth, Duration.ZERO, timings.healthCheckInterval());
  }

  /**
   * Adds this node's heartbeat to {@code liveness}: its Lease must be renewed (or, before
   * registration, first written) within {@code stallLimit}.
   */
  public void registerLiveness(Liveness liveness, Duration stallLimit) {
    liveness.register("node lease " + template.name(), leaseRenewed, stallLimit, "Lease renewal");
  }

  /**
   * Runs {@code action} (on the health-check thread) each time the cloud answers a health check
   * after one or more failed: pods waiting out a back-off can be retried at once.
   */
  public void onCloudRecovered(Runnable action) {
    this.cloudRecovered = action;
  }

  /** Waits until the Node is registered and its first status written. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return registered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void registerOrRetry() {
    if (closed) {
      return;
    }
    try {
      register();
      status.writeIfDue();
      lease.renew();
      leaseRenewed.mark();
      registered.countDown();
      schedule(heartbeats, this::renewLease, timings.leaseRenewInterval());
      schedule(heartbeats, this::writeStatus, STATUS_TICK);
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

  /** Creates or adopts the Node and makes it the Lease's owner. */
  private void register() throws ApiException {
    synchronized (registration) {
      V1Node node = registrar.register(status.desiredStatus(Instant.now()), !status.reachable());
      status.adopt(node);
      taintOnNode = null;
      nodeUid = node.getMetadata().getUid();
      lease.setOwner(nodeUid);
    }
  }

  /**
   * The Node is gone (or was replaced): register it again and re-own the Lease, so the node is back
   * before the pod garbage collector's 40 s quarantine deletes the pods bound to it.
   */
  private void registerAgain(String evidence) {
    String before = nodeUid;
    try {
      register();
      if (before.equals(nodeUid)) {
        LOG.info("node {}: {}, the Node is still there", template.name(), evidence);
      } else {
        LOG.warn("node {}: {}; registered it again (uid {})", template.name(), evidence, nodeUid);
      }
      status.writeIfDue();
      lease.renew();
    } catch (ApiException e) {
      if (!closed) {
        LOG.warn(
            "node {}: registering again failed (HTTP {}); next heartbeat retries",
            template.name(),
            e.getCode());
      }
    }
  }

  private synchronized void retryRegistration() {
    if (!closed) {
      tasks.add(
          heartbeats.schedule(
              this::registerOrRetry, REGISTER_RETRY.toMillis(), TimeUnit.MILLISECONDS));
    }
  }

  private synchronized void schedule(
      ScheduledExecutorService executor, Runnable task, Duration every) {
    schedule(executor, task, every, every);
  }

  private synchronized void schedule(
      ScheduledExecutorService executor, Runnable task, Duration first, Duration every) {
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
        executor.scheduleWithFixedDelay(
            guarded, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS));
  }

  private void checkHealth() {
    try {
      Optional<String> failure = cloudCheck.run();
      boolean recovered = failure.isEmpty() && status.failing();
      status.recordHealth(failure);
      if (recovered) {
        cloudRecovered.run();
      }
    } catch (InterruptedException e) {
      // Only close() interrupts this thread.
      Thread.currentThread().interrupt();
    }
  }

  private void renewLease() {
    try {
      NodeLeaseController.Renewal renewal = lease.renew();
      leaseRenewed.mark();
      if (renewal == NodeLeaseController.Renewal.CREATED) {
        // The garbage collector deletes the Lease with its owner, the Node: check the Node.
        registerAgain("its Lease was missing");
      }
    } catch (ApiException e) {
      if (!closed) {
        LOG.warn("node {}: lease renewal failed (HTTP {})", template.name(), e.getCode());
      }
    }
  }

  private void writeStatus() {
    try {
      status.writeIfDue();
      boolean unreachable = !status.reachable();
      if (!Boolean.valueOf(unreachable).equals(taintOnNode)) {
        registrar.setUnreachableTaint(unreachable);
        taintOnNode = unreachable;
      }
    } catch (ApiException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        registerAgain("the Node was deleted");
      } else if (!closed) {
        LOG.warn("node {}: status update failed (HTTP {})", template.name(), e.getCode());
      }
    }
  }

  /** Stops heartbeats and health checks (a heartbeat in flight completes); the Node stays. */
  @Override
  public synchronized void close() {
    closed = true;
    tasks.forEach(t -> t.cancel(false));
    tasks.clear();
    healthChecks.shutdownNow();
    cloudCheck.close();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}

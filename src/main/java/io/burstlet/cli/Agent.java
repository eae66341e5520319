package io.burstlet.cli;

import io.burstlet.config.BurstletConfig;
import io.burstlet.config.ProviderConfig;
import io.burstlet.config.ZoneConfig;
import io.burstlet.events.KubeEventSink;
import io.burstlet.health.Liveness;
import io.burstlet.kubelet.ClientCertificates;
import io.burstlet.kubelet.ClusterClientCa;
import io.burstlet.kubelet.KubeletAuthenticator;
import io.burstlet.kubelet.KubeletAuthorizer;
import io.burstlet.kubelet.KubeletServer;
import io.burstlet.kubelet.PodLocator;
import io.burstlet.kubelet.UrlAccess;
import io.burstlet.metrics.MetricsAccess;
import io.burstlet.node.NodeTemplate;
import io.burstlet.node.VirtualNode;
import io.burstlet.pod.NodeBinding;
import io.burstlet.pod.PodController;
import io.burstlet.pod.PodMetrics;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.Provider;
import io.burstlet.tls.SelfSignedCertificate;
import io.kubernetes.client.extended.event.legacy.EventCorrelator;
import io.kubernetes.client.extended.event.legacy.LegacyEventBroadcaster;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AuthenticationV1Api;
import io.kubernetes.client.openapi.apis.AuthorizationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1EventSource;
import io.kubernetes.client.openapi.models.V1Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole node agent: one provider per configured cloud account, one virtual node per zone, the
 * pod controller for all of them and the kubelet API they share. Start order: providers, nodes, pod
 * controller, kubelet API. Close order: first the pod controller stops taking work (informers, then
 * the work queue, letting reconciles in flight finish), then the nodes' heartbeats, the kubelet
 * API, the providers and the event recorder. {@link #close()} may come while {@link #start()} runs
 * (a SIGTERM during start-up): start then stops at its next step.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final BurstletConfig config;
  private final ApiClient client;
  private final ProviderFactory providers;
  private final PodMetrics metrics;
  private final List<Provider> started = new ArrayList<>();
  private final List<VirtualNode> nodes = new ArrayList<>();
  private final Map<String, NodeBinding> bindings = new HashMap<>();
  private final ScheduledExecutorService scheduler;
  private final LegacyEventBroadcaster events;
  private final Liveness liveness = new Liveness();
  private volatile PodController pods;
  private final ClientCertificates clientCertificates = ClientCertificates.none();
  private final KubeletAuthenticator authenticator;
  private final KubeletAuthorizer authorizer;
  private KubeletServer kubelet;
  private ClusterClientCa clusterClientCa;
  private volatile boolean closed;
  private boolean stopped;

  public Agent(BurstletConfig config, ApiClient client, ProviderFactory providers) {
    this(config, client, providers, PodMetrics.NOOP);
  }

  public Agent(
      BurstletConfig config, ApiClient client, ProviderFactory providers, PodMetrics metrics) {
    this.config = config;
    this.client = client;
    this.providers = providers;
    this.metrics = metrics;
    AtomicInteger threads = new AtomicInteger();
    int zones = config.providers().stream().mapToInt(p -> p.zones().size()).sum();
    ScheduledThreadPoolExecutor nodeThreads =
        new ScheduledThreadPoolExecutor(
            Math.max(2, Math.min(8, zones)),
            r -> {
              Thread t = new Thread(r, "node-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    // On close, a registration retry waiting its turn is dropped rather than awaited.
    nodeThreads.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.scheduler = nodeThreads;
    this.events = new LegacyEventBroadcaster(new EventCorrelator(), new KubeEventSink(client));
    this.authenticator =
        new KubeletAuthenticator(
            new AuthenticationV1Api(client), clientCertificates, Clock.systemUTC());
    this.authorizer = new KubeletAuthorizer(new AuthorizationV1Api(client), Clock.systemUTC());
  }

  /**
   * Creates the providers and starts every virtual node, the pod controller and the kubelet API.
   */
  public synchronized void start() throws Exception {
    events.startRecording();
    String version = Version.get();
    for (ProviderConfig pc : config.providers()) {
      if (closed) {
        return;
      }
      Provider provider = providers.create(pc, config);
      started.add(provider);
      for (ZoneConfig zone : pc.zones()) {
        NodeTemplate template =
            NodeTemplate.of(
                config, pc, zone.zone(), provider.capacity(zone.zone()), provider.cloud(), version);
        V1EventSource source = new V1EventSource().component("burstlet").host(template.name());
        VirtualNode node =
            new VirtualNode(
                client,
                template,
                provider,
                config.node(),
                events.newRecorder(source),
                scheduler,
                Clock.systemUTC());
        nodes.add(node);
        node.registerLiveness(liveness, config.node().stallLimit());
        String nodeName = template.name();
        node.onCloudRecovered(
            () -> {
              PodController controller = pods;
              if (controller != null) {
                controller.cloudRecovered(nodeName);
              }
            });
        bindings.put(template.name(), new NodeBinding(template.name(), zone.zone(), provider));
        node.start();
        LOG.info(
            "virtual node {} (provider {}, zone {}) starting",
            template.name(),
            pc.name(),
            zone.zone());
      }
    }
    if (closed) {
      return;
    }
    pods =
        new PodController(
            client, config, List.copyOf(bindings.values()), config.nodeAddress(), metrics);
    pods.registerLiveness(liveness, config.node().stallLimit());
    pods.start();
    if (closed) {
      return;
    }
    trustClientCa();
    kubelet =
        new KubeletServer(
            "0.0.0.0",
            config.kubeletPort(),
            kubeletCertificate(),
            List.copyOf(bindings.keySet()),
            this::locate,
            authenticator,
            authorizer);
    kubelet.start();
    LOG.info("kubelet API on port {}", kubelet.port());
  }

  /** Waits until every node is registered and the pod controller has adopted what exists. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    for (VirtualNode node : nodes) {
      Duration left = Duration.between(Instant.now(), deadline);
      if (left.isNegative() || !node.awaitReady(left)) {
        return false;
      }
    }
    Duration left = Duration.between(Instant.now(), deadline);
    return pods != null && !left.isNegative() && pods.awaitReady(left);
  }

  /** What {@code /healthz} reports: the agent's loops that must never stall. */
  public Liveness liveness() {
    return liveness;
  }

  /** The providers, in configuration order. */
  public List<Provider> providers() {
    return List.copyOf(started);
  }

  public List<VirtualNode> nodes() {
    return List.copyOf(nodes);
  }

  /** The port the kubelet API listens on (useful with {@code kubeletPort: 0} in tests). */
  public int kubeletPort() {
    return kubelet.port();
  }

  private Optional<PodLocator.LocatedPod> locate(String namespace, String name) {
    Optional<V1Pod> found = pods.findPod(namespace, name);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    V1Pod pod = found.get();
    NodeBinding binding = bindings.get(pod.getSpec().getNodeName());
    if (binding == null) {
      return Optional.empty();
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    PodRef ref =
        new PodRef(namespace, name, pod.getMetadata().getUid(), binding.nodeName(), binding.zone());
    return Optional.of(
        new PodLocator.LocatedPod(
            binding.provider(), ref, "Succeeded".equals(phase) || "Failed".equals(phase)));
  }

  /**
   * Who may read {@code /metrics}: anyone, or with {@code metrics.authenticate} the callers allowed
   * {@code get} on the URL, authenticated like kubelet API callers (same caches and limits).
   */
  public MetricsAccess metricsAccess() {
    if (!config.metrics().authenticate()) {
      return MetricsAccess.ANYONE;
    }
    return new UrlAccess(authenticator, authorizer, "get", "/metrics");
  }

  /** A self-signed serving certificate for the node address. */
  private SelfSignedCertificate kubeletCertificate() {
    List<String> ips = new ArrayList<>(List.of("127.0.0.1"));
    if (config.nodeAddress().matches("[0-9.]+") && !ips.contains(config.nodeAddress())) {
      ips.add(config.nodeAddress());
    }
    return SelfSignedCertificate.generate("burstlet-kubelet", ips, List.of("localhost"));
  }

  /**
   * Client certificates authenticate against {@code kubelet.clientCaFile}, else the cluster's
   * client CA read in the background; until then none does (see {@link ClusterClientCa}).
   */
  private void trustClientCa() throws IOException {
    if (config.kubelet().clientCaFile() != null) {
      clientCertificates.trust(Files.readString(Path.of(config.kubelet().clientCaFile())));
    } else {
      clusterClientCa = ClusterClientCa.start(new CoreV1Api(client), clientCertificates);
    }
  }

  /** Stops everything in the order of the class comment; idempotent. Nodes and pods stay. */
  @Override
  public void close() {
    closed = true; // read by a start() in progress, which holds the lock until its next step
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      if (pods != null) {
        pods.close();
      }
      nodes.forEach(VirtualNode::close);
      // Heartbeats in flight finish rather than fail half-way through a request.
      stopGracefully(scheduler, Duration.ofSeconds(5));
      if (kubelet != null) {
        kubelet.close();
      }
      if (clusterClientCa != null) {
        clusterClientCa.close();
      }
      for (Provider p : started) {
        try {
          p.close();
        } catch (RuntimeException e) {
          LOG.warn("closing provider {}: {}", p.name(), e.toString());
        }
      }
      events.shutdown();
    }
  }

  /** Lets running tasks finish (cancelling the waiting ones), then interrupts what is left. */
  static void stopGracefully(ExecutorService executor, Duration grace) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}

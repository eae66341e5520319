package io.burstlet.cli;

import io.burstlet.config.BurstletConfig;
import io.burstlet.config.ProviderConfig;
import io.burstlet.node.NodeTemplate;
import io.burstlet.node.VirtualNode;
import io.burstlet.provider.Provider;
import io.kubernetes.client.extended.event.legacy.LegacyEventBroadcaster;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole node agent: one provider per configured cloud account and one virtual node per zone.
 * Start order: providers, then nodes; close order is the reverse.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final BurstletConfig config;
  private final ApiClient client;
  private final ProviderFactory providers;
  private final List<Provider> started = new ArrayList<>();
  private final List<VirtualNode> nodes = new ArrayList<>();
  private final ScheduledExecutorService scheduler;
  private final LegacyEventBroadcaster events;

  public Agent(BurstletConfig config, ApiClient client, ProviderFactory providers) {
    this.config = config;
    this.client = client;
    this.providers = providers;
    AtomicInteger threads = new AtomicInteger();
    this.scheduler =
        Executors.newScheduledThreadPool(
            Math.max(2, Math.min(8, countZones(config))),
            r -> {
              Thread t = new Thread(r, "node-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.events = new LegacyEventBroadcaster(new CoreV1Api(client));
  }

  private static int countZones(BurstletConfig config) {
    return config.providers().stream().mapToInt(p -> p.zones().size()).sum();
  }

  /** Creates the providers and starts registering every virtual node. */
  public void start() throws Exception {
    events.startRecording();
    String version = Version.get();
    for (ProviderConfig pc : config.providers()) {
      Provider provider = providers.create(pc, config);
      started.add(provider);
      for (var zone : pc.zones()) {
        NodeTemplate template =
            NodeTemplate.of(config, pc, zone.zone(), provider.capacity(zone.zone()), version);
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
        node.start();
        LOG.info(
            "virtual node {} (provider {}, zone {}) starting",
            template.name(),
            pc.name(),
            zone.zone());
      }
    }
  }

  /** Waits until every node is registered. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    for (VirtualNode node : nodes) {
      Duration left = Duration.between(Instant.now(), deadline);
      if (left.isNegative() || !node.awaitReady(left)) {
        return false;
      }
    }
    return true;
  }

  public List<VirtualNode> nodes() {
    return List.copyOf(nodes);
  }

  @Override
  public void close() {
    nodes.forEach(VirtualNode::close);
    for (Provider p : started) {
      try {
        p.close();
      } catch (RuntimeException e) {
        LOG.warn("closing provider {}: {}", p.name(), e.toString());
      }
    }
    scheduler.shutdownNow();
    events.shutdown();
  }
}

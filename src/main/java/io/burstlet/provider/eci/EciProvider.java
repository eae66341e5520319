package io.burstlet.provider.eci;

import io.burstlet.config.BurstletConfig;
import io.burstlet.config.ProviderConfig;
import io.burstlet.config.ZoneConfig;
import io.burstlet.provider.CloudPod;
import io.burstlet.provider.CloudRejectedException;
import io.burstlet.provider.ExecTarget;
import io.burstlet.provider.LogOptions;
import io.burstlet.provider.PodRef;
import io.burstlet.provider.PodRequest;
import io.burstlet.provider.PodStatusListener;
import io.burstlet.provider.Provider;
import io.burstlet.provider.ProviderException;
import io.burstlet.provider.UnsupportedPodException;
import io.kubernetes.client.openapi.models.V1PodStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pods as Alibaba Cloud ECI container groups, one virtual node per configured zone.
 *
 * <p>Groups are named {@code bl-<pod uid without dashes>}, created with {@code ClientToken} = pod
 * UID and tagged with cluster, node, namespace, pod name and UID, so a retry or a restarted replica
 * never duplicates a group and always finds it again. Status comes from one {@link
 * EciStatusSweeper} per provider (status deltas per zone and interval, not a call per pod).
 */
public final class EciProvider implements Provider {
  private static final Logger LOG = LoggerFactory.getLogger(EciProvider.class);

  /** Burstlet's own code when no group exists for a pod (ECI's codes for this vary by API). */
  static final String NOT_FOUND = "ContainerGroupNotFound";

  private final ProviderConfig config;
  private final BurstletConfig agent;
  private final EciClient client;
  private final EciTranslator translator;
  private final Clock clock;
  private volatile EciStatusSweeper sweeper;

  /** Uses the given client (tests, or another {@link EciClient} implementation). */
  public EciProvider(ProviderConfig config, BurstletConfig agent, EciClient client) {
    this(config, agent, client, Clock.systemUTC());
  }

  /** Builds a {@link TeaEciClient} from the configuration (endpoint, caFile, credentials). */
  public EciProvider(ProviderConfig config, BurstletConfig agent) {
    this(config, agent, TeaEciClient.fromConfig(config));
  }

  EciProvider(ProviderConfig config, BurstletConfig agent, EciClient client, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.agent = Objects.requireNonNull(agent, "agent");
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (!"eci".equals(config.type())) {
      throw new IllegalArgumentException("provider " + config.name() + " is not of type eci");
    }
    this.translator = new EciTranslator(config, agent);
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public String cloud() {
    return "alibabacloud";
  }

  @Override
  public List<String> zones() {
    return config.zones().stream().map(ZoneConfig::zone).toList();
  }

  @Override
  public String region() {
    return config.region();
  }

  @Override
  public Map<String, String> capacity(String zone) {
    return config.capacity();
  }

  /** One {@code DescribeContainerGroups} with {@code Limit=1} in the zone: cheap, authenticated. */
  @Override
  public void checkHealth(String zone) throws ProviderException {
    requireZone(zone);
    client.describeContainerGroups(
        new DescribeContainerGroupsRequest(
            config.region(),
            zone,
            List.of(),
            null,
            EciNames.clusterTags(agent.clusterName()),
            1,
            null));
  }

  @Override
  public void start(PodStatusListener listener) throws ProviderException {
    synchronized (this) {
      if (sweeper != null) {
        return;
      }
      sweeper = newSweeper(listener);
    }
    sweeper.start();
  }

  EciStatusSweeper newSweeper(PodStatusListener listener) {
    return new EciStatusSweeper(
        client,
        config.region(),
        zones(),
        agent.clusterName(),
        agent.pods().statusSyncInterval(),
        clock,
        listener,
        "eci-status-" + config.name());
  }

  /**
   * Translates first, so an unsupported pod costs no cloud call; then looks the group up by its
   * deterministic name and creates it only when absent. {@code ClientToken} makes a create retried
   * after an ambiguous failure return the same group.
   */
  @Override
  public void createPod(PodRequest request) throws ProviderException {
    PodRef ref = request.ref();
    requireZone(ref.zone());
    CreateContainerGroupRequest create = translator.translate(request);
    Optional<ContainerGroup> existing = findGroup(ref);
    if (existing.isPresent()) {
      track(existing.get().containerGroupId(), ref);
      return;
    }
    CreateContainerGroupResponse created = client.createContainerGroup(create);
    LOG.info(
        "created ECI group {} ({}) for {}",
        create.containerGroupName(),
        created.containerGroupId(),
        ref);
    if (created.containerGroupId() != null) {
      track(created.containerGroupId(), ref);
    }
  }

  /**
   * Deletes the pod's group, which ECI shows {@code Terminating} for a while; the sweep reports
   * {@code onGone} once it is no longer found. A group that is already gone counts as deleted.
   */
  @Override
  public void deletePod(PodRef pod) throws ProviderException {
    Optional<String> id = groupId(pod);
    if (id.isEmpty()) {
      return;
    }
    EciStatusSweeper tracking = sweeper;
    if (tracking != null && tracking.isDeleting(id.get())) {
      return; // deleted already and Terminating: the sweep reports it gone, a second call fails
    }
    try {
      client.deleteContainerGroup(new DeleteContainerGroupRequest(config.region(), id.get()));
      LOG.info("deleted ECI group {} of {}", id.get(), pod);
    } catch (CloudRejectedException e) {
      // ECI publishes no error code for an unknown group (the emulator answers InvalidParameter),
      // so a rejected delete of a group that a lookup no longer finds means it is gone already.
      if (!EciErrorMapper.isNotFound(e.code()) && findGroup(pod).isPresent()) {
        throw e;
      }
    }
    EciStatusSweeper s = sweeper;
    if (s != null) {
      s.deleted(id.get(), pod);
    }
  }

  @Override
  public Optional<V1PodStatus> getPodStatus(PodRef pod) throws ProviderException {
    return findGroup(pod).map(g -> EciStatusMapper.map(GroupSnapshot.of(g)));
  }

  /** Every group of this cluster on the zone's node, all pages. */
  @Override
  public List<CloudPod> listPods(String zone) throws ProviderException {
    requireZone(zone);
    String node = agent.nodeName(config, zone);
    DescribeContainerGroupsRequest request =
        new DescribeContainerGroupsRequest(
            config.region(),
            zone,
            List.of(),
            null,
            List.of(
                new EciTag(EciNames.TAG_CLUSTER, agent.clusterName()),
                new EciTag(EciNames.TAG_NODE, node)),
            DescribeContainerGroupsRequest.MAX_IDS,
            null);
    List<CloudPod> pods = new ArrayList<>();
    EciPages.forEachGroup(
        client,
        request,
        g -> {
          PodRef ref = EciNames.podOf(g, agent.clusterName());
          if (ref != null && node.equals(ref.nodeName())) {
            pods.add(
                new CloudPod(
                    g.containerGroupName(), ref, EciStatusMapper.map(GroupSnapshot.of(g))));
          }
        });
    return pods;
  }

  /**
   * ECI returns at most 2000 lines and 1 MiB; "all lines" asks for that maximum. {@code previous}
   * maps to {@code LastTime}.
   */
  @Override
  public String containerLogs(PodRef pod, String container, LogOptions options)
      throws ProviderException {
    String id = groupId(pod).orElseThrow(() -> notFound(pod));
    int tail =
        options.tailLines() == null
            ? DescribeContainerLogRequest.MAX_TAIL
            : Math.max(1, Math.min(options.tailLines(), DescribeContainerLogRequest.MAX_TAIL));
    DescribeContainerLogResponse log =
        client.describeContainerLog(
            new DescribeContainerLogRequest(
                config.region(),
                id,
                container,
                tail,
                options.sinceSeconds(),
                options.timestamps(),
                options.previous(),
                null));
    return log.content() == null ? "" : log.content();
  }

  /** The URI ECI returns carries its own one-time credential, so the password is empty. */
  @Override
  public ExecTarget exec(PodRef pod, String container, List<String> command, boolean tty)
      throws ProviderException {
    if (command.isEmpty() || command.size() > 20) {
      throw new UnsupportedPodException("exec.command", "ECI runs commands of 1 to 20 words");
    }
    String id = groupId(pod).orElseThrow(() -> notFound(pod));
    ExecContainerCommandResponse response =
        client.execContainerCommand(
            new ExecContainerCommandRequest(config.region(), id, container, command, tty, true));
    if (response.webSocketUri() == null || response.webSocketUri().isEmpty()) {
      throw new CloudRejectedException("NoWebSocketUri", "ECI opened no exec session");
    }
    return new ExecTarget(response.webSocketUri(), "");
  }

  @Override
  public void close() {
    EciStatusSweeper s = sweeper;
    if (s != null) {
      s.close();
    }
    client.close();
  }

  private void track(String groupId, PodRef ref) {
    EciStatusSweeper s = sweeper;
    if (s != null) {
      s.track(groupId, ref);
    }
  }

  private Optional<String> groupId(PodRef pod) throws ProviderException {
    EciStatusSweeper s = sweeper;
    Optional<String> known = s == null ? Optional.empty() : s.groupIdOf(pod.uid());
    if (known.isPresent()) {
      return known;
    }
    return findGroup(pod).map(ContainerGroup::containerGroupId);
  }

  /** The group of a pod, looked up by its deterministic name and checked by its UID tag. */
  private Optional<ContainerGroup> findGroup(PodRef pod) throws ProviderException {
    DescribeContainerGroupsResponse response =
        client.describeContainerGroups(
            new DescribeContainerGroupsRequest(
                config.region(),
                pod.zone(),
                List.of(),
                EciNames.groupName(pod.uid()),
                EciNames.clusterTags(agent.clusterName()),
                null,
                null));
    for (ContainerGroup g : response.containerGroups()) {
      if (pod.uid().equals(g.tag(EciNames.TAG_POD_UID))) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }

  private void requireZone(String zone) throws UnsupportedPodException {
    if (!zones().contains(zone)) {
      throw new UnsupportedPodException(
          "spec.nodeName", "zone " + zone + " is not served by provider " + config.name());
    }
  }

  private static CloudRejectedException notFound(PodRef pod) {
    return new CloudRejectedException(NOT_FOUND, "no ECI container group exists for " + pod);
  }

  @Override
  public String toString() {
    return "EciProvider[" + config.name() + ", " + config.region() + ", " + client + "]";
  }
}

package io.burstlet.provider.aci;

import com.azure.resourcemanager.containerinstance.fluent.models.ContainerExecResponseInner;
import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import io.burstlet.config.BurstletConfig;
import io.burstlet.config.ConfigException;
import io.burstlet.config.ProviderConfig;
import io.burstlet.config.ZoneConfig;
import io.burstlet.provider.CloudPod;
import io.burstlet.provider.CloudRejectedException;
import io.burstlet.provider.CloudUnavailableException;
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
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pods as Azure Container Instances container groups in one subscription and resource group.
 *
 * <p>Configuration ({@code type: aci}): {@code region} (the groups' location), {@code endpoint}
 * (ARM's https URL, or the emulator's), {@code caFile}, {@code subscriptionId}, {@code
 * resourceGroup}, optional {@code tenantId}/{@code clientId}/{@code credentials.clientSecret} (see
 * {@link AciConnection}), and zones with an optional {@code subnetId}. From the agent: {@code
 * clusterName} (the cluster tag), node names, {@code dns} and {@code pods.statusSyncInterval}.
 *
 * <p>Calls: {@link #createPod} GETs the deterministic group name first and sends the PUT only when
 * no group exists (a retry or a second replica never duplicates, and never updates a running
 * group); it returns once ARM accepted the PUT — the sweep ({@link AciStatusSweep}) follows the
 * long-running creation. {@link #deletePod} returns once ARM accepted the DELETE. Every SDK failure
 * goes through {@link AciErrors}.
 */
public final class AciProvider implements Provider {
  private static final Logger LOG = LoggerFactory.getLogger(AciProvider.class);

  /** Passes between re-reads of steady running groups (see {@link AciStatusSweep}). */
  static final int REFRESH_EVERY = 12;

  static final Duration MUTATION_TIMEOUT = Duration.ofSeconds(90);
  private static final int EXEC_ROWS = 24;
  private static final int EXEC_COLS = 80;

  private final ProviderConfig config;
  private final BurstletConfig agent;
  private final AciGroups groups;
  private final AciTranslator translator;
  private final AciGroupLimits limits;
  private final AciStatusMapper mapper;
  private final AciStatusSweep sweep;
  private final Duration interval;
  private final Clock clock;

  /**
   * Connects to {@code config.endpoint()} (see {@link AciConnection}). No call is made until the
   * first method call.
   *
   * @throws ConfigException when the endpoint, CA file or credentials cannot be used
   */
  public AciProvider(ProviderConfig config, BurstletConfig agent) {
    this(
        config,
        agent,
        new SdkAciGroups(
            AciConnection.manager(validated(config)).serviceClient(),
            config.setting("resourceGroup"),
            MUTATION_TIMEOUT),
        Clock.systemUTC());
  }

  AciProvider(ProviderConfig config, BurstletConfig agent, AciGroups groups, Clock clock) {
    this.config = validated(config);
    this.agent = agent;
    this.groups = groups;
    this.clock = clock;
    this.translator = new AciTranslator(config, agent);
    this.limits = new AciGroupLimits(groups, config.region(), clock);
    this.mapper = new AciStatusMapper(clock);
    this.interval =
        agent.pods() == null || agent.pods().statusSyncInterval() == null
            ? Duration.ofSeconds(5)
            : agent.pods().statusSyncInterval();
    Set<String> nodes = new LinkedHashSet<>();
    for (ZoneConfig z : config.zones()) {
      nodes.add(agent.nodeName(config, z.zone()));
    }
    this.sweep =
        new AciStatusSweep(
            groups,
            mapper,
            agent.clusterName(),
            nodes,
            interval,
            REFRESH_EVERY,
            readsPerPass(agent, interval),
            clock,
            "aci-sweep-" + config.name());
  }

  /** The configured reads per minute, spread over the passes of a minute. */
  static int readsPerPass(BurstletConfig agent, Duration interval) {
    int perMinute = agent.pods() == null ? 600 : agent.pods().cloudReadsPerMinute();
    return (int) Math.max(1, Math.round(perMinute * interval.toMillis() / 60_000.0));
  }

  private static ProviderConfig validated(ProviderConfig config) {
    String p = "providers[" + config.name() + "]";
    if (!"aci".equals(config.type())) {
      throw new ConfigException(
          p + ".type: AciProvider needs type aci (was " + config.type() + ")");
    }
    for (String key : List.of("subscriptionId", "resourceGroup")) {
      if (config.setting(key) == null) {
        throw new ConfigException(p + "." + key + ": required");
      }
    }
    return config;
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public String cloud() {
    return "azure";
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

  /**
   * Healthy when the sweep listed the resource group within the last sync interval; otherwise one
   * page of the list is fetched (one cheap call that needs the same permission as the sweep).
   */
  @Override
  public void checkHealth(String zone) throws ProviderException {
    requireZone(zone);
    Instant last = sweep.lastListSuccess();
    if (last != null && last.plus(interval).isAfter(clock.instant())) {
      return;
    }
    call(
        "list container groups",
        false,
        Set.of(),
        () -> {
          groups.probe();
          return null;
        });
  }

  @Override
  public void start(PodStatusListener listener) {
    sweep.start(listener);
  }

  @Override
  public void createPod(PodRequest request) throws ProviderException {
    requireZone(request.ref().zone());
    AciTranslator.Result r = translator.translate(request);
    limits.check(r.group());
    Optional<ContainerGroupInner> existing =
        call(
            "get container group " + r.name(), false, r.secretValues(), () -> groups.get(r.name()));
    if (existing.isPresent()) {
      ContainerGroupInner g = existing.get();
      String uid = g.tags() == null ? null : g.tags().get(AciNames.TAG_POD_UID);
      if (!request.ref().uid().equals(uid)) {
        throw new CloudRejectedException(
            "NameConflict",
            "container group " + r.name() + " exists but was not created for pod " + request.ref());
      }
      if ("Deleting".equalsIgnoreCase(g.provisioningState())) {
        throw new CloudUnavailableException(
            "container group " + r.name() + " is being deleted; retry later", false, null);
      }
      LOG.debug("container group {} for {} already exists", r.name(), request.ref());
      return;
    }
    LOG.info("creating container group {} for {}", r.name(), request.ref());
    call(
        "create container group " + r.name(),
        true,
        r.secretValues(),
        () -> {
          groups.create(r.name(), r.group());
          return null;
        });
  }

  @Override
  public void deletePod(PodRef pod) throws ProviderException {
    String name = AciNames.groupName(pod.uid());
    LOG.info("deleting container group {} for {}", name, pod);
    call(
        "delete container group " + name,
        true,
        Set.of(),
        () -> {
          groups.delete(name);
          return null;
        });
  }

  @Override
  public Optional<V1PodStatus> getPodStatus(PodRef pod) throws ProviderException {
    String name = AciNames.groupName(pod.uid());
    return call("get container group " + name, false, Set.of(), () -> groups.get(name))
        .map(mapper::map);
  }

  @Override
  public List<CloudPod> listPods(String zone) throws ProviderException {
    requireZone(zone);
    String node = agent.nodeName(config, zone);
    List<ContainerGroupInner> all = call("list container groups", false, Set.of(), groups::list);
    List<CloudPod> out = new ArrayList<>();
    for (ContainerGroupInner g : all) {
      Optional<PodRef> pod = AciNames.podOf(agent.clusterName(), g.tags());
      if (pod.isPresent() && node.equals(pod.get().nodeName())) {
        // ARM's list has no instanceView: report a status only when this listing carries one.
        V1PodStatus status = g.instanceView() == null ? null : mapper.map(g);
        out.add(new CloudPod(g.name(), pod.get(), status));
      }
    }
    return out;
  }

  /**
   * ACI returns the current instance's log only, with {@code tail} and {@code timestamps}. {@code
   * previous} is refused; {@code sinceSeconds} is applied here by asking for timestamps and keeping
   * lines at or after the cut-off (lines without a readable timestamp are kept), then the tail is
   * taken locally.
   */
  @Override
  public String containerLogs(PodRef pod, String container, LogOptions options)
      throws ProviderException {
    if (options.previous()) {
      throw new UnsupportedPodException(
          "previous", "ACI keeps the log of the current container instance only");
    }
    String name = AciNames.groupName(pod.uid());
    boolean since = options.sinceSeconds() != null;
    Integer tail = since ? null : options.tailLines();
    String text =
        call(
            "get logs of " + name + "/" + container,
            false,
            Set.of(),
            () -> groups.logs(name, container, tail, options.timestamps() || since));
    if (!since) {
      return text;
    }
    Instant cutoff = clock.instant().minusSeconds(options.sinceSeconds());
    List<String> kept = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      int space = line.indexOf(' ');
      Instant at = null;
      if (space > 0) {
        try {
          at = OffsetDateTime.parse(line.substring(0, space)).toInstant();
        } catch (DateTimeParseException ignored) {
          // not a timestamped line: keep it
        }
      }
      if (at == null || !at.isBefore(cutoff)) {
        kept.add(options.timestamps() || at == null ? line : line.substring(space + 1));
      }
    }
    if (options.tailLines() != null && kept.size() > options.tailLines()) {
      kept = kept.subList(kept.size() - options.tailLines(), kept.size());
    }
    return kept.isEmpty() ? "" : String.join("\n", kept) + "\n";
  }

  /**
   * ACI's exec takes one command string and runs it without a shell, so the command's words are
   * joined with spaces; a word that itself contains whitespace cannot be passed and is refused. The
   * terminal is always 24×80 (ACI's exec always opens one).
   */
  @Override
  public ExecTarget exec(PodRef pod, String container, List<String> command, boolean tty)
      throws ProviderException {
    if (command == null || command.isEmpty()) {
      throw new UnsupportedPodException("command", "exec needs a command");
    }
    for (String word : command) {
      if (word.isEmpty() || word.chars().anyMatch(Character::isWhitespace)) {
        throw new UnsupportedPodException(
            "command", "ACI exec cannot pass an argument that is empty or contains whitespace");
      }
    }
    String name = AciNames.groupName(pod.uid());
    ContainerExecResponseInner r =
        call(
            "exec in " + name + "/" + container,
            false,
            Set.of(),
            () -> groups.exec(name, container, String.join(" ", command), EXEC_ROWS, EXEC_COLS));
    if (r == null || r.webSocketUri() == null) {
      throw new CloudUnavailableException("exec in " + name + ": ACI returned no URI", false, null);
    }
    return new ExecTarget(r.webSocketUri(), r.password() == null ? "" : r.password());
  }

  @Override
  public void close() {
    sweep.close();
  }

  private void requireZone(String zone) throws UnsupportedPodException {
    for (ZoneConfig z : config.zones()) {
      if (z.zone().equals(zone)) {
        return;
      }
    }
    throw new UnsupportedPodException(
        "zone", "zone '" + zone + "' is not served by provider " + config.name());
  }

  private static <T> T call(
      String operation, boolean mutating, Collection<String> secrets, Supplier<T> body)
      throws ProviderException {
    try {
      return body.get();
    } catch (RuntimeException e) {
      throw AciErrors.map(operation, e, mutating, secrets);
    }
  }
}

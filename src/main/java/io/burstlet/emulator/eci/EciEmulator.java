package io.burstlet.emulator.eci;

import io.burstlet.emulator.EmulatorServer;
import io.burstlet.emulator.FaultInjector;
import io.burstlet.emulator.PrivateRegistries;
import io.burstlet.tls.SelfSignedCertificate;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A local, stateful emulator of one region of Alibaba Cloud Elastic Container Instance (OpenAPI
 * 2018-08-08, RPC style), for trying Burstlet without a cloud account and for driving the real
 * Alibaba SDK runtime in tests. Point a {@code com.aliyun.teaopenapi.models.Config} at {@link
 * #endpoint()} with protocol HTTP (or HTTPS, trusting {@link #certificatePem()} through {@code
 * RuntimeOptions.setCa}) and one of the configured AccessKeys.
 *
 * <p>Actions: {@link #ACTIONS}. Container groups unfold by themselves over the configured {@link
 * EciTimings} and {@link Clock}: Scheduling → Pending → Running → Succeeded/Failed, their
 * containers running the simulated shell of {@link io.burstlet.emulator.SimulatedProgram}.
 *
 * <p>Faults: {@link #faults()} takes rules whose operation names are the action names ({@code
 * "CreateContainerGroup"}, …); a throttle answers {@code Throttling} (HTTP 400), server errors
 * {@code InternalError} (500, other 5xx) or {@code ServiceUnavailable} (503), and apply-then-fail
 * on CreateContainerGroup creates the group but answers an error. It also counts calls per action.
 *
 * <p>Test hooks ({@link #expire}, {@link #setStock}, {@link #containerGroupIds}, {@link
 * #configFiles}) change or read groups behind the API's back, for tests only.
 *
 * <p>Lifecycle: {@link #start()}, {@link #close()}; not restartable. Thread-safe.
 */
public final class EciEmulator implements AutoCloseable {

  /** The actions served, which are also the operation names for faults and call counts. */
  public static final List<String> ACTIONS =
      List.of(
          "CreateContainerGroup",
          "DescribeContainerGroups",
          "DescribeContainerGroupStatus",
          "DescribeContainerGroupEvents",
          "DeleteContainerGroup",
          "RestartContainerGroup",
          "UpdateContainerGroup",
          "DescribeContainerLog",
          "ExecContainerCommand");

  private final Clock clock;
  private final EciNetwork network;
  private final ContainerGroupStore store;
  private final GroupTimeline timeline;
  private final SelfSignedCertificate certificate;
  private final FaultInjector faults = new FaultInjector();
  private final EmulatorServer server;

  private EciEmulator(Builder options) {
    this.clock = options.clock;
    this.network =
        new EciNetwork(options.regionId, options.vpcId, options.zones, options.securityGroups);
    this.store = new ContainerGroupStore(options.clock, options.timings.terminating(), network);
    this.timeline = new GroupTimeline(options.timings, options.registries);
    EciRegion region = new EciRegion(network, store, timeline, options.clock);
    Map<String, EciAction> actions = new LinkedHashMap<>();
    actions.put("CreateContainerGroup", new CreateContainerGroupAction(region));
    actions.put("DescribeContainerGroups", new DescribeContainerGroupsAction(region));
    actions.put("DescribeContainerGroupStatus", new DescribeContainerGroupStatusAction(region));
    actions.put("DescribeContainerGroupEvents", new DescribeContainerGroupEventsAction(region));
    actions.put("DeleteContainerGroup", new DeleteContainerGroupAction(region));
    actions.put("RestartContainerGroup", new RestartContainerGroupAction(region));
    actions.put("UpdateContainerGroup", new UpdateContainerGroupAction(region));
    actions.put("DescribeContainerLog", new DescribeContainerLogAction(region));
    actions.put("ExecContainerCommand", new ExecContainerCommandAction(region, this::baseUri));
    EciRpcHandler handler =
        new EciRpcHandler(actions, new EciSignatureVerifier(options.accessKeys, Clock.systemUTC()));
    this.certificate = options.https ? SelfSignedCertificate.generate() : null;
    this.server =
        new EmulatorServer(
            handler,
            faults,
            certificate == null
                ? EmulatorServer.Options.http("eci", options.port)
                : EmulatorServer.Options.https("eci", options.port, certificate));
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds 127.0.0.1 and starts serving.
   *
   * @throws IOException when the port cannot be bound
   */
  public EciEmulator start() throws IOException {
    server.start();
    return this;
  }

  /** For the common lifecycle shape; {@link #start()} binds synchronously. */
  public void awaitReady() {
    server.awaitReady();
  }

  /** {@code http(s)://127.0.0.1:PORT}. */
  public URI baseUri() {
    return server.baseUri();
  }

  /** The bound port. */
  public int port() {
    return server.port();
  }

  /** {@code 127.0.0.1:PORT}, the form the Alibaba SDK's {@code Config.setEndpoint} takes. */
  public String endpoint() {
    return "127.0.0.1:" + port();
  }

  /** The region this emulator serves, e.g. {@code ap-northeast-1}. */
  public String regionId() {
    return network.regionId();
  }

  /**
   * The PEM of the self-signed certificate served over HTTPS, for clients to trust.
   *
   * @throws IllegalStateException when the emulator serves plain HTTP
   */
  public String certificatePem() {
    if (certificate == null) {
      throw new IllegalStateException("the ECI emulator serves plain HTTP");
    }
    return certificate.certificatePem();
  }

  /** Fault rules (operation names = action names) and call counts. */
  public FaultInjector faults() {
    return faults;
  }

  /** How many calls of {@code action} arrived (faulted ones included) since the last reset. */
  public long calls(String action) {
    return faults.calls(action);
  }

  /**
   * Test hook: reclaims the spot instance {@code containerGroupId} now, as ECI does when the spot
   * price rises: its containers stop, its status becomes {@code Expired} and a {@code
   * SpotToBeReleased} Warning event is recorded. A second call changes nothing.
   *
   * @throws IllegalArgumentException when no such group exists
   */
  public void expire(String containerGroupId) {
    try {
      store.update(
          containerGroupId, g -> g.expiredAt() == null ? g.withExpiredAt(clock.instant()) : g);
    } catch (EciApiException e) {
      throw new IllegalArgumentException("no container group " + containerGroupId);
    }
  }

  /**
   * Test hook: whether {@code zoneId} has stock. Groups created while none of their vSwitches'
   * zones has stock end {@code ScheduleFailed} with a {@code NoStock} event; with several vSwitches
   * the first zone that has stock is used.
   *
   * @throws IllegalArgumentException for an unknown zone
   */
  public void setStock(String zoneId, boolean available) {
    network.setStock(zoneId, available);
  }

  /** The ids of the container groups that exist now (deleted ones vanish after Terminating). */
  public List<String> containerGroupIds() {
    return store.ids();
  }

  /**
   * Test hook, never served over HTTP (neither by the ECI API nor by the control API): the files of
   * ConfigFileVolume {@code volumeName} of group {@code containerGroupId}, path → content decoded
   * from base64 as UTF-8 (content that is not base64 is returned as sent), in the order sent. For
   * whole-agent tests that must see what was mounted, e.g. the service-account token the agent put
   * into a group. Empty when there is no such group (deleted groups vanish after Terminating), or
   * it has no ConfigFileVolume of that name. Makes no API call and counts none.
   */
  public Optional<Map<String, String>> configFiles(String containerGroupId, String volumeName) {
    Objects.requireNonNull(containerGroupId, "containerGroupId");
    Objects.requireNonNull(volumeName, "volumeName");
    return store
        .find(containerGroupId)
        .flatMap(
            g ->
                g.spec().volumes().stream()
                    .filter(v -> v.name().equals(volumeName))
                    .filter(v -> v.type().equals("ConfigFileVolume"))
                    .findFirst())
        .map(EciEmulator::decodedFiles);
  }

  private static Map<String, String> decodedFiles(GroupSpec.Volume volume) {
    Map<String, String> files = new LinkedHashMap<>();
    for (GroupSpec.NameValue file : volume.files()) {
      String content;
      try {
        content =
            new String(Base64.getDecoder().decode(file.value().strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException notBase64) {
        content = file.value();
      }
      files.put(file.name(), content);
    }
    return Collections.unmodifiableMap(files);
  }

  /** Stops serving at once. Idempotent. */
  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "EciEmulator[" + network.regionId() + "]";
  }

  /**
   * Options, validated by {@link #build()} naming the offending field. Required: a region, at least
   * one zone with at least one vSwitch, and at least one AccessKey.
   */
  public static final class Builder {
    private int port;
    private boolean https;
    private final Map<String, String> accessKeys = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();
    private PrivateRegistries registries = PrivateRegistries.none();
    private String regionId;
    private String vpcId = "vpc-burstletemulator0000";
    private final Map<String, List<String>> zones = new LinkedHashMap<>();
    private final Set<String> securityGroups = new LinkedHashSet<>();
    private EciTimings timings = EciTimings.defaults();

    private Builder() {}

    /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** Serve HTTPS with a freshly generated self-signed certificate instead of HTTP. */
    public Builder https(boolean https) {
      this.https = https;
      return this;
    }

    /** Accepts requests signed with AccessKey {@code id} and {@code secret}. */
    public Builder accessKey(String id, String secret) {
      if (id == null || id.isBlank() || secret == null || secret.isEmpty()) {
        throw new IllegalArgumentException("an access key needs a non-empty id and secret");
      }
      accessKeys.put(id, secret);
      return this;
    }

    /** Accepts requests signed with any of {@code keys} (AccessKey id → secret). */
    public Builder accessKeys(Map<String, String> keys) {
      keys.forEach(this::accessKey);
      return this;
    }

    /**
     * The command-line form {@code ID:SECRET}; the secret is everything after the first ':'.
     *
     * @throws IllegalArgumentException without echoing the value
     */
    public Builder accessKey(String spec) {
      int colon = spec == null ? -1 : spec.indexOf(':');
      if (colon <= 0 || colon == spec.length() - 1) {
        throw new IllegalArgumentException("an access key must be given as ID:SECRET");
      }
      return accessKey(spec.substring(0, colon), spec.substring(colon + 1));
    }

    /** The clock container groups unfold by (not used for request timestamps). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Registries whose images need matching {@code ImageRegistryCredential}s. */
    public Builder privateRegistries(PrivateRegistries registries) {
      this.registries = Objects.requireNonNull(registries, "registries");
      return this;
    }

    /** The region served, e.g. {@code ap-northeast-1}. */
    public Builder region(String regionId) {
      this.regionId = Objects.requireNonNull(regionId, "regionId");
      return this;
    }

    /** The VPC every vSwitch belongs to, reported as {@code VpcId}. */
    public Builder vpcId(String vpcId) {
      this.vpcId = Objects.requireNonNull(vpcId, "vpcId");
      return this;
    }

    /** A zone and its vSwitches, e.g. {@code ap-northeast-1a} → {@code vsw-first}. */
    public Builder zone(String zoneId, List<String> vSwitchIds) {
      if (zoneId == null || zoneId.isBlank() || vSwitchIds == null || vSwitchIds.isEmpty()) {
        throw new IllegalArgumentException("a zone needs an id and at least one vSwitch");
      }
      zones.computeIfAbsent(zoneId, z -> new ArrayList<>()).addAll(vSwitchIds);
      return this;
    }

    /** The command-line form {@code ZONE=VSW[,VSW…]}. */
    public Builder zone(String spec) {
      int equals = spec == null ? -1 : spec.indexOf('=');
      if (equals <= 0 || equals == spec.length() - 1) {
        throw new IllegalArgumentException("a zone must be given as ZONE=VSWITCH[,VSWITCH...]");
      }
      return zone(
          spec.substring(0, equals).trim(),
          Arrays.stream(spec.substring(equals + 1).split(",")).map(String::trim).toList());
    }

    /** Known security groups; when none are given, any id is accepted. */
    public Builder securityGroups(String... ids) {
      securityGroups.addAll(Arrays.asList(ids));
      return this;
    }

    public Builder timings(EciTimings timings) {
      this.timings = Objects.requireNonNull(timings, "timings");
      return this;
    }

    /** Validates the options and creates the (not yet started) emulator. */
    public EciEmulator build() {
      if (regionId == null || regionId.isBlank()) {
        throw new IllegalArgumentException("region is required");
      }
      if (zones.isEmpty()) {
        throw new IllegalArgumentException("zones: at least one zone with a vSwitch is required");
      }
      if (accessKeys.isEmpty()) {
        throw new IllegalArgumentException("accessKeys: at least one access key is required");
      }
      return new EciEmulator(this);
    }

    @Override
    public String toString() {
      // Secrets of the access keys are never printed.
      return "EciEmulator.Builder[" + regionId + ", keys=" + accessKeys.keySet() + "]";
    }
  }
}

package io.burstlet.emulator.aci;

import io.burstlet.emulator.EmulatorServer;
import io.burstlet.emulator.FaultInjector;
import io.burstlet.emulator.PrivateRegistries;
import io.burstlet.tls.SelfSignedCertificate;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A stateful emulator of Azure Container Instances as Azure Resource Manager serves it ({@code
 * Microsoft.ContainerInstance/containerGroups}, api-version 2023-05-01), over HTTPS on 127.0.0.1,
 * for the real Azure SDK: point an {@code AzureEnvironment}'s {@code resourceManagerEndpointUrl} at
 * {@link #baseUri()} and trust {@link #certificatePem()}. Any {@code Authorization: Bearer} token
 * is accepted; a request without one gets ARM's 401 {@code AuthenticationFailed}.
 *
 * <p><b>Lifecycle of a group.</b> A PUT answers 201 (200 for an existing group) with {@code
 * provisioningState} {@code Pending}, an {@code Azure-AsyncOperation} URL and {@code Retry-After:
 * 1}; provisioning turns {@code Creating} after {@link Builder#pending}, then {@code Succeeded}
 * after {@link Builder#creating}. The async operation reports that provisioning state as its {@code
 * status}, as ACI does, rather than ARM's generic {@code InProgress}. Containers then run their
 * {@code command} in the core's simulated shell ({@code echo}, {@code sleep}, {@code exit};
 * anything else runs forever), init containers first, one after another; the group's {@code
 * restartPolicy} restarts them. The instance views report {@code Waiting} → {@code Running} →
 * {@code Terminated} with exit code, restart count, previous state and events ({@code Pulling},
 * {@code Pulled}, {@code Started}, {@code BackOff}, {@code Killing}); the group's instance state
 * goes {@code Pending} → {@code Running} → {@code Succeeded}/{@code Failed} (or {@code Stopped}).
 * Each container group gets an IP address from its subnet ({@link Builder#subnet}) or a public
 * range; it is only reported.
 *
 * <p><b>Probes.</b> A container's {@code livenessProbe} and {@code readinessProbe} ({@code exec}
 * through the simulated shell, {@code httpGet} answered on the container's declared {@code ports}
 * only) run as {@link io.burstlet.emulator.SimulatedProbe} describes: each failed attempt counts
 * into an {@code Unhealthy} Warning event ({@code Readiness probe failed: …}, {@code Liveness probe
 * failed: …}) of the container's instance view, and a failing liveness probe kills the container
 * ({@code Killing} event, exit code 137) for the restart policy to restart. ACI reports no
 * readiness flag, so readiness shows only through those events, as on real ACI.
 *
 * <p><b>Private registries.</b> An image on a host of {@link Builder#privateRegistries} is pulled
 * only with a matching {@code imageRegistryCredentials} entry. Otherwise, by default, the PUT is
 * refused with 400 {@code InaccessibleImage}, as ACI checks images when it accepts a deployment;
 * with {@link PullFailure#FAIL_DURING_PROVISIONING} the group is created instead, its containers
 * stay {@code Waiting} ({@code ImagePullBackOff: …}) with {@code Pulling}, {@code Failed} (Warning)
 * and {@code BackOff} events, as ACI's troubleshooting guide shows for pulls that fail later, and
 * provisioning ends {@code Failed} with the async operation's error code {@code Failed}.
 *
 * <p><b>Operations</b> (names for {@link #faults()} and its call counts): {@code PUT
 * containerGroups}, {@code GET containerGroups}, {@code PATCH containerGroups}, {@code DELETE
 * containerGroups}, {@code LIST containerGroups} (by resource group and by subscription), {@code
 * POST stop}, {@code POST start}, {@code POST restart}, {@code GET logs}, {@code POST exec}, {@code
 * POST attach}, {@code GET operations} (async operation polling), and {@code unknown}. Injected
 * throttling answers 429 {@code SubscriptionRequestsThrottled} with {@code Retry-After}; server
 * errors answer 500 {@code InternalServerError} (503 {@code ServiceUnavailable}, 502 {@code
 * BadGateway}, 504 {@code GatewayTimeout}); apply-then-fail on a PUT creates the group but answers
 * the error.
 *
 * <p><b>Errors</b>, all as {@code {"error": {"code", "message"}}}. Codes and wording seen in real
 * ACI/ARM answers: {@code InvalidContainerName}, {@code InvalidOsType}, {@code
 * ResourceRequestsNotSpecified}, {@code ResourceSomeRequestsNotSpecified}, {@code
 * ResourceLimitsLessThanRequests}, {@code ContainerLimitGreaterThanContainerGroupTotalRequest},
 * {@code MoreImageRegistryCredentialsThanContainers}, {@code InaccessibleImage}, {@code
 * InvalidContainerGroupUpdate}, {@code ContainerGroupQuotaReached} (400); {@code
 * ServiceUnavailable} (409) for a group larger than the region offers ({@link
 * Builder#maxResourcesPerGroup}, default 4 CPU / 16 GB); ARM's {@code ResourceNotFound} (404),
 * {@code InvalidRequestContent}, {@code LocationRequired}, {@code LinkedInvalidPropertyId}, {@code
 * MissingApiVersionParameter}, {@code NoRegisteredProviderFound} (400), {@code
 * InvalidResourceLocation} (409) and {@code AuthenticationFailed} (401). Codes by analogy, not seen
 * in captured answers: {@code InvalidContainerGroupName} (the container-name message with "group"),
 * {@code SubnetNotFound} for a subnet outside the configured ones, and {@code TooManyContainers}
 * (over 60), {@code TooManyVolumes} (over 20), {@code TooManyPorts} (over 5 per IP address).
 *
 * <p>Secrets (environment {@code secureValue}s, registry passwords, storage and workspace keys,
 * secret volumes, extensions' protected settings) are kept to run the group but never returned or
 * logged.
 *
 * <p>Test hooks ({@link #stop}, {@link #markRepairing}, {@link #markUnhealthy}, {@link #lose},
 * {@link #secretVolumeFiles}, …) change or read groups behind the API's back, for tests only.
 *
 * <p>Lifecycle: {@link #start()}, {@link #close()}; not restartable.
 */
public final class AciEmulator implements AutoCloseable {

  /** What ACI does with an image it may not pull. */
  public enum PullFailure {
    /** Refuse the PUT with 400 {@code InaccessibleImage} (ACI's check at deployment). */
    REJECT_AT_CREATE,
    /** Create the group; its containers wait with pull errors and provisioning fails. */
    FAIL_DURING_PROVISIONING
  }

  private final SelfSignedCertificate certificate = SelfSignedCertificate.generate();
  private final FaultInjector faults = new FaultInjector();
  private final AciSettings settings;
  private final ContainerGroupStore store;
  private final EmulatorServer server;
  private final ContainerGroupApi api;

  private AciEmulator(AciSettings settings, int port) {
    this.settings = settings;
    IpAllocator ips = new IpAllocator(settings.subnets());
    this.store = new ContainerGroupStore(settings, ips);
    this.api = new ContainerGroupApi(store, new AciValidator(settings, ips), settings);
    this.server =
        new EmulatorServer(
            new AciArmHandler(api, this::baseUri),
            faults,
            EmulatorServer.Options.https("aci", port, certificate));
  }

  /** A builder with the defaults: ephemeral port, system clock, no private registries. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds 127.0.0.1 and serves; when this returns, {@link #baseUri()} accepts connections.
   *
   * @throws IOException when the port cannot be bound
   */
  public AciEmulator start() throws IOException {
    server.start();
    return this;
  }

  /** Binding is synchronous: this returns at once once {@link #start()} has. */
  public void awaitReady() {
    server.awaitReady();
  }

  /** {@code https://127.0.0.1:PORT}, without a trailing slash. */
  public URI baseUri() {
    return server.baseUri();
  }

  /** The PEM of the self-signed certificate the emulator serves (SAN 127.0.0.1, localhost). */
  public String certificatePem() {
    return certificate.certificatePem();
  }

  /** Fault rules and per-operation call counts; operation names are in the class comment. */
  public FaultInjector faults() {
    return faults;
  }

  // Test hooks: change groups behind the client's back. They make no API call and count none.
  // Groups are named by resource group and name, in whichever subscription they were created.

  /** Stops the group as {@code POST …/stop} would. False when there is no such group. */
  public boolean stop(String resourceGroup, String name) {
    return apply(resourceGroup, name, s -> s.stopped(settings.clock().instant()));
  }

  /**
   * Reports the group as being repaired after a host failure: provisioningState and instance state
   * {@code Repairing}, until {@link #clearMarks}. False when there is no such group.
   */
  public boolean markRepairing(String resourceGroup, String name) {
    return apply(resourceGroup, name, s -> s.forced("Repairing", "Repairing"));
  }

  /**
   * Reports the group's provisioningState as {@code Unhealthy} (its containers keep running) until
   * {@link #clearMarks}. False when there is no such group.
   */
  public boolean markUnhealthy(String resourceGroup, String name) {
    return apply(resourceGroup, name, s -> s.forced("Unhealthy", null));
  }

  /**
   * Undoes {@link #markRepairing} and {@link #markUnhealthy}. False when there is no such group.
   */
  public boolean clearMarks(String resourceGroup, String name) {
    return apply(resourceGroup, name, s -> s.forced(null, null));
  }

  /**
   * Deletes the group without an API call, as when someone deletes it in the portal: a "lost"
   * group. False when there was none.
   */
  public boolean lose(String resourceGroup, String name) {
    List<ArmId> ids = store.find(resourceGroup, name);
    ids.forEach(store::delete);
    return !ids.isEmpty();
  }

  /**
   * Test hook for a broken paging service: while on, every list answer carries a {@code nextLink}
   * back to the page it just served, so a client that follows links blindly never stops.
   */
  public void repeatNextLink(boolean on) {
    api.repeatNextLink(on);
  }

  /** Whether a group of that name exists in that resource group (any subscription). */
  public boolean exists(String resourceGroup, String name) {
    return !store.find(resourceGroup, name).isEmpty();
  }

  /**
   * Test hook that the ARM API never offers — ARM returns a secret volume as {@code {}} — for
   * whole-agent tests that must see what was mounted, e.g. the service-account token the agent put
   * into a group: the files of secret volume {@code volumeName} of the group, file name → content
   * decoded from base64 as UTF-8 (a value that is not base64 is returned as sent). Empty when there
   * is no such group, or it has no secret volume of that name. Makes no API call and counts none.
   */
  public Optional<Map<String, String>> secretVolumeFiles(
      String resourceGroup, String group, String volumeName) {
    return store.find(resourceGroup, group).stream()
        .findFirst()
        .flatMap(store::get)
        .flatMap(state -> state.spec().secretVolume(volumeName));
  }

  /** Stops serving at once. Idempotent. */
  @Override
  public void close() {
    server.close();
  }

  private boolean apply(
      String resourceGroup, String name, UnaryOperator<ContainerGroupState> change) {
    List<ArmId> ids = store.find(resourceGroup, name);
    ids.forEach(id -> store.update(id, change));
    return !ids.isEmpty();
  }

  /** Options for an {@link AciEmulator}; {@link #build()} validates them, naming the bad one. */
  public static final class Builder {
    private int port;
    private Clock clock = Clock.systemUTC();
    private PrivateRegistries registries = PrivateRegistries.none();
    private final Map<String, String> subnets = new LinkedHashMap<>();
    private Duration pending = Duration.ofSeconds(1);
    private Duration creating = Duration.ofSeconds(1);
    private Duration restartBackoff = Duration.ofSeconds(1);
    private PullFailure pullFailure = PullFailure.REJECT_AT_CREATE;
    private double maxCpu = 4;
    private double maxMemoryGb = 16;
    private int standardCoresQuota;
    private int listPageSize = 100;

    private Builder() {}

    /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** The clock all states are computed from; tests pass a controllable one. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Registries that need credentials; every other registry is public. */
    public Builder privateRegistries(PrivateRegistries registries) {
      this.registries = Objects.requireNonNull(registries, "registries");
      return this;
    }

    /**
     * A known subnet and its address range, e.g. {@code
     * /subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/aci}
     * and {@code 10.1.0.0/24}. Once any is given, groups in other subnets are refused with {@code
     * SubnetNotFound}; with none, every well-formed subnet id is accepted.
     */
    public Builder subnet(String subnetId, String cidr) {
      Objects.requireNonNull(subnetId, "subnetId");
      Objects.requireNonNull(cidr, "cidr");
      new IpAllocator(Map.of(subnetId, cidr)); // validates both now, naming the bad one
      subnets.put(subnetId, cidr);
      return this;
    }

    /** How long a new deployment stays {@code Pending} (default 1 s; zero allowed). */
    public Builder pending(Duration pending) {
      this.pending = Objects.requireNonNull(pending, "pending");
      return this;
    }

    /** How long it then stays {@code Creating}, pulling images (default 1 s; zero allowed). */
    public Builder creating(Duration creating) {
      this.creating = Objects.requireNonNull(creating, "creating");
      return this;
    }

    /** Pause between a container's exit and its restart (default 1 s; must be positive). */
    public Builder restartBackoff(Duration restartBackoff) {
      this.restartBackoff = Objects.requireNonNull(restartBackoff, "restartBackoff");
      return this;
    }

    /** What happens to images that may not be pulled (default {@code REJECT_AT_CREATE}). */
    public Builder pullFailure(PullFailure pullFailure) {
      this.pullFailure = Objects.requireNonNull(pullFailure, "pullFailure");
      return this;
    }

    /** The largest group the region offers (default 4 CPU, 16 GB, ACI's standard Linux limit). */
    public Builder maxResourcesPerGroup(double cpu, double memoryGb) {
      this.maxCpu = cpu;
      this.maxMemoryGb = memoryGb;
      return this;
    }

    /** Cores all running groups of a subscription may use per region; 0 (default) = unlimited. */
    public Builder standardCoresQuota(int cores) {
      this.standardCoresQuota = cores;
      return this;
    }

    /** Groups per list page before a {@code nextLink} (default 100). */
    public Builder listPageSize(int groups) {
      this.listPageSize = groups;
      return this;
    }

    /**
     * The emulator, not yet started.
     *
     * @throws IllegalArgumentException naming the first invalid option
     */
    public AciEmulator build() {
      return new AciEmulator(
          new AciSettings(
              clock,
              registries,
              subnets,
              pending,
              creating,
              restartBackoff,
              pullFailure,
              maxCpu,
              maxMemoryGb,
              standardCoresQuota,
              listPageSize),
          port);
    }
  }
}

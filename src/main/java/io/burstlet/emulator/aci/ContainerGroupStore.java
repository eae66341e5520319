package io.burstlet.emulator.aci;

import io.burstlet.emulator.aci.ArmErrors.ArmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The emulator's container groups and the transitions between their states: create, update, delete,
 * stop, start, restart. Thread-safe: every transition runs under one lock and replaces an immutable
 * {@link ContainerGroupState}, so readers render a consistent snapshot without locking.
 */
final class ContainerGroupStore {

  /** The outcome of a PUT: the group now, and whether the PUT created it. */
  record PutResult(ContainerGroupState state, boolean created) {}

  /** One list page, and the key to continue after (null on the last page). */
  record Page(List<ContainerGroupState> groups, String continueAfter) {}

  /**
   * What an async operation tracks.
   *
   * @param group the group now, or null when it was deleted
   * @param current false when a later deployment replaced the one the operation tracks
   */
  record Operation(ContainerGroupState group, boolean current) {}

  private final AciSettings settings;
  private final IpAllocator ips;
  // Sorted by key, so list pages are stable.
  private final TreeMap<String, ContainerGroupState> groups = new TreeMap<>();
  private final Map<String, String> operations = new HashMap<>();

  ContainerGroupStore(AciSettings settings, IpAllocator ips) {
    this.settings = settings;
    this.ips = ips;
  }

  /**
   * Creates the group, or updates it: a PUT that asks for the same deployment changes only the
   * definition (e.g. tags) and is idempotent; any other change redeploys the containers, unless it
   * touches what ACI fixes at creation ({@code InvalidContainerGroupUpdate}) or the location
   * ({@code InvalidResourceLocation}). Creation and growth are checked against the core quota.
   *
   * @throws ArmException when ACI would refuse the PUT
   */
  synchronized PutResult createOrUpdate(ArmId id, ContainerGroupSpec spec, Instant now) {
    ContainerGroupState existing = groups.get(id.key());
    checkQuota(id, spec);
    if (existing == null) {
      Deployment deployment =
          Deployment.plan(Deployment.Kind.CREATE, spec, now, settings, newIp(spec));
      return new PutResult(save(ContainerGroupState.created(id, spec, deployment)), true);
    }
    if (!existing.spec().location().equals(spec.location())) {
      throw AciValidator.locationChange(id, existing.spec().location(), spec.location());
    }
    if (!existing.spec().updatableTo(spec)) {
      throw AciValidator.immutableChange(id.name());
    }
    if (existing.spec().sameDeploymentAs(spec)) {
      return new PutResult(save(existing.respecified(spec)), false);
    }
    Deployment deployment =
        Deployment.plan(Deployment.Kind.UPDATE, spec, now, settings, keptIp(existing, spec));
    return new PutResult(save(existing.redeployed(spec, deployment)), false);
  }

  synchronized Optional<ContainerGroupState> get(ArmId id) {
    return Optional.ofNullable(groups.get(id.key()));
  }

  /** Removes the group; empty when there was none. */
  synchronized Optional<ContainerGroupState> delete(ArmId id) {
    return Optional.ofNullable(groups.remove(id.key()));
  }

  /**
   * The groups of a subscription, or of one of its resource groups, after key {@code after} (null
   * for the first page), at most {@code settings.listPageSize()}.
   */
  synchronized Page list(String subscription, String resourceGroup, String after) {
    String prefix =
        (subscription + "/" + (resourceGroup == null ? "" : resourceGroup + "/"))
            .toLowerCase(Locale.ROOT);
    List<ContainerGroupState> page = new ArrayList<>();
    Map<String, ContainerGroupState> tail =
        after == null ? groups.tailMap(prefix, true) : groups.tailMap(after, false);
    for (Map.Entry<String, ContainerGroupState> entry : tail.entrySet()) {
      if (!entry.getKey().startsWith(prefix)) {
        break;
      }
      if (page.size() == settings.listPageSize()) {
        return new Page(page, page.get(page.size() - 1).id().key());
      }
      page.add(entry.getValue());
    }
    return new Page(page, null);
  }

  /** Stops the group's containers and releases its IP; empty when there is no such group. */
  synchronized Optional<ContainerGroupState> stop(ArmId id, Instant now) {
    return update(id, state -> state.stopped(now));
  }

  /** Starts the group anew (new deployment, new IP), stopped or not. */
  synchronized Optional<ContainerGroupState> start(ArmId id, Instant now) {
    return update(
        id,
        state ->
            state.redeployed(
                state.spec(),
                Deployment.plan(
                    Deployment.Kind.START, state.spec(), now, settings, newIp(state.spec()))));
  }

  /** Restarts the group's containers in place (same IP unless it was stopped). */
  synchronized Optional<ContainerGroupState> restart(ArmId id, Instant now) {
    return update(
        id,
        state ->
            state.redeployed(
                state.spec(),
                Deployment.plan(
                    Deployment.Kind.RESTART,
                    state.spec(),
                    now,
                    settings,
                    keptIp(state, state.spec()))));
  }

  /** Applies {@code change} to the group; empty when there is no such group. */
  synchronized Optional<ContainerGroupState> update(
      ArmId id, UnaryOperator<ContainerGroupState> change) {
    ContainerGroupState state = groups.get(id.key());
    return state == null ? Optional.empty() : Optional.of(save(change.apply(state)));
  }

  /**
   * The ids of groups named {@code name} in resource group {@code resourceGroup}, any subscription.
   */
  synchronized List<ArmId> find(String resourceGroup, String name) {
    String suffix = ("/" + resourceGroup + "/" + name).toLowerCase(Locale.ROOT);
    return groups.entrySet().stream()
        .filter(e -> e.getKey().endsWith(suffix))
        .map(e -> e.getValue().id())
        .toList();
  }

  /** The operation with id {@code operationId}; empty when no such operation was started. */
  synchronized Optional<Operation> operation(String operationId) {
    String key = operations.get(operationId);
    if (key == null) {
      return Optional.empty();
    }
    ContainerGroupState group = groups.get(key);
    return Optional.of(
        new Operation(
            group, group != null && group.deployment().operationId().equals(operationId)));
  }

  private ContainerGroupState save(ContainerGroupState state) {
    groups.put(state.id().key(), state);
    operations.put(state.deployment().operationId(), state.id().key());
    return state;
  }

  private void checkQuota(ArmId id, ContainerGroupSpec spec) {
    int quota = settings.standardCoresQuota();
    if (quota == 0) {
      return;
    }
    String subscription = id.subscription().toLowerCase(Locale.ROOT) + "/";
    double usage =
        groups.values().stream()
            .filter(g -> g.id().key().startsWith(subscription))
            .filter(g -> !g.id().key().equals(id.key()))
            .filter(g -> g.spec().location().equals(spec.location()))
            .filter(g -> g.stoppedAt() == null) // stopped groups are deallocated
            .mapToDouble(g -> g.spec().totalCpu())
            .sum();
    if (usage + spec.totalCpu() > quota) {
      throw AciValidator.quotaReached(spec.location(), quota, usage, spec.totalCpu());
    }
  }

  private String newIp(ContainerGroupSpec spec) {
    return spec.hasIpAddress() || spec.subnetId() != null ? ips.allocate(spec.subnetId()) : null;
  }

  private String keptIp(ContainerGroupState state, ContainerGroupSpec spec) {
    // A stopped group has released its address; it gets a new one when it runs again.
    return state.ip() != null ? state.ip() : newIp(spec);
  }
}

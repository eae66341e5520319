package io.burstlet.emulator.eci;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The container groups of the emulated region, with ClientToken idempotency and the removal of
 * deleted groups once their {@code Terminating} time is over. Thread-safe: every method is atomic,
 * and groups are immutable snapshots that callers render outside the lock.
 */
final class ContainerGroupStore {

  private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private final Clock clock;
  private final Duration terminating;
  private final EciNetwork network;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, ContainerGroup> groups = new LinkedHashMap<>();
  private final Map<String, String> createTokens = new HashMap<>();
  private final Map<String, String> deleteTokens = new HashMap<>();
  private long sequence;

  ContainerGroupStore(Clock clock, Duration terminating, EciNetwork network) {
    this.clock = clock;
    this.terminating = terminating;
    this.network = network;
  }

  /** The result of a create: the group's id, and whether this call created it. */
  record Created(String id, boolean isNew) {}

  /**
   * Creates a group on the first candidate vSwitch whose zone has stock (ECI's {@code
   * VSwitchOrdered}); when none has, on the first one, doomed to {@code ScheduleFailed}. A repeated
   * {@code clientToken} returns the group it created before, even after that group was deleted, and
   * creates nothing.
   */
  synchronized Created create(
      GroupSpec spec,
      EciSpecs.Spec size,
      List<EciNetwork.Candidate> candidates,
      String clientToken) {
    Instant now = clock.instant();
    purge(now);
    if (clientToken != null) {
      String existing = createTokens.get(clientToken);
      if (existing != null) {
        return new Created(existing, false);
      }
    }
    EciNetwork.Candidate chosen =
        candidates.stream()
            .filter(c -> network.hasStock(c.zoneId()))
            .findFirst()
            .orElse(candidates.get(0));
    boolean noStock = !network.hasStock(chosen.zoneId());
    String[] addresses = network.allocate(chosen.vSwitchId());
    ContainerGroup group =
        new ContainerGroup(
            newId("eci-"),
            ++sequence,
            UUID.randomUUID().toString(),
            spec,
            size,
            new ContainerGroup.Placement(
                network.regionId(),
                chosen.zoneId(),
                chosen.vSwitchId(),
                network.vpcId(),
                addresses[0],
                addresses[1],
                newId("eni-")),
            now,
            noStock,
            ContainerGroup.Incarnation.first(now),
            List.of(),
            null,
            null);
    groups.put(group.id(), group);
    if (clientToken != null) {
      createTokens.put(clientToken, group.id());
    }
    return new Created(group.id(), true);
  }

  /** The group with {@code id}, unless it never existed or is gone. */
  synchronized Optional<ContainerGroup> find(String id) {
    purge(clock.instant());
    return Optional.ofNullable(groups.get(id));
  }

  /**
   * The group with {@code id}, or {@code InvalidParameter} naming {@code ContainerGroupId}; the
   * service does not publish a dedicated not-found code for container groups.
   */
  ContainerGroup require(String id) {
    return find(id)
        .orElseThrow(
            () ->
                EciErrors.invalidParameter(
                    "ContainerGroupId", "container group " + id + " does not exist"));
  }

  /** Every group, in creation order. */
  synchronized List<ContainerGroup> all() {
    purge(clock.instant());
    return new ArrayList<>(groups.values());
  }

  /** Replaces the group with {@code id} by {@code change} applied to it, atomically. */
  synchronized ContainerGroup update(String id, UnaryOperator<ContainerGroup> change) {
    ContainerGroup changed = change.apply(require(id));
    groups.put(id, changed);
    return changed;
  }

  /**
   * Starts deleting {@code id}: it shows {@code Terminating}, then disappears ({@code force}: at
   * once). Deleting a group that is already terminating succeeds; so does repeating a delete with
   * the same {@code clientToken} after the group is gone.
   */
  synchronized void delete(String id, String clientToken, boolean force) {
    Instant now = clock.instant();
    purge(now);
    ContainerGroup group = groups.get(id);
    if (group == null) {
      if (clientToken != null && id.equals(deleteTokens.get(clientToken))) {
        return;
      }
      throw EciErrors.invalidParameter(
          "ContainerGroupId", "container group " + id + " does not exist");
    }
    if (force) {
      // No graceful termination period: the group is gone at once.
      groups.remove(id);
    } else if (group.deletedAt() == null) {
      groups.put(id, group.withDeletedAt(now));
    }
    if (clientToken != null) {
      deleteTokens.put(clientToken, id);
    }
  }

  /** The ids of every group that still exists, in creation order; for tests. */
  synchronized List<String> ids() {
    purge(clock.instant());
    return List.copyOf(groups.keySet());
  }

  private void purge(Instant now) {
    groups
        .values()
        .removeIf(g -> g.deletedAt() != null && !now.isBefore(g.deletedAt().plus(terminating)));
  }

  /** {@code prefix} and 20 random lower-case letters and digits, like ECI's ids. */
  private String newId(String prefix) {
    StringBuilder id = new StringBuilder(prefix);
    for (int i = 0; i < 20; i++) {
      id.append(ID_ALPHABET[random.nextInt(ID_ALPHABET.length)]);
    }
    return id.toString();
  }
}

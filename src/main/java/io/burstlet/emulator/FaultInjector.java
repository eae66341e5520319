package io.burstlet.emulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Faults to show per operation, settable at runtime by tests, and a count of calls per operation
 * (tests and benchmarks assert "cloud calls per pod"). Thread-safe.
 *
 * <p>Operations are names the emulator chooses, e.g. {@code "PUT containerGroups"} or {@code
 * "CreateContainerGroup"}; a rule for {@link #ANY} matches every operation. Rules are consulted in
 * the order they were added: the first rule that matches and has uses left fires.
 */
public final class FaultInjector {

  /** Operation name that matches every operation. */
  public static final String ANY = "*";

  /** {@code times} value for a rule that never runs out. */
  public static final int ALWAYS = -1;

  private static final class Rule {
    final String operation;
    final Fault fault;
    int remaining; // ALWAYS = unlimited

    Rule(String operation, Fault fault, int remaining) {
      this.operation = operation;
      this.fault = fault;
      this.remaining = remaining;
    }
  }

  private final List<Rule> rules = new ArrayList<>();
  private final Map<String, Long> calls = new TreeMap<>();

  /**
   * Shows {@code fault} on the next {@code times} calls of {@code operation} (or {@link #ANY}).
   *
   * @param times a positive count, or {@link #ALWAYS}
   */
  public synchronized void inject(String operation, Fault fault, int times) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(fault, "fault");
    if (times <= 0 && times != ALWAYS) {
      throw new IllegalArgumentException("times must be positive or ALWAYS, was " + times);
    }
    rules.add(new Rule(operation, fault, times));
  }

  /** Shows {@code fault} on the next call of {@code operation} only. */
  public void once(String operation, Fault fault) {
    inject(operation, fault, 1);
  }

  /** Shows {@code fault} on every call of {@code operation} until {@link #clear()}. */
  public void always(String operation, Fault fault) {
    inject(operation, fault, ALWAYS);
  }

  /**
   * Counts one call of {@code operation} and returns the fault to show for it, if any, using up one
   * use of the rule that fired. Emulators call this exactly once per request, before handling.
   */
  public synchronized Optional<Fault> next(String operation) {
    Objects.requireNonNull(operation, "operation");
    calls.merge(operation, 1L, Long::sum);
    for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
      Rule rule = it.next();
      if (rule.operation.equals(operation) || rule.operation.equals(ANY)) {
        if (rule.remaining != ALWAYS && --rule.remaining == 0) {
          it.remove();
        }
        return Optional.of(rule.fault);
      }
    }
    return Optional.empty();
  }

  /** Removes every fault rule; call counts are kept. */
  public synchronized void clear() {
    rules.clear();
  }

  /** Number of fault rules that still have uses left. */
  public synchronized int pendingRules() {
    return rules.size();
  }

  /** How many times {@link #next} was called for {@code operation} since the last reset. */
  public synchronized long calls(String operation) {
    return calls.getOrDefault(operation, 0L);
  }

  /** How many calls of any operation were counted since the last reset. */
  public synchronized long totalCalls() {
    return calls.values().stream().mapToLong(Long::longValue).sum();
  }

  /** A snapshot of the call counts, by operation name in sorted order. */
  public synchronized Map<String, Long> callCounts() {
    return new TreeMap<>(calls);
  }

  /** Sets every call count back to zero; fault rules are kept. */
  public synchronized void resetCalls() {
    calls.clear();
  }
}

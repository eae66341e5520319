package io.burstlet.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code /healthz} answers. Each of the agent's loops that must never stall — a pod watch, the
 * work queue, a node's Lease renewal — registers how long it has been without progress and the
 * bound it must stay under. A loop past its bound makes the agent unhealthy, so the liveness probe
 * restarts it: a restart lists and watches afresh and adopts every running group, while a stalled
 * agent lets its nodes' Leases lapse or stops taking pods without a word.
 */
public final class Liveness {
  private static final Logger LOG = LoggerFactory.getLogger(Liveness.class);
  private final Map<String, Check> checks = new ConcurrentSkipListMap<>();

  /** The checks stalled at the last look, so each stall is logged once, when it begins. */
  private final Set<String> stalled = ConcurrentHashMap.newKeySet();

  private record Check(Supplier<Duration> stalledFor, Duration bound, String what) {}

  /**
   * @param name unique, shown in the answer (no secrets: a node or loop name)
   * @param stalledFor how long the loop has been without progress
   * @param bound the longest it may be
   * @param what the progress expected, e.g. "an answer from the API server"
   */
  public void register(String name, Supplier<Duration> stalledFor, Duration bound, String what) {
    checks.put(name, new Check(stalledFor, bound, what));
  }

  public void register(String name, Progress progress, Duration bound, String what) {
    register(name, progress::age, bound, what);
  }

  /** One line per stalled loop; empty while the agent is healthy. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    checks.forEach(
        (name, check) -> {
          Duration since = check.stalledFor().get();
          if (since.compareTo(check.bound()) > 0) {
            String problem =
                name
                    + ": no "
                    + check.what()
                    + " for "
                    + since.toSeconds()
                    + "s (limit "
                    + check.bound().toSeconds()
                    + "s)";
            problems.add(problem);
            if (stalled.add(name)) {
              LOG.warn("unhealthy, the liveness probe will restart the agent: {}", problem);
            }
          } else if (stalled.remove(name)) {
            LOG.info("{}: progressing again", name);
          }
        });
    return problems;
  }
}

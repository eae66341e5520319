package io.burstlet.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LivenessTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Liveness liveness = new Liveness();

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void aLoopIsHealthyUpToItsLimitAndStalledPastIt() {
    Progress lease = new Progress(nanos::get);
    liveness.register("node lease a", lease, Duration.ofSeconds(30), "Lease renewal");

    advance(Duration.ofSeconds(30));
    assertEquals(List.of(), liveness.problems());

    advance(Duration.ofSeconds(1));
    assertEquals(
        List.of("node lease a: no Lease renewal for 31s (limit 30s)"), liveness.problems());
  }

  @Test
  void progressClearsTheStall() {
    Progress watch = new Progress(nanos::get);
    liveness.register("pod watch a", watch, Duration.ofSeconds(10), "answer");
    advance(Duration.ofSeconds(11));
    assertEquals(1, liveness.problems().size());

    watch.mark();
    assertEquals(List.of(), liveness.problems());
  }

  @Test
  void everyStalledLoopIsNamedInOrder() {
    Progress a = new Progress(nanos::get);
    Progress b = new Progress(nanos::get);
    liveness.register("b loop", b, Duration.ofSeconds(5), "progress");
    liveness.register("a loop", a, Duration.ofSeconds(5), "progress");
    liveness.register("queue", () -> Duration.ofMinutes(11), Duration.ofMinutes(10), "finish");
    advance(Duration.ofSeconds(6));

    assertEquals(
        List.of(
            "a loop: no progress for 6s (limit 5s)",
            "b loop: no progress for 6s (limit 5s)",
            "queue: no finish for 660s (limit 600s)"),
        liveness.problems());
  }
}
